"""Figures of the BERT page: masked-LM pre-training, then fine-tuning with a few labels."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlbasics.experiments.bert import BertPretrainingResult
from dlbasics.plot.basic import moving_average, series_color


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
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.4))
    steps = range(1, len(result.pretrain_loss) + 1)
    left.plot(steps, result.pretrain_loss, color=series_color(0), lw=0.8, alpha=0.35)
    left.plot(steps, moving_average(result.pretrain_loss, window), color=series_color(0), lw=2)
    left.set_xlabel("pre-training step (label 없이)")
    left.set_ylabel("masked LM loss")
    left.set_title("1. 빈칸 채우기로 pre-training", fontsize=10)
    for accuracy, i, marker, label in (
        (result.accuracy_pretrained, 0, "o", "pre-trained → fine-tuning"),
        (result.accuracy_scratch, 2, "s", "처음부터 (from scratch)"),
    ):
        right.plot(
            result.steps, accuracy, color=series_color(i), lw=2, marker=marker, ms=4, label=label
        )
    right.axhline(1 / c.n_topics, color="#777777", lw=1, ls="--", label="찍기 (chance)")
    right.set_xlabel(f"fine-tuning step (label {c.labels_per_topic * c.n_topics}개)")
    right.set_ylabel("test accuracy (topic)")
    right.set_ylim(0, 1)
    right.set_title("2. label 몇 개로 fine-tuning", fontsize=10)
    right.legend(fontsize=8, loc="lower right")
    return fig
