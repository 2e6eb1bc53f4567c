r"""Gradient methods on a 2-D function: learning-rate sweeps, trajectories and loss curves.

The test function is Rosenbrock's banana valley with :math:`b = 10`,

.. math:: f(x, y) = (1 - x)^2 + b\,(y - x^2)^2,

minimum :math:`f(1, 1) = 0`. The valley is steep across and flat along: at the minimum the
Hessian's eigenvalues differ about 260-fold, so one learning rate cannot suit both directions.
Every optimizer is the from-scratch one of :mod:`dlbasics.optim`; :func:`run_gradient_methods`
sweeps their learning rates and follows each at its best.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from dlbasics._checks import check_int, check_positive, check_real
from dlbasics.claims import Claims
from dlbasics.optim import OPTIMIZERS
from dlbasics.progress import progress_bar

START = (-1.5, 2.0)  # the page's starting point, on the far side of the valley
B = 10.0  # Rosenbrock's valley steepness


def rosenbrock(w: torch.Tensor, b: float = B) -> torch.Tensor:
    r""":math:`(1 - x)^2 + b(y - x^2)^2` for ``w = (x, y)``; works on ``(2,)`` or ``(2, ...)``.

    Example:
        >>> (
        ...     rosenbrock(torch.tensor([1.0, 1.0])).item(),
        ...     rosenbrock(torch.tensor([0.0, 0.0])).item(),
        ... )
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


DEFAULT_LRS = tuple(10 ** (k / 4) for k in range(-12, 5))  # 1e-3 ... 10, four per decade


@dataclass(frozen=True, kw_only=True)
class GradientMethodsConfig:
    """Settings of :func:`run_gradient_methods`; the defaults are the page's.

    Example:
        >>> GradientMethodsConfig(lrs=(0.1, -1.0))
        Traceback (most recent call last):
        ...
        ValueError: lrs[1] must be > 0, got -1.0
    """

    lrs: tuple[float, ...] = DEFAULT_LRS  # the sweep's learning rates (17, from 1e-3 to 10)
    steps: int = 100  # steps of every run, in the sweep and on the trajectories
    start: tuple[float, float] = START  # where every run starts
    seed: int = 0  # unused: the valley has no randomness (fixed start, float64)

    def __post_init__(self) -> None:
        check_int(len(self.lrs), "len(lrs)", low=1)
        for i, lr in enumerate(self.lrs):
            check_positive(lr, f"lrs[{i}]")
        check_int(self.steps, "steps", low=1)
        check_int(len(self.start), "len(start)", low=2, high=2)
        for i, v in enumerate(self.start):
            check_real(v, f"start[{i}]")
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class GradientMethodsResult:
    """A learning-rate sweep of every optimizer, then each one's run at its best learning rate."""

    config: GradientMethodsConfig  # what was run
    lrs: tuple[float, ...]  # the sweep's learning rates, increasing
    final_loss: dict[str, tuple[float, ...]]  # optimizer -> loss after the last step, per lr
    start_loss: float  # the loss at the starting point
    best_lr: dict[str, float]  # optimizer -> the sweep's lr with the lowest final loss
    paths: dict[str, torch.Tensor]  # optimizer -> (T + 1, 2) points visited at its best lr
    losses: dict[str, tuple[float, ...]]  # optimizer -> loss per step at its best lr, T + 1

    def largest_working_lr(self, name: str, factor: float = 0.1) -> float:
        """The largest lr whose final loss is below ``factor`` times the start (0 if none)."""
        losses = self.final_loss[name]
        ok = [lr for lr, v in zip(self.lrs, losses, strict=True) if v < factor * self.start_loss]
        return max(ok, default=0.0)


def _descend(
    name: str, lr: float, steps: int, start: tuple[float, float]
) -> tuple[torch.Tensor, tuple[float, ...]]:
    """Run optimizer ``name`` on :func:`rosenbrock`: the points visited and the loss at each.

    Once the loss is no longer finite (divergence) the run stops and the rest is ``inf``.
    """
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


