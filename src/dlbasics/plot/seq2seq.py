"""Figures of the Encoder/Decoder page: learning curves and accuracy per target position."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from dlbasics.experiments.seq2seq import SourceReversalResult
from dlbasics.plot.basic import series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend
from dlbasics.plot.words import word

#: The :func:`~dlbasics.plot.words.word` key of each run's name, by ``reverse_source``.
LABEL_KEYS = {False: "seq2seq.forward", True: "seq2seq.reversed"}


@bilingual
def source_reversal_figure(result: SourceReversalResult) -> Figure:
    """Left: test token accuracy over training. Right: final accuracy at each target position.

    Both panels draw the source-as-written and the reversed-source run, and a dashed line at
    the accuracy of guessing (``1 / V``).

    Example:
        >>> from dlbasics.experiments.seq2seq import (
        ...     SourceReversalConfig,
        ...     run_source_reversal,
        ... )
        >>> r = run_source_reversal(SourceReversalConfig(length=4, steps=1, n_test=4))
        >>> len(source_reversal_figure(r).axes)
        2
    """
    forward, reversed_ = result.forward, result.reversed
    chance = 1 / result.config.vocab_size
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.5))
    positions = np.arange(1, len(forward.position_accuracy) + 1)
    for i, run in enumerate((forward, reversed_)):
        color = series_color(2 * i)
        label = word(LABEL_KEYS[run.reverse_source])
        left.plot(run.steps, run.accuracy, color=color, lw=2, marker="o", ms=3, label=label)
        right.plot(positions, run.position_accuracy, color=color, lw=2, marker="o", ms=4)
    for ax in (left, right):
        ax.set_ylim(0, 1.02)
        ax.axhline(chance, ls="--", lw=1, color="#777777")
    left.annotate(
        word("common.chance_value", value=f"1/{result.config.vocab_size}"),
        (max(forward.steps), chance),
        textcoords="offset points",
        xytext=(0, 4),
        ha="right",
        fontsize=9,
        color="#555555",
    )
    left.set_xlabel(word("common.training_step"))
    left.set_ylabel("test token accuracy (greedy)")
    figure_legend(fig)
    right.set_xlabel(word("seq2seq.position"))
    right.set_ylabel("token accuracy")
    right.set_xticks(positions)
    return fig
