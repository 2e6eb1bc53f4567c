r"""Bayesian optimization from scratch: a Gaussian process surrogate and expected improvement.

:class:`GaussianProcess` fits an RBF-kernel GP (float64, Cholesky) and predicts a mean and a
standard deviation; :func:`expected_improvement` scores candidates for *minimization*;
:func:`bayesian_optimization` alternates the two on a 1-D interval (the book uses it on
:math:`\log_{10}` of the learning rate), and :func:`random_search` is the baseline.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

from dlbasics._checks import check_int, check_positive, check_real, check_same_shape, check_tensor

__all__ = [
    "BayesOptResult",
    "GaussianProcess",
    "bayesian_optimization",
    "expected_improvement",
    "random_search",
]

Objective = Callable[[float], float]


def _as_2d(x: object) -> torch.Tensor:
    """Points ``x`` as an ``(N, D)`` float64 tensor; an ``(N,)`` tensor is N points in 1-D."""
    t = check_tensor(x, "x")
    if t.dim() not in (1, 2):
        raise ValueError(f"x must have shape (N,) or (N, D), got {tuple(t.shape)}")
    t = t.to(torch.float64)
    return t.unsqueeze(1) if t.dim() == 1 else t


class GaussianProcess:
    r"""GP regression with the RBF kernel :math:`k(x,x') = s^2 \exp(-\lVert x-x'\rVert^2/2\ell^2)`.

    ``fit`` standardizes ``y`` (zero mean, unit std). With :math:`K = k(X, X) + \sigma_n^2 I =
    LL^\top` and :math:`k_* = k(X, x_*)` the posterior is

    .. math:: \mu(x_*) = k_*^\top K^{-1} y,\qquad
        \sigma^2(x_*) = k(x_*, x_*) - k_*^\top K^{-1} k_*,

    mapped back to the scale of ``y``. Like scikit-learn's ``alpha``, ``noise`` is added to
    the diagonal as is (a variance).

    Args:
        length_scale: :math:`\ell > 0`.
        noise: diagonal jitter :math:`\sigma_n^2 > 0`.
        signal: :math:`s > 0`.

    Example:
        >>> gp = GaussianProcess(length_scale=0.5).fit(
        ...     torch.tensor([0.0, 1.0]), torch.tensor([1.0, 3.0])
        ... )
        >>> mean, std = gp.predict(torch.tensor([0.0, 1.0]))
        >>> [round(m, 4) for m in mean.tolist()], bool((std < 1e-2).all())
        ([1.0, 3.0], True)
    """

    def __init__(self, length_scale: float, noise: float = 1e-6, signal: float = 1.0) -> None:
        self.length_scale = check_positive(length_scale, "length_scale")
        self.noise = check_positive(noise, "noise")
        self.signal = check_positive(signal, "signal")
        self._x: torch.Tensor | None = None

    def kernel(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        """RBF kernel matrix between ``(N, D)`` and ``(M, D)`` inputs: ``(N, M)``."""
        sq = torch.cdist(a, b).pow(2)
        return self.signal**2 * torch.exp(-sq / (2 * self.length_scale**2))

    def fit(self, x: torch.Tensor, y: torch.Tensor) -> GaussianProcess:
        """Condition on observations ``x`` ``(N,)`` or ``(N, D)`` and ``y`` ``(N,)``."""
        x2 = _as_2d(x)
        check_tensor(y, "y", shape=(x2.shape[0],), nonempty=True)
        y64 = y.to(torch.float64)
        self._y_mean = y64.mean()
        std = y64.std(correction=0)
        self._y_std = std if std > 0 else torch.ones((), dtype=torch.float64)
        y_n = (y64 - self._y_mean) / self._y_std
        k = self.kernel(x2, x2) + self.noise * torch.eye(x2.shape[0], dtype=torch.float64)
        self._chol = torch.linalg.cholesky(k)
        self._alpha = torch.cholesky_solve(y_n.unsqueeze(1), self._chol).squeeze(1)
        self._x = x2
        return self

    def predict(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """Posterior ``(mean, std)`` at ``x``, each ``(M,)`` float64, in ``y``'s scale."""
        if self._x is None:
            raise RuntimeError("predict() needs fit() first")
        xs = _as_2d(x)
        if xs.shape[1] != self._x.shape[1]:
            raise ValueError(f"x must have {self._x.shape[1]} features, got {xs.shape[1]}")
        k_star = self.kernel(self._x, xs)  # (N, M)
        mean = k_star.T @ self._alpha
        v = torch.linalg.solve_triangular(self._chol, k_star, upper=False)  # (N, M)
        var = (self.signal**2 - v.pow(2).sum(dim=0)).clamp_min(0.0)
        return mean * self._y_std + self._y_mean, var.sqrt() * self._y_std


