"""Figures of the regularizers a single train/test split cannot show: k-fold validation,
ensembles, batch normalization (:mod:`dlbasics.experiments.regularizers`)."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dlbasics.experiments.regularizers import BatchNormResult, EnsembleResult, KFoldResult
from dlbasics.plot.basic import series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend, legend_outside
from dlbasics.plot.words import word


@bilingual
def kfold_figure(result: KFoldResult) -> Figure:
    """Each fold's validation accuracy (a single-split estimate) and their mean ± 2 s.e.

    Hollow markers score the same predictions with the true labels, squares on the test set.

    Example:
        >>> from dlbasics.experiments.regularizers import KFoldConfig
        >>> r = KFoldResult(
        ...     config=KFoldConfig(k=2),
        ...     val_accuracy=(0.6, 0.7),
        ...     val_accuracy_true=(0.7, 0.8),
        ...     test_accuracy=(0.8, 0.8),
        ...     fold_size=10,
        ... )
        >>> len(kfold_figure(r).axes)
        1
    """
    k = len(result.val_accuracy)
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    folds = np.arange(1, k + 1)
    own_labels = word("reg.own_labels", n=result.fold_size)
    for values, fmt, color, ms, filled, label in (
        (result.val_accuracy, "o", 0, 7, True, own_labels),
        (result.val_accuracy_true, "o", 0, 7, False, word("reg.true_labels")),
        (result.test_accuracy, "s", 2, 5, False, word("reg.test_same_model")),
    ):
        mfc = None if filled else "none"  # None: the default, filled with the line's color
        ax.plot(folds, values, fmt, color=series_color(color), ms=ms, mfc=mfc, label=label)
    ax.errorbar(
        [k + 1.0],
        [result.mean],
        yerr=[2 * result.stderr],
        fmt="D",
        color=series_color(0),
        capsize=5,
        ms=7,
        label=word("reg.kfold_mean"),
    )
    ax.set_xticks([*folds, k + 1], [*(str(f) for f in folds), word("reg.mean")])
    ax.set_xlabel("fold")
    ax.set_ylabel("accuracy")
    ax.set_ylim(0.4, 1.05)
    legend_outside(ax)
    return fig


@bilingual
def ensemble_figure(result: EnsembleResult) -> Figure:
    """Ensemble accuracy against the number of members; dashed: the average single member.

    Example:
        >>> from dlbasics.experiments.regularizers import EnsembleConfig, EnsembleRun
        >>> plain = EnsembleRun(
        ...     member_accuracy=(0.7, 0.72),
        ...     ensemble_accuracy=(0.7, 0.75),
        ...     bootstrap=False,
        ... )
        >>> bagged = EnsembleRun(
        ...     member_accuracy=(0.6, 0.7),
        ...     ensemble_accuracy=(0.6, 0.76),
        ...     bootstrap=True,
        ... )
        >>> r = EnsembleResult(
        ...     config=EnsembleConfig(n_members=2), plain=plain, bagged=bagged
        ... )
        >>> len(ensemble_figure(r).axes[0].lines)
        4
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.8))
    runs = ((word("reg.init_only"), result.plain), ("bagging", result.bagged))
    for i, (name, r) in enumerate(runs):
        m = range(1, len(r.ensemble_accuracy) + 1)
        ax.plot(
            m,
            r.ensemble_accuracy,
            "-o",
            color=series_color(i),
            lw=2,
            ms=4,
            label=word("reg.ensemble_mean", name=name),
        )
        ax.axhline(
            r.mean_member,
            color=series_color(i),
            ls="--",
            lw=1,
            label=word("reg.one_model", name=name),
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(word("reg.ensemble_size"))
    ax.set_ylabel("test accuracy")
    legend_outside(ax)
    return fig


@bilingual
def batchnorm_figure(result: BatchNormResult) -> Figure:
    """Left: training loss per step for each lr (colour), without (dashed) and with (solid) BN.

    Right: final training loss against learning rate, dashed without BN and solid with it.

    Example:
        >>> from dlbasics.experiments.regularizers import BatchNormConfig
        >>> r = BatchNormResult(
        ...     config=BatchNormConfig(lrs=(0.1,), steps=2),
        ...     lrs=(0.1,),
        ...     plain=((2.0, 1.0),),
        ...     bn=((2.0, 0.5),),
        ... )
        >>> len(batchnorm_figure(r).axes)
        2
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.5))
    top = 2.5
    for i, lr in enumerate(result.lrs):
        plain = [min(v, top) for v in result.plain[i]]
        left.plot(plain, color=series_color(i), ls="--", lw=1.4)
        left.plot(result.bn[i], color=series_color(i), lw=2, label=f"lr={lr:g}")
    left.set_yscale("log")
    left.set_xlabel("step")
    left.set_ylabel("training loss")
    for name, final, ls in (
        (word("reg.no_bn"), result.final_plain, "--"),
        ("BN", result.final_bn, "-"),
    ):
        y = [v if math.isfinite(v) else top for v in final]
        right.plot(result.lrs, y, marker="o", ls=ls, color="#333333", lw=1.6, label=name)
    right.set_xscale("log")
    right.set_yscale("log")
    right.set_xlabel("learning rate")
    right.set_ylabel(word("reg.final_loss", top=top))
    # One legend: colour is the learning rate (left), dashed is without BN (both panels).
    figure_legend(fig, ncols=len(result.lrs) + 2)
    return fig