def run_gradient_methods(
    config: GradientMethodsConfig, *, progress: bool = False
) -> GradientMethodsResult:
    """Every optimizer of :data:`~dlbasics.optim.OPTIMIZERS` on :func:`rosenbrock`.

    First a sweep: each optimizer at each learning rate of ``config.lrs`` for ``steps`` steps.
    Then each optimizer once more at its best learning rate, keeping the path and loss curve.
    A run whose loss stops being finite (divergence) is cut there; its losses are ``inf``.

    Example:
        >>> r = run_gradient_methods(GradientMethodsConfig(lrs=(1e-3, 1.0), steps=5))
        >>> r.final_loss["SGD"][1]  # lr = 1 overshoots the steep wall: divergence
        inf
        >>> r.best_lr["SGD"], r.paths["SGD"].shape, len(r.losses["Adam"])
        (0.001, torch.Size([6, 2]), 6)
    """
    steps, start = config.steps, config.start
    lrs = tuple(sorted(config.lrs))
    final = {
        name: tuple(_descend(name, lr, steps, start)[1][-1] for lr in lrs)
        for name in progress_bar(OPTIMIZERS, desc="lr sweep", enabled=progress)
    }
    best = {name: lrs[min(range(len(lrs)), key=v.__getitem__)] for name, v in final.items()}
    runs = {name: _descend(name, lr, steps, start) for name, lr in best.items()}
    return GradientMethodsResult(
        config=config,
        lrs=lrs,
        final_loss=final,
        start_loss=rosenbrock(torch.tensor(start)).item(),
        best_lr=best,
        paths={name: path for name, (path, _) in runs.items()},
        losses={name: losses for name, (_, losses) in runs.items()},
    )


# --- What the page says about these runs (see dlbasics.claims) ---------------------------------

CLAIMS: Claims[GradientMethodsResult] = Claims("components/optimization")
_FAST = ("Adagrad", "RMSprop")


@CLAIMS.claim(
    "100 step 뒤 loss는 SGD …, Momentum …, Nesterov …, Adam …로, 뒤의 셋은 SGD의 100분의 1 "
    "아래입니다."
)
def momentum_nesterov_and_adam_end_far_below_sgd(r: GradientMethodsResult) -> bool:
    final = {name: losses[-1] for name, losses in r.losses.items()}
    return all(final[n] < final["SGD"] / 100 for n in ("Momentum", "Nesterov", "Adam"))


@CLAIMS.claim(
    "Adagrad와 RMSprop은 … 처음 10 step에 가장 빨리 내려가지만(…), 그 뒤로는 10배도 나아지지 "
    "않고 …에 머뭅니다."
)
def adagrad_and_rmsprop_start_fastest_then_stall(r: GradientMethodsResult) -> bool:
    at10 = {name: losses[10] for name, losses in r.losses.items()}
    fastest = max(at10[n] for n in _FAST) < min(v for n, v in at10.items() if n not in _FAST)
    return fastest and all(r.losses[n][-1] > at10[n] / 10 for n in _FAST)


@CLAIMS.claim(
    "RMSprop은 보폭이 줄지 않아 바닥 근처에서 불안정합니다 (마지막 몇 step에 loss가 최저의 두 "
    "배 넘게 다시 튑니다)."
)
def rmsprop_bounces_back_up(r: GradientMethodsResult) -> bool:
    return r.losses["RMSprop"][-1] > 2 * min(r.losses["RMSprop"])


@CLAIMS.claim(
    "Adam은 같은 scaling에 momentum을 더해 그 진동을 평균 내고, 둘보다 낮게 끝까지 내려갑니다."
)
def adam_ends_below_adagrad_and_rmsprop(r: GradientMethodsResult) -> bool:
    return all(r.losses["Adam"][-1] < r.losses[n][-1] for n in _FAST)


@CLAIMS.claim("너무 작으면 느리고, 너무 크면 발산합니다. 어느 optimizer든 곡선이 U자입니다.")
def every_learning_rate_curve_is_u_shaped(r: GradientMethodsResult) -> bool:
    return all(v[0] > 10 * min(v) and v[-1] > 10 * min(v) for v in r.final_loss.values())


@CLAIMS.claim(
    "SGD가 loss를 출발점의 1/10 아래로 줄인 가장 큰 learning rate는 … 로 그 아래(2/λ_max "
    "아래)이며, 그보다 큰 learning rate는 모두 발산합니다."
)
def sgd_is_capped_by_the_curvature(r: GradientMethodsResult) -> bool:
    limit = 2 / hessian_eigenvalues()[1]
    above = [v for lr, v in zip(r.lrs, r.final_loss["SGD"], strict=True) if lr > limit]
    return 0 < r.largest_working_lr("SGD") <= limit and all(math.isinf(v) for v in above)


@CLAIMS.claim("Adam은 learning rate …까지, SGD의 50배가 넘는 값에서도 동작합니다.")
def adam_works_at_far_larger_learning_rates(r: GradientMethodsResult) -> bool:
    return r.largest_working_lr("Adam") > 50 * r.largest_working_lr("SGD")
