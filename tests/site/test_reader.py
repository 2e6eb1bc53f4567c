"""The book as a reader uses it: Korean search, copy buttons, dark mode, downloads, Colab, 404."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from korean_stem import strip_particles  # docs/_ext
from myst_syntax import leftovers  # docs/_ext
from served import HTML, Handler, serve

pytestmark = pytest.mark.browser

#: Common words of the book; those on at least 3 pages are measured.
CANDIDATE_WORDS = [
    *("데이터", "모델", "손실", "학습", "최적화"),
    *("정확도", "기울기", "실험", "논문", "예측"),
]
NOT_CONTENT = {"search", "genindex", "py-modindex", "404"}


class _ArticleText(HTMLParser):
    """Text inside <article class="bd-article">, as Sphinx's indexer sees the page body."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += tag not in {"img", "br", "hr", "meta", "input", "link", "wbr"}
        elif tag == "article":
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag not in {"img", "br", "hr", "meta", "input", "link", "wbr"}:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)


def content_pages() -> dict[str, str]:
    """docname -> article text of every content page of the built book."""
    texts = {}
    for path in HTML.rglob("*.html"):
        rel = path.relative_to(HTML)
        if rel.parts[0].startswith(("_static", "_sources")):
            continue
        docname = rel.with_suffix("").as_posix()
        if docname in NOT_CONTENT:
            continue
        parser = _ArticleText()
        parser.feed(path.read_text(encoding="utf-8"))
        texts[docname] = " ".join(parser.parts)
    return texts


def search(page: Any, query: str) -> list[str]:
    """Docnames Sphinx's own search code returns for ``query`` (the search page's engine)."""
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
    return page.evaluate(
        """q => { const [query, terms, excluded, highlight, objects] = Search._parseQuery(q);
                  return Search._performSearch(query, terms, excluded, highlight, objects)
                    .map(r => r[0]); }""",
        query,
    )


def test_korean_search_finds_words_with_particles_attached(site, page):
    texts = content_pages()
    page.goto(site + "search.html")
    measured = {}
    for word in CANDIDATE_WORDS:
        # Pages where the word starts a word (데이터, 데이터는, 데이터를...), not where it
        # ends a compound (강화학습 is not a form of 학습).
        starts = re.compile(rf"(?<![가-힣]){word}")
        expected = {doc for doc, text in texts.items() if starts.search(text)}
        if len(expected) < 3:
            continue
        found = set(search(page, word))
        measured[word] = len(expected & found) / len(expected), sorted(expected - found)
    assert len(measured) >= 4, f"too few common words to measure: {measured}"
    assert all(recall >= 0.9 for recall, _ in measured.values()), measured


def test_search_results_show_on_the_search_page(site, page):
    page.goto(site + "search.html?q=데이터를")  # the particle is stripped from the query too
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length >= 3")
    assert "데이터" in page.locator("#search-results").inner_text()


def test_english_words_still_stem(site, page):
    page.goto(site + "search.html")
    assert set(search(page, "networks")) & set(search(page, "network"))
    assert "components/loss" in search(page, "losses")


def test_browser_and_index_strip_particles_the_same_way(site, page):
    words = ["데이터는", "모델을", "학습시키는", "최적화합니다", "정확도를", "손실이", "이", "결과"]
    page.goto(site + "search.html")
    page.wait_for_function("() => window.Stemmer")
    in_browser = page.evaluate("ws => ws.map(w => new Stemmer().stemWord(w))", words)
    assert in_browser == [strip_particles(w) for w in words]
    assert in_browser[:4] == ["데이터", "모델", "학습", "최적화"]


def test_copy_button_copies_code_without_prompts_or_outputs(site, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "intro/good-deep-learner.html")
    cells = page.locator("div.cell_input div.highlight")
    assert cells.count() >= 2
    for i in range(2):
        cell = cells.nth(i)
        cell.hover()
        cell.locator("button.copybtn").click()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        code = cell.locator("pre").inner_text()
        assert copied.strip() == code.strip()
        assert ">>>" not in copied
    context.close()


