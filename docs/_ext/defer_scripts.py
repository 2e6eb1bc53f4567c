"""The scripts of every page's head load with ``defer``: the page paints before they run.

Sphinx and its extensions (doctools, copybutton, sphinx-design, the book theme...) add plain
``<script src>`` tags to the head, each of which stops the first paint until it has downloaded
and run; on a phone (Lighthouse's slow 4G) that was most of a second. Deferred, they run in the
same order once the page is parsed, still before ``DOMContentLoaded``, where they start their
work. Left alone: ``documentation_options.js``, which the inline scripts after it use at once,
scripts already ``async`` or ``defer`` (MathJax), inline ones, and the search page, whose search
code (added by its template, not deferred) calls into them as it loads.
"""

from __future__ import annotations

from typing import Any

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


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("html-page-context", defer, priority=900)  # after MathJax and the Colab button
    return {"parallel_read_safe": True, "parallel_write_safe": True}
