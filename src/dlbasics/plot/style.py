"""One look for every figure: the bundled Korean font, white background, crisp output."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import matplotlib.style
from matplotlib import font_manager

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
    "figure.figsize": (6.4, 4.0),
    "figure.dpi": 100,
    "savefig.dpi": 150,
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
