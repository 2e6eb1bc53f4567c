"""The built book works offline: no other host, no errors, every formula typeset."""

from __future__ import annotations

from pathlib import Path

import pytest
from served import EDITIONS, SITE, pages

pytestmark = pytest.mark.browser


def test_the_book_has_its_pages():
    assert {"index.html", "intro/components.html", "appendix/api.html"} <= set(pages())


@pytest.mark.parametrize("path", [f"{e}/{p}" for e in EDITIONS for p in pages(SITE / e)])
def test_page_is_offline_and_clean(root, audit, path):
    result = audit(root + path)
    assert result.problems() == []


def test_formulas_are_typeset_on_a_page_with_math(site, audit):
    result = audit(site + "intro/good-deep-learner.html")
    assert result.math_nodes >= 3
    assert result.math_typeset == result.math_nodes


def test_the_audit_fails_for_real(tmp_path: Path, audit, serve):
    # A page that loads a CDN script and has a formula that nothing typesets.
    (tmp_path / "index.html").write_text(
        '<html><head><script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js">'
        '</script></head><body><span class="math">\\(x^2\\)</span>'
        '<article><img src="missing.png"></article></body></html>',
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        result = audit(url)
    problems = "\n".join(result.problems())
    assert "request to another host: https://cdn.jsdelivr.net" in problems
    assert "1 of 1 formulas not typeset" in problems
    assert "404" in problems
    assert "image not shown: missing.png" in problems
    assert "image without alt text: missing.png" in problems
