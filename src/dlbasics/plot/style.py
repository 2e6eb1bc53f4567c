"""One look for every figure: the bundled Korean font, white background, crisp output.

Figures are drawn at the width of the book's text column, so the browser shows them at their
own size (never scaled down) and a 8 pt label reads as 8 pt: about 11 CSS px.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import matplotlib.style
from cycler import cycler
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure, SubFigure
from matplotlib.legend import Legend

#: The text column of the book at a 1280 px window (sphinx-book-theme), in CSS px.
COLUMN_PX = 672
#: CSS px per inch: a figure of ``w`` inches is ``96 w`` px wide in the page (SVG's 1 pt = 4/3 px).
PX_PER_INCH = 96
#: The widest figure, in inches: with ``savefig.pad_inches`` on both sides, exactly the column.
FULL_WIDTH = COLUMN_PX / PX_PER_INCH - 2 * 0.1
#: The smallest font size of any text in a figure, in points (8 pt = 10.7 CSS px).
MIN_FONT_PT = 8.0

#: Okabe & Ito's colour-blind-safe colours, in the hue order the pages' prose names them:
#: blue, bluish green, vermillion, reddish purple, orange, sky blue. Every pair stays apart
#: for protan, deutan and tritan readers (tests/test_plot.py simulates them).
PALETTE: tuple[str, ...] = ("#0072B2", "#009E73", "#D55E00", "#CC79A7", "#E69F00", "#56B4E9")

# DejaVu Sans first: it has a real minus sign (U+2212) and Latin/Greek glyphs; matplotlib
# falls back to NanumGothic, bundled by the pip package koreanize-matplotlib, for Hangul.
FONT_FAMILY: tuple[str, ...] = ("DejaVu Sans", "NanumGothic")

STYLE: dict[str, Any] = {
    "font.family": list(FONT_FAMILY),
    "axes.unicode_minus": True,
    "figure.facecolor": "white",  # opaque white: figures stay readable in dark mode
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "figure.figsize": (FULL_WIDTH, 3.6),
    "axes.prop_cycle": cycler(color=list(PALETTE)),
    "font.size": 10.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 10.0,
    "xtick.labelsize": 10.0,  # not less: a log axis's exponents are 0.7 of it (7 pt = 9.3 px)
    "ytick.labelsize": 10.0,
    "legend.fontsize": 9.0,
    "figure.titlesize": 11.0,
    "figure.dpi": 100,
    "savefig.dpi": 2 * PX_PER_INCH,  # PNGs and rasterized parts of SVGs: 2 image px per CSS px
    "savefig.pad_inches": 0.1,
    "svg.fonttype": "path",  # glyphs as outlines: the SVG needs no font on the reader's side
    "svg.hashsalt": "dlbasics",  # stable element ids: two builds write the same SVG
    "figure.constrained_layout.use": True,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def korean_font_files() -> list[Path]:
    """Return the NanumGothic ``.ttf`` files shipped by the ``koreanize-matplotlib`` package.

    The package is found without importing it (its import changes global settings and
    needs ``distutils``, which newer Pythons lack).

    Raises:
        RuntimeError: if the package or its fonts are missing.

    Example:
        >>> sorted(p.name for p in korean_font_files())[0]
        'NanumGothic.ttf'
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "koreanize-matplotlib is not installed: pip install koreanize-matplotlib"
        )
    fonts = sorted(Path(next(iter(spec.submodule_search_locations)), "fonts").glob("*.ttf"))
    if not fonts:
        raise RuntimeError("koreanize-matplotlib ships no .ttf files in this installation")
    return fonts


def use_style() -> None:
    """Register the Korean font and apply the book's matplotlib style (idempotent).

    Example:
        >>> use_style()
        >>> matplotlib.rcParams["font.family"]
        ['DejaVu Sans', 'NanumGothic']
    """
    known = {f.fname for f in font_manager.fontManager.ttflist}
    for path in korean_font_files():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    matplotlib.style.use(STYLE)


def figure_legend(
    fig: Figure | SubFigure, axes: Iterable[Axes] = (), ncols: int = 2, loc: str = "upper"
) -> Legend:
    """One legend for the figure, outside every panel (above them, or below with ``"lower"``).

    The entries are those of ``axes`` (default: all of the figure's), each label once, in the
    order they were drawn. Constrained layout makes room for it, so it never covers data.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> fig, (a, b) = plt.subplots(1, 2)
        >>> _ = (
        ...     a.plot([0, 1], label="x"),
        ...     b.plot([1, 0], label="x"),
        ...     b.plot([0, 0], label="y"),
        ... )
        >>> [t.get_text() for t in figure_legend(fig).get_texts()]
        ['x', 'y']
    """
    if loc not in ("upper", "lower"):
        raise ValueError(f"loc must be 'upper' or 'lower', got {loc!r}")
    entries: dict[str, Any] = {}
    for ax in list(axes) or fig.axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    return fig.legend(
        handles=list(entries.values()),
        labels=list(entries),
        loc="outside upper center" if loc == "upper" else "outside lower center",
        ncols=max(1, min(ncols, len(entries))),
        frameon=False,
    )


def legend_outside(ax: Axes, side: str = "above", ncols: int = 2) -> Legend:
    """The legend of one panel outside its data: in rows above it, or in a column to its right.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> fig, ax = plt.subplots()
        >>> _ = ax.plot([0, 1], label="x")
        >>> [t.get_text() for t in legend_outside(ax, "right").get_texts()]
        ['x']
    """
    handles, labels = ax.get_legend_handles_labels()
    if side == "above":
        return ax.legend(
            handles,
            labels,
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=max(1, min(ncols, len(labels))),
            frameon=False,
            borderaxespad=0.2,
            columnspacing=1.2,
        )
    if side == "right":
        return ax.legend(
            handles, labels, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False
        )
    raise ValueError(f"side must be 'above' or 'right', got {side!r}")
