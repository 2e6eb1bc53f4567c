r"""Tuning the learning rate of the noisy-digits baseline: Bayesian optimization vs random search.

One trial trains a small MLP with learning rate :math:`10^x` and returns its validation loss.
Training is deterministic, so the trials are first run once on a grid of :math:`x` values
(which also draws the true curve in the figure); both searches then look the grid up
instead of training again. A real search would train at each point it asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch

from dlbasics._checks import check_int, check_real
from dlbasics.bayesopt import (
    BayesOptResult,
    GaussianProcess,
    bayesian_optimization,
    expected_improvement,
    random_search,
)
from dlbasics.claims import Claims
from dlbasics.experiments.generalization import (
    BaselineConfig,
    GeneralizationConfig,
    mlp,
    noisy_digits,
    train_full_batch,
)
from dlbasics.progress import progress_bar

#: A cheap trial: the baseline's data, a 64-unit MLP, 60 full-batch Adam steps.
TRIAL_BASELINE = BaselineConfig(hidden=64, steps=60, every=60)


@dataclass(frozen=True, kw_only=True)
class LRSearchConfig:
    r"""Settings of :func:`run_lr_search`: the search space, the budget and the trial.

    Example:
        >>> LRSearchConfig(n_init=0)
        Traceback (most recent call last):
        ...
        ValueError: n_init must be >= 1, got 0
    """

    low: float = -4.0  # smallest log10 learning rate searched
    high: float = 0.0  # largest log10 learning rate searched
    n_grid: int = 33  # grid points between low and high where the trials are run
    n_init: int = 3  # random trials before BO starts to choose
    budget: int = 15  # trials in all, for both searches
    tolerance: float = 0.05  # a trial hits when its loss is within this of the grid's best
    repeats: int = 200  # random searches, each with its own seed (one run is mostly luck)
    bo_repeats: int = 20  # BO runs, each from its own initial trials (the first is the one shown)
    trial: BaselineConfig = TRIAL_BASELINE  # what one trial trains (its lr is the one searched)
    seed: int = 0  # fixes the data, the initialization and BO's initial trials

    def __post_init__(self) -> None:
        check_real(self.low, "low")
        check_real(self.high, "high", low=self.low, low_open=True)
        check_int(self.n_grid, "n_grid", low=2)
        check_int(self.budget, "budget", low=1)
        check_int(self.n_init, "n_init", low=1, high=self.budget)
        check_real(self.tolerance, "tolerance", low=0)
        check_int(self.repeats, "repeats", low=1)
        check_int(self.bo_repeats, "bo_repeats", low=1)
        check_int(self.seed, "seed", low=0)


def _validation_losses(grid: torch.Tensor, config: LRSearchConfig, progress: bool) -> torch.Tensor:
    """Validation loss after training with each learning rate ``10 ** x`` (same init for all)."""
    data = noisy_digits(config.trial, config.seed)
    out = []
    for x in progress_bar(grid.tolist(), desc="lr grid", enabled=progress):
        torch.manual_seed(config.seed)
        trial = GeneralizationConfig(baseline=replace(config.trial, lr=10.0**x), seed=config.seed)
        r = train_full_batch(mlp(trial.baseline.hidden), data.x_train, data.y_train, data, trial)
        loss = r.val_loss[-1]
        out.append(loss if loss == loss and loss < float("inf") else float("nan"))
    return torch.tensor(out, dtype=torch.float64)


def trials_to_reach(ys: tuple[float, ...], target: float) -> int:
    """1-based index of the first value ``<= target`` (``len(ys) + 1`` if none).

    Example:
        >>> trials_to_reach((3.0, 2.0, 1.0), 2.0), trials_to_reach((3.0,), 1.0)
        (2, 2)
    """
    return next((i + 1 for i, y in enumerate(ys) if y <= target), len(ys) + 1)


@dataclass(frozen=True, kw_only=True)
class LRSearchResult:
    """A learning-rate search on a grid of :math:`\\log_{10}` learning rates."""

    config: LRSearchConfig  # what was searched
    grid: torch.Tensor  # (G,) log10 learning rates
    grid_loss: torch.Tensor  # (G,) validation loss at each
    target: float  # a trial "hits" when its loss is at most this
    bo: BayesOptResult  # the Bayesian optimization trials, in order
    bo_trials: int  # trials BO needed to hit
    bo_repeat_trials: tuple[int, ...]  # the same for each BO repeat (the first is bo_trials)
    random_trials: tuple[int, ...]  # trials random search needed, one per repetition
    surrogate_mean: torch.Tensor  # (G,) GP mean after all BO trials
    surrogate_std: torch.Tensor  # (G,) GP standard deviation
    acquisition: torch.Tensor  # (G,) expected improvement for the next trial

    @property
    def best_lr(self) -> float:
        """The grid's best learning rate."""
        return float(10.0 ** float(self.grid[int(torch.argmin(self.grid_loss))]))

    @property
    def bo_mean(self) -> float:
        """Average number of trials BO needed over its repeats."""
        return sum(self.bo_repeat_trials) / len(self.bo_repeat_trials)

    @property
    def random_mean(self) -> float:
        """Average number of trials random search needed."""
        return sum(self.random_trials) / len(self.random_trials)


