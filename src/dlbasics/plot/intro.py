"""Figures of the book's first part: AI ⊃ ML ⊃ DL, the four components, a loss curve.

The milestones' timeline is :func:`dlbasics.plot.timeline.timeline_figure`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

from dlbasics.experiments.ai_ml_dl import AiMlDlResult
from dlbasics.plot.basic import PALETTE, bar_comparison
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH
from dlbasics.plot.words import word

#: The slide's three definitions, outermost first: (name, :func:`~dlbasics.plot.words.word` key).
AI_ML_DL: tuple[tuple[str, str], ...] = (
    ("Artificial Intelligence", "intro.ai"),
    ("Machine Learning", "intro.ml"),
    ("Deep Learning", "intro.dl"),
)


@bilingual
def ai_ml_dl_figure() -> Figure:
    """Draw the nested circles AI ⊃ ML ⊃ DL with the slide's three definitions.

    Example:
        >>> fig = ai_ml_dl_figure()
        >>> len(fig.axes[0].patches)
        3
    """
    fig, ax = plt.subplots(figsize=(6.4, 5.2))
    radii, centers = (3.0, 2.05, 1.1), ((0.0, 0.0), (0.0, -0.9), (0.0, -1.85))
    for (name, key), r, (cx, cy), color in zip(AI_ML_DL, radii, centers, PALETTE[:3], strict=True):
        ax.add_patch(Circle((cx, cy), r, facecolor=color, alpha=0.18, edgecolor=color, lw=2))
        top = cy + r
        ax.text(cx, top - 0.32, name, ha="center", va="center", fontsize=13, weight="bold")
        ax.text(cx, top - 0.68, word(key), ha="center", va="center", fontsize=10)
    ax.set_xlim(-3.2, 3.2)
    ax.set_ylim(-3.2, 3.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


@bilingual
def components_figure() -> Figure:
    """Draw the four components as a loop: Data → Model → Loss → Algorithm → Model.

    Example:
        >>> [t.get_text() for t in components_figure().axes[0].texts][0:8:2]
        ['Data', 'Model', 'Loss', 'Algorithm']
    """
    fig, ax = plt.subplots(figsize=(FULL_WIDTH, 3.0))
    boxes = {
        "Data": ((0.0, 1.0), word("intro.data")),
        "Model": ((3.0, 1.0), word("intro.model")),
        "Loss": ((6.0, 1.0), word("intro.loss")),
        "Algorithm": ((3.0, -1.2), word("intro.algorithm")),
    }
    for (name, ((x, y), desc)), color in zip(boxes.items(), PALETTE[:4], strict=True):
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
    ax.text(3.1, -0.1, word("intro.update"), fontsize=10, ha="left")
    ax.set_xlim(-1.3, 7.3)
    ax.set_ylim(-2.0, 1.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


@bilingual
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
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    ax.plot(range(1, len(values) + 1), values, color=PALETTE[0], lw=2)
    ax.set_yscale("log")
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return fig


@bilingual
def approaches_figure(result: AiMlDlResult) -> Figure:
    """Test accuracy of the rule, the ML model, the linear model on pixels and the DL model.

    Chance is the dashed line.

    Args:
        result: what :func:`dlbasics.experiments.ai_ml_dl.run_ai_ml_dl` returned.

    Example:
        >>> from dlbasics.experiments.ai_ml_dl import AiMlDlConfig, run_ai_ml_dl
        >>> r = run_ai_ml_dl(AiMlDlConfig(steps=2))
        >>> len(approaches_figure(r).axes[0].patches)
        4
    """
    keys = ("intro.rules", "intro.ml_features", "intro.linear_pixels", "intro.dl_pixels")
    return bar_comparison(
        [word(key) for key in keys],
        [result.rule_accuracy, result.ml_accuracy, result.pixel_accuracy, result.dl_accuracy],
        "test accuracy",
        reference=result.chance_accuracy,
        reference_label=word("common.chance"),
    )
