"""Figures of attention: learning curves and attention maps (queries × keys)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from dlbasics.plot.basic import PALETTE


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
    ax.set_xlabel("key 위치 s")
    ax.set_ylabel("query 위치 t")
    ax.set_title(title, fontsize=10)
    ax.grid(False)


def reversal_figure(
    steps: Sequence[int],
    curves: Mapping[str, Sequence[float]],
    maps: Mapping[str, torch.Tensor],
    bound: float | None = None,
) -> Figure:
    """Test accuracy against steps (left), then one attention map per named run.

    Args:
        steps: the steps where accuracy was measured.
        curves: run name -> token accuracy at those steps.
        maps: run name -> ``(T, S)`` attention weights, one panel each.
        bound: the best order-blind accuracy, drawn as a dashed line.

    Example:
        >>> fig = reversal_figure((1, 2), {"a": (0.2, 0.9)}, {"a": torch.eye(3)}, bound=0.3)
        >>> len(fig.axes), len(fig.axes[0].lines)
        (3, 2)
    """
    if not maps:
        raise ValueError("maps must name at least one attention map")
    fig = plt.figure(figsize=(4.2 + 3.0 * len(maps), 3.4))
    grid = fig.add_gridspec(1, 1 + len(maps), width_ratios=[1.45] + [1.0] * len(maps))
    ax = fig.add_subplot(grid[0])
    for i, (name, values) in enumerate(curves.items()):
        if len(values) != len(steps):
            raise ValueError(f"curve {name!r} has {len(values)} points, steps has {len(steps)}")
        ax.plot(steps, values, color=PALETTE[i % len(PALETTE)], lw=2, label=name)
    if bound is not None:
        ax.axhline(bound, color="#555555", ls="--", lw=1.2, label="순서를 모르는 model의 최선")
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("step")
    ax.set_ylabel("test token accuracy")
    ax.legend(fontsize=8, loc="center right")
    image = None
    for i, (name, weights) in enumerate(maps.items()):
        panel = fig.add_subplot(grid[1 + i])
        attention_heatmap(panel, weights, name)
        image = panel.images[0]
    if image is not None:
        fig.colorbar(image, ax=fig.axes[1:], shrink=0.8, label="attention weight")
    return fig
