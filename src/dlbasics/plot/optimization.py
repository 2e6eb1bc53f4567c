"""Figures of the Optimization chapter's gradient methods and learning-rate search."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from dlbasics.experiments.optimization import GradientMethodsResult, rosenbrock
from dlbasics.experiments.tuning import LRSearchResult
from dlbasics.plot.basic import series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, legend_outside
from dlbasics.plot.words import word


@bilingual
def trajectory_figure(
    result: GradientMethodsResult,
    xlim: tuple[float, float] = (-2.0, 2.0),
    ylim: tuple[float, float] = (-1.0, 4.0),
) -> Figure:
    """One small panel per optimizer: its path at its best lr over the valley's contours.

    Example:
        >>> from dlbasics.experiments.optimization import (
        ...     GradientMethodsConfig,
        ...     run_gradient_methods,
        ... )
        >>> r = run_gradient_methods(GradientMethodsConfig(lrs=(0.01,), steps=2))
        >>> len(trajectory_figure(r).axes)
        6
    """
    names = list(result.paths)
    ncols = min(3, len(names))
    nrows = -(-len(names) // ncols)
    side = FULL_WIDTH / ncols
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(FULL_WIDTH, side * nrows), squeeze=False, sharex=True, sharey=True
    )
    # 60 points a side: smooth contours, half the drawing time of 100 and 10% fewer bytes
    gx, gy = torch.meshgrid(torch.linspace(*xlim, 60), torch.linspace(*ylim, 60), indexing="xy")
    z = rosenbrock(torch.stack([gx, gy])).numpy()
    levels = np.logspace(-1, 3, 9)
    for ax in axes.flat[len(names) :]:
        ax.remove()
    for i, name in enumerate(names):
        ax = axes.flat[i]
        ax.contour(gx.numpy(), gy.numpy(), z, levels=levels, colors="#bbbbbb", linewidths=0.6)
        p = result.paths[name].numpy()
        ax.plot(p[:, 0], p[:, 1], "-o", color=series_color(i), ms=1.8, lw=1.0)
        ax.plot(p[0, 0], p[0, 1], "s", color="#333333", ms=4)
        ax.plot(1.0, 1.0, "*", color="#000000", ms=9)
        ax.set_xlim(*xlim)
        ax.set_ylim(*ylim)
        ax.set_title(f"{name} (lr={result.best_lr[name]:.3g})", fontsize=9)
        ax.grid(False)
    return fig


@bilingual
def loss_curves_figure(result: GradientMethodsResult) -> Figure:
    """Loss against step on a log scale, one line per optimizer at its best lr.

    Example:
        >>> from dlbasics.experiments.optimization import (
        ...     GradientMethodsConfig,
        ...     run_gradient_methods,
        ... )
        >>> r = run_gradient_methods(GradientMethodsConfig(lrs=(0.01,), steps=2))
        >>> len(loss_curves_figure(r).axes[0].lines)
        6
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.8))
    for i, (name, losses) in enumerate(result.losses.items()):
        ax.plot(
            range(len(losses)),
            losses,
            color=series_color(i),
            lw=1.8,
            label=f"{name} (lr={result.best_lr[name]:.3g})",
        )
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel("f(x, y)")
    legend_outside(ax, ncols=3)
    return fig


