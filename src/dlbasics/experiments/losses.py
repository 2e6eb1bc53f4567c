"""The Loss chapter's experiments: why cross-entropy, what each loss is robust to, and a proxy.

:func:`saturation` is a page helper (a gradient curve, no training); the three trainings
follow the experiment convention: :func:`run_ce_vs_mse`, :func:`run_robust_regression` and
:func:`run_proxy_gap`, each with its config and result.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import (
    check_fraction,
    check_int,
    check_positive,
    check_positive_ints,
    check_real,
)
from dlbasics.data import load_digits_split
from dlbasics.losses import cross_entropy, huber, mae, mse
from dlbasics.metrics import accuracy
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed
from dlbasics.train import fit, predict


@dataclass(frozen=True, kw_only=True)
class SaturationResult:
    """Gradients w.r.t. the correct class's logit margin ``z``; its probability is sigmoid(z)."""

    z: torch.Tensor  # (M,) margins; very negative = confidently wrong
    grad_mse: torch.Tensor  # (M,) d/dz of MSE between softmax probabilities and the one-hot label
    grad_ce: torch.Tensor  # (M,) d/dz of cross-entropy


def saturation(z_min: float = -8.0, z_max: float = 8.0, points: int = 161) -> SaturationResult:
    r"""Two classes with logits :math:`(0, z)`, the true class being the second one.

    With :math:`p = \sigma(z)`, cross-entropy gives :math:`\partial/\partial z = p - 1`, which
    stays near :math:`-1` when the model is confidently wrong; the squared error summed over
    both classes, :math:`2(1 - p)^2`, gives :math:`-4p(1 - p)^2`, which vanishes there: the
    softmax saturates.

    Example:
        >>> s = saturation(-6.0, -6.0, 1)
        >>> abs(float(s.grad_ce[0])) > 100 * abs(float(s.grad_mse[0]))
        True
    """
    check_real(z_min, "z_min")
    check_real(z_max, "z_max", low=z_min)
    check_int(points, "points", low=1)
    z = torch.linspace(z_min, z_max, points, requires_grad=True)  # (M,)
    logits = torch.stack([torch.zeros_like(z), z], dim=1)  # (M, 2)
    target = torch.ones(points, dtype=torch.int64)  # (M,) the second class is right
    (g_ce,) = torch.autograd.grad(cross_entropy(logits, target) * points, z)
    one_hot = F.one_hot(target, 2).float()  # (M, 2)
    (g_mse,) = torch.autograd.grad(mse(logits.softmax(1), one_hot) * 2 * points, z)
    return SaturationResult(z=z.detach(), grad_mse=g_mse, grad_ce=g_ce)


@dataclass(frozen=True, kw_only=True)
class CEvsMSEConfig:
    """Settings of :func:`run_ce_vs_mse`."""

    seed: int = 0  # seeds the split and the (shared) initial weights of both runs
    steps: int = 200  # full-batch SGD steps of each run
    lr: float = 0.5  # SGD learning rate, the same for both losses
    every: int = 20  # measure test accuracy every this many steps

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_positive_ints(steps=self.steps, every=self.every)
        check_positive(self.lr, "lr")


@dataclass(frozen=True, kw_only=True)
class CEvsMSEResult:
    """Test accuracy every ``every`` steps of two otherwise identical trainings."""

    config: CEvsMSEConfig  # the settings of the two runs
    steps: tuple[int, ...]  # step numbers of the measurements
    accuracy_ce: tuple[float, ...]  # trained with cross-entropy
    accuracy_mse: tuple[float, ...]  # trained with MSE on softmax probabilities


def _mse_on_probabilities(logits: torch.Tensor, one_hot: torch.Tensor) -> torch.Tensor:
    return mse(logits.softmax(1), one_hot)  # (N, K) probabilities against (N, K) labels


def run_ce_vs_mse(config: CEvsMSEConfig, *, progress: bool = False) -> CEvsMSEResult:
    """Train the same linear softmax classifier on digits with CE and with MSE; same SGD.

    Both runs start from the same weights (``torch.manual_seed(config.seed)`` before each).

    Example:
        >>> r = run_ce_vs_mse(CEvsMSEConfig(steps=4, every=2))
        >>> r.steps, len(r.accuracy_ce), len(r.accuracy_mse)
        ((2, 4), 2, 2)
    """
    set_seed(config.seed)
    s = load_digits_split(seed=config.seed)
    one_hot = F.one_hot(s.y_train, 10).float()  # (N, 10)
    runs = {"ce": (cross_entropy, s.y_train), "mse": (_mse_on_probabilities, one_hot)}
    marks = tuple(range(config.every, config.steps + 1, config.every))
    curves: dict[str, tuple[float, ...]] = {}
    for name, (loss_fn, target) in runs.items():
        torch.manual_seed(config.seed)
        model = nn.Linear(64, 10)
        opt = torch.optim.SGD(model.parameters(), lr=config.lr)
        curve = []
        for _ in progress_bar(marks, desc=name, enabled=progress):
            fit(model, loss_fn, opt, s.x_train, target, steps=config.every)
            curve.append(accuracy(predict(model, s.x_test), s.y_test))
        curves[name] = tuple(curve)
    return CEvsMSEResult(
        config=config, steps=marks, accuracy_ce=curves["ce"], accuracy_mse=curves["mse"]
    )


