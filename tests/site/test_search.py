"""Search as a reader uses it: glossary synonyms, pages ranked by title, snippets, the box."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from search_synonyms import parse_glossary  # docs/_ext
from test_reader import content_pages

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]

GLOSSARY = ROOT / "docs" / "appendix" / "glossary.md"
#: A term the book writes in English, and the Korean a reader types (issue #15).
PAIRS = [("트랜스포머", "Transformer"), ("과적합", "overfitting"), ("손실 함수", "loss function")]
UI_TEXT = ("System Settings", "Light", "Dark")  # the theme's buttons, not the article


def ranked(page: Any, query: str) -> list[str]:
    """Docnames in the order the search page shows them, each once."""
    page.wait_for_function("() => typeof Search !== 'undefined' && Search.hasIndex()")
    results = page.evaluate(
        """q => { const [query, terms, excluded, highlight, objects] = Search._parseQuery(q);
                  return Search._performSearch(query, terms, excluded, highlight, objects)
                    .map(r => r[0]); }""",
        query,
    )
    return list(dict.fromkeys(reversed(results)))  # Sphinx shows the list from its end


def glossary_page(name: str) -> str | None:
    """The page the glossary links for the term with this name."""
    terms = parse_glossary(GLOSSARY.read_text(encoding="utf-8"), "appendix/glossary")
    return next((t.home for t in terms if name.lower() in map(str.lower, t.names)), None)


@pytest.mark.parametrize(("korean", "english"), PAIRS)
def test_a_term_finds_its_page_in_either_language(site, page, korean, english):
    home = glossary_page(korean)
    assert home
    assert home == glossary_page(english)
    page.goto(site + "search.html")
    for query in (korean, english):
        assert home in ranked(page, query)[:3], (query, ranked(page, query)[:5])
    # Every page that writes the English name is found by the Korean one.
    name = re.compile(r"(?<!\w)" + r"\s+".join(english.split()), re.IGNORECASE)
    writes = {doc for doc, text in content_pages().items() if name.search(text)}
    assert len(writes) >= 3
    assert writes - set(ranked(page, korean)) == set()


def test_a_page_titled_by_the_query_comes_first_with_a_snippet_of_its_article(site, page):
    page.goto(site + "search.html?q=Adam")
    first = page.locator("#search-results li").first
    snippet = first.locator("p.context")
    snippet.wait_for()
    assert first.locator("a").first.get_attribute("href").startswith("history/adam.html")
    text = snippet.inner_text().strip(". ")
    article = " ".join(content_pages()["history/adam"].replace("#", " ").split())
    assert "Adam" in text
    assert not [ui for ui in UI_TEXT if ui in text]
    assert " ".join(text.replace("#", " ").split())[:120] in article


@pytest.mark.parametrize(
    ("url", "box"),
    [
        ("search.html?q=Adam", ".bd-search-container form.bd-search"),
        ("index.html", "#pst-search-dialog form"),  # Ctrl+K on any other page
    ],
)
def test_the_magnifier_does_not_cover_the_query(site, page, url, box):
    page.goto(site + url)
    if box.startswith("#pst-search-dialog"):
        page.keyboard.press("Control+k")
        page.locator(box).wait_for()
        page.keyboard.type("Adam")
    icon = page.locator(f"{box} .fa-magnifying-glass").bounding_box()
    text_starts = page.evaluate(
        """box => { const input = document.querySelector(box + " input");
                    const style = getComputedStyle(input);
                    return input.getBoundingClientRect().left + parseFloat(style.paddingLeft)
                      + parseFloat(style.borderLeftWidth); }""",
        box,
    )
    assert icon
    assert icon["width"] > 0
    assert icon["x"] + icon["width"] <= text_starts
