"""Every figure is readable in the book: drawn at the column's width with no text under 9 px,
legends beside the data rather than over it, and colours that colour-blind readers tell apart.

The figures come from small experiments (tests/figure_cases.py); tests/site/test_figures.py
measures the book's own figures as Chromium shows them.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable

import matplotlib.pyplot as plt
import numpy as np
import pytest
import svg_text  # tests/site: the text an SVG draws, with its size
from figure_cases import figure_cases
from matplotlib.collections import Collection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Bbox

from dlbasics.plot import COLUMN_PX, MIN_FONT_PT, PALETTE, PX_PER_INCH, use_style, using_language
from dlbasics.plot.language import LANGUAGES

MIN_PX = 9.0  # the smallest text a reader should get, in CSS px


CASES: dict[str, Callable[[], Figure]] = figure_cases()


@pytest.fixture(autouse=True)
def _style():
    use_style()


# ------------------------------------------------------------------ text size and width


def page_size(fig: Figure) -> tuple[float, float]:
    """(width in CSS px, smallest text in CSS px) of ``fig`` as the notebook shows it in a page.

    The notebook's inline backend saves SVG with ``bbox_inches="tight"``; the page shows it at
    its own width, or scaled down to the column if wider.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight")
    svg = svg_text.read_svg_text(buffer.getvalue())
    width = svg.width * PX_PER_INCH / 72  # user units are pt
    smallest, _ = svg.smallest_px(min(width, COLUMN_PX))
    return width, smallest


def readability_problems(fig: Figure) -> list[str]:
    width, smallest = page_size(fig)
    found = [
        f"{t.get_text()!r} is {t.get_fontsize():g} pt < {MIN_FONT_PT:g} pt"
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_FONT_PT
    ]
    if width > COLUMN_PX + 0.5:
        found.append(f"{width:.0f} px wide: scaled down to the {COLUMN_PX} px column")
    if smallest < MIN_PX:
        found.append(f"smallest text {smallest:.1f} px < {MIN_PX} px")
    return found


def test_svg_text_sizes_are_read_as_matplotlib_draws_them():
    assert TextToPath.FONT_SCALE == svg_text.GLYPH_UNITS
    fig = plt.figure(figsize=(3, 2))
    fig.text(0.1, 0.8, "크기 10", fontsize=10)
    fig.text(0.1, 0.5, "7", fontsize=7, rotation=90)
    fig.text(0.1, 0.2, "$10^{-1}$", fontsize=10)  # the exponent is 0.7 of the base size
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg")
    svg = svg_text.read_svg_text(buffer.getvalue())
    assert svg.width == pytest.approx(3 * 72)
    sizes = dict(svg.texts)
    assert sizes["크기 10"] == pytest.approx(10)
    assert sizes["7"] == pytest.approx(7)
    assert sizes["$10^{-1}$"] == pytest.approx(7, rel=0.01)


def test_a_wide_figure_with_small_text_is_caught():
    fig, ax = plt.subplots(figsize=(11.3, 3))  # about 1100 px: shown at 672 px
    ax.plot([0, 1], label="legend")
    ax.legend(fontsize=8)
    problems = readability_problems(fig)
    assert any("scaled down" in p for p in problems)
    assert any("smallest text 6." in p for p in problems), problems
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_title("tiny", fontsize=6)
    assert readability_problems(fig) == ["'tiny' is 6 pt < 8 pt", "smallest text 8.0 px < 9.0 px"]


# ------------------------------------------------------------------------- legends


def _points(line: Line2D, step: float = 2.0) -> np.ndarray:
    """Display coordinates along a line, every ``step`` px (markers and segments alike)."""
    xy = line.get_transform().transform(line.get_xydata())
    xy = xy[np.isfinite(xy).all(axis=1)]
    if line.get_linestyle() in ("None", "") or len(xy) < 2:
        return xy
    parts = [xy[:1]]
    for a, b in itertools.pairwise(xy):
        n = max(1, int(np.hypot(*(b - a)) / step))
        parts.append(a + (b - a) * np.linspace(0, 1, n + 1)[1:, None])
    return np.concatenate(parts)


def _inside(box: Bbox, xy: np.ndarray) -> np.ndarray:
    if not len(xy):
        return np.zeros(0, bool)
    x, y = xy[:, 0], xy[:, 1]
    return (box.x0 < x) & (x < box.x1) & (box.y0 < y) & (y < box.y1)


