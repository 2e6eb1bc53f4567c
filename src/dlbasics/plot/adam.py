"""Figures of the Adam page: the feature-scaling race and the bias correction."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlbasics._checks import check_choice
from dlbasics.experiments.adam import BiasCorrectionResult, FeatureScalingResult
from dlbasics.plot.basic import series_color


def feature_scaling_figure(result: FeatureScalingResult, optimizers: Sequence[str] = ()) -> Figure:
    """Training loss against steps, each optimizer at its best learning rate.

    Left panel: the rescaled features; right panel: the digits as they are.

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
        (result.original, "원래 digits (pixel ∈ [0, 1])"),
    )
    fig, axes = plt.subplots(1, 2, figsize=(8.4, 3.6), sharey=True)
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
        ax.set_xlabel("step")
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=7.5)
    axes[0].set_ylabel("training loss (cross-entropy)")
    return fig


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
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    ax.plot(result.t, result.uncorrected, color=series_color(2), lw=2, label="보정 없이: m / √v")
    ax.plot(
        result.t,
        result.corrected,
        color=series_color(0),
        lw=2,
        label="Adam (보정): m̂ / √v̂",
    )
    ax.axhline(1.0, color="#555555", lw=0.8, ls="--")
    ax.set_xscale("log")
    ax.set_xlabel("step t (gradient g = 1로 일정)")
    ax.set_ylabel("한 step의 크기 / η")
    ax.set_ylim(0, max(result.uncorrected) * 1.1)
    ax.legend()
    return fig
