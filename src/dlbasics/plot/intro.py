"""Figures of the book's first part: AI ⊃ ML ⊃ DL, the four components, the timeline."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from dlbasics.milestones import MILESTONES, Milestone

# The slide's three definitions, outermost first: (name, Korean, English).
AI_ML_DL: tuple[tuple[str, str, str], ...] = (
    ("Artificial Intelligence", "사람의 지능을 모방", "mimic human intelligence"),
    ("Machine Learning", "데이터로부터 학습", "data-driven approach"),
    ("Deep Learning", "신경망", "neural networks"),
)
COLORS = ("#4C72B0", "#55A868", "#C44E52", "#8172B2")


def ai_ml_dl_figure() -> Figure:
    """Draw the nested circles AI ⊃ ML ⊃ DL with the slide's three definitions.

    Example:
        >>> fig = ai_ml_dl_figure()
        >>> len(fig.axes[0].patches)
        3
    """
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    radii, centers = (3.0, 2.05, 1.1), ((0.0, 0.0), (0.0, -0.9), (0.0, -1.85))
    for (name, ko, en), r, (cx, cy), color in zip(
        AI_ML_DL, radii, centers, COLORS[:3], strict=True
    ):
        ax.add_patch(Circle((cx, cy), r, facecolor=color, alpha=0.18, edgecolor=color, lw=2))
        top = cy + r
        ax.text(cx, top - 0.32, name, ha="center", va="center", fontsize=13, weight="bold")
        ax.text(cx, top - 0.68, f"{ko} ({en})", ha="center", va="center", fontsize=10)
    ax.set_xlim(-3.2, 3.2)
    ax.set_ylim(-3.2, 3.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def components_figure() -> Figure:
    """Draw the four components as a loop: Data → Model → Loss → Algorithm → Model.

    Example:
        >>> [t.get_text() for t in components_figure().axes[0].texts][0:8:2]
        ['Data', 'Model', 'Loss', 'Algorithm']
    """
    fig, ax = plt.subplots(figsize=(8.0, 3.4))
    boxes = {
        "Data": ((0.0, 1.0), "학습할 데이터\n(x, y)"),
        "Model": ((3.0, 1.0), "데이터를 변환\nŷ = f(x; θ)"),
        "Loss": ((6.0, 1.0), "얼마나 나쁜가\nℒ(ŷ, y)"),
        "Algorithm": ((3.0, -1.2), "ℒ을 줄이도록 θ를 조정\nθ ← θ − η∇ℒ"),
    }
    for (name, ((x, y), desc)), color in zip(boxes.items(), COLORS, strict=True):
        ax.add_patch(
            FancyBboxPatch(
                (x - 1.1, y - 0.6),
                2.2,
                1.2,
                boxstyle="round,pad=0.05",
                facecolor=color,
                alpha=0.2,
                edgecolor=color,
                lw=2,
            )
        )
        ax.text(x, y + 0.3, f"{name}", ha="center", va="center", fontsize=12, weight="bold")
        ax.text(x, y - 0.2, desc, ha="center", va="center", fontsize=9)
    arrows = [
        ((1.15, 1.0), (1.85, 1.0)),
        ((4.15, 1.0), (4.85, 1.0)),
        ((6.0, 0.35), (4.2, -1.0)),
        ((3.0, -0.55), (3.0, 0.35)),
    ]
    for start, end in arrows:
        ax.add_patch(
            FancyArrowPatch(
                start, end, arrowstyle="-|>", mutation_scale=16, lw=1.5, color="#333333"
            )
        )
    ax.text(5.55, -0.55, "∇ℒ", fontsize=10, ha="left")
    ax.text(3.1, -0.1, "θ 갱신", fontsize=10, ha="left")
    ax.set_xlim(-1.3, 7.3)
    ax.set_ylim(-2.0, 1.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


def loss_curve(loss: Sequence[float], title: str = "", ylabel: str = "training loss") -> Figure:
    """Plot a loss per step on a log scale.

    Args:
        loss: the loss after each step; at least one positive value.
        title: an optional title.
        ylabel: the y-axis label.

    Raises:
        ValueError: if ``loss`` is empty or holds a non-positive value (log scale).

    Example:
        >>> loss_curve([2.0, 1.0, 0.5]).axes[0].get_yscale()
        'log'
    """
    values = [float(v) for v in loss]
    if not values or min(values) <= 0:
        raise ValueError("loss must be a non-empty sequence of positive numbers")
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    ax.plot(range(1, len(values) + 1), values, color=COLORS[0], lw=2)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return fig


def timeline_figure(milestones: Sequence[Milestone] = MILESTONES) -> Figure:
    """Draw the milestones on a time line at their paper's year.

    Where the note puts a paper under another year, a hollow marker shows the note's
    year and an arrow points to the paper's.

    Example:
        >>> fig = timeline_figure()
        >>> sum(t.get_text() != "" for t in fig.axes[0].texts) == len(MILESTONES)
        True
    """
    if not milestones:
        raise ValueError("milestones must not be empty")
    fig, ax = plt.subplots(figsize=(9.0, 3.6))
    per_year: dict[int, int] = {}
    for m in milestones:
        level = per_year.get(m.year, 0)
        per_year[m.year] = level + 1
        y = 0.5 + 0.55 * level
        color = COLORS[2] if m.erratum else COLORS[0]
        if level == 0:
            ax.plot([m.year, m.year], [0, y - 0.12], color="#999999", lw=1)
        ax.plot(m.year, 0, "o", color=color, ms=8)
        ax.text(m.year, y, m.name, ha="center", va="bottom", fontsize=9, color=color)
        if m.note_year is not None and m.note_year != m.year:
            ax.plot(m.note_year, -0.35, "o", mfc="white", mec=color, ms=7)
            ax.annotate(
                "",
                xy=(m.year, -0.08),
                xytext=(m.note_year, -0.35),
                arrowprops={"arrowstyle": "->", "color": color, "lw": 1},
            )
    years = [m.year for m in milestones] + [m.note_year or m.year for m in milestones]
    ax.set_xlim(min(years) - 0.7, max(years) + 0.7)
    ax.set_ylim(-0.7, 0.5 + 0.55 * max(per_year.values()) + 0.2)
    ax.set_xticks(range(min(years), max(years) + 1))
    ax.set_yticks([])
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    ax.set_xlabel("논문이 실린 해 (빈 원: 노트가 적은 해, 빨강: 노트에 바로잡을 점이 있음)")
    return fig