def legend_overlaps(fig: Figure) -> list[str]:
    """Legends that cover a plotted line, marker, bar or scatter point."""
    fig.canvas.draw()
    legends = [*fig.legends, *(a.get_legend() for a in fig.axes if a.get_legend())]
    found = []
    for legend in legends:
        assert isinstance(legend, Legend)
        box = legend.get_window_extent().padded(-1)  # touching the frame is no overlap
        for ax in fig.axes:
            clip = ax.get_window_extent()
            for line in ax.lines:
                xy = _points(line)
                if _inside(box, xy[_inside(clip.padded(1), xy)]).any():
                    found.append(f"legend covers line {line.get_label()!r}")
            for collection in ax.collections:
                xy = collection.get_offset_transform().transform(collection.get_offsets())
                if len(xy) > 1 and _inside(box, xy).any():
                    found.append(f"legend covers points {collection.get_label()!r}")
            for patch in ax.patches:
                if isinstance(patch, Rectangle) and patch.get_window_extent().overlaps(box):
                    found.append("legend covers a bar")
    return found


def test_a_legend_over_the_data_is_caught():
    fig, ax = plt.subplots(figsize=(4, 3))
    x = np.linspace(0, 1, 50)
    ax.plot(x, x, label="rising line through the middle")
    ax.plot(x, 1 - x, label="falling")
    ax.legend(loc="center")
    assert legend_overlaps(fig)


# -------------------------------------------------------------------------- colours

# Machado, Oliveira & Fernandes (2009), full severity, on linear RGB.
CVD = {
    "protan": np.array([[0.152, 1.053, -0.205], [0.115, 0.786, 0.099], [-0.004, -0.048, 1.052]]),
    "deutan": np.array([[0.367, 0.861, -0.228], [0.280, 0.673, 0.047], [-0.012, 0.043, 0.969]]),
    "tritan": np.array([[1.256, -0.077, -0.179], [-0.078, 0.931, 0.148], [0.005, 0.691, 0.304]]),
}
MIN_DELTA_E = 15.0  # CIE76 distance two series keep for a colour-blind reader


def _lab(srgb: np.ndarray) -> np.ndarray:
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    x, y, z = xyz @ linear / np.array([0.9505, 1.0, 1.089])
    f = np.cbrt(np.maximum([x, y, z], 0.008856)) * (np.array([x, y, z]) > 0.008856) + (
        (7.787 * np.array([x, y, z]) + 16 / 116) * (np.array([x, y, z]) <= 0.008856)
    )
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def _seen_as(srgb: np.ndarray, vision: str) -> np.ndarray:
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    out = np.clip(CVD[vision] @ linear, 0, 1)
    return np.where(out <= 0.0031308, 12.92 * out, 1.055 * out ** (1 / 2.4) - 0.055)


def series_colours(fig: Figure) -> set[str]:
    """Chromatic colours of lines, bars and points (grays are references, not series)."""
    found: set[tuple[float, ...]] = set()
    for ax in fig.axes:
        artists = [*ax.lines, *ax.patches, *ax.collections]
        for artist in artists:
            if isinstance(artist, Line2D):
                colours = [artist.get_color()]
            elif isinstance(artist, Patch):
                colours = [artist.get_facecolor(), artist.get_edgecolor()]
            elif isinstance(artist, Collection) and artist.get_array() is None:
                colours = [*artist.get_facecolors(), *artist.get_edgecolors()]
            else:
                continue
            for c in colours:
                if isinstance(c, str) and c == "none":
                    continue
                rgba = np.asarray(c if not isinstance(c, str) else (*to_rgb(c), 1.0), float)
                if rgba.shape == (4,) and rgba[3] == 0:
                    continue
                rgb = tuple(np.round(to_rgb(tuple(rgba[:3])), 3))
                if max(rgb) - min(rgb) > 0.15:  # gray, black and white excluded
                    found.add(rgb)
    return {"#" + "".join(f"{round(255 * v):02x}" for v in c) for c in found}


def confusable_pairs(colours: set[str]) -> list[str]:
    found = []
    ordered = sorted(colours)
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            for vision in CVD:
                ra, rb = (_seen_as(np.array(to_rgb(c)), vision) for c in (a, b))
                d = float(np.linalg.norm(_lab(ra) - _lab(rb)))
                if d < MIN_DELTA_E:
                    found.append(f"{a} and {b} look alike to {vision} readers (ΔE {d:.1f})")
    return found


def test_the_palette_stays_apart_for_colour_blind_readers():
    assert confusable_pairs(set(PALETTE)) == []


def test_a_red_green_pair_is_caught():
    problems = confusable_pairs({"#2ca02c", "#d62728"})  # matplotlib's own green and red
    assert len(problems) == 1
    assert problems[0].startswith("#2ca02c and #d62728 look alike to deutan readers")


# ---------------------------------------------------------------- every figure of the book


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_is_readable_at_the_column_width(name, lang):
    with using_language(lang):  # English words are longer: they must fit as well
        fig = CASES[name]()
    assert readability_problems(fig) == []
    assert legend_overlaps(fig) == []
    assert confusable_pairs(series_colours(fig)) == []
