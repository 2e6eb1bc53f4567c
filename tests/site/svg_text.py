"""Font sizes of the text in a matplotlib SVG, whose glyphs are outlines (``svg.fonttype: path``).

matplotlib draws each text as ``<g id="text_N"><!-- the text --><g transform="translate(x y)
scale(s -s)"><use xlink:href="#Glyph" transform="... scale(k)"/>...``: glyph outlines are
defined at ``GLYPH_UNITS`` units per em, so a glyph's font size in the SVG's user units (pt)
is ``GLYPH_UNITS * s * k`` (``k`` < 1 for super- and subscripts of mathtext).
tests/test_plot.py checks this reading against text of known size drawn by matplotlib.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

GLYPH_UNITS = 100.0  # matplotlib.textpath.TextToPath.FONT_SCALE
_SVG = "{http://www.w3.org/2000/svg}"
_SCALE = re.compile(r"scale\(\s*([-\d.e]+)(?:[\s,]+([-\d.e]+))?\s*\)")


@dataclass(frozen=True)
class SvgText:
    """An SVG's width in user units and, per text, its smallest glyph's font size in them."""

    width: float
    texts: tuple[tuple[str, float], ...]

    def smallest_px(self, displayed_width: float) -> tuple[float, str]:
        """The smallest font size in CSS px when the image is shown ``displayed_width`` px wide."""
        if not self.texts:
            return float("inf"), ""
        size, text = min((s, t) for t, s in self.texts)
        return size * displayed_width / self.width, text


def _scale(transform: str) -> float:
    """The product of the ``scale(...)`` factors of a transform (rotations keep lengths)."""
    factor = 1.0
    for sx, _ in _SCALE.findall(transform):
        factor *= abs(float(sx))
    return factor


def read_svg_text(svg: str | bytes) -> SvgText:
    """Parse an SVG written by matplotlib; see the module's docstring.

    Raises:
        ValueError: if the SVG has no ``viewBox`` (a width to scale by).
    """
    root = ET.fromstring(svg, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    view_box = root.get("viewBox")
    if not view_box:
        raise ValueError("the SVG has no viewBox")
    width = float(view_box.split()[2])
    texts: list[tuple[str, float]] = []

    def glyph_sizes(element: ET.Element, factor: float) -> list[float]:
        factor *= _scale(element.get("transform", ""))
        if element.tag == f"{_SVG}use":
            return [GLYPH_UNITS * factor]
        return [s for child in element for s in glyph_sizes(child, factor)]

    for group in root.iter(f"{_SVG}g"):
        if not group.get("id", "").startswith("text_"):
            continue
        label = next((str(c.text).strip() for c in group if c.tag is ET.Comment and c.text), "?")
        sizes = glyph_sizes(group, 1.0)
        if sizes:
            texts.append((label, min(sizes)))
    return SvgText(width, tuple(texts))
