"""Every figure of the book, as Chromium shows it at 1280 px: no text under 9 CSS px.

Figures are SVG files in ``<img>``; their text is glyph outlines (``svg.fonttype: path``), so
the font size of each text is read from the SVG (see svg_text.py) and scaled by the width the
image is shown at over its own width.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import pytest
from served import HTML
from svg_text import read_svg_text
from weight import SETTLED

pytestmark = pytest.mark.browser
MIN_PX = 9.0
WINDOW = {"width": 1280, "height": 900}
SHOWN = """() => [...document.querySelectorAll('article img')]
  .filter(img => new URL(img.src).pathname.endsWith('.svg'))
  .map(img => [img.src, img.getBoundingClientRect().width])"""


def figure_pages() -> list[str]:
    """Pages that show a figure of the notebook (an SVG under _images/)."""
    if not HTML.exists():
        return []
    texts = {p: p.read_text(encoding="utf-8") for p in HTML.rglob("*.html")}
    return sorted(
        p.relative_to(HTML).as_posix()
        for p, text in texts.items()
        if "_images/" in text and ".svg" in text
    )


def small_text(browser: Any, base: str, root: Path, page_path: str) -> list[str]:
    """Each figure of the page whose smallest text renders under ``MIN_PX`` CSS px."""
    context = browser.new_context(viewport=WINDOW)
    page = context.new_page()
    page.goto(urljoin(base, page_path), wait_until="load")
    page.evaluate(SETTLED)  # read to the end: the figures are lazy, the formulas too
    shown = page.evaluate(SHOWN)
    context.close()
    found = []
    for src, width in shown:
        path = urlparse(src).path
        if "/_images/" not in path:
            continue
        raw = (root / unquote(path).lstrip("/")).read_bytes()
        svg = read_svg_text(raw)
        if len(svg.texts) != len(re.findall(rb'<g id="text_\d+"', raw)):
            found.append(f"{path}: not every text's size could be read")
        px, text = svg.smallest_px(width)
        if px < MIN_PX:
            found.append(f"{path} shown {width:.0f} px wide: {text!r} renders at {px:.1f} px")
    return found


@pytest.mark.parametrize("path", figure_pages())
def test_figure_text_is_at_least_9_px_at_1280(site, browser, path):
    assert small_text(browser, site, HTML.parent, path) == []  # image paths start at /ko/


def test_the_book_has_figures_with_text():
    assert len(figure_pages()) >= 15  # 19 when written


# A figure drawn 825 pt (1100 px) wide with 8 pt text, as matplotlib writes it: shown in the
# 672 px column, its text is 8 * 672 / 825 = 6.5 px.
WIDE_SVG = """<?xml version="1.0" encoding="utf-8" standalone="no"?>
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="825pt" height="200pt"
 viewBox="0 0 825 200" xmlns="http://www.w3.org/2000/svg" version="1.1">
 <defs><path id="DejaVuSans-41" d="M 0 0 L 2000 0 L 1000 4000 z" transform="scale(0.015625)"/>
 </defs>
 <g id="figure_1"><g id="text_1"><!-- A -->
  <g transform="translate(10 50) scale(0.08 -0.08)"><use xlink:href="#DejaVuSans-41"/></g>
 </g></g>
</svg>
"""


def test_a_wide_figure_with_small_text_fails(tmp_path, browser, serve):
    book = tmp_path / "book"
    shutil.copytree(HTML, book, ignore=shutil.ignore_patterns("_sources", "*.ipynb"))
    page = "components/loss.html"
    html = (book / page).read_text(encoding="utf-8")
    image = re.search(r'src="\.\./(_images/[^"]+\.svg)"', html).group(1)
    (book / image).write_text(WIDE_SVG, encoding="utf-8")
    with serve(book) as url:
        problems = small_text(browser, url, book, page)
    assert f"/{image} shown 672 px wide: 'A' renders at 6.5 px" in problems