@bilingual
def lr_sweep_figure(sweep: GradientMethodsResult, sgd_limit: float | None = None) -> Figure:
    """The sweep's final loss against learning rate (log-log); diverged runs as ``x`` at the top.

    Example:
        >>> from dlbasics.experiments.optimization import (
        ...     GradientMethodsConfig,
        ...     run_gradient_methods,
        ... )
        >>> r = run_gradient_methods(GradientMethodsConfig(lrs=(0.01, 1.0), steps=3))
        >>> len(
        ...     lr_sweep_figure(r, sgd_limit=0.5).axes[0].lines
        ... )  # 6 curves, 3 x rows, 2 lines
        11
    """
    fig, ax = plt.subplots(figsize=(6.4, 3.8))
    finite = [v for vs in sweep.final_loss.values() for v in vs if math.isfinite(v)]
    top = max([*finite, sweep.start_loss]) * 3
    for i, (name, losses) in enumerate(sweep.final_loss.items()):
        ok = [(lr, v) for lr, v in zip(sweep.lrs, losses, strict=True) if math.isfinite(v)]
        bad = [lr for lr, v in zip(sweep.lrs, losses, strict=True) if not math.isfinite(v)]
        ax.plot(
            [a for a, _ in ok],
            [b for _, b in ok],
            "-o",
            color=series_color(i),
            ms=3,
            lw=1.6,
            label=name,
        )
        if bad:  # one row of x per optimizer, so that they do not hide each other
            ax.plot(bad, [top * 1.8**i] * len(bad), "x", color=series_color(i), ms=5)
    ax.axhline(sweep.start_loss, ls=":", color="#555555", lw=1)
    if sgd_limit is not None:
        ax.axvline(sgd_limit, ls="--", color=series_color(0), lw=1)
        ax.text(sgd_limit * 1.1, top * 0.35, "2/λ_max", color=series_color(0), fontsize=9)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("learning rate")
    ax.set_ylabel(word("opt.final_f"))
    legend_outside(ax, ncols=6)
    return fig


@bilingual
def bayesopt_figure(search: LRSearchResult, show: int = 8) -> Figure:
    """Top: the true validation loss, the trials and the GP surrogate. Bottom: best-so-far.

    ``show`` BO trials are numbered; the surrogate is the one fitted after all trials.

    Example:
        >>> from dlbasics.experiments.generalization import BaselineConfig
        >>> from dlbasics.experiments.tuning import LRSearchConfig, run_lr_search
        >>> tiny = BaselineConfig(hidden=4, steps=1, every=1)
        >>> r = run_lr_search(
        ...     LRSearchConfig(n_grid=5, n_init=2, budget=3, repeats=2, trial=tiny)
        ... )
        >>> len(bayesopt_figure(r).axes)
        2
    """
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.4), height_ratios=(3, 2))
    g = search.grid.numpy()
    mean, std = search.surrogate_mean.numpy(), search.surrogate_std.numpy()
    top.plot(g, search.grid_loss.numpy(), color="#777777", lw=1.5, label=word("opt.true_loss"))
    top.plot(g, mean, color=series_color(0), lw=1.8, label=word("opt.gp_mean"))
    top.fill_between(
        g, mean - 2 * std, mean + 2 * std, color=series_color(0), alpha=0.15, label="GP ±2σ"
    )
    xs, ys = search.bo.xs, search.bo.ys
    top.scatter(xs, ys, color=series_color(2), s=18, zorder=3, label="BO trial")
    for k, (x, y) in enumerate(zip(xs[:show], ys[:show], strict=False)):
        top.annotate(str(k + 1), (x, y), textcoords="offset points", xytext=(3, 4), fontsize=8)
    top.axhline(
        search.target,
        ls=":",
        color="#555555",
        lw=1,
        label=word("opt.target", tolerance=search.config.tolerance),
    )
    top.set_xlabel("log10(learning rate)")
    top.set_ylabel("validation loss")
    legend_outside(top, ncols=3)
    n = len(ys)
    bo_best = np.minimum.accumulate(np.array(ys))
    bottom.plot(
        range(1, n + 1), bo_best, "-o", color=series_color(2), ms=3, label="Bayesian optimization"
    )
    bottom.axhline(search.target, ls=":", color="#555555", lw=1)
    bottom.axvline(search.bo_trials, color=series_color(2), lw=1, ls="--")
    bottom.axvline(
        search.random_mean,
        color=series_color(3),
        lw=1,
        ls="--",
        label=word("opt.random_mean", trials=search.random_mean),
    )
    bottom.set_xlabel("trial")
    bottom.set_ylabel(word("opt.best_so_far"))
    legend_outside(bottom)
    return fig
