"""Figures of the SimCLR page: augmented views, pre-training loss and the few-label probe."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from dlbasics.experiments.simclr import SimCLRResult
from dlbasics.plot.basic import PALETTE
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend
from dlbasics.plot.words import word


@bilingual
def views_figure(images: torch.Tensor, view1: torch.Tensor, view2: torch.Tensor) -> Figure:
    """Rows: the original images and two random views of each (dark ink on white).

    The images are tiled into one picture with thin gray gaps, so the figure stays light.

    Shape:
        ``images``, ``view1``, ``view2``: ``(N, 1, H, W)``.

    Example:
        >>> x = torch.rand(3, 1, 8, 8)
        >>> views_figure(x, x, x).axes[0].images[0].get_array().shape
        (28, 28)
    """
    if not images.shape == view1.shape == view2.shape or images.dim() != 4:
        raise ValueError(
            f"images and views must share a (N, 1, H, W) shape, got {tuple(images.shape)}, "
            f"{tuple(view1.shape)}, {tuple(view2.shape)}"
        )
    n, _, h, w = images.shape
    gap = 1
    tiles = np.full((3 * (h + gap) + gap, n * (w + gap) + gap), np.nan)  # NaN: the gaps
    for r, batch in enumerate((images, view1, view2)):
        for i in range(n):
            top, left = gap + r * (h + gap), gap + i * (w + gap)
            tiles[top : top + h, left : left + w] = batch[i, 0].detach().numpy()
    cmap = plt.get_cmap("gray_r").with_extremes(bad="#bbbbbb")
    fig, ax = plt.subplots(figsize=(min(0.8 * n + 0.6, FULL_WIDTH), 2.7))
    ax.imshow(np.ma.masked_invalid(tiles), cmap=cmap, vmin=0, vmax=1)
    ax.set_yticks(
        [gap + r * (h + gap) + (h - 1) / 2 for r in range(3)],
        [word("simclr.original"), "view 1", "view 2"],
    )
    ax.set_xticks([])
    ax.tick_params(length=0)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig


@bilingual
def probe_figure(result: SimCLRResult) -> Figure:
    """Left: NT-Xent during pre-training. Right: probe accuracy against labels per class.

    Args:
        result: what :func:`dlbasics.experiments.simclr.run_simclr` returned.

    Example:
        >>> from dlbasics.experiments.simclr import SimCLRConfig
        >>> result = SimCLRResult(
        ...     config=SimCLRConfig(labels_per_class=(1, 5)),
        ...     loss=(3.0, 2.0),
        ...     probe_accuracy={"pixels": (0.6, 0.8), "SimCLR": (0.7, 0.9)},
        ... )
        >>> [len(ax.lines) for ax in probe_figure(result).axes]
        [1, 2]
    """
    ks = result.config.labels_per_class
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.6), width_ratios=(1, 1.3))
    left.plot(np.arange(1, len(result.loss) + 1), result.loss, color="#555555", lw=1)
    left.set_xlabel("pre-training step")
    left.set_ylabel("NT-Xent loss")
    left.set_title(word("simclr.no_labels"))
    markers = ("s", "^", "o")
    for i, (name, accs) in enumerate(result.probe_accuracy.items()):
        right.plot(
            ks,
            [100 * a for a in accs],
            color=PALETTE[(i + 2) % len(PALETTE)] if name != "SimCLR" else PALETTE[0],
            lw=2.5 if name == "SimCLR" else 1.5,
            marker=markers[i % len(markers)],
            label=name,
        )
    right.set_xscale("log")
    right.set_xticks(ks, [str(k) for k in ks])
    right.minorticks_off()
    right.set_xlabel(word("simclr.labels_per_class"))
    right.set_ylabel("linear probe test accuracy (%)")
    right.set_title(word("simclr.few_labels"))
    figure_legend(fig, ncols=3)
    return fig
