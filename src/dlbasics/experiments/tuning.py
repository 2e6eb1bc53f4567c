r"""Tuning the learning rate of the noisy-digits baseline: Bayesian optimization vs random search.

One trial trains a small MLP with learning rate :math:`10^x` and returns its validation loss.
Training is deterministic, so the trials are first run once on a grid of :math:`x` values
(which also draws the true curve in the figure); both searches then look the grid up
instead of training again. A real search would train at each point it asks for.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from dlbasics.bayesopt import (
    BayesOptResult,
    GaussianProcess,
    bayesian_optimization,
    expected_improvement,
    random_search,
)
from dlbasics.experiments.generalization import Setup, mlp, noisy_digits, train

TRIAL_SETUP = Setup(hidden=64, steps=60, every=60)  # a cheap trial: 60 full-batch Adam steps


def validation_losses(
    log10_lrs: torch.Tensor, seed: int = 0, setup: Setup = TRIAL_SETUP
) -> torch.Tensor:
    """Validation loss after training with each learning rate ``10 ** x`` (same init for all).

    Example:
        >>> validation_losses(torch.tensor([-3.0]), setup=Setup(hidden=4, steps=1, every=1)).shape
        torch.Size([1])
    """
    data = noisy_digits(setup, seed)
    out = []
    for x in log10_lrs.tolist():
        torch.manual_seed(seed)
        cfg = Setup(**{**setup.__dict__, "lr": 10.0**x})
        r = train(mlp(cfg.hidden), data.x_train, data.y_train, data, cfg)
        loss = r.val_loss[-1]
        out.append(loss if loss == loss and loss < float("inf") else float("nan"))
    return torch.tensor(out, dtype=torch.float64)


def trials_to_reach(ys: tuple[float, ...], target: float) -> int:
    """1-based index of the first value ``<= target`` (``len(ys) + 1`` if none)."""
    return next((i + 1 for i, y in enumerate(ys) if y <= target), len(ys) + 1)


@dataclass(frozen=True)
class LRSearch:
    """A learning-rate search on a grid of :math:`\\log_{10}` learning rates."""

    grid: torch.Tensor  # (G,) log10 learning rates
    grid_loss: torch.Tensor  # (G,) validation loss at each
    target: float  # a trial "hits" when its loss is at most this
    bo: BayesOptResult  # the Bayesian optimization trials, in order
    bo_trials: int  # trials BO needed to hit
    random_trials: tuple[int, ...]  # trials random search needed, one per repetition
    surrogate_mean: torch.Tensor  # (G,) GP mean after all BO trials
    surrogate_std: torch.Tensor  # (G,) GP standard deviation
    acquisition: torch.Tensor  # (G,) expected improvement for the next trial

    @property
    def best_lr(self) -> float:
        """The grid's best learning rate."""
        return float(10.0 ** float(self.grid[int(torch.argmin(self.grid_loss))]))

    @property
    def random_mean(self) -> float:
        """Average number of trials random search needed."""
        return sum(self.random_trials) / len(self.random_trials)


def lr_search(
    seed: int = 0,
    low: float = -4.0,
    high: float = 0.0,
    n_grid: int = 33,
    n_init: int = 3,
    budget: int = 15,
    tolerance: float = 0.05,
    repeats: int = 200,
    setup: Setup = TRIAL_SETUP,
) -> LRSearch:
    r"""Search :math:`\log_{10}` lr in ``[low, high]`` with BO (GP + EI) and with random search.

    A trial hits when its validation loss is within ``tolerance`` of the grid's best. BO starts
    from ``n_init`` random trials and may use ``budget`` in all; random search is repeated
    ``repeats`` times with different seeds, since a single run is mostly luck.

    Example:
        >>> r = lr_search(n_grid=5, n_init=2, budget=3, repeats=2,
        ...               setup=Setup(hidden=4, steps=1, every=1))
        >>> len(r.bo.xs), len(r.random_trials)
        (3, 2)
    """
    if not 1 <= n_init <= budget or n_grid < 2 or repeats < 1:
        raise ValueError(
            f"need 1 <= n_init <= budget, n_grid >= 2 and repeats >= 1, "
            f"got {n_init}, {budget}, {n_grid}, {repeats}"
        )
    grid = torch.linspace(low, high, n_grid, dtype=torch.float64)
    loss = validation_losses(grid, seed, setup)
    loss = torch.nan_to_num(loss, nan=float(loss.nan_to_num(0.0).max()))  # diverged: worst seen
    target = float(loss.min()) + tolerance

    def objective(x: float) -> float:
        return float(loss[int(torch.argmin((grid - x).abs()))])  # the grid's trial nearest x

    bo = bayesian_optimization(
        objective, low, high, n_init=n_init, n_iter=budget - n_init, seed=seed, candidates=n_grid
    )
    rand = tuple(
        trials_to_reach(random_search(objective, low, high, budget, seed=1000 + r).ys, target)
        for r in range(repeats)
    )
    gp = GaussianProcess((high - low) / 10, noise=1e-6).fit(
        torch.tensor(bo.xs, dtype=torch.float64), torch.tensor(bo.ys, dtype=torch.float64)
    )
    mean, std = gp.predict(grid)
    ei = expected_improvement(mean, std, min(bo.ys))
    return LRSearch(grid, loss, target, bo, trials_to_reach(bo.ys, target), rand, mean, std, ei)
