"""The Markdown of a page's notebook in another edition's language, from its gettext catalog.

Sphinx translates a page's doctree, but a downloaded notebook is built from the page's MyST
source. :func:`translate` walks that source the way Sphinx cut it into messages (a paragraph,
a heading, a list item, a table cell, an admonition's title, each with its lines joined) and
puts in each message's translation; code, fences, directive options and math pass through.
A message missing from the catalog stays as it is (the HTML build refuses those already).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

HEADING = re.compile(r"^(#{1,6} )(.*)$")
ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)]) )(.*)$")
QUOTE = re.compile(r"^ {0,3}> ?")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})(.*)$")
PASSING = re.compile(r"^\s*(\(.+\)=|:[\w-]+:.*|\$\$.*|\|[-:| ]+\|)\s*$")  # targets, options, $$

Lookup = Callable[[str], str]


def catalog(locales: Path, language: str, docname: str) -> dict[str, str]:
    """``{Korean message: translation}`` of one page (fuzzy and empty entries left out)."""
    path = locales / language / "LC_MESSAGES" / f"{docname}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as file:
        return {
            m.id: m.string
            for m in read_po(file)
            if isinstance(m.id, str) and m.id and m.string and not m.fuzzy
        }


def translate(text: str, messages: dict[str, str]) -> str:
    """``text`` (MyST Markdown) with each message in ``messages`` translated."""

    def lookup(source: str) -> str:
        key = " ".join(source.split())
        return messages.get(key, source)

    return "\n".join(_blocks(text.split("\n"), lookup))


def _blocks(lines: list[str], lookup: Lookup) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = FENCE.match(line)
        if fence:
            indent, marks, info = fence.groups()
            out.append(line)
            i += 1
            if marks.startswith(":"):  # an admonition: its title is a message, its body prose
                name, _, title = info.partition("}")
                if title.strip():
                    out[-1] = f"{indent}{marks}{name}}} {lookup(title.strip())}"
                continue
            while i < len(lines):  # code, or a directive in backticks: passes to its end
                out.append(lines[i])
                i += 1
                if lines[i - 1].strip().startswith(marks[0] * len(marks)):
                    break
            continue
        if QUOTE.match(line):
            quoted = []
            while i < len(lines) and QUOTE.match(lines[i]):
                quoted.append(QUOTE.sub("", lines[i], count=1))
                i += 1
            out += [f"> {q}".rstrip() for q in _blocks(quoted, lookup)]
            continue
        if not line.strip() or PASSING.match(line):
            out.append(line)
            i += 1
            continue
        if line.lstrip().startswith("|"):  # a table row: each cell a message
            cells = line.strip().strip("|").split("|")
            out.append("| " + " | ".join(lookup(c.strip()) for c in cells) + " |")
            i += 1
            continue
        heading = HEADING.match(line)
        if heading:
            out.append(heading.group(1) + lookup(heading.group(2)))
            i += 1
            continue
        item = ITEM.match(line)
        prefix, body = (item.group(1), [item.group(2)]) if item else ("", [line])
        i += 1
        while i < len(lines) and lines[i].strip() and not _starts_block(lines[i]):
            body.append(lines[i].strip())
            i += 1
        out.append(prefix + lookup(" ".join(body)))
    return out


def _starts_block(line: str) -> bool:
    return bool(
        FENCE.match(line)
        or QUOTE.match(line)
        or HEADING.match(line)
        or ITEM.match(line)
        or PASSING.match(line)
        or line.lstrip().startswith("|")
    )
