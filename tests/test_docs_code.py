"""The code a reader sees on a page: the idea only, within the column.

A page shows its code cells (unless hidden), the library code it includes, and in the API
reference the docstring examples. At 1280 px a code block holds 84 columns (80 in the API
reference, whose blocks are indented); a Hangul syllable takes two. The browser tests check
the built pages; these check the sources, in a second, and name the line to fix.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from sphinx.config import Config
from sphinx.directives.code import LiteralIncludeReader

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "dlbasics"
PAGE_COLUMNS = 84
API_COLUMNS = 80
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```[ \t]*$", re.S | re.M)
INCLUDE = re.compile(r"^```\{literalinclude\} (\S+)\n((?::[\w-]+:.*\n)*)```", re.M)
HIDDEN = ("remove-cell", "remove-input")
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def columns(line: str) -> int:
    """Width of ``line`` in a monospace font: wide (East Asian) characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def split_cell(body: str) -> tuple[str, list[str]]:
    """A code cell's options (``:tags:`` lines or a YAML block) and its code lines."""
    lines = body.splitlines()
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        return "\n".join(lines[:end]), lines[end + 1 :]
    options = [line for line in lines if line.startswith(":")]
    return "\n".join(options), lines[len(options) :]


def shown_cells(text: str) -> list[list[str]]:
    """The code lines of every code cell whose input the page shows."""
    cells = []
    for match in CELL.finditer(text):
        options, code = split_cell(match.group(1))
        if not any(tag in options for tag in HIDDEN):
            cells.append(code)
    return cells


def included_lines(page: Path, text: str) -> list[str]:
    """The lines every ``literalinclude`` of ``page`` shows, as Sphinx reads them."""
    config = Config({}, {})
    config.source_encoding = "utf-8"
    lines = []
    for match in INCLUDE.finditer(text):
        options: dict[str, object] = {}
        for option in match.group(2).splitlines():
            key, _, value = option[1:].partition(":")
            options[key] = value.strip().strip('"') or None
        path = (page.parent / match.group(1)).resolve()
        shown, _ = LiteralIncludeReader(str(path), options, config).read()
        lines += shown.splitlines()
    return lines


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_shown_cells_hold_the_idea_not_the_bookkeeping(page):
    for code in shown_cells(page.read_text(encoding="utf-8")):
        bookkeeping = [line for line in code if re.search(r"\bglue\b", line)]
        assert not bookkeeping, f"move glue(...) into a hidden cell: {bookkeeping}"
        assert not [line for line in code if "type: ignore" in line]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_shown_code_fits_the_column(page):
    text = page.read_text(encoding="utf-8")
    shown = [line for code in shown_cells(text) for line in code] + included_lines(page, text)
    wide = [line for line in shown if columns(line) > PAGE_COLUMNS]
    assert not wide, f"lines wider than {PAGE_COLUMNS} columns: {wide}"
    assert not [line for line in shown if "type: ignore" in line]


def test_every_included_block_is_dedented():
    for page in PAGES:
        for match in INCLUDE.finditer(page.read_text(encoding="utf-8")):
            assert ":dedent:" in match.group(2), f"{page.name}: {match.group(1)}"


def test_docstring_examples_fit_the_api_column():
    wide = []
    for path in sorted(SRC.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            example = line.strip()
            if example.startswith((">>>", "...")) and columns(example) > API_COLUMNS:
                wide.append(f"{path.relative_to(ROOT)}:{number}")
    assert not wide, f"docstring examples wider than {API_COLUMNS} columns: {wide}"


def test_the_checks_see_a_wide_line_and_a_shown_glue_call():
    page = "```{code-cell} ipython3\nglue('x', 1)\nx = '" + "가" * 50 + "'\n```\n"
    [code] = shown_cells(page)
    assert any(re.search(r"\bglue\b", line) for line in code)
    assert max(columns(line) for line in code) > PAGE_COLUMNS
    hidden = "```{code-cell} ipython3\n:tags: [remove-cell]\n\nglue('x', 1)\n```\n"
    assert shown_cells(hidden) == []
