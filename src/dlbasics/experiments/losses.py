"""The Loss chapter's experiments: why cross-entropy, what each loss is robust to, and a proxy."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics.data import load_digits_split
from dlbasics.losses import cross_entropy, huber, mae, mse
from dlbasics.metrics import accuracy
from dlbasics.seed import set_seed


@dataclass(frozen=True)
class Saturation:
    """Gradients w.r.t. the correct class's logit margin ``z``; its probability is sigmoid(z)."""

    z: torch.Tensor  # (M,) margins; very negative = confidently wrong
    grad_mse: torch.Tensor  # (M,) d/dz of MSE between softmax probabilities and the one-hot label
    grad_ce: torch.Tensor  # (M,) d/dz of cross-entropy


def saturation(z_min: float = -8.0, z_max: float = 8.0, points: int = 161) -> Saturation:
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
    if points < 1 or z_max < z_min:
        raise ValueError(f"need points >= 1 and z_max >= z_min, got {points}, {z_min}, {z_max}")
    z = torch.linspace(z_min, z_max, points, requires_grad=True)  # (M,)
    logits = torch.stack([torch.zeros_like(z), z], dim=1)  # (M, 2)
    target = torch.ones(points, dtype=torch.int64)  # (M,) the second class is right
    (g_ce,) = torch.autograd.grad(cross_entropy(logits, target) * points, z)
    one_hot = F.one_hot(target, 2).float()  # (M, 2)
    (g_mse,) = torch.autograd.grad(mse(logits.softmax(1), one_hot) * 2 * points, z)
    return Saturation(z.detach(), g_mse, g_ce)


@dataclass(frozen=True)
class CurveRun:
    """Test accuracy every ``every`` steps of two otherwise identical trainings."""

    steps: tuple[int, ...]  # step numbers of the measurements
    accuracy_ce: tuple[float, ...]  # trained with cross-entropy
    accuracy_mse: tuple[float, ...]  # trained with MSE on softmax probabilities


def ce_vs_mse(seed: int = 0, steps: int = 200, lr: float = 0.5, every: int = 20) -> CurveRun:
    """Train the same linear softmax classifier on digits with CE and with MSE; same SGD."""
    set_seed(seed)
    s = load_digits_split(seed=seed)
    curves: dict[str, list[float]] = {"ce": [], "mse": []}
    for name, curve in curves.items():
        torch.manual_seed(seed)
        model = nn.Linear(64, 10)
        opt = torch.optim.SGD(model.parameters(), lr=lr)
        target = F.one_hot(s.y_train, 10).float()
        for t in range(1, steps + 1):
            logits = model(s.x_train)
            loss = (
                cross_entropy(logits, s.y_train) if name == "ce" else mse(logits.softmax(1), target)
            )
            opt.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            opt.step()
            if t % every == 0:
                with torch.no_grad():
                    curve.append(accuracy(model(s.x_test), s.y_test))
    marks = tuple(range(every, steps + 1, every))
    return CurveRun(marks, tuple(curves["ce"]), tuple(curves["mse"]))


@dataclass(frozen=True)
class RobustFit:
    """Lines fitted to data with outliers under three losses."""

    x: torch.Tensor  # (N,) inputs
    y: torch.Tensor  # (N,) targets, some of them outliers
    outliers: torch.Tensor  # (N,) bool, which targets were shifted
    true_line: tuple[float, float]  # (slope, intercept) that generated the clean data
    lines: dict[str, tuple[float, float]]  # loss name -> fitted (slope, intercept)


def robust_regression(seed: int = 0, n: int = 100, outlier_fraction: float = 0.1) -> RobustFit:
    r"""Fit :math:`y = wx + b` to :math:`y = 2x + 1 + \epsilon` with a few large outliers."""
    if not 0 <= outlier_fraction < 1:
        raise ValueError(f"outlier_fraction must be in [0, 1), got {outlier_fraction}")
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, generator=g) * 4 - 2
    y = 2 * x + 1 + 0.3 * torch.randn(n, generator=g)
    k = int(outlier_fraction * n)
    shifted = torch.randperm(n, generator=g)[:k]
    y[shifted] += 8 + 4 * torch.rand(k, generator=g)
    outliers = torch.zeros(n, dtype=torch.bool)
    outliers[shifted] = True
    lines = {}
    for name, loss_fn in (("MSE", mse), ("MAE", mae), ("Huber", huber)):
        w = torch.zeros(2, requires_grad=True)
        opt = torch.optim.Adam([w], lr=0.1)
        for _ in range(600):
            loss = loss_fn(w[0] * x + w[1], y)
            opt.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            opt.step()
        slope, intercept = w.detach().tolist()
        lines[name] = (slope, intercept)
    return RobustFit(x, y, outliers, (2.0, 1.0), lines)


@dataclass(frozen=True)
class ProxyRun:
    """Curves of a small net memorizing a few digits: the loss falls, the goal does not move."""

    steps: tuple[int, ...]  # step numbers of the measurements
    train_loss: tuple[float, ...]  # cross-entropy on the training samples
    test_loss: tuple[float, ...]  # cross-entropy on held-out samples
    test_accuracy: tuple[float, ...]  # what we actually want


def proxy_gap(seed: int = 0, n_train: int = 100, steps: int = 1500, every: int = 50) -> ProxyRun:
    """Train an MLP on ``n_train`` digits far past the point where it fits them."""
    set_seed(seed)
    s = load_digits_split(seed=seed)
    x, y = s.x_train[:n_train], s.y_train[:n_train]
    model = nn.Sequential(nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    marks, train_loss, test_loss, test_acc = [], [], [], []
    for t in range(steps + 1):
        if t % every == 0:
            with torch.no_grad():
                out = model(s.x_test)
                marks.append(t)
                train_loss.append(cross_entropy(model(x), y).item())
                test_loss.append(cross_entropy(out, s.y_test).item())
                test_acc.append(accuracy(out, s.y_test))
        loss = cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
    return ProxyRun(tuple(marks), tuple(train_loss), tuple(test_loss), tuple(test_acc))
