"""Figures of the Optimization chapter's generalization experiments."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from dlbasics.experiments.generalization import GeneralizationResult
from dlbasics.metrics.calibration import reliability_bins
from dlbasics.plot.basic import series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend, legend_outside
from dlbasics.plot.words import word


@bilingual
def gap_figure(run: GeneralizationResult) -> Figure:
    """Left: training and test loss. Right: training and test accuracy. The gap between them.

    Example:
        >>> from dlbasics.experiments.generalization import (
        ...     BaselineConfig,
        ...     GeneralizationConfig,
        ...     run_generalization,
        ... )
        >>> tiny = BaselineConfig(steps=2, every=1, hidden=4)
        >>> len(
        ...     gap_figure(run_generalization(GeneralizationConfig(baseline=tiny))).axes
        ... )
        2
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.4))
    train_label = word("gen.train_noisy")
    left.plot(run.steps, run.train_loss, color=series_color(0), lw=2, label=train_label)
    left.plot(run.steps, run.test_loss, color=series_color(2), lw=2, label="test")
    left.set_yscale("log")
    left.set_xlabel("step")
    left.set_ylabel("cross-entropy")
    right.plot(
        run.steps,
        run.train_accuracy,
        color=series_color(0),
        lw=2,
        label=train_label,
    )
    right.plot(run.steps, run.test_accuracy, color=series_color(2), lw=2, label="test")
    right.fill_between(
        run.steps,
        run.test_accuracy,
        run.train_accuracy,
        color="#999999",
        alpha=0.15,
        label="generalization gap",
    )
    right.set_xlabel("step")
    right.set_ylabel("accuracy")
    right.set_ylim(0, 1.02)
    figure_legend(fig, ncols=3)
    return fig


@bilingual
def runs_figure(runs: Mapping[str, GeneralizationResult], show_weight_norm: bool = False) -> Figure:
    """Test accuracy curves of several runs, their final train/test accuracy (and weight norm).

    The curves are on top; the bars (and weight norms) below them, side by side.

    Example:
        >>> from dlbasics.experiments.generalization import (
        ...     BaselineConfig,
        ...     GeneralizationConfig,
        ...     run_generalization,
        ... )
        >>> tiny = BaselineConfig(steps=2, every=1, hidden=4)
        >>> r = run_generalization(GeneralizationConfig(baseline=tiny))
        >>> len(runs_figure({"a": r, "b": r}, show_weight_norm=True).axes)
        3
    """
    if not runs:
        raise ValueError("runs must hold at least one run")
    fig = plt.figure(figsize=(FULL_WIDTH, 6.0))
    top, bottom = fig.subfigures(2, 1, squeeze=False).flat
    curves = top.subplots()
    panels = 2 if show_weight_norm else 1
    lower = bottom.subplots(1, panels, squeeze=False, width_ratios=(1.6, 1.0)[:panels])[0]
    bars = lower[0]
    for i, (name, r) in enumerate(runs.items()):
        curves.plot(r.steps, r.test_accuracy, color=series_color(i), lw=1.8, label=name)
    curves.set_xlabel("step")
    curves.set_ylabel("test accuracy")
    legend_outside(curves, ncols=3)
    names = list(runs)
    pos = np.arange(len(names))
    train = [runs[n].final_train_accuracy for n in names]
    test = [runs[n].final_test_accuracy for n in names]
    b1 = bars.bar(pos - 0.2, train, 0.4, color="#bbbbbb", label="training")
    b2 = bars.bar(
        pos + 0.2, test, 0.4, color=[series_color(i) for i in range(len(names))], label="test"
    )
    bars.bar_label(b1, labels=[f"{v:.2f}" for v in train], fontsize=8, padding=1)
    bars.bar_label(b2, labels=[f"{v:.2f}" for v in test], fontsize=8, padding=1)
    bars.set_xticks(pos, names, fontsize=9, rotation=15)
    bars.set_ylim(0, 1.12)
    bars.set_ylabel(word("gen.final_accuracy"))
    bars.grid(axis="x", visible=False)
    if show_weight_norm:
        norms = [runs[n].weight_norm for n in names]
        b3 = lower[1].bar(pos, norms, 0.6, color=[series_color(i) for i in range(len(names))])
        lower[1].bar_label(b3, labels=[f"{v:.1f}" for v in norms], fontsize=8, padding=1)
        lower[1].set_xticks(pos, names, fontsize=9, rotation=15)
        lower[1].set_ylabel("weight norm ‖W‖")
        lower[1].set_ylim(0, max(norms) * 1.15)
        lower[1].grid(axis="x", visible=False)
    return fig


