"""The first paint waits for nothing but the HTML and the stylesheets.

Sphinx and its extensions (doctools, copybutton, sphinx-design, the book theme...) add plain
``<script src>`` tags to the head, each of which stops the first paint until it has downloaded
and run; on a phone (Lighthouse's slow 4G) that was most of a second. Here they load with
``defer``: they run in the same order once the page is parsed, still before
``DOMContentLoaded``, where they start their work. Left alone: ``documentation_options.js``,
which the inline scripts after it use at once, scripts already ``async`` or ``defer``, inline
ones, and the search page, whose search code (added by its template, not deferred) calls into
them as it loads. The formulas' typesetter waits longer still: conf.py gives it a type of its
own, which the page template's loader turns into a script after the first paint.

Figures load lazily (``<img loading="lazy">``): a phone fetches those it comes near, not every
figure of the page before the ones it shows.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

KEEP = ("documentation_options.js",)


def defer(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if pagename == "search":
        return
    scripts = []
    for js in context.get("script_files", []):
        attributes = getattr(js, "attributes", {})
        plain = js.filename and not attributes.get("body")
        if plain and not {"async", "defer"} & set(attributes) and not js.filename.endswith(KEEP):
            # Same class (Sphinx's private _JavaScript), same file and order, plus defer.
            js = type(js)(js.filename, priority=js.priority, **{**attributes, "defer": "defer"})
        scripts.append(js)
    context["script_files"] = scripts


def lazy_images(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``<img loading="lazy">`` for every image of the page's body (cell outputs, figures)."""
    for image in doctree.findall(nodes.image):
        image.setdefault("loading", "lazy")


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("html-page-context", defer, priority=900)  # after MathJax and the Colab button
    app.connect("doctree-resolved", lazy_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
