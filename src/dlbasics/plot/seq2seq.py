"""Figures of the Encoder/Decoder page: learning curves and accuracy per target position."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from dlbasics.experiments.seq2seq import Seq2SeqRun
from dlbasics.plot.basic import PALETTE

LABELS = {False: "원문 순서 그대로", True: "원문을 뒤집어서 (Sutskever et al.)"}


def reversal_figure(
    forward: Seq2SeqRun, reversed_: Seq2SeqRun, chance: float | None = None
) -> Figure:
    """Left: test token accuracy over training. Right: final accuracy at each target position.

    Args:
        forward: the run that read the source as written.
        reversed_: the run that read it back to front.
        chance: accuracy of guessing, drawn as a dashed line (``1 / V``), or ``None``.

    Example:
        >>> from dlbasics.experiments.seq2seq import Seq2SeqConfig, reversal_experiment
        >>> r = reversal_experiment(config=Seq2SeqConfig(length=4, steps=1, n_test=4))
        >>> len(reversal_figure(r.forward, r.reversed, chance=0.125).axes)
        2
    """
    if forward.reverse_source or not reversed_.reverse_source:
        raise ValueError("forward must read the source as written and reversed_ reversed")
    if len(forward.position_accuracy) != len(reversed_.position_accuracy):
        raise ValueError("the two runs must translate sentences of the same length")
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.4))
    positions = np.arange(1, len(forward.position_accuracy) + 1)
    for i, run in enumerate((forward, reversed_)):
        color = PALETTE[2 * i]
        label = LABELS[run.reverse_source]
        left.plot(run.steps, run.accuracy, color=color, lw=2, marker="o", ms=3, label=label)
        right.plot(positions, run.position_accuracy, color=color, lw=2, marker="o", ms=4)
    for ax in (left, right):
        ax.set_ylim(0, 1.02)
        if chance is not None:
            ax.axhline(chance, ls="--", lw=1, color="#777777")
    if chance is not None:
        left.annotate(
            f"찍기 (1/{round(1 / chance)})",
            (max(forward.steps), chance),
            textcoords="offset points",
            xytext=(0, 4),
            ha="right",
            fontsize=8,
            color="#555555",
        )
    left.set_xlabel("학습 step")
    left.set_ylabel("test token accuracy (greedy decoding)")
    left.legend(fontsize=8, loc="upper left")
    right.set_xlabel("번역문의 몇 번째 단어")
    right.set_ylabel("token accuracy")
    right.set_xticks(positions)
    return fig
