"""Both editions side by side: twins, the switcher, no Hangul in English, the same numbers.

Read from the built HTML (``docs/_build/html/{ko,en}``); the English search runs in Chromium.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from served import SITE, pages

pytestmark = pytest.mark.browser
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")  # 1,036,544 / 0.963 / 30 (of "30층", "30-layer")


class Page(HTMLParser):
    """What a page shows: article text, bold runs, alt texts, links and alternates."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.article: list[str] = []
        self.bold: list[str] = []
        self.alts: list[str] = []
        self.switcher: list[tuple[str, str, str]] = []  # (hreflang, href, text)
        self.alternates: dict[str, str] = {}
        self._depth = 0  # inside <article>
        self._bold = 0
        self._switcher: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "a" and "dlbasics-language" in a.get("class", ""):
            self._switcher = a
        if tag == "article":
            self._depth += 1
        if self._depth and tag == "strong":
            self._bold += 1
            self.bold.append("")
        if self._depth and tag == "img":
            self.alts.append(a.get("alt", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._depth -= 1
        if tag == "strong" and self._bold:
            self._bold -= 1
        if tag == "a" and self._switcher is not None:
            self._switcher = None

    def handle_data(self, data: str) -> None:
        if self._switcher is not None:
            s = self._switcher
            self.switcher.append((s.get("hreflang", ""), s.get("href", ""), data.strip()))
        if self._depth:
            self.article.append(data)
            if self._bold:
                self.bold[-1] += data


def read_text(edition: str, path: str) -> str:
    return (SITE / edition / path).read_text(encoding="utf-8")


def read(edition: str, path: str) -> Page:
    page = Page()
    page.feed(read_text(edition, path))
    return page


@pytest.fixture(scope="module")
def twins() -> list[str]:
    if not (SITE / "en").is_dir():
        pytest.fail("no English edition in docs/_build/html/en: run `nox -s docs` first")
    return pages(SITE / "ko")


def test_every_page_has_a_twin_at_the_same_path(twins):
    assert pages(SITE / "en") == twins
    assert "history/adam.html" in twins


def test_english_pages_show_no_hangul(twins):
    found = {}
    for path in twins:
        page = read("en", path)
        text = " ".join(" ".join(page.article).split())
        hangul = [m.start() for m in HANGUL.finditer(text)]
        alts = [alt for alt in page.alts if HANGUL.search(alt)]
        if hangul or alts:
            found[path] = [text[max(0, i - 30) : i + 30] for i in hangul[:3]] + alts[:2]
    assert found == {}


def test_english_figures_draw_no_hangul(twins):
    # matplotlib writes each text of an SVG as a comment before its glyphs
    shown = {
        name
        for path in twins
        for name in re.findall(r'src="[^"]*_images/([^"/]+\.svg)"', read_text("en", path))
    }
    figures = sorted(SITE / "en" / "_images" / name for name in shown)
    assert len(figures) > 30
    texts = {f.name: re.findall(r"<!-- (.*?) -->", f.read_text(encoding="utf-8")) for f in figures}
    assert {name: [t for t in ts if HANGUL.search(t)] for name, ts in texts.items()} == {
        name: [] for name in texts
    }


def test_the_twins_bold_numbers_are_identical(twins):
    differ = {}
    for path in twins:
        numbers = [
            Counter(n for b in read(e, path).bold for n in NUMBER.findall(b)) for e in ("ko", "en")
        ]
        if numbers[0] != numbers[1]:
            differ[path] = (numbers[0] - numbers[1], numbers[1] - numbers[0])
    assert differ == {}
    assert sum(Counter(b for b in read("ko", "history/resnet.html").bold).values()) > 3


@pytest.mark.parametrize(
    ("edition", "other", "name"), [("ko", "en", "English"), ("en", "ko", "한국어")]
)
def test_every_page_links_its_twin(twins, edition, other, name):
    for path in twins:
        if path == "404.html":
            continue
        page = read(edition, path)
        assert page.lang == edition, path
        [(hreflang, href, text)] = page.switcher
        assert (hreflang, text) == (other, name), path
        assert (SITE / edition / path).parent.joinpath(href).resolve() == (
            SITE / other / path
        ).resolve(), path
        assert set(page.alternates) == {"ko", "en"}, path
        assert page.alternates[other].endswith(f"{other}/{path}"), path


def test_the_root_page_sends_readers_to_both_editions():
    root = (SITE / "index.html").read_text(encoding="utf-8")
    assert 'href="ko/index.html"' in root
    assert 'href="en/index.html"' in root
    assert (SITE / "404.html").is_file()
    for edition in ("ko", "en"):
        assert (SITE / edition / "404.html").is_file()


def test_english_search_finds_the_page_about_its_word(page, english):
    page.goto(english + "search.html?q=transformer")
    page.wait_for_selector("#search-results li", timeout=15000)
    first = page.locator("#search-results li a").first.get_attribute("href") or ""
    assert "history/transformer" in first


def test_the_switcher_takes_a_reader_to_the_same_page(page, site):
    page.goto(site + "history/adam.html")
    page.locator("a.dlbasics-language").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/history/adam.html")
    assert page.locator("html").get_attribute("lang") == "en"


def test_english_notebooks_read_in_english():
    # The .ipynb downloads (and Colab's copies): prose and outputs, figures included, are
    # English. Hidden cells keep the code that writes the Korean edition's tables.
    import json

    notebooks = sorted((SITE / "en" / "_sources").rglob("*.ipynb"))
    assert len(notebooks) > 20
    found = {}
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        shown = []
        for cell in cells:
            if cell["cell_type"] == "markdown":
                shown.append("".join(cell["source"]))
            for output in cell.get("outputs", []):
                shown.append(json.dumps(output, ensure_ascii=False))
        korean = [text[:80] for text in shown if HANGUL.search(text)]
        if korean:
            found[path.relative_to(SITE).as_posix()] = korean[:2]
    assert found == {}
