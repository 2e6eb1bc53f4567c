"""Figures of the BERT page: masked-LM pre-training, then fine-tuning with a few labels."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlbasics.experiments.bert import BertPretrainingResult
from dlbasics.plot.basic import moving_average, series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend
from dlbasics.plot.words import word


@bilingual
def bert_figure(result: BertPretrainingResult, window: int = 20) -> Figure:
    """Left: the masked-LM loss during pre-training. Right: test accuracy while fine-tuning.

    Args:
        result: from :func:`~dlbasics.experiments.bert.run_bert_pretraining`.
        window: steps averaged for the pre-training curve.

    Example:
        >>> from dlbasics.experiments.bert import (
        ...     BertPretrainingConfig,
        ...     run_bert_pretraining,
        ... )
        >>> small = BertPretrainingConfig(
        ...     n_unlabeled=64,
        ...     n_test=32,
        ...     d_model=8,
        ...     pretrain_steps=2,
        ...     finetune_steps=2,
        ...     eval_every=1,
        ... )
        >>> r = run_bert_pretraining(small)
        >>> len(bert_figure(r).axes)
        2
    """
    c = result.config
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.5))
    steps = range(1, len(result.pretrain_loss) + 1)
    left.plot(steps, result.pretrain_loss, color=series_color(0), lw=0.8, alpha=0.35)
    left.plot(steps, moving_average(result.pretrain_loss, window), color=series_color(0), lw=2)
    left.set_xlabel(word("bert.pretrain_steps"))
    left.set_ylabel("masked LM loss")
    left.set_title(word("bert.fill_blanks"))
    for accuracy, i, marker, label in (
        (result.accuracy_pretrained, 0, "o", "pre-trained → fine-tuning"),
        (result.accuracy_scratch, 2, "s", word("bert.scratch")),
    ):
        right.plot(
            result.steps, accuracy, color=series_color(i), lw=2, marker=marker, ms=4, label=label
        )
    right.axhline(1 / c.n_topics, color="#777777", lw=1, ls="--", label=word("common.chance"))
    right.set_xlabel(word("bert.finetune_steps", n=c.labels_per_topic * c.n_topics))
    right.set_ylabel("test accuracy (topic)")
    right.set_ylim(0, 1)
    right.set_title(word("bert.few_labels"))
    figure_legend(fig, ncols=3)
    return fig
