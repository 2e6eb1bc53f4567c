"""Figures of the Adam page: the optimizer race and the bias correction."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from dlbasics.experiments.adam import BiasCorrection, Race
from dlbasics.plot.basic import PALETTE


def race_figure(
    races: Sequence[Race], titles: Sequence[str], optimizers: Sequence[str] = ()
) -> Figure:
    """Training loss against steps, each optimizer at its best learning rate; a panel per race.

    Args:
        races: results of :func:`dlbasics.experiments.adam.race`, one panel each.
        titles: a title per race.
        optimizers: which optimizers to draw (default: all of the first race's).

    Example:
        >>> from dlbasics.experiments.adam import RaceConfig, race
        >>> r = race(RaceConfig(steps=4, every=2, lrs=(0.1,), optimizers=("SGD", "Adam")))
        >>> [len(ax.lines) for ax in race_figure([r, r], ["a", "b"]).axes]
        [2, 2]
    """
    if not races or len(races) != len(titles):
        raise ValueError(f"need one title per race, got {len(races)} races, {len(titles)} titles")
    names = tuple(optimizers) or races[0].optimizers
    fig, axes = plt.subplots(1, len(races), figsize=(4.2 * len(races), 3.6), sharey=True)
    axes = [axes] if len(races) == 1 else list(axes)
    for ax, result, title in zip(axes, races, titles, strict=True):
        for name in names:
            if name not in result.curves:
                raise ValueError(f"optimizer {name!r} is not in the race {result.optimizers}")
            color = PALETTE[list(result.optimizers).index(name) % len(PALETTE)]
            bold = name == "Adam"
            ax.plot(
                result.steps,
                result.curves[name],
                color=color,
                lw=2.6 if bold else 1.6,
                label=f"{name} (η = {result.best_lr[name]:.0e})",
            )
        ax.set_yscale("log")
        ax.set_xlabel("step")
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=7.5)
    axes[0].set_ylabel("training loss (cross-entropy)")
    return fig


def bias_correction_figure(result: BiasCorrection) -> Figure:
    """Adam's step size (in units of η) with and without bias correction, log-scaled steps.

    Example:
        >>> from dlbasics.experiments.adam import bias_correction
        >>> len(bias_correction_figure(bias_correction(steps=5)).axes[0].lines)
        3
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    ax.plot(result.t, result.uncorrected, color=PALETTE[2], lw=2, label="보정 없이: m / √v")
    ax.plot(
        result.t,
        result.corrected,
        color=PALETTE[0],
        lw=2,
        label="Adam (보정): m̂ / √v̂",
    )
    ax.axhline(1.0, color="#555555", lw=0.8, ls="--")
    ax.set_xscale("log")
    ax.set_xlabel("step t (gradient g = 1로 일정)")
    ax.set_ylabel("한 step의 크기 / η")
    ax.set_ylim(0, max(result.uncorrected) * 1.1)
    ax.legend()
    return fig
