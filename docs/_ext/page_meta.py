"""A ``<meta name="description">`` on every page (its first prose).

Search engines and link previews show the description; without it they show the sidebar's
first words.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

MAX_CHARS = 160


def description(doctree: nodes.document, fallback: str) -> str:
    """The first paragraphs of prose in ``doctree`` (not code, outputs or tables), shortened."""
    texts: list[str] = []
    for para in doctree.findall(nodes.paragraph):
        if any(
            isinstance(a, (nodes.table, nodes.literal_block, nodes.admonition, nodes.figure))
            or "cell_output" in a.get("classes", [])
            for a in _ancestors(para)
        ):
            continue
        text = " ".join(para.astext().split())
        if text:
            texts.append(text)
        if sum(len(t) for t in texts) >= MAX_CHARS:
            break
    text = " ".join(texts) or fallback
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1].rstrip() + "…"


def _ancestors(node: nodes.Node) -> list[nodes.Element]:
    found = []
    parent = node.parent
    while parent is not None:
        found.append(parent)
        parent = parent.parent
    return found


def _add_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    title = html.unescape(str(context.get("title") or app.config.html_title))
    text = f"{title} - {app.config.html_title}"
    if doctree is not None:
        text = description(doctree, title)
    context["metatags"] = (
        context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(text)}" />'
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _add_description)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
