"""Figures of the ResNet page: training and test curves of plain and residual networks."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlbasics.experiments.resnet import DegradationResult
from dlbasics.plot.basic import PALETTE
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend


@bilingual
def degradation_figure(result: DegradationResult) -> Figure:
    """Like the ResNet paper's Figure 1: training loss (left, log scale) and test error (right).

    The deep plain network is drawn in vermillion, the shallow one in blue and the deep
    residual one in bluish green; dashed lines are plain networks.

    Args:
        result: what :func:`dlbasics.experiments.resnet.run_degradation` returned.

    Example:
        >>> from dlbasics.experiments.resnet import DegradationConfig, run_degradation
        >>> config = DegradationConfig(deep=3, shallow=2, width=4, steps=2, every=1)
        >>> [len(ax.lines) for ax in degradation_figure(run_degradation(config)).axes]
        [3, 3]
    """
    colors = (PALETTE[2], PALETTE[0], PALETTE[1])
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.5))
    for i, name in enumerate(result.names):
        style = {
            "color": colors[i % len(colors)],
            "lw": 2,
            "ls": "-" if name.startswith("residual") else "--",
            "label": name,
        }
        left.plot(result.steps, result.train_loss[name], **style)
        right.plot(result.steps, [100 * e for e in result.test_error[name]], **style)
    left.set_yscale("log")
    left.set_xlabel("step")
    left.set_ylabel("training loss (cross-entropy)")
    left.set_title("training")
    right.set_xlabel("step")
    right.set_ylabel("test error (%)")
    right.set_title("test")
    right.set_ylim(0, 50)
    figure_legend(fig, ncols=3)
    return fig