def _luminance(css_color: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def test_dark_mode_keeps_figures_readable(site, browser):
    context = browser.new_context()
    context.add_init_script("localStorage.setItem('mode', 'dark')")
    page = context.new_page()
    page.goto(site + "components/loss.html")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert _luminance(body) < 0.3  # the page really is dark
    backgrounds = page.eval_on_selector_all(
        "div.cell_output img", "els => els.map(e => getComputedStyle(e).backgroundColor)"
    )
    assert backgrounds
    assert all(_luminance(b) > 0.95 for b in backgrounds)  # figures drawn on white stay on white
    filters = page.eval_on_selector_all(
        "div.cell_output img", "els => els.map(e => getComputedStyle(e).filter)"
    )
    assert set(filters) == {"none"}  # and are not dimmed
    context.close()


def notebook_pages() -> list[str]:
    return sorted(
        p.relative_to(HTML).with_suffix("").as_posix()
        for p in HTML.rglob("*.html")
        if 'class="cell docutils container"' in p.read_text(encoding="utf-8")
    )


class _Buttons(HTMLParser):
    """``(href, text)`` of every ``<a class="btn …">``: the page's download and launch menus."""

    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[tuple[str, str]] = []
        self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and "btn" in (a.get("class") or "").split():
            self.buttons.append((a.get("href") or "", ""))
            self.open = True

    def handle_endtag(self, tag: str) -> None:
        self.open = self.open and tag != "a"

    def handle_data(self, data: str) -> None:
        if self.open:
            href, text = self.buttons[-1]
            self.buttons[-1] = (href, text + data)


def test_every_executed_page_offers_its_notebook_with_outputs():
    # The static menus, read from the HTML: test_offline already opens every page in Chromium.
    docs = notebook_pages()
    assert len(docs) >= 5
    for doc in docs:
        parser = _Buttons()
        parser.feed((HTML / f"{doc}.html").read_text(encoding="utf-8"))
        texts = [(href, text.strip()) for href, text in parser.buttons]
        href = next((href for href, text in texts if ".ipynb" in text), None)
        assert href, f"{doc}: no .ipynb in the download menu"
        target = (HTML / doc).parent / unquote(href)
        nb = json.loads(target.resolve().read_text(encoding="utf-8"))
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert "dlbasics-install" in code[0]["metadata"].get("tags", [])
        assert "pip" in "".join(code[0]["source"])
        assert sum(bool(c["outputs"]) for c in code[1:]) >= 1, f"{doc}: notebook has no outputs"
        assert sum(".md" in text for _, text in texts) == 1  # and its MyST source
        # Jupyter and Colab know no MyST: no role, directive or label is left in its Markdown
        markdown = [c["source"] for c in nb["cells"] if c["cell_type"] == "markdown"] + [
            o["data"]["text/markdown"]
            for c in code
            for o in c["outputs"]
            if "text/markdown" in o.get("data", {})
        ]
        assert [leftovers("".join(m)) for m in markdown if leftovers("".join(m))] == [], doc


class _Citations(HTMLParser):
    """Texts of in-text citations (``span.bibtex-citation``) and of bibliography labels."""

    def __init__(self) -> None:
        super().__init__()
        self.cited: list[str] = []
        self.labels: list[str] = []
        self.inside: list[str] | None = None
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.inside is not None:
            self.depth += tag not in {"br", "img", "wbr"}
        elif "bibtex-citation" in classes or (tag == "span" and "label" in classes):
            self.inside, self.depth = (
                (self.cited if "bibtex-citation" in classes else self.labels),
                1,
            )
            self.inside.append("")

    def handle_endtag(self, tag: str) -> None:
        if self.inside is not None and tag not in {"br", "img", "wbr"}:
            self.depth -= 1
            if self.depth == 0:
                self.inside = None

    def handle_data(self, data: str) -> None:
        if self.inside is not None:
            self.inside[-1] += data


def test_bibliography_labels_are_the_author_year_citations_of_the_text():
    bibliography = _Citations()
    bibliography.feed((HTML / "appendix" / "bibliography.html").read_text(encoding="utf-8"))
    labels = {label.strip("[]") for label in bibliography.labels}
    assert len(labels) == len(bibliography.labels) >= 10  # one distinct label per entry
    assert not [label for label in labels if re.fullmatch(r"\d+", label)]
    assert all(re.fullmatch(r".+, \d{4}", label) for label in labels), labels  # author, year
    cited: set[str] = set()
    for path in HTML.rglob("*.html"):
        parser = _Citations()
        parser.feed(path.read_text(encoding="utf-8"))
        # "[Kingma and Ba, 2015]" ({cite:p}) or "Kingma and Ba [2015]" ({cite:t}), per entry
        for citation in parser.cited:
            for one in re.findall(r"[^\[\],;]+?(?:, | \[)\d{4}", citation.strip("[]")):
                cited.add(re.sub(r" \[(\d{4})$", r", \1", one.strip()))
    assert len(cited) >= 10
    assert cited <= labels, cited - labels  # every citation finds its entry by its label


#: Text that Python or torch writes for a member the book did not document (issue #15).
BOILERPLATE = ("Alias for field number", "Should be overridden by all subclasses")


def test_the_api_reference_shows_only_the_books_own_words():
    api = sorted((HTML / "appendix" / "api").glob("*.html"))
    assert len(api) >= 8  # one page per package
    found = {
        f"{path.name}: {words!r}"
        for path in api
        for words in BOILERPLATE
        if words in path.read_text(encoding="utf-8")
    }
    assert found == set()


def test_colab_opens_the_published_notebook(site, page):
    page.goto(site + "components/loss.html")
    href = page.locator("a.btn-colab-button").first.get_attribute("href")
    match = re.fullmatch(
        r"https://colab\.research\.google\.com/github/[^/]+/[^/]+/blob/notebooks/(.+\.ipynb)", href
    )
    assert match, href
    edition, path = match.group(1).split("/", 1)  # the notebooks branch: <language>/<page>
    assert edition == "ko"
    assert (HTML.parent / edition / "_sources" / path).is_file()  # what Pages publishes


class _PagesHandler(Handler):
    """Like GitHub Pages: a missing path gets 404.html with status 404."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def test_missing_pages_get_a_styled_404_at_any_depth(page):
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
    with serve(HTML.parent, handler=_PagesHandler) as url:  # the site: root, ko/, en/
        response = page.goto(url + "some/deep/missing/page.html")
        page.wait_for_load_state("networkidle")
        assert response.status == 404
        assert "404" in page.title()
        assert failed == [url + "some/deep/missing/page.html"]  # every asset loaded
        assert page.locator("link[href*='theme.css']").count() >= 1
        page.locator("nav.dlbasics-home a").first.click()
        page.wait_for_load_state()
        assert page.url in {url + "ko/", url + "ko/index.html"}


def test_the_checks_fail_on_a_broken_copy_of_the_book(tmp_path, audit, serve):
    book = tmp_path / "book"
    shutil.copytree(HTML, book, ignore=shutil.ignore_patterns("_sources", "*.ipynb"))
    page = book / "components" / "loss.html"
    html = page.read_text(encoding="utf-8")
    image = re.search(r'src="\.\./(_images/[^"]+)"', html).group(1)
    (book / image).unlink()  # a deleted figure
    html = html.replace(
        "</head>", '<script src="https://cdn.jsdelivr.net/npm/x/x.js"></script></head>', 1
    )
    html = html.replace("copybutton.js", "no-copybutton.js")  # no copy buttons
    html = html.replace('<meta name="description"', '<meta name="x-description"')
    narrow = (  # the old stylesheet's rule: table columns shrink to one character
        '<div style="width:6em"><table style="overflow-wrap:anywhere">'
        "<tr><td>1,036,544</td><td>Algorithm</td></tr></table></div>"
    )
    html = html.replace('<section id="', narrow + '<section id="', 1)
    code = (  # a shown cell with glue bookkeeping and a line far wider than the column
        '<div class="cell_input"><pre>glue("x", 1, display=False)  # ' + "x" * 120 + "</pre></div>"
    )
    html = html.replace('<section id="', code + '<section id="', 1)
    wide = r'<div class="math notranslate nohighlight">\[' + "x + " * 80 + r"x\]</div>"
    html = html.replace('<section id="', wide + '<section id="', 1)
    page.write_text(html, encoding="utf-8")
    with serve(book) as url:
        problems = "\n".join(audit(url + "components/loss.html").problems())
    assert "request to another host: https://cdn.jsdelivr.net" in problems
    assert f"image not shown: ../{image}" in problems
    assert "without a copy button" in problems
    assert "no meta description" in problems
    assert "table cell splits a word or number: '1,036,544'" in problems
    assert "code wider than the column: 'glue(" in problems
    assert "glue bookkeeping in a shown cell: 'glue(" in problems
    assert "display equation wider than the column" in problems


@pytest.mark.parametrize("page_name", ["history/resnet.html", "components/optimization.html"])
def test_a_phone_reader_opens_the_contents_and_the_page_outline(site, browser, page_name):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + page_name, wait_until="load")
    primary = page.locator(".primary-toggle").filter(visible=True)
    assert primary.count() == 1, "one visible ☰ for the book's contents"
    primary.click()
    book_link = page.locator("#pst-primary-sidebar-modal a.reference").first
    book_link.wait_for(state="visible", timeout=5000)  # the contents drawer is open
    page.keyboard.press("Escape")
    secondary = page.locator(".secondary-toggle").filter(visible=True)
    assert secondary.count() == 1, "one visible button for the page outline"
    secondary.click()
    outline_link = page.locator("#pst-secondary-sidebar-modal a").first
    outline_link.wait_for(state="visible", timeout=5000)  # the outline drawer is open
    context.close()


def test_the_desktop_page_has_no_second_header_bar(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "history/resnet.html", wait_until="load")
    assert page.locator("#pst-header").filter(visible=True).count() == 0
    assert page.locator(".search-button-field").filter(visible=True).count() == 1
    context.close()
