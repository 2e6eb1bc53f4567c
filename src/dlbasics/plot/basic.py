"""Generic figures reused across chapters: image grids and bar comparisons."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

from dlbasics._checks import check_int
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, legend_outside
from dlbasics.plot.style import PALETTE as PALETTE  # re-exported: the chapters' figures use it


def series_color(i: int) -> str:
    """The ``i``-th colour of :data:`PALETTE`, cycling, so series keep their colour across panels.

    Example:
        >>> series_color(0) == series_color(len(PALETTE))
        True
    """
    return PALETTE[i % len(PALETTE)]


def moving_average(values: tuple[float, ...], window: int) -> list[float]:
    """Mean of the last ``window`` values at every index (fewer at the start).

    Example:
        >>> moving_average((1.0, 3.0, 5.0), 2)
        [1.0, 2.0, 4.0]
    """
    check_int(window, "window", low=1)
    x = torch.tensor(values, dtype=torch.float64).cumsum(0)  # running sums
    out = []
    for i in range(len(values)):
        lo = i - window
        total = x[i] - (x[lo] if lo >= 0 else 0.0)
        out.append(float(total) / min(i + 1, window))
    return out


@bilingual
def image_grid(
    images: torch.Tensor, titles: Sequence[str] = (), ncols: int = 10, size: float = 0.9
) -> Figure:
    """Show grayscale images in a grid, dark ink on white, with optional titles.

    Args:
        images: ``(N, H, W)``, ``(N, 1, H, W)`` or ``(N, 64)`` (read as 8×8) ink values.
        titles: ``N`` titles, or none.
        ncols: images per row, at least 1.
        size: inches per image, at most: a grid is never wider than the text column.

    Example:
        >>> len(image_grid(torch.rand(4, 8, 8), ncols=2).axes)
        4
    """
    if images.dim() == 2 and images.shape[1] == 64:
        images = images.view(-1, 8, 8)  # (N, 64) -> (N, H, W)
    if images.dim() == 4 and images.shape[1] == 1:
        images = images[:, 0]  # (N, 1, H, W) -> (N, H, W)
    if images.dim() != 3 or images.shape[0] == 0:
        raise ValueError(f"images must have shape (N, H, W) with N > 0, got {tuple(images.shape)}")
    if titles and len(titles) != images.shape[0]:
        raise ValueError(f"titles must have {images.shape[0]} entries, got {len(titles)}")
    if ncols < 1:
        raise ValueError(f"ncols must be >= 1, got {ncols}")
    n = images.shape[0]
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    size = min(size, FULL_WIDTH / ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * nrows + 0.25 * nrows), squeeze=False
    )
    for i, ax in enumerate(axes.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(images[i].detach().cpu().numpy(), cmap="gray_r", vmin=0)
            if titles:
                ax.set_title(titles[i], fontsize=9)
    return fig


@bilingual
def bar_comparison(
    labels: Sequence[str],
    values: Sequence[float],
    ylabel: str,
    reference: float | None = None,
    reference_label: str = "",
) -> Figure:
    """Bars with their values written on top, and an optional dashed reference line.

    Example:
        >>> len(bar_comparison(["a", "b"], [0.5, 0.9], "accuracy").axes[0].patches)
        2
    """
    if len(labels) != len(values) or not labels:
        raise ValueError("labels and values must be non-empty and of the same length")
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(labels))]
    bars = ax.bar(range(len(labels)), values, color=colors, width=0.6)
    ax.bar_label(bars, labels=[f"{v:.3f}" for v in values], padding=3)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_ylabel(ylabel)
    if reference is not None:
        ax.axhline(reference, ls="--", color="#555555", lw=1, label=reference_label or None)
        if reference_label:
            legend_outside(ax)
    ax.set_ylim(0, max(max(values), reference or 0) * 1.15)
    ax.grid(axis="x", visible=False)
    return fig
