"""Tests for dlbasics.bayesopt: GP vs scikit-learn, expected improvement, BO vs random search."""

from __future__ import annotations

import dataclasses
import math

import pytest
import torch
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel

from dlbasics.bayesopt import (
    BayesOptResult,
    GaussianProcess,
    bayesian_optimization,
    expected_improvement,
    random_search,
)


def _sklearn_gp(length_scale: float, noise: float, signal: float) -> GaussianProcessRegressor:
    kernel = ConstantKernel(signal**2, constant_value_bounds="fixed") * RBF(
        length_scale, length_scale_bounds="fixed"
    )
    return GaussianProcessRegressor(kernel=kernel, alpha=noise, optimizer=None, normalize_y=True)


@pytest.mark.parametrize(
    ("dim", "length_scale", "noise", "signal"),
    [(None, 0.3, 1e-6, 1.0), (None, 1.0, 1e-2, 2.0), (3, 0.8, 1e-4, 1.5)],
)
def test_gp_matches_sklearn(
    dim: int | None, length_scale: float, noise: float, signal: float
) -> None:
    g = torch.Generator().manual_seed(0)
    shape = (12,) if dim is None else (12, dim)
    x = torch.rand(shape, generator=g, dtype=torch.float64) * 2 - 1
    y = torch.sin(3 * (x if dim is None else x.sum(1))) + 0.5
    xq = torch.rand((25,) if dim is None else (25, dim), generator=g, dtype=torch.float64)
    mean, std = GaussianProcess(length_scale, noise, signal).fit(x, y).predict(xq)
    ref = _sklearn_gp(length_scale, noise, signal).fit(x.reshape(12, -1).numpy(), y.numpy())
    ref_mean, ref_std = ref.predict(xq.reshape(25, -1).numpy(), return_std=True)
    assert mean.dtype == std.dtype == torch.float64
    torch.testing.assert_close(mean, torch.from_numpy(ref_mean), rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(std, torch.from_numpy(ref_std), rtol=1e-4, atol=1e-5)


def test_gp_interpolates_and_is_uncertain_far_away() -> None:
    x, y = torch.tensor([-1.0, 0.0, 1.0]), torch.tensor([2.0, -1.0, 0.5])
    mean, std = GaussianProcess(0.5).fit(x, y).predict(torch.tensor([-1.0, 0.0, 1.0, 10.0]))
    torch.testing.assert_close(mean[:3], y.double(), atol=1e-4, rtol=0)
    assert bool((std[:3] < 1e-2).all())
    assert std[3] > 0.5  # far from the data: back to the prior (in y's scale)


def test_gp_argument_errors() -> None:
    with pytest.raises(ValueError, match="length_scale"):
        GaussianProcess(0.0)
    with pytest.raises(RuntimeError, match="fit"):
        GaussianProcess(1.0).predict(torch.zeros(2))
    with pytest.raises(ValueError, match="y must"):
        GaussianProcess(1.0).fit(torch.zeros(3), torch.zeros(2))


def test_expected_improvement_zero_std_and_positive_below_best() -> None:
    mean = torch.tensor([0.0, 0.0, 2.0, 0.5], dtype=torch.float64)
    std = torch.tensor([0.0, 1.0, 0.0, 0.2], dtype=torch.float64)
    ei = expected_improvement(mean, std, best=1.0)
    assert ei[0] == 0.0
    assert ei[2] == 0.0
    assert bool((ei[[1, 3]] > 0).all())
    # closed form at z = (1 - 0 - 0.01) / 1
    z = 0.99
    phi = math.exp(-z * z / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(z / math.sqrt(2)))
    assert ei[1].item() == pytest.approx(0.99 * cdf + phi, rel=1e-9)


def test_expected_improvement_grows_with_uncertainty() -> None:
    mean = torch.full((3,), 1.0, dtype=torch.float64)
    ei = expected_improvement(mean, torch.tensor([0.1, 0.5, 1.0], dtype=torch.float64), 1.0)
    assert bool((ei.diff() > 0).all())


def _wiggly(x: float) -> float:
    """A parabola with ripples: several local minima, a narrow global one near 0.1."""
    return (x - 0.3) ** 2 + 0.3 * math.sin(15 * x)


F_MIN = min(_wiggly(-1 + 2 * i / 200_000) for i in range(200_001))
TOL = 1e-2


def _evaluations_to_hit(ys: tuple[float, ...]) -> int:
    return next((i + 1 for i, y in enumerate(ys) if y - F_MIN < TOL), 10**6)


def test_bayesian_optimization_beats_random_search() -> None:
    seeds = range(5)
    bo = [bayesian_optimization(_wiggly, -1.0, 1.0, n_init=3, n_iter=17, seed=s) for s in seeds]
    rs = [random_search(_wiggly, -1.0, 1.0, n=200, seed=s) for s in seeds]
    assert all(r.best_y - F_MIN < TOL for r in bo)  # every BO run finds the global minimum
    bo_cost = sum(_evaluations_to_hit(r.ys) for r in bo) / len(bo)
    rs_cost = sum(_evaluations_to_hit(r.ys) for r in rs) / len(rs)
    assert bo_cost <= 20 < rs_cost
    assert 2 * bo_cost < rs_cost


def test_results_are_consistent_and_deterministic() -> None:
    r = bayesian_optimization(_wiggly, -1.0, 1.0, n_init=2, n_iter=4, seed=7)
    assert r == bayesian_optimization(_wiggly, -1.0, 1.0, n_init=2, n_iter=4, seed=7)
    assert len(r.xs) == len(r.ys) == 6
    assert all(-1.0 <= x <= 1.0 for x in r.xs)
    assert r.best_y == min(r.ys)
    assert r.best_x == r.xs[r.ys.index(r.best_y)]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.best_y = 0.0  # type: ignore[misc]
    assert isinstance(random_search(_wiggly, 0.0, 1.0, 3), BayesOptResult)


def test_search_argument_errors() -> None:
    with pytest.raises(ValueError, match=r"high must be > 1\.0"):
        random_search(_wiggly, 1.0, 0.0, 3)
    with pytest.raises(ValueError, match="n must be"):
        random_search(_wiggly, 0.0, 1.0, 0)
    with pytest.raises(ValueError, match="n_init"):
        bayesian_optimization(_wiggly, 0.0, 1.0, n_init=0, n_iter=3)