@bilingual
def early_stopping_figure(stopped: GeneralizationResult, full: GeneralizationResult) -> Figure:
    """Validation loss and test accuracy of the early-stopped run over the full run.

    Example:
        >>> from dlbasics.experiments.generalization import (
        ...     BaselineConfig,
        ...     GeneralizationConfig,
        ...     run_generalization,
        ... )
        >>> tiny = BaselineConfig(steps=4, every=1, hidden=4)
        >>> stopped = run_generalization(
        ...     GeneralizationConfig(baseline=tiny, patience=1)
        ... )
        >>> full = run_generalization(GeneralizationConfig(baseline=tiny))
        >>> len(early_stopping_figure(stopped, full).axes)
        2
    """
    if stopped.best_step is None or stopped.stopped_at is None:
        raise ValueError("stopped must come from a run with GeneralizationConfig(patience=...)")
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.4))
    for ax, key, label in (
        (left, "val_loss", "validation loss"),
        (right, "test_accuracy", "test accuracy"),
    ):
        ax.plot(full.steps, getattr(full, key), color="#aaaaaa", lw=1.6, label=word("gen.full_run"))
        ax.plot(
            stopped.steps,
            getattr(stopped, key),
            color=series_color(0),
            lw=2.2,
            label="early stopping",
        )
        ax.axvline(
            stopped.best_step, color=series_color(1), ls="--", lw=1, label=word("gen.best_restored")
        )
        ax.axvline(
            stopped.stopped_at, color=series_color(2), ls=":", lw=1.2, label=word("gen.stopped")
        )
        ax.set_xlabel("step")
        ax.set_ylabel(label)
    right.axhline(stopped.final_test_accuracy, color=series_color(1), lw=0.8)
    figure_legend(fig, ncols=4)
    return fig


@bilingual
def mixup_figure(
    pair: tuple[torch.Tensor, torch.Tensor],
    lam: float,
    probs: Mapping[str, torch.Tensor],
    targets: torch.Tensor,
    n_bins: int = 10,
) -> Figure:
    """Left: two digits and their mixture. Right: reliability diagram of each model.

    Example:
        >>> p = torch.full((4, 2), 0.5)
        >>> y = torch.zeros(4, dtype=torch.int64)
        >>> fig = mixup_figure((torch.zeros(64), torch.ones(64)), 0.3, {"a": p}, y)
        >>> len(fig.axes)
        4
    """
    fig = plt.figure(figsize=(FULL_WIDTH, 3.4))
    left, right = fig.subfigures(1, 2, squeeze=False, width_ratios=(1.1, 1.5)).flat
    ims = left.subplots(1, 3)
    a, b = pair
    shown = ((a, "x_i"), (b, "x_j"), (lam * a + (1 - lam) * b, word("gen.mixed", lam=lam)))
    for ax, (img, title) in zip(ims, shown, strict=True):
        ax.imshow(img.reshape(8, 8).numpy(), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    ax = right.subplots()
    ax.plot([0, 1], [0, 1], ls=":", color="#555555", lw=1, label=word("gen.perfect_calibration"))
    for i, (name, p) in enumerate(probs.items()):
        bins = reliability_bins(p, targets, n_bins)
        full = bins.count > 0
        ax.plot(
            bins.confidence[full].numpy(),
            bins.accuracy[full].numpy(),
            "-o",
            ms=3,
            color=series_color(i),
            lw=1.8,
            label=name,
        )
    ax.set_xlabel(word("gen.confidence"))
    ax.set_ylabel(word("gen.actual_accuracy"))
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    legend_outside(ax)
    return fig
