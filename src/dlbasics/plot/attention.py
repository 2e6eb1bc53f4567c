"""Figures of attention: learning curves and attention maps (queries × keys)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dlbasics.experiments.transformer import SequenceReversalResult
from dlbasics.plot.basic import series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, legend_outside
from dlbasics.plot.words import word


def attention_heatmap(ax: Axes, weights: torch.Tensor, title: str = "") -> None:
    """Draw one attention map on ``ax``: row ``t`` is query ``t``, column ``s`` is key ``s``.

    Args:
        ax: where to draw.
        weights: ``(T, S)`` weights in ``[0, 1]``, rows summing to 1.
        title: the panel's title.

    Example:
        >>> fig, ax = plt.subplots()
        >>> attention_heatmap(ax, torch.full((4, 4), 0.25), "uniform")
        >>> ax.get_title()
        'uniform'
    """
    if weights.dim() != 2:
        raise ValueError(f"weights must have shape (T, S), got {tuple(weights.shape)}")
    t, s = weights.shape
    ax.imshow(weights.detach().cpu().numpy(), cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(s))
    ax.set_yticks(range(t))
    ax.set_xlabel(word("attention.key_position"))
    ax.set_ylabel(word("attention.query_position"))
    ax.set_title(title, fontsize=10)
    ax.grid(False)


@bilingual
def sequence_reversal_figure(result: SequenceReversalResult) -> Figure:
    """Test accuracy against steps (top), below it the attention map of each run, heads averaged.

    The dashed line is the best accuracy of a model that cannot see order.

    Example:
        >>> from dlbasics.experiments.transformer import (
        ...     SequenceReversalConfig,
        ...     run_sequence_reversal,
        ... )
        >>> r = run_sequence_reversal(
        ...     SequenceReversalConfig(steps=2, n_test=4, every=1)
        ... )
        >>> fig = sequence_reversal_figure(r)
        >>> len(fig.axes), len(fig.axes[0].lines)
        (4, 3)
    """
    runs = (result.with_positions, result.without_positions)
    curves = (f"{result.config.positions} positional encoding", word("attention.no_positions"))
    titles = (word("attention.with_title"), word("attention.without_title"))
    fig = plt.figure(figsize=(FULL_WIDTH, 6.2))
    grid = fig.add_gridspec(2, len(runs), height_ratios=(1.0, 1.25))
    ax = fig.add_subplot(grid[0, :])
    for i, (run, label) in enumerate(zip(runs, curves, strict=True)):
        ax.plot(run.steps, run.accuracy, color=series_color(i), lw=2, label=label)
    ax.axhline(
        result.order_blind_bound,
        color="#555555",
        ls="--",
        lw=1.2,
        label=word("attention.order_blind"),
    )
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("step")
    ax.set_ylabel("test token accuracy")
    legend_outside(ax)
    for i, (run, title) in enumerate(zip(runs, titles, strict=True)):
        attention_heatmap(fig.add_subplot(grid[1, i]), run.attention.mean(0), title)
    fig.colorbar(fig.axes[1].images[0], ax=fig.axes[1:], shrink=0.8, label="attention weight")
    return fig
