"""The historical review at a glance: a timeline, and which component each paper changed."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlbasics.milestones import MILESTONES, Milestone
from dlbasics.plot.basic import PALETTE
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend
from dlbasics.plot.words import word

COMPONENTS = ("data", "model", "loss", "algorithm")


def _check_milestones(milestones: tuple[Milestone, ...]) -> None:
    """Refuse an empty tuple or one holding anything but :class:`Milestone` records."""
    if not milestones:
        raise ValueError("milestones must not be empty")
    if not all(isinstance(m, Milestone) for m in milestones):
        raise TypeError("milestones must hold Milestone records")


def _by_year(milestones: tuple[Milestone, ...]) -> list[Milestone]:
    """The milestones in the order they first appeared (a stable sort: ties keep their order)."""
    return sorted(milestones, key=lambda m: m.year)


@bilingual
def timeline_figure(milestones: tuple[Milestone, ...] = MILESTONES) -> Figure:
    """Each milestone at its first year; an arrow from the note's year where the two differ.

    One row per milestone, top to bottom in order of year, so no label or arrow crosses another.
    The Introduction and the Historical Review both show this figure.

    Args:
        milestones: the records to draw (drawn in order of ``year``).

    Raises:
        ValueError: if ``milestones`` is empty.
        TypeError: if it holds something other than :class:`~dlbasics.milestones.Milestone`.

    Example:
        >>> fig = timeline_figure()
        >>> len(fig.axes)
        1
    """
    _check_milestones(milestones)
    fig, ax = plt.subplots(figsize=(FULL_WIDTH, 0.36 * len(milestones) + 1.2))
    for row, m in enumerate(_by_year(milestones)):
        y = len(milestones) - row
        if m.note_year is not None and m.note_year != m.year:
            ax.annotate(
                "",
                xy=(m.year, y),
                xytext=(m.note_year, y),
                arrowprops={"arrowstyle": "->", "color": PALETTE[2], "lw": 1.5},
            )
            ax.plot([m.note_year], [y], "o", mfc="white", mec=PALETTE[2], ms=8)
        ax.plot([m.year], [y], "o", color=PALETTE[0], ms=9)
        right = max(m.year, m.note_year or m.year)  # the label goes right of both points
        ax.text(right + 0.25, y, m.name, va="center", fontsize=10)
    years = [m.year for m in milestones] + [m.note_year for m in milestones if m.note_year]
    ax.set_xlim(min(years) - 0.7, max(years) + 2.2)
    ax.set_ylim(0.3, len(milestones) + 0.7)
    ax.set_xticks(range(min(years), max(years) + 1))
    ax.set_yticks([])
    ax.grid(axis="x", alpha=0.3)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.plot([], [], "o", color=PALETTE[0], label=word("timeline.first_year"))
    ax.plot([], [], "o", mfc="white", mec=PALETTE[2], label=word("timeline.note_year"))
    figure_legend(fig, ncols=1, loc="lower")
    return fig


@bilingual
def novelty_figure(milestones: tuple[Milestone, ...] = MILESTONES) -> Figure:
    """A grid: a row per milestone in order of year, a filled cell per component it changed most.

    Raises:
        ValueError: if ``milestones`` is empty or names a component outside ``COMPONENTS``.
        TypeError: if it holds something other than :class:`~dlbasics.milestones.Milestone`.

    Example:
        >>> fig = novelty_figure()
        >>> fig.axes[0].get_xticklabels()[0].get_text()
        'Data'
    """
    _check_milestones(milestones)
    fig, ax = plt.subplots(figsize=(5.2, 0.36 * len(milestones) + 1.0))
    ordered = _by_year(milestones)
    for row, m in enumerate(ordered):
        unknown = set(m.new) - set(COMPONENTS)
        if unknown:
            raise ValueError(f"{m.name}: unknown components {sorted(unknown)}")
        for col, c in enumerate(COMPONENTS):
            filled = c in m.new
            ax.add_patch(
                Rectangle(
                    (col + 0.08, row + 0.1),
                    0.84,
                    0.8,
                    color=PALETTE[col] if filled else "#EEEEEE",
                )
            )
    ax.set_xlim(0, len(COMPONENTS))
    ax.set_ylim(len(milestones), 0)
    ax.set_xticks([i + 0.5 for i in range(len(COMPONENTS))])
    ax.set_xticklabels([c.capitalize() for c in COMPONENTS])
    ax.xaxis.tick_top()
    ax.set_yticks([i + 0.5 for i in range(len(milestones))])
    ax.set_yticklabels([f"{m.year} {m.name}" for m in ordered])
    ax.tick_params(length=0)
    ax.grid(False)
    for side in ax.spines.values():
        side.set_visible(False)
    return fig