def expected_improvement(
    mean: torch.Tensor, std: torch.Tensor, best: float, xi: float = 0.01
) -> torch.Tensor:
    r"""Expected improvement below ``best`` (minimization).

    .. math:: z = \frac{f^* - \mu - \xi}{\sigma},\qquad
        \mathrm{EI} = (f^* - \mu - \xi)\,\Phi(z) + \sigma\,\varphi(z),

    and :math:`\mathrm{EI} = 0` where :math:`\sigma = 0`. :math:`\xi \ge 0` trades
    exploitation for exploration.

    Example:
        >>> expected_improvement(
        ...     torch.tensor([0.0, 0.0]), torch.tensor([0.0, 1.0]), 1.0, 0.0
        ... )
        tensor([0.0000, 1.0833])
    """
    check_same_shape(mean=check_tensor(mean, "mean"), std=check_tensor(std, "std"))
    improve = best - mean - xi
    safe = torch.where(std > 0, std, torch.ones_like(std))
    z = improve / safe
    pdf = torch.exp(-0.5 * z**2) / math.sqrt(2 * math.pi)
    ei = improve * torch.special.ndtr(z) + safe * pdf
    return torch.where(std > 0, ei.clamp_min(0.0), torch.zeros_like(ei))


@dataclass(frozen=True, kw_only=True)
class BayesOptResult:
    """Evaluations of a search, in order, and the best one.

    Args:
        xs: evaluated points.
        ys: objective values at ``xs``.
        best_x: the point with the lowest value.
        best_y: that value.
    """

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    best_x: float
    best_y: float

    @classmethod
    def from_evaluations(cls, xs: list[float], ys: list[float]) -> BayesOptResult:
        """Build the result; the first minimum wins ties."""
        i = min(range(len(ys)), key=ys.__getitem__)
        return cls(xs=tuple(xs), ys=tuple(ys), best_x=xs[i], best_y=ys[i])


def random_search(
    objective: Objective, low: float, high: float, n: int, seed: int = 0
) -> BayesOptResult:
    """Evaluate ``objective`` at ``n`` uniform random points of ``[low, high]``.

    Example:
        >>> random_search(lambda x: x * x, -1.0, 1.0, n=3).best_y < 1.0
        True
    """
    low, high = check_real(low, "low"), check_real(high, "high", low=low, low_open=True)
    n, seed = check_int(n, "n", low=1), check_int(seed, "seed")
    g = torch.Generator().manual_seed(seed)
    xs = (low + (high - low) * torch.rand(n, generator=g, dtype=torch.float64)).tolist()
    return BayesOptResult.from_evaluations(xs, [float(objective(x)) for x in xs])


def bayesian_optimization(
    objective: Objective,
    low: float,
    high: float,
    n_init: int,
    n_iter: int,
    seed: int = 0,
    candidates: int = 200,
    length_scale: float | None = None,
    xi: float = 0.01,
) -> BayesOptResult:
    r"""Minimize a 1-D ``objective`` on ``[low, high]`` with a GP surrogate and EI.

    ``n_init`` uniform random points first; then, ``n_iter`` times, fit a
    :class:`GaussianProcess` to all evaluations and evaluate the point of a ``candidates``-point
    grid with the highest :func:`expected_improvement` (already evaluated points have
    :math:`\sigma \approx 0`, so EI leaves them alone).

    Args:
        objective: the function to minimize, ``float -> float``.
        low, high: the interval.
        n_init: random evaluations, at least 1.
        n_iter: guided evaluations, at least 0.
        seed: seed of the initial points.
        candidates: grid size, at least 2.
        length_scale: of the RBF kernel; default ``(high - low) / 10``.
        xi: exploration margin of EI.

    Returns:
        A :class:`BayesOptResult` of ``n_init + n_iter`` evaluations.

    Example:
        >>> r = bayesian_optimization(
        ...     lambda x: (x - 0.3) ** 2, -1.0, 1.0, n_init=3, n_iter=5
        ... )
        >>> len(r.xs), abs(r.best_x - 0.3) < 0.05
        (8, True)
    """
    low, high = check_real(low, "low"), check_real(high, "high", low=low, low_open=True)
    n_init, n_iter = check_int(n_init, "n_init", low=1), check_int(n_iter, "n_iter", low=0)
    candidates = check_int(candidates, "candidates", low=2)
    default_ell = (high - low) / 10
    ell = check_positive(default_ell if length_scale is None else length_scale, "length_scale")
    first = random_search(objective, low, high, n_init, seed)
    xs, ys = list(first.xs), list(first.ys)
    grid = torch.linspace(low, high, candidates, dtype=torch.float64)
    for _ in range(n_iter):
        gp = GaussianProcess(ell, noise=1e-6).fit(
            torch.tensor(xs, dtype=torch.float64), torch.tensor(ys, dtype=torch.float64)
        )
        mean, std = gp.predict(grid)
        ei = expected_improvement(mean, std, min(ys), xi)
        x_next = float(grid[int(torch.argmax(ei))])
        xs.append(x_next)
        ys.append(float(objective(x_next)))
    return BayesOptResult.from_evaluations(xs, ys)
