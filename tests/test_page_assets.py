"""What every page loads: icon fonts cut to the icons used, head scripts deferred, lazy figures."""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import icons
import pytest
from defer_scripts import defer, lazy_images
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document

THEME_CSS = (
    ':root{--pst-icon-github:"\uf09b"}'
    '.fa-bars,.fa-navicon{--fa:"\\f0c9"}.fa-tree{--fa:"\\f1bb"}.fa-0{--fa:"\\30 "}'
    "@font-face{font-family:Font Awesome\\ 7 Free;font-weight:900;"
    "src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2)}"
)


def test_trim_keeps_only_the_icons_used_and_points_at_the_subsets():
    css, needed = icons.trim(THEME_CSS, {"bars", "solid"})
    assert '.fa-bars,.fa-navicon{--fa:"\\f0c9"}' in css
    assert "fa-tree" not in css
    assert ".fa-0" not in css
    assert 'url(../icons/fa-solid-900.woff) format("woff")' in css
    assert needed == {0xF0C9, 0xF09B}  # the icon kept and the theme's own CSS icon


def test_icon_names_come_from_pages_and_scripts_not_from_the_whole_set(tmp_path):
    (tmp_path / "_static" / "scripts").mkdir(parents=True)
    (tmp_path / "_sources").mkdir()
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-bars"></i>', encoding="utf-8")
    (tmp_path / "_static" / "theme.js").write_text('"fa-xmark"', encoding="utf-8")
    (tmp_path / "_static" / "scripts" / "fontawesome.js").write_text("fa-tree", encoding="utf-8")
    (tmp_path / "_sources" / "page.html").write_text("fa-cat", encoding="utf-8")
    assert icons.used_names(tmp_path) == {"solid", "bars", "xmark"}


def test_the_committed_subsets_hold_the_theme_icons():
    have = set().union(*(icons.glyphs(icons.SUBSETS / f) for f in icons.FONTS.values()))
    # bars, magnifying glass, download, list, sun, moon, github: the header of every page.
    assert {0xF0C9, 0xF002, 0xF019, 0xF03A, 0xF185, 0xF186, 0xF09B} <= have
    assert sum((icons.SUBSETS / f).stat().st_size for f in icons.FONTS.values()) < 20_000


def book(tmp_path: Path, page: str) -> SimpleNamespace:
    styles = tmp_path / "_static" / "styles"
    styles.mkdir(parents=True)
    (styles / "pydata-sphinx-theme.css").write_text(THEME_CSS, encoding="utf-8")
    (tmp_path / "index.html").write_text(page, encoding="utf-8")
    return SimpleNamespace(outdir=tmp_path, builder=SimpleNamespace(format="html"))


def test_an_icon_missing_from_the_subsets_is_a_build_warning(tmp_path, caplog):
    app = book(tmp_path, '<i class="fa-solid fa-tree"></i>')
    with caplog.at_level(logging.WARNING):
        icons.write_book_css(app, None)
    assert "U+F1BB" in caplog.text
    assert "fa-tree" in (tmp_path / icons.BOOK_CSS).read_text(encoding="utf-8")


def test_icons_in_the_subsets_build_quietly(tmp_path, caplog):
    app = book(tmp_path, '<i class="fa-solid fa-bars"></i>')
    with caplog.at_level(logging.WARNING):
        icons.write_book_css(app, None)
    assert "U+" not in caplog.text


@pytest.fixture
def scripts() -> list[object]:
    from sphinx.builders.html._assets import _JavaScript

    return [
        _JavaScript("_static/documentation_options.js", priority=200),
        _JavaScript("_static/doctools.js", priority=200),
        _JavaScript("_static/design-tabs.js", **{"data-sd-tabs-storage-prefix": "x"}),
        _JavaScript("", body="window.MathJax = {}"),
        _JavaScript("mathjax/startup.js", defer="defer"),
        _JavaScript("_static/other.js", **{"async": "async"}),
    ]


def test_head_scripts_are_deferred_but_documentation_options(scripts):
    context = {"script_files": scripts}
    defer(None, "index", "page.html", context, None)
    deferred = [(js.filename, js.attributes.get("defer")) for js in context["script_files"]]
    assert deferred == [
        ("_static/documentation_options.js", None),  # the inline scripts after it need it now
        ("_static/doctools.js", "defer"),
        ("_static/design-tabs.js", "defer"),
        ("", None),
        ("mathjax/startup.js", "defer"),
        ("_static/other.js", None),  # async already
    ]
    assert context["script_files"][2].attributes["data-sd-tabs-storage-prefix"] == "x"
    assert [js.priority for js in context["script_files"]] == [js.priority for js in scripts]


def test_the_search_page_keeps_its_scripts_as_they_are(scripts):
    context = {"script_files": list(scripts)}
    defer(None, "search", "search.html", context, None)
    assert context["script_files"] == scripts


def test_figures_load_lazily_unless_an_image_says_otherwise():
    doctree = new_document("page", get_default_settings())
    figure, eager = nodes.image(uri="figure.svg"), nodes.image(uri="logo.svg", loading="embed")
    doctree += [nodes.paragraph("", "", figure), eager]
    lazy_images(None, doctree, "page")
    assert [figure["loading"], eager["loading"]] == ["lazy", "embed"]
