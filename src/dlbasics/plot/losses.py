"""Figures of the Loss chapter: each takes the result of an experiment in
:mod:`dlbasics.experiments.losses`."""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

from dlbasics.experiments.losses import (
    CEvsMSEResult,
    ProxyGapResult,
    RobustRegressionResult,
    SaturationResult,
)
from dlbasics.plot.basic import PALETTE, series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend, legend_outside
from dlbasics.plot.words import word


@bilingual
def saturation_figure(result: SaturationResult) -> Figure:
    """Gradient magnitude against the correct-class margin for MSE and cross-entropy.

    Example:
        >>> from dlbasics.experiments.losses import saturation
        >>> len(saturation_figure(saturation(points=5)).axes[0].lines)
        2
    """
    z = result.z.numpy()
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    ax.plot(z, result.grad_ce.abs().numpy(), color=PALETTE[0], lw=2, label="cross-entropy")
    ax.plot(
        z, result.grad_mse.abs().numpy(), color=PALETTE[2], lw=2, label=word("losses.mse_softmax")
    )
    ax.set_xlabel(word("losses.margin"))
    ax.set_ylabel("|∂loss/∂z|")
    legend_outside(ax)
    return fig


@bilingual
def ce_vs_mse_figure(result: CEvsMSEResult) -> Figure:
    """Left: test accuracy along training, each loss at its chosen lr. Right: the lr grid.

    Example:
        >>> from dlbasics.experiments.losses import CEvsMSEConfig, run_ce_vs_mse
        >>> r = run_ce_vs_mse(CEvsMSEConfig(steps=2, every=1, lrs=(0.1, 1.0)))
        >>> [len(ax.lines) for ax in ce_vs_mse_figure(r).axes]
        [2, 2]
    """
    names = {"ce": "cross-entropy", "mse": "MSE"}
    curves = {"ce": result.accuracy_ce, "mse": result.accuracy_mse}
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.5))
    for i, (key, values) in enumerate(curves.items()):
        label = f"{names[key]} (lr {result.best_lr[key]:g})"
        left.plot(result.steps, values, color=series_color(i), lw=2, marker="o", ms=3, label=label)
        right.plot(
            result.config.lrs,
            result.test_accuracy[key],
            color=series_color(i),
            lw=2,
            marker="o",
            ms=4,
        )
    left.set_xlabel("step")
    left.set_ylabel("test accuracy")
    left.set_ylim(0, 1)
    right.set_xscale("log")
    right.set_xlabel("learning rate")
    right.set_ylabel(word("losses.accuracy_after", steps=result.steps[-1]))
    right.set_ylim(0, 1)
    figure_legend(fig)  # each loss's colour, with the lr its left curve used
    return fig


@bilingual
def robust_fit_figure(result: RobustRegressionResult) -> Figure:
    """Data (outliers marked) and the line each loss fitted.

    Example:
        >>> from dlbasics.experiments.losses import (
        ...     RobustRegressionConfig,
        ...     run_robust_regression,
        ... )
        >>> r = run_robust_regression(RobustRegressionConfig(n=10, steps=10))
        >>> len(robust_fit_figure(r).axes[0].lines)
        3
    """
    x, y, outliers = result.x, result.y, result.outliers
    fig, ax = plt.subplots(figsize=(6.0, 4.2))
    ax.scatter(
        x[~outliers].numpy(), y[~outliers].numpy(), s=12, color="#777777", label=word("common.data")
    )
    ax.scatter(
        x[outliers].numpy(), y[outliers].numpy(), s=22, marker="x", color="#000000", label="outlier"
    )
    grid = torch.linspace(float(x.min()), float(x.max()), 2)
    for i, (name, (w, b)) in enumerate(result.lines.items()):
        ax.plot(
            grid.numpy(),
            (w * grid + b).numpy(),
            lw=2,
            color=series_color(i),
            label=f"{name}: y = {w:.2f}x + {b:.2f}",
        )
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    legend_outside(ax)
    return fig


@bilingual
def proxy_figure(result: ProxyGapResult) -> Figure:
    """Left: training and test loss (log scale). Right: test accuracy.

    Example:
        >>> from dlbasics.experiments.losses import ProxyGapConfig, run_proxy_gap
        >>> len(proxy_figure(run_proxy_gap(ProxyGapConfig(steps=2, every=1))).axes)
        2
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.3))
    left.plot(result.steps, result.train_loss, color=PALETTE[0], lw=2, label="training loss")
    left.plot(result.steps, result.test_loss, color=PALETTE[2], lw=2, label="test loss")
    left.set_yscale("log")
    left.set_xlabel("step")
    figure_legend(fig)
    right.plot(result.steps, result.test_accuracy, color=PALETTE[1], lw=2)
    right.set_xlabel("step")
    right.set_ylabel("test accuracy")
    right.set_ylim(0, 1)
    return fig
