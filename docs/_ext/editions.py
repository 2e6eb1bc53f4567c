"""The book's editions side by side: ``html/ko/`` (the source) and ``html/en/`` (translated).

Each edition is one Sphinx build of the same pages (``DLBASICS_LANGUAGE`` picks it in conf.py);
the English prose comes from the gettext catalogs in ``docs/locales/en``. This extension

- links every page to the same page of the other edition: a switcher in the page header and
  ``<link rel="alternate" hreflang>`` in the head, computed at build time (works offline);
- keeps each edition's notebook outputs (figures, glue) in a folder of its own;
- in a translated edition, resolves ``{glue:text}`key``` inside translated messages against
  the page's own glue data (Sphinx parses each translated message as a new document, which has
  none), so a message keeps the key, never the number;
- in a translated edition, fails the build (a warning; ``-W``) on any Hangul left in a page:
  a message with no translation, or whose Korean changed since it was translated (a *fuzzy*
  entry, which gettext does not use), named with its page and its sentence.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from catalogs import HANGUL
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import i18n
from sphinx.util import logging

logger = logging.getLogger(__name__)

SOURCE_LANGUAGE = "ko"
#: A glue role whose key names no page (``{glue:text}`key:.3f```, not ``path::key``).
LOCAL_GLUE = re.compile(r"(\{glue(?::\w+)?\}`)(?![^`]*::)")


def _own_output_folder(app: Sphinx) -> None:
    """myst-nb writes outputs next to the HTML folder; give each edition its own folder."""
    folder = Path(app.outdir).parents[1] / "jupyter_execute" / app.config.language
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(folder))


_publish_msgstr = i18n._publish_msgstr


def _publish_msgstr_with_page_glue(source: str, *args: Any, env: Any, **kwargs: Any) -> Any:
    """Sphinx's ``_publish_msgstr``, with local glue keys resolved against the page's data."""
    page = "/" + Path(env.doc2path(env.docname, False)).as_posix()
    source = LOCAL_GLUE.sub(lambda m: f"{m.group(1)}{page}::", source)
    # myst-nb reads `page::key` without a format as key "page:" and format "key": say "s"
    source = re.sub(r"(::[^`:]+)`", r"\1:s`", source)
    return _publish_msgstr(source, *args, env=env, **kwargs)


def _untranslated(app: Sphinx, doctree: nodes.document) -> None:
    """Warn, per paragraph, about Hangul left in a page of a translated edition."""
    docname = app.env.docname
    catalog = f"docs/locales/{app.config.language}/LC_MESSAGES/{docname}.po"
    seen: set[str] = set()
    for text in doctree.findall(nodes.Text):
        if not HANGUL.search(text):
            continue
        block = text.parent
        while block is not None and not isinstance(block, nodes.TextElement):
            block = block.parent
        shown = " ".join((block or text).astext().split())
        if shown in seen:
            continue
        seen.add(shown)
        if isinstance(block, (nodes.literal_block, nodes.literal)):
            what = "Hangul in code or output (make the code's words English)"
        else:
            what = f"not translated, or its Korean changed since (update {catalog})"
        logger.warning(f"{what}: {shown[:160]!r}", location=block or (docname, None))


def _alternates(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The same page in every edition: for the switcher and ``hreflang`` links."""
    language = app.config.language
    names: dict[str, str] = app.config.dlbasics_editions
    up = "../" * (pagename.count("/") + 1)
    urls = {lang: f"{up}{lang}/{pagename}.html" for lang in names}  # the switcher: offline
    alternates = urls  # hreflang: the published pages (html_baseurl is this edition's root)
    if base := app.config.html_baseurl:
        alternates = {lang: urljoin(base, f"../{lang}/{pagename}.html") for lang in names}
    if pagename == app.config.notfound_pagename:  # served at any depth: absolute, to the start
        root = app.config.notfound_urls_prefix.removesuffix(f"{language}/")
        urls = {lang: f"{root}{lang}/index.html" for lang in names}
        alternates = {}
    context["dlbasics_alternates"] = [
        {"lang": lang, "url": url} for lang, url in alternates.items()
    ]
    context["dlbasics_other_editions"] = [
        {"lang": lang, "name": name, "url": urls[lang]}
        for lang, name in names.items()
        if lang != language
    ]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("dlbasics_editions", {}, "html")  # {language: its own name}
    app.connect("builder-inited", _own_output_folder, priority=900)  # after myst-nb's
    app.connect("html-page-context", _alternates)
    if app.config.language != SOURCE_LANGUAGE:
        i18n._publish_msgstr = _publish_msgstr_with_page_glue  # type: ignore[assignment]
        app.connect("doctree-read", _untranslated)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
