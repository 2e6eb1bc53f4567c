"""Figures of the BERT page: masked-LM pre-training, then fine-tuning with a few labels."""

from __future__ import annotations

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

from dlbasics.experiments.bert import BertResult
from dlbasics.plot.basic import PALETTE


def moving_average(values: tuple[float, ...], window: int) -> list[float]:
    """Mean of the last ``window`` values at every index (fewer at the start).

    Example:
        >>> moving_average((1.0, 3.0, 5.0), 2)
        [1.0, 2.0, 4.0]
    """
    if window < 1:
        raise ValueError(f"window must be >= 1, got {window}")
    x = torch.tensor(values, dtype=torch.float64).cumsum(0)  # running sums
    out = []
    for i in range(len(values)):
        lo = i - window
        total = x[i] - (x[lo] if lo >= 0 else 0.0)
        out.append(float(total) / min(i + 1, window))
    return out


def bert_figure(result: BertResult, window: int = 20) -> Figure:
    """Left: the masked-LM loss during pre-training. Right: test accuracy while fine-tuning.

    Args:
        result: from :func:`~dlbasics.experiments.bert.run_bert`.
        window: steps averaged for the pre-training curve.

    Example:
        >>> from dlbasics.experiments.bert import BertExperiment, run_bert
        >>> r = run_bert(BertExperiment(n_unlabeled=64, n_test=32, pretrain_steps=2,
        ...                             finetune_steps=2, eval_every=1, d_model=8))
        >>> len(bert_figure(r).axes)
        2
    """
    c = result.config
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.4))
    steps = range(1, len(result.pretrain_loss) + 1)
    left.plot(steps, result.pretrain_loss, color=PALETTE[0], lw=0.8, alpha=0.35)
    left.plot(steps, moving_average(result.pretrain_loss, window), color=PALETTE[0], lw=2)
    left.set_xlabel("pre-training step (label 없이)")
    left.set_ylabel("masked LM loss")
    left.set_title("1. 빈칸 채우기로 pre-training", fontsize=10)
    right.plot(
        result.steps,
        result.accuracy_pretrained,
        color=PALETTE[0],
        lw=2,
        marker="o",
        ms=4,
        label="pre-trained → fine-tuning",
    )
    right.plot(
        result.steps,
        result.accuracy_scratch,
        color=PALETTE[2],
        lw=2,
        marker="s",
        ms=4,
        label="처음부터 (from scratch)",
    )
    right.axhline(1 / c.n_topics, color="#777777", lw=1, ls="--", label="찍기 (chance)")
    right.set_xlabel(f"fine-tuning step (label {c.labels_per_topic * c.n_topics}개)")
    right.set_ylabel("test accuracy (topic)")
    right.set_ylim(0, 1)
    right.set_title("2. label 몇 개로 fine-tuning", fontsize=10)
    right.legend(fontsize=8, loc="lower right")
    return fig
