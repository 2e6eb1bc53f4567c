"""Figures of the Adam page: the feature-scaling race and the bias correction."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlbasics._checks import check_choice
from dlbasics.experiments.adam import BiasCorrectionResult, FeatureScalingResult
from dlbasics.plot.basic import series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, legend_outside
from dlbasics.plot.words import word


@bilingual
def feature_scaling_figure(result: FeatureScalingResult, optimizers: Sequence[str] = ()) -> Figure:
    """Training loss against steps, each optimizer at its best learning rate.

    Top panel: the rescaled features; bottom panel: the digits as they are. Each panel's
    legend, right of it, gives the learning rate each optimizer got there.

    Args:
        result: from :func:`dlbasics.experiments.adam.run_feature_scaling`.
        optimizers: which optimizers to draw (default: all of the result's).

    Example:
        >>> from dlbasics.experiments.adam import (
        ...     FeatureScalingConfig,
        ...     run_feature_scaling,
        ... )
        >>> config = FeatureScalingConfig(
        ...     steps=4, every=2, lrs=(0.1,), optimizers=("SGD", "Adam")
        ... )
        >>> [
        ...     len(ax.lines)
        ...     for ax in feature_scaling_figure(run_feature_scaling(config)).axes
        ... ]
        [2, 2]
    """
    known = result.config.optimizers
    names = tuple(check_choice(n, "optimizers", known) for n in optimizers) or known
    spread = result.config.log10_spread
    panels = (
        (result.rescaled, f"feature × $10^{{U(-{spread:g},\\,{spread:g})}}$"),
        (result.original, word("adam.original")),
    )
    fig, axes = plt.subplots(2, 1, figsize=(FULL_WIDTH, 5.4), sharex=True, sharey=True)
    for ax, (run, title) in zip(axes, panels, strict=True):
        for name in names:
            bold = name == "Adam"
            ax.plot(
                run.steps,
                run.curves[name],
                color=series_color(known.index(name)),
                lw=2.6 if bold else 1.6,
                label=f"{name} (η = {run.best_lr[name]:.0e})",
            )
        ax.set_yscale("log")
        ax.set_title(title)
        ax.set_ylabel("training loss")
        legend_outside(ax, "right")
    axes[1].set_xlabel("step")
    return fig


@bilingual
def bias_correction_figure(result: BiasCorrectionResult) -> Figure:
    """Adam's step size (in units of η) with and without bias correction, log-scaled steps.

    Example:
        >>> from dlbasics.experiments.adam import (
        ...     BiasCorrectionConfig,
        ...     run_bias_correction,
        ... )
        >>> result = run_bias_correction(BiasCorrectionConfig(steps=5))
        >>> len(bias_correction_figure(result).axes[0].lines)
        3
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    ax.plot(
        result.t, result.uncorrected, color=series_color(2), lw=2, label=word("adam.uncorrected")
    )
    ax.plot(
        result.t,
        result.corrected,
        color=series_color(0),
        lw=2,
        label=word("adam.corrected"),
    )
    ax.axhline(1.0, color="#555555", lw=0.8, ls="--")
    ax.set_xscale("log")
    ax.set_xlabel(word("adam.constant_gradient"))
    ax.set_ylabel(word("adam.step_size"))
    ax.set_ylim(0, max(result.uncorrected) * 1.1)
    legend_outside(ax)
    return fig
