"""The Loss chapter's experiments: why cross-entropy, what each loss is robust to, and a proxy.

:func:`saturation` is a page helper (a gradient curve, no training); the three trainings
follow the experiment convention: :func:`run_ce_vs_mse`, :func:`run_robust_regression` and
:func:`run_proxy_gap`, each with its config and result, and with the page's claims about it
(:data:`CLAIMS_SATURATION`, :data:`CLAIMS_CE_VS_MSE`, :data:`CLAIMS_ROBUST`,
:data:`CLAIMS_PROXY`).
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
from dlbasics.claims import Claims
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


CLAIMS_SATURATION: Claims[SaturationResult] = Claims("components/loss")


@CLAIMS_SATURATION.claim(
    "자신 있게 틀린 곳 (z < −5) 에서 MSE의 기울기는 0.04 아래로 사라지고, cross-entropy의 "
    "기울기는 0.98을 넘어 1에 가깝습니다."
)
def mse_gradient_vanishes_where_cross_entropy_stays_large(s: SaturationResult) -> bool:
    wrong = s.z < -5
    return bool(s.grad_mse[wrong].abs().max() < 0.04 and s.grad_ce[wrong].abs().min() > 0.98)


@dataclass(frozen=True, kw_only=True)
class CEvsMSEConfig:
    """Settings of :func:`run_ce_vs_mse`."""

    seed: int = 0  # seeds the split and the (shared) initial weights of every run
    steps: int = 200  # full-batch SGD steps of each run
    lrs: tuple[float, ...] = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)  # SGD learning rates tried per loss
    every: int = 20  # measure test accuracy every this many steps
    val_fraction: float = 0.2  # share of the training digits held out to choose the learning rate

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_positive_ints(steps=self.steps, every=self.every)
        if not self.lrs:
            raise ValueError("lrs must hold at least one learning rate")
        for lr in self.lrs:
            check_positive(lr, "lrs")
        check_real(self.val_fraction, "val_fraction", low=0, high=1, low_open=True, high_open=True)


@dataclass(frozen=True, kw_only=True)
class CEvsMSEResult:
    """Each loss trained at every learning rate of the grid; the curves of the chosen ones."""

    config: CEvsMSEConfig  # the settings of the runs
    steps: tuple[int, ...]  # step numbers of the measurements
    val_accuracy: dict[str, tuple[float, ...]]  # loss -> final validation accuracy per lr
    test_accuracy: dict[str, tuple[float, ...]]  # loss -> final test accuracy per lr
    best_lr: dict[str, float]  # loss -> the lr with the best validation accuracy
    accuracy_ce: tuple[float, ...]  # test accuracy along training, cross-entropy at its lr
    accuracy_mse: tuple[float, ...]  # test accuracy along training, MSE at its lr
    init_grad_ratio: float  # |grad CE| / |grad MSE| of the weights at the shared start


def _mse_on_probabilities(logits: torch.Tensor, one_hot: torch.Tensor) -> torch.Tensor:
    r"""The page's MSE: :math:`\frac{1}{N}\sum_i \sum_d (y_i^{(d)} - \hat{y}_i^{(d)})^2`.

    :func:`~dlbasics.losses.mse` averages over all :math:`N \cdot D` entries (as
    ``F.mse_loss`` does), so it is multiplied by the :math:`D` outputs to sum over them.

    Example:
        >>> p = torch.tensor([[0.0, 0.0]])  # logits (0, 0): probabilities (1/2, 1/2)
        >>> float(_mse_on_probabilities(p, torch.tensor([[0.0, 1.0]])))  # 1/4 + 1/4
        0.5
    """
    return mse(logits.softmax(1), one_hot) * one_hot.shape[1]  # (N, D) -> sum over D, mean over N


def run_ce_vs_mse(config: CEvsMSEConfig, *, progress: bool = False) -> CEvsMSEResult:
    """Train the same linear softmax classifier on digits with CE and with MSE, each at its lr.

    Every run starts from the same weights (``torch.manual_seed(config.seed)`` before each)
    and trains on the training digits less a validation share; each loss keeps the learning
    rate of ``config.lrs`` with the best final validation accuracy (the smaller on a tie).

    Example:
        >>> r = run_ce_vs_mse(CEvsMSEConfig(steps=4, every=2, lrs=(0.1, 1.0)))
        >>> r.steps, len(r.accuracy_ce), sorted(r.best_lr)
        ((2, 4), 2, ['ce', 'mse'])
    """
    set_seed(config.seed)
    s = load_digits_split(seed=config.seed)
    n_val = max(1, int(config.val_fraction * len(s.y_train)))
    x, y = s.x_train[:-n_val], s.y_train[:-n_val]  # (N, 64), (N,) the split is shuffled
    x_val, y_val = s.x_train[-n_val:], s.y_train[-n_val:]
    one_hot = F.one_hot(y, 10).float()  # (N, 10)
    runs = {"ce": (cross_entropy, y), "mse": (_mse_on_probabilities, one_hot)}
    marks = tuple(range(config.every, config.steps + 1, config.every))
    val: dict[str, tuple[float, ...]] = {}
    test: dict[str, tuple[float, ...]] = {}
    best: dict[str, float] = {}
    curves: dict[str, tuple[float, ...]] = {}
    grads: dict[str, float] = {}
    for name, (loss_fn, target) in runs.items():
        torch.manual_seed(config.seed)
        start = nn.Linear(64, 10)
        (grad,) = torch.autograd.grad(loss_fn(start(x), target), start.weight)
        grads[name] = grad.norm().item()
        results = []
        for lr in progress_bar(config.lrs, desc=name, enabled=progress):
            torch.manual_seed(config.seed)
            model = nn.Linear(64, 10)
            opt = torch.optim.SGD(model.parameters(), lr=lr)
            curve = []
            for _ in marks:
                fit(model, loss_fn, opt, x, target, steps=config.every)
                curve.append(accuracy(predict(model, s.x_test), s.y_test))
            results.append((accuracy(predict(model, x_val), y_val), tuple(curve)))
        val[name] = tuple(v for v, _ in results)
        test[name] = tuple(c[-1] for _, c in results)
        chosen = max(range(len(results)), key=lambda i: (val[name][i], -i))
        best[name] = config.lrs[chosen]
        curves[name] = results[chosen][1]
    return CEvsMSEResult(
        config=config,
        steps=marks,
        val_accuracy=val,
        test_accuracy=test,
        best_lr=best,
        accuracy_ce=curves["ce"],
        accuracy_mse=curves["mse"],
        init_grad_ratio=grads["ce"] / grads["mse"],
    )


CLAIMS_CE_VS_MSE: Claims[CEvsMSEResult] = Claims("components/loss")


@CLAIMS_CE_VS_MSE.claim("같은 시작점에서 MSE의 기울기는 cross-entropy의 3분의 1도 안 됩니다.")
def mse_starts_with_a_smaller_gradient(r: CEvsMSEResult) -> bool:
    return r.init_grad_ratio > 3


@CLAIMS_CE_VS_MSE.claim("각자 고른 learning rate로는 test accuracy의 차이가 0.03이 안 됩니다.")
def tuned_losses_end_within_three_points(r: CEvsMSEResult) -> bool:
    return abs(r.accuracy_ce[-1] - r.accuracy_mse[-1]) < 0.03


@CLAIMS_CE_VS_MSE.claim(
    "grid에서 가장 작은 learning rate에서는 cross-entropy가 0.05 넘게 앞섭니다."
)
def cross_entropy_leads_at_the_smallest_lr(r: CEvsMSEResult) -> bool:
    return r.test_accuracy["ce"][0] > r.test_accuracy["mse"][0] + 0.05


@CLAIMS_CE_VS_MSE.claim(
    "learning rate 10 이상에서 MSE는 크게 떨어지지만 (cross-entropy보다 0.2 넘게 낮음), "
    "cross-entropy는 grid의 모든 값에서 0.8을 넘습니다."
)
def mse_breaks_at_large_lr_where_cross_entropy_does_not(r: CEvsMSEResult) -> bool:
    ce, ms = r.test_accuracy["ce"], r.test_accuracy["mse"]
    large = [i for i, lr in enumerate(r.config.lrs) if lr >= 10]
    return min(ce) > 0.8 and all(ms[i] < ce[i] - 0.2 for i in large)


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


CLAIMS_ROBUST: Claims[RobustRegressionResult] = Claims("components/loss")


@CLAIMS_ROBUST.claim(
    "참 절편은 1입니다. MSE는 …로 (0.5 넘게) 끌려 올라갔고, "
    "MAE는 …, Huber는 …로 1과 0.25 이내입니다."
)
def mse_is_pulled_by_outliers_mae_and_huber_are_not(r: RobustRegressionResult) -> bool:
    true_b = r.true_line[1]
    return r.lines["MSE"][1] > true_b + 0.5 and all(
        abs(r.lines[name][1] - true_b) < 0.25 for name in ("MAE", "Huber")
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


CLAIMS_PROXY: Claims[ProxyGapResult] = Claims("components/loss")


def _at(r: ProxyGapResult, step: int) -> int:
    """Index of the measurement at ``step``."""
    return r.steps.index(step)


@CLAIMS_PROXY.claim(
    "step 300에서 마지막 step까지 training loss는 … 에서 … 로, 10분의 1 아래로 줄었습니다."
)
def training_loss_keeps_falling(r: ProxyGapResult) -> bool:
    return r.train_loss[-1] < r.train_loss[_at(r, 300)] / 10


@CLAIMS_PROXY.claim("같은 동안 test loss는 … 에서 … 로 (0.02 넘게) 올랐습니다.")
def held_out_loss_rises(r: ProxyGapResult) -> bool:
    return r.test_loss[-1] > r.test_loss[_at(r, 300)] + 0.02


@CLAIMS_PROXY.claim("test accuracy는 … 에서 … 로, 0.02 넘게 움직이지 않습니다.")
def held_out_accuracy_stays(r: ProxyGapResult) -> bool:
    return abs(r.test_accuracy[-1] - r.test_accuracy[_at(r, 300)]) <= 0.02
