"""Page weight: each page loads only what it uses, and no page transfers over 1 MB gzipped.

The 1 MB limit itself is checked on every page by test_offline (``Audit.problems``); here, that
the check fails for a heavy page, and that the savings behind it stay: the search index on the
search page only, MathJax without its menu on pages with math only, icon fonts cut to the icons,
MathJax fetched after the first paint, figures and formulas as the reader comes near them.
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Any

import pytest
from weight import SETTLED

pytestmark = pytest.mark.browser


def test_a_page_over_the_limit_fails_the_audit(tmp_path: Path, audit, serve):
    page = '<html lang="ko"><head><script src="{}"></script></head><body></body></html>'
    # 1.3 MB of base64 noise stays over 1 MB gzipped; 2 MB of repeated text gzips to a few KB.
    noise = base64.b64encode(os.urandom(1_000_000)).decode()
    (tmp_path / "noise.js").write_text(f"/*{noise}*/", encoding="utf-8")
    (tmp_path / "text.js").write_text("/*" + "손실 함수 " * 150_000 + "*/", encoding="utf-8")
    (tmp_path / "heavy.html").write_text(page.format("noise.js"), encoding="utf-8")
    (tmp_path / "light.html").write_text(page.format("text.js"), encoding="utf-8")
    with serve(tmp_path) as url:
        heavy, light = audit(url + "heavy.html"), audit(url + "light.html")
    assert any(p.startswith("page weight: ") for p in heavy.problems()), heavy.transferred
    assert light.transferred < 100_000  # served gzipped, as GitHub Pages serves it
    assert not any(p.startswith("page weight: ") for p in light.problems())


def requested(browser: Any, site: str, path: str) -> list[str]:
    """Paths of the site that a cold load of ``path`` fetched, without their queries."""
    context = browser.new_context()
    page = context.new_page()
    urls: list[str] = []
    page.on("requestfinished", lambda r: urls.append(r.url.split("?")[0].removeprefix(site)))
    page.goto(site + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    context.close()
    return urls


def test_pages_load_only_what_they_use(site, browser):
    home = requested(browser, site, "index.html")
    assert "searchindex.js" not in home  # 56 KB gzipped, render-blocking, on every page
    assert not [u for u in home if "mathjax" in u]  # the home page has no formula
    assert not [u for u in home if "vendor/fontawesome" in u]  # the theme's 225 KB of fonts
    assert "_static/styles/book-theme.css" in home
    assert "_static/styles/pydata-sphinx-theme.css" not in home
    assert "searchindex.js" in requested(browser, site, "search.html")
    math = requested(browser, site, "history/transformer.html")
    assert "_static/mathjax-worker.js" in math  # MathJax runs in a worker
    assert "_static/mathjax/startup.js" in math
    assert "_static/mathjax/output/chtml.js" in math
    assert not [u for u in math if u.endswith(("tex-chtml.js", "ui/menu.js"))]


# Every icon of the page drawn twice on a canvas: in the page's font (the book's subset) and in
# the theme's full font, loaded under another name. A glyph the subset lacks draws differently
# (a fallback box or nothing); an icon whose rule was trimmed away draws no character at all.
MISSING_GLYPHS = """async root => {
  const full = {"Font Awesome 7 Free": "fa-solid-900", "Font Awesome 7 Brands": "fa-brands-400"};
  for (const [family, file] of Object.entries(full)) {
    const url = `${root}_static/vendor/fontawesome/webfonts/${file}.woff2`;
    const weight = family.endsWith("Free") ? "900" : "400";
    document.fonts.add(await new FontFace(`Full ${family}`, `url(${url})`, {weight}).load());
  }
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  const draw = async (font, text) => {
    await document.fonts.load(font, text);
    ctx.clearRect(0, 0, 64, 64);
    ctx.font = font;
    ctx.fillText(text, 8, 48);
    return ctx.getImageData(0, 0, 64, 64).data.join();
  };
  const missing = [];
  for (const icon of document.querySelectorAll(".fa-solid, .fa-brands, .fas, .fab")) {
    const style = getComputedStyle(icon, "::before");
    const text = (style.content.match(/^"(.+?)"/) || [])[1];
    const family = style.fontFamily.replaceAll('"', "");
    if (!text || !full[family]) { missing.push(`${icon.className}: no icon`); continue; }
    const size = `${style.fontWeight} 40px`;
    if (await draw(`${size} "${family}"`, text) !== await draw(`${size} "Full ${family}"`, text))
      missing.push(`${icon.className}: U+${text.codePointAt(0).toString(16)}`);
  }
  return missing;
}"""


@pytest.mark.parametrize("page_name", ["components/loss.html", "appendix/api/core.html"])
def test_icons_show_without_the_fontawesome_script(site, browser, page_name):
    page = browser.new_page()
    fonts: list[str] = []
    page.on("request", lambda r: fonts.append(r.url) if "fontawesome" in r.url else None)
    page.goto(site + page_name)
    page.wait_for_load_state("networkidle")
    assert not fonts  # neither fontawesome.js (1.5 MB) nor the theme's full fonts
    icon = page.locator(".article-header-buttons .fa-download").first
    assert "Font Awesome" in icon.evaluate("e => getComputedStyle(e, '::before').fontFamily")
    assert icon.bounding_box()["width"] > 4
    assert page.locator(".fa-solid, .fa-brands").count() >= 10
    assert page.evaluate(MISSING_GLYPHS, site) == []
    page.close()


def test_the_icon_check_fails_for_real(site, browser):
    page = browser.new_page()
    page.goto(site + "components/loss.html")
    page.wait_for_load_state("networkidle")
    # An icon whose rule was trimmed, and one whose glyph is not in the subset (U+F1BB, a tree).
    icons = (
        '<i class="fa-solid fa-tree"></i><i class="fa-solid" style="--fa: &quot;\\f1bb&quot;"></i>'
    )
    page.evaluate(
        "html => document.querySelector('article').insertAdjacentHTML('afterbegin', html)", icons
    )
    missing = page.evaluate(MISSING_GLYPHS, site)
    page.close()
    assert missing == ["fa-solid fa-tree: no icon", "fa-solid: U+f1bb"]


FIRST_SCREEN = """async () => {
  await dlbasicsMath.ready;
  for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  await dlbasicsMath.idle();
  const start = (part) => performance.getEntriesByType("resource")
    .filter((r) => r.name.includes(part)).map((r) => r.startTime);
  return {
    paint: performance.getEntriesByName("first-contentful-paint")[0].startTime,
    typesetter: start("_static/dlbasics-math.js"),  // MathJax itself: its worker fetches it
    figures: start("_images/").length,
  };
}"""


def test_a_phone_fetches_math_after_the_first_paint_and_only_what_it_comes_near(site, browser):
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    page.goto(site + "components/optimization.html", wait_until="load")
    shown = page.evaluate(FIRST_SCREEN)
    assert len(shown["typesetter"]) == 1
    assert shown["typesetter"][0] > shown["paint"]
    figures = page.locator("article img").count()
    assert shown["figures"] < figures  # the page's 13 figures are not all fetched up front
    formulas = page.locator(".math").count()
    typeset = page.locator(".math mjx-container").count()
    assert 0 < typeset < formulas  # the formulas near the first screens are typeset, no more
    page.evaluate(SETTLED)  # read to the end
    assert page.locator(".math mjx-container").count() == formulas
    assert page.evaluate("() => [...document.images].every((i) => i.naturalWidth > 0)")
    context.close()
