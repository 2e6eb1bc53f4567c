"""Serve a built site on 127.0.0.1 and audit its pages in Debian's headless Chromium.

Every request to a host other than 127.0.0.1 is recorded and aborted, so a page passes only
if it works with no network at all.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from served import EDITIONS, SITE, serve  # gzipped, as GitHub Pages and RTD serve
from weight import MAX_PAGE_BYTES, SETTLED

AXE_JS = "axe.min.js"  # shipped by the pip package axe-playwright-python
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@dataclass
class Audit:
    """What one page did in the browser."""

    url: str
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    math_nodes: int = 0
    math_typeset: int = 0
    math_errors: int = 0
    broken_images: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    code_cells: int = 0
    code_cells_with_copy: int = 0
    language: str = ""
    description: str = ""
    headings: list[int] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)  # serious or critical violations
    split_in_tables: list[str] = field(default_factory=list)  # words broken across lines
    overflowing_code: list[str] = field(default_factory=list)  # longest line of each block
    glue_in_code: list[str] = field(default_factory=list)  # shown cells that call glue(...)
    wide_math: list[str] = field(default_factory=list)  # display equations cut at the edge
    transferred: int = 0  # bytes of every response body, as sent (gzipped), on a cold load

    def problems(self) -> list[str]:
        found = [f"request to another host: {u}" for u in self.external]
        found += [f"error: {e}" for e in self.errors]
        if self.math_typeset < self.math_nodes:
            found.append(
                f"{self.math_nodes - self.math_typeset} of {self.math_nodes} formulas not typeset"
            )
        if self.math_errors:
            found.append(f"{self.math_errors} formulas with MathJax errors")
        found += [f"image not shown: {src}" for src in self.broken_images]
        found += [f"image without alt text: {src}" for src in self.images_without_alt]
        if self.code_cells_with_copy < self.code_cells:
            found.append(
                f"{self.code_cells - self.code_cells_with_copy} of {self.code_cells} code cells"
                " without a copy button"
            )
        expected = "en" if "/en/" in self.url else "ko"
        if self.language != expected:
            found.append(f"page language is {self.language!r}, not {expected!r}")
        if not self.description:
            found.append("no meta description")
        if self.headings[:1] != [1]:
            found.append(f"the first heading is not an h1: {self.headings[:3]}")
        found += [
            f"heading h{b} follows h{a}"
            for a, b in zip(self.headings, self.headings[1:], strict=False)
            if b > a + 1
        ]
        found += [f"accessibility: {v}" for v in self.axe]
        found += [f"table cell splits a word or number: {w!r}" for w in self.split_in_tables]
        found += [f"code wider than the column: {line!r}" for line in self.overflowing_code]
        found += [f"glue bookkeeping in a shown cell: {c!r}" for c in self.glue_in_code]
        found += [f"display equation wider than the column: {m!r}" for m in self.wide_math]
        if self.transferred > MAX_PAGE_BYTES:
            found.append(
                f"page weight: {self.transferred:,} bytes transferred, over {MAX_PAGE_BYTES:,}"
            )
        return found


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM}: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture(name="serve", scope="session")
def serve_fixture() -> Callable[..., contextlib.AbstractContextManager[str]]:
    """``with serve(folder) as url:`` serves any folder (e.g. a fixture site), gzipped."""
    return serve


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser page that can reach 127.0.0.1 only."""
    context = browser.new_context()
    context.route(
        "**/*",
        lambda r: r.continue_() if urlparse(r.request.url).hostname == "127.0.0.1" else r.abort(),
    )
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def root() -> Iterator[str]:
    """The whole site served: the root page and both editions."""
    if not all((SITE / edition / "index.html").exists() for edition in EDITIONS):
        pytest.fail("no built site in docs/_build/html/{ko,en}: run `nox -s docs` first")
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def site(root: str) -> str:
    """The Korean edition's address."""
    return root + "ko/"


@pytest.fixture(scope="session")
def english(root: str) -> str:
    """The English edition's address."""
    return root + "en/"


def axe_source() -> str:
    """axe-core's JavaScript, from the pip package axe-playwright-python (no npm, no network)."""
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / AXE_JS).read_text(encoding="utf-8")


AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => `${v.id} (${v.impact}): ${v.help}: `
    + v.nodes.map(n => n.target.join(' ')).join(', '))"""


# Every word (a run without spaces: 2012, 1,036,544, Algorithm, 하위) of every table cell must
# render on one line: a word whose characters land on two lines was split by the layout. A line
# may end after a hyphen, dash, slash or middle dot (Cross-/entropy, 1차·/2차), as in print.
SPLIT_WORDS_IN_TABLES = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('article table :is(td, th)')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-\u2010-\u2014/\u00b7]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


# At 1280 px every shown code block and output fits the column (a block that scrolls sideways
# hides code), no shown cell is glue(...) bookkeeping, and no display equation is wider than
# its box (MathJax would cut it at the edge, scrollable but easy to miss).
CODE_AND_MATH = """() => {
  const longest = text => text.split('\\n').reduce((a, b) => b.length > a.length ? b : a, '');
  const wide = [];
  for (const box of document.querySelectorAll('article div.math mjx-container')) {
    const math = box.querySelector('mjx-math');
    if (math && math.getBoundingClientRect().width > box.clientWidth + 1)
      wide.push(box.closest('div.math').textContent.trim().slice(0, 60));
  }
  return {
    overflowing: [...document.querySelectorAll('article pre')]
      .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
      .map(pre => longest(pre.innerText).slice(0, 100)),
    glue: [...document.querySelectorAll('article div.cell_input pre')]
      .filter(pre => /\\bglue\\(/.test(pre.innerText))
      .map(pre => pre.innerText.trim().slice(0, 60)),
    wide,
  };
}"""


@pytest.fixture
def audit(browser: Any) -> Callable[[str], Audit]:
    axe = axe_source()

    def run(url: str) -> Audit:
        result = Audit(url)
        context = browser.new_context()

        def route(r: Any) -> None:
            parsed = urlparse(r.request.url)
            if (
                parsed.scheme in {"http", "https", "ws", "wss"}
                and parsed.hostname not in LOCAL_HOSTS
            ):
                result.external.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        context.route("**/*", route)
        page = context.new_page()
        listening = [True]  # off while axe runs: its own requests are not the page's
        page.on(
            "console",
            lambda m: listening[0] and m.type == "error" and result.errors.append(m.text),
        )
        page.on("pageerror", lambda e: result.errors.append(str(e)))

        def failed(response: Any) -> None:
            if response.status >= 400:
                result.errors.append(f"{response.status} {response.url}")

        page.on("response", failed)

        def count(request: Any) -> None:
            result.transferred += request.sizes()["responseBodySize"]

        page.on("requestfinished", count)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate(SETTLED)  # read to the end: figures loaded, formulas typeset, fonts in
        page.wait_for_load_state("networkidle")
        page.remove_listener("requestfinished", count)  # what follows is the audit's
        result.math_nodes = page.locator("div.math, span.math").count()
        result.math_typeset = page.locator(".math mjx-container").count()
        result.math_errors = page.locator("mjx-merror").count()
        images = page.eval_on_selector_all(
            "article img",
            "els => els.map(e => [e.getAttribute('src'), e.complete && e.naturalWidth > 0,"
            " (e.getAttribute('alt') || '').trim()])",
        )
        result.broken_images = [src for src, shown, _ in images if not shown]
        result.images_without_alt = [src for src, _, alt in images if not alt]
        result.code_cells = page.locator("div.cell_input div.highlight").count()
        result.code_cells_with_copy = page.locator(
            "div.cell_input div.highlight:has(button.copybtn)"
        ).count()
        result.language = page.evaluate("() => document.documentElement.lang")
        result.description = page.evaluate(
            "() => document.querySelector('meta[name=description]')?.content || ''"
        ).strip()
        result.headings = page.eval_on_selector_all(
            "main#main-content :is(h1, h2, h3, h4, h5, h6)", "els => els.map(e => +e.tagName[1])"
        )
        result.split_in_tables = page.evaluate(SPLIT_WORDS_IN_TABLES)
        shown = page.evaluate(CODE_AND_MATH)
        result.overflowing_code = shown["overflowing"]
        result.glue_in_code = shown["glue"]
        result.wide_math = shown["wide"]
        # axe re-fetches stylesheets itself, resolving their @imports against the page URL;
        # its requests are not the page's.
        page.remove_listener("response", failed)
        listening[0] = False
        # The English edition is the Korean one's templates, stylesheets and markup with other
        # words: axe (2-15 s a page) checks them there; everything above runs on both.
        if "/en/" not in url:
            page.add_script_tag(content=axe)
            result.axe = page.evaluate(AXE_RUN)
        context.close()
        return result

    return run