def run_lr_search(config: LRSearchConfig, *, progress: bool = False) -> LRSearchResult:
    r"""Search :math:`\log_{10}` lr in ``[low, high]`` with BO (GP + EI) and with random search.

    A trial hits when its validation loss is within ``tolerance`` of the grid's best. BO starts
    from ``n_init`` random trials and may use ``budget`` in all; random search is repeated
    ``repeats`` times with different seeds, since a single run is mostly luck; BO likewise
    ``bo_repeats`` times from different initial trials. Both search the same trial model: they
    look up the same grid of validation losses.

    Example:
        >>> tiny = BaselineConfig(hidden=4, steps=1, every=1)
        >>> r = run_lr_search(
        ...     LRSearchConfig(
        ...         n_grid=5, n_init=2, budget=3, repeats=2, bo_repeats=2, trial=tiny
        ...     )
        ... )
        >>> len(r.bo.xs), len(r.random_trials), len(r.bo_repeat_trials)
        (3, 2, 2)
    """
    low, high, seed = config.low, config.high, config.seed
    grid = torch.linspace(low, high, config.n_grid, dtype=torch.float64)
    loss = _validation_losses(grid, config, progress)
    loss = torch.nan_to_num(loss, nan=float(loss.nan_to_num(0.0).max()))  # diverged: worst seen
    target = float(loss.min()) + config.tolerance

    def objective(x: float) -> float:
        return float(loss[int(torch.argmin((grid - x).abs()))])  # the grid's trial nearest x

    bo_runs = [
        bayesian_optimization(
            objective,
            low,
            high,
            n_init=config.n_init,
            n_iter=config.budget - config.n_init,
            seed=seed + 1000 * r,
            candidates=config.n_grid,
        )
        for r in range(config.bo_repeats)
    ]
    bo = bo_runs[0]
    rand = tuple(
        trials_to_reach(
            random_search(objective, low, high, config.budget, seed=1000 + r).ys, target
        )
        for r in range(config.repeats)
    )
    gp = GaussianProcess((high - low) / 10, noise=1e-6).fit(
        torch.tensor(bo.xs, dtype=torch.float64), torch.tensor(bo.ys, dtype=torch.float64)
    )
    mean, std = gp.predict(grid)
    return LRSearchResult(
        config=config,
        grid=grid,
        grid_loss=loss,
        target=target,
        bo=bo,
        bo_trials=trials_to_reach(bo.ys, target),
        bo_repeat_trials=tuple(trials_to_reach(b.ys, target) for b in bo_runs),
        random_trials=rand,
        surrogate_mean=mean,
        surrogate_std=std,
        acquisition=expected_improvement(mean, std, min(bo.ys)),
    )


# --- What the page says about these runs (see dlbasics.claims) ---------------------------------

CLAIMS: Claims[LRSearchResult] = Claims("components/optimization")


@CLAIMS.claim(
    "초기 시도를 바꿔 20번 반복하면 Bayesian Optimization은 평균 …번, 같은 표를 조회한 random "
    "search는 200번 반복해 평균 …번 걸렸습니다."
)
def bayesian_optimization_needs_fewer_trials(r: LRSearchResult) -> bool:
    return r.bo_mean < r.random_mean