@dataclass(frozen=True, kw_only=True)
class RobustRegressionConfig:
    """Settings of :func:`run_robust_regression`."""

    seed: int = 0  # seeds the data, the outliers and their shifts
    n: int = 100  # data points
    outlier_fraction: float = 0.1  # share of the targets shifted up by 8 to 12, in [0, 1)
    steps: int = 600  # full-batch Adam steps of each fit

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_positive_ints(n=self.n, steps=self.steps)
        check_fraction(self.outlier_fraction, "outlier_fraction")


@dataclass(frozen=True, kw_only=True)
class RobustRegressionResult:
    """Lines fitted to data with outliers under three losses."""

    config: RobustRegressionConfig  # the settings of the data
    x: torch.Tensor  # (N,) inputs
    y: torch.Tensor  # (N,) targets, some of them outliers
    outliers: torch.Tensor  # (N,) bool, which targets were shifted
    true_line: tuple[float, float]  # (slope, intercept) that generated the clean data
    lines: dict[str, tuple[float, float]]  # loss name -> fitted (slope, intercept)


class _Line(nn.Module):
    """:math:`\\hat{y} = w_0 x + w_1`, starting from the zero line."""

    def __init__(self) -> None:
        super().__init__()
        self.w = nn.Parameter(torch.zeros(2))  # (slope, intercept)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.w[0] * x + self.w[1]  # (N,) -> (N,)


def run_robust_regression(
    config: RobustRegressionConfig, *, progress: bool = False
) -> RobustRegressionResult:
    r"""Fit :math:`y = wx + b` to :math:`y = 2x + 1 + \epsilon` with a few large outliers.

    Each loss (MSE, MAE, Huber) fits its own line from zero with full-batch Adam (lr 0.1).

    Example:
        >>> r = run_robust_regression(RobustRegressionConfig(n=20, steps=10))
        >>> sorted(r.lines), int(r.outliers.sum())
        (['Huber', 'MAE', 'MSE'], 2)
    """
    n = config.n
    g = torch.Generator().manual_seed(config.seed)
    x = torch.rand(n, generator=g) * 4 - 2
    y = 2 * x + 1 + 0.3 * torch.randn(n, generator=g)
    k = int(config.outlier_fraction * n)
    shifted = torch.randperm(n, generator=g)[:k]
    y[shifted] += 8 + 4 * torch.rand(k, generator=g)
    outliers = torch.zeros(n, dtype=torch.bool)
    outliers[shifted] = True
    lines = {}
    losses = (("MSE", mse), ("MAE", mae), ("Huber", huber))
    for name, loss_fn in progress_bar(losses, desc="fits", enabled=progress):
        line = _Line()
        fit(line, loss_fn, torch.optim.Adam(line.parameters(), lr=0.1), x, y, steps=config.steps)
        slope, intercept = line.w.detach().tolist()
        lines[name] = (slope, intercept)
    return RobustRegressionResult(
        config=config, x=x, y=y, outliers=outliers, true_line=(2.0, 1.0), lines=lines
    )


@dataclass(frozen=True, kw_only=True)
class ProxyGapConfig:
    """Settings of :func:`run_proxy_gap`."""

    seed: int = 0  # seeds the split and the initial weights
    n_train: int = 100  # training digits the MLP memorizes
    steps: int = 1500  # full-batch Adam steps (measured up to this step)
    every: int = 50  # measure every this many steps, from step 0

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_positive_ints(n_train=self.n_train, steps=self.steps, every=self.every)


@dataclass(frozen=True, kw_only=True)
class ProxyGapResult:
    """Curves of a small net memorizing a few digits: the loss falls, the goal does not move."""

    config: ProxyGapConfig  # the settings of the run
    steps: tuple[int, ...]  # step numbers of the measurements
    train_loss: tuple[float, ...]  # cross-entropy on the training samples
    test_loss: tuple[float, ...]  # cross-entropy on held-out samples
    test_accuracy: tuple[float, ...]  # what we actually want


def run_proxy_gap(config: ProxyGapConfig, *, progress: bool = False) -> ProxyGapResult:
    """Train an MLP on ``n_train`` digits far past the point where it fits them.

    Example:
        >>> r = run_proxy_gap(ProxyGapConfig(steps=4, every=2))
        >>> r.steps, len(r.test_accuracy)
        ((0, 2, 4), 3)
    """
    set_seed(config.seed)
    s = load_digits_split(seed=config.seed)
    x, y = s.x_train[: config.n_train], s.y_train[: config.n_train]
    model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    marks = tuple(range(0, config.steps + 1, config.every))
    train_loss, test_loss, test_acc = [], [], []
    for t in progress_bar(marks, desc="proxy", enabled=progress):
        if t > 0:  # the `every` steps since the last measurement
            fit(model, cross_entropy, opt, x, y, steps=config.every)
        with torch.no_grad():
            out = model(s.x_test)
            train_loss.append(cross_entropy(model(x), y).item())
            test_loss.append(cross_entropy(out, s.y_test).item())
            test_acc.append(accuracy(out, s.y_test))
    return ProxyGapResult(
        config=config,
        steps=marks,
        train_loss=tuple(train_loss),
        test_loss=tuple(test_loss),
        test_accuracy=tuple(test_acc),
    )
