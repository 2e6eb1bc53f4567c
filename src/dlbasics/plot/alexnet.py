"""Figure of the AlexNet page: digits at random places, and who can read them."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlbasics._checks import check_int
from dlbasics.experiments.alexnet import CanvasResult
from dlbasics.plot.basic import PALETTE
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, legend_outside
from dlbasics.plot.words import word


@bilingual
def canvas_figure(result: CanvasResult, ncols: int = 4) -> Figure:
    """Left: test canvases with the true class and the CNN's answer. Right: test accuracy.

    Args:
        result: what :func:`dlbasics.experiments.alexnet.run_canvas` returned.
        ncols: canvases per row on the left.

    Example:
        >>> from dlbasics.experiments.alexnet import CanvasConfig, run_canvas
        >>> result = run_canvas(CanvasConfig(steps=2, widths=(4,), hidden=4))
        >>> len(canvas_figure(result).axes)
        9
    """
    check_int(ncols, "ncols", low=1)
    n = result.examples.shape[0]
    nrows = -(-n // ncols)
    cnn = result.example_predictions[result.names.index("CNN")]
    fig = plt.figure(figsize=(FULL_WIDTH, 3.8))
    left, right = fig.subfigures(1, 2, squeeze=False, width_ratios=(1.0, 1.15))[0]
    grid = left.subplots(nrows, ncols, squeeze=False)
    for i, ax in enumerate(grid.flat):
        ax.axis("off")
        if i < n:
            ax.imshow(result.examples[i, 0].numpy(), cmap="gray_r", vmin=0, vmax=1)
            ax.add_patch(
                Rectangle(
                    (-0.5, -0.5), *result.examples.shape[-2:], fill=False, color="#999999", lw=0.8
                )
            )
            ok = cnn[i] == result.example_labels[i]
            ax.set_title(
                word("alexnet.true_and_cnn", label=result.example_labels[i], cnn=cnn[i]),
                fontsize=9,
                linespacing=1.1,
                color="#222222" if ok else PALETTE[2],
            )
    left.suptitle(word("alexnet.unseen_places"), fontsize=10)
    ax = right.subplots()
    colors = [PALETTE[i % len(PALETTE)] for i in range(len(result.names))]
    bars = ax.bar(range(len(result.names)), result.test_accuracy, color=colors, width=0.6)
    ax.bar_label(bars, labels=[f"{a:.3f}" for a in result.test_accuracy], padding=3)
    ax.set_xticks(
        range(len(result.names)),
        [f"{name}\n{p:,} params" for name, p in zip(result.names, result.params, strict=True)],
        fontsize=9,
    )
    ax.axhline(0.1, ls="--", color="#555555", lw=1, label=word("common.chance_value", value=0.1))
    ax.set_ylim(0, 1.1)
    ax.set_ylabel("test accuracy")
    ax.grid(axis="x", visible=False)
    legend_outside(ax)
    return fig
