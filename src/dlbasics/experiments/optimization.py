r"""Gradient methods on a 2-D function: learning-rate sweeps, trajectories and loss curves.

The test function is Rosenbrock's banana valley with :math:`b = 10`,

.. math:: f(x, y) = (1 - x)^2 + b\,(y - x^2)^2,

minimum :math:`f(1, 1) = 0`. The valley is steep across and flat along: at the minimum the
Hessian's eigenvalues differ about 260-fold, so one learning rate cannot suit both directions.
Every optimizer is the from-scratch one of :mod:`dlbasics.optim`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from dlbasics.optim import SGD, Adagrad, Adam, Momentum, Nesterov, RMSprop

OPTIMIZERS: dict[str, Callable[..., torch.optim.Optimizer]] = {
    "SGD": SGD,
    "Momentum": Momentum,
    "Nesterov": Nesterov,
    "Adagrad": Adagrad,
    "RMSprop": RMSprop,
    "Adam": Adam,
}
START = (-1.5, 2.0)  # the page's starting point, on the far side of the valley
B = 10.0  # Rosenbrock's valley steepness


def rosenbrock(w: torch.Tensor, b: float = B) -> torch.Tensor:
    r""":math:`(1 - x)^2 + b(y - x^2)^2` for ``w = (x, y)``; works on ``(2,)`` or ``(2, ...)``.

    Example:
        >>> rosenbrock(torch.tensor([1.0, 1.0])).item(), rosenbrock(torch.tensor([0.0, 0.0])).item()
        (0.0, 1.0)
    """
    return (1 - w[0]) ** 2 + b * (w[1] - w[0] ** 2) ** 2


def rosenbrock_grad(w: torch.Tensor, b: float = B) -> torch.Tensor:
    r"""The gradient :math:`\nabla f = (-2(1 - x) - 4bx(y - x^2),\ 2b(y - x^2))`.

    Example:
        >>> w = torch.tensor([-1.5, 2.0], dtype=torch.float64, requires_grad=True)
        >>> (auto,) = torch.autograd.grad(rosenbrock(w), w)
        >>> torch.allclose(rosenbrock_grad(w.detach()), auto)
        True
    """
    x, y = w[0], w[1]
    return torch.stack([-2 * (1 - x) - 4 * b * x * (y - x**2), 2 * b * (y - x**2)])


def hessian_eigenvalues(b: float = B) -> tuple[float, float]:
    r"""Eigenvalues of the Hessian :math:`[[2 + 8b, -4b], [-4b, 2b]]` at the minimum (1, 1).

    Example:
        >>> [round(v, 2) for v in hessian_eigenvalues()]
        [0.39, 101.61]
    """
    h = torch.tensor([[2 + 8 * b, -4 * b], [-4 * b, 2 * b]], dtype=torch.float64)
    lo, hi = torch.linalg.eigvalsh(h).tolist()
    return lo, hi


def descend(
    name: str, lr: float, steps: int = 100, start: tuple[float, float] = START
) -> tuple[torch.Tensor, tuple[float, ...]]:
    """Run optimizer ``name`` (a key of :data:`OPTIMIZERS`) on :func:`rosenbrock`.

    Returns:
        ``(path, losses)``: the ``(steps + 1, 2)`` points visited and the loss at each; once
        the loss is no longer finite (divergence) the run stops and the rest is ``inf``.

    Example:
        >>> path, losses = descend("SGD", lr=0.01, steps=3)
        >>> path.shape, losses[-1] < losses[0]
        (torch.Size([4, 2]), True)
    """
    if name not in OPTIMIZERS:
        raise ValueError(f"name must be one of {sorted(OPTIMIZERS)}, got {name!r}")
    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps}")
    w = torch.tensor(start, dtype=torch.float64)
    w.grad = torch.zeros_like(w)
    opt = OPTIMIZERS[name]([w], lr=lr)
    path, losses = [], []
    for t in range(steps + 1):
        value = float(rosenbrock(w))
        if not math.isfinite(value) or value > 1e12:  # diverged: the rest of the curve is inf
            losses += [math.inf] * (steps + 1 - t)
            break
        path.append(w.clone())
        losses.append(value)
        if t < steps:
            w.grad.copy_(rosenbrock_grad(w))  # the gradient written out: no autograd needed
            opt.step()
    return torch.stack(path), tuple(losses)  # (T + 1, 2) or shorter if it diverged


@dataclass(frozen=True)
class LRSweep:
    """Loss after a fixed number of steps, per optimizer and learning rate."""

    lrs: tuple[float, ...]  # learning rates tried, increasing
    final_loss: dict[
        str, tuple[float, ...]
    ]  # optimizer -> loss after the last step (inf: diverged)
    start_loss: float  # the loss at the starting point

    @property
    def best_lr(self) -> dict[str, float]:
        """Per optimizer, the learning rate with the lowest final loss."""
        return {
            name: self.lrs[min(range(len(self.lrs)), key=losses.__getitem__)]
            for name, losses in self.final_loss.items()
        }

    def largest_working_lr(self, name: str, factor: float = 0.1) -> float:
        """The largest lr whose final loss is below ``factor`` times the start (0 if none)."""
        losses = self.final_loss[name]
        ok = [lr for lr, v in zip(self.lrs, losses, strict=True) if v < factor * self.start_loss]
        return max(ok, default=0.0)


DEFAULT_LRS = tuple(10 ** (k / 4) for k in range(-12, 5))  # 1e-3 ... 10, four per decade


def lr_sweep(
    lrs: tuple[float, ...] = DEFAULT_LRS,
    steps: int = 100,
    start: tuple[float, float] = START,
) -> LRSweep:
    """Every optimizer at every learning rate (default: 17 values from 1e-3 to 10).

    Example:
        >>> s = lr_sweep(lrs=(1e-3, 1.0), steps=5)
        >>> s.final_loss["SGD"][1]  # lr = 1 overshoots the steep wall: divergence
        inf
    """
    if not lrs or min(lrs) <= 0:
        raise ValueError(f"lrs must be positive, got {lrs}")
    lrs = tuple(sorted(lrs))
    final = {
        name: tuple(descend(name, lr, steps, start)[1][-1] for lr in lrs) for name in OPTIMIZERS
    }
    return LRSweep(lrs, final, rosenbrock(torch.tensor(start)).item())


@dataclass(frozen=True)
class Trajectories:
    """Each optimizer's path and loss curve at its chosen learning rate."""

    lrs: dict[str, float]  # optimizer -> learning rate used
    paths: dict[str, torch.Tensor]  # optimizer -> (T + 1, 2) points visited
    losses: dict[str, tuple[float, ...]]  # optimizer -> loss per step, T + 1 values


def trajectories(
    lrs: dict[str, float], steps: int = 100, start: tuple[float, float] = START
) -> Trajectories:
    """Run each optimizer named in ``lrs`` from ``start`` with its learning rate.

    Example:
        >>> t = trajectories({"SGD": 0.01, "Adam": 0.1}, steps=2)
        >>> t.paths["Adam"].shape, len(t.losses["SGD"])
        (torch.Size([3, 2]), 3)
    """
    runs = {name: descend(name, lr, steps, start) for name, lr in lrs.items()}
    return Trajectories(
        dict(lrs), {k: p for k, (p, _) in runs.items()}, {k: c for k, (_, c) in runs.items()}
    )
