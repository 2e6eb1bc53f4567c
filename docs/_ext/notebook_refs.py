"""What a page's roles and directives mean, answered from the built book (for notebooks.py).

Each answer is taken from the code that makes the HTML, so the notebook says what the page
says: glued values through myst-nb's own extraction and formatting, citations through
sphinxcontrib-bibtex's reference style, included code through Sphinx's
``LiteralIncludeReader``, links from Sphinx's domains (to the published site).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from myst_markdown import to_markdown
from myst_nb.core.variables import format_plain_text
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude, LiteralIncludeReader
from sphinx.locale import admonitionlabels
from sphinx.util import docname_join, logging

logger = logging.getLogger(__name__)

#: What a notebook says where the HTML page shows something a notebook cannot, per edition.
HTML_ONLY = {
    "ko": "이 부분은 책의 HTML 페이지에서 볼 수 있습니다",
    "en": "This part is shown on the book's HTML page",
}


def _markdown(node: nodes.Node) -> str:
    """Text of docutils nodes, with emphasis (*et al.*) and external links kept."""
    if isinstance(node, nodes.Text):
        return node.astext().replace("\n", " ")
    inner = "".join(_markdown(child) for child in node.children)
    if isinstance(node, nodes.emphasis):
        return f"*{inner}*"
    if isinstance(node, nodes.reference) and node.get("refuri", "").startswith("http"):
        return f"[{inner}]({node['refuri']})"
    return inner


class SphinxResolver:
    """Answers ``myst_markdown.Resolver`` for page ``docname`` of the book being built."""

    def __init__(self, app: Sphinx, docname: str, glue_data: dict[str, Any], site: str) -> None:
        self.app, self.env, self.docname = app, app.env, docname
        self.glue_data, self.site = glue_data, site
        self.cited: list[str] = []  # keys in order of first citation

    def _warn(self, message: str) -> None:
        logger.warning(f"notebook: {message}", location=self.docname, type="dlbasics")

    def url(self, docname: str, anchor: str = "") -> str:
        uri = self.app.builder.get_target_uri(docname)
        return f"{self.site}{uri}" + (f"#{anchor}" if anchor else "")

    def glue(self, role: str, text: str) -> str:
        key, fmt = text, ""
        if ":" in text and role not in {"glue", "glue:", "glue:any", "glue:math"}:
            key, fmt = text.rsplit(":", 1)  # as myst-nb's roles split it
        if key not in self.glue_data:
            self._warn(f"no glue data for {key!r}")
            return key
        data = self.glue_data[key]["data"]
        if role == "glue:md" or ("text/markdown" in data and role != "glue:text"):
            return to_markdown(data.get("text/markdown", ""), self)
        if role == "glue:math" and "text/latex" in data:
            return str(data["text/latex"]).strip().strip("$")
        if role == "glue:text":
            return format_plain_text(data["text/plain"], fmt or "s")
        return str(data.get("text/plain", ""))

    def cite(self, role: str, text: str) -> str:
        from sphinxcontrib.bibtex.citation_target import parse_citation_targets
        from sphinxcontrib.bibtex.style.referencing import format_references
        from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

        domain: Any = self.env.get_domain("cite")
        typ = role.split(":", 1)[1] if ":" in role else "p"
        by_key = {
            c.key: c
            for c in domain.citations
            if domain.bibliographies[c.bibliography_key].list_ == "citation"
        }
        references = []
        for target in parse_citation_targets(text):
            citation = by_key.get(target.key)
            if citation is None:
                self._warn(f"unknown citation {target.key!r}")
                continue
            if target.key not in self.cited:
                self.cited.append(target.key)
            info = SphinxReferenceInfo(
                builder=self.app.builder,
                fromdocname=self.docname,
                todocname=citation.bibliography_key.docname,
                citation_id=citation.citation_id,
                title=None,
                pre_text=target.pre,
                post_text=target.post,
            )
            references.append((citation.entry, citation.formatted_entry, info))
        formatted = format_references(domain.reference_style, typ, references)
        return "".join(_markdown(node) for node in formatted.render(domain.backend))

    def references(self) -> str:
        """A references section listing the cited entries as the bibliography page does."""
        if not self.cited:
            return ""
        domain: Any = self.env.get_domain("cite")
        items: dict[str, str] = {}
        page = ""
        for citation in domain.citations:  # in the bibliography's order
            if citation.key in self.cited and citation.key not in items:
                entry = citation.formatted_entry
                text = "".join(_markdown(n) for n in entry.text.render(domain.backend))
                items[citation.key] = f"- [{entry.label}] {text}"
                page = citation.bibliography_key.docname
        return f"## {self.env.titles[page].astext()}\n\n" + "\n".join(items.values())

    def link(self, role: str, title: str | None, target: str) -> str:
        std: Any = self.env.get_domain("std")
        found: tuple[str, str] | None = None
        text = title
        if role == "doc":
            docname = target[1:] if target.startswith("/") else docname_join(self.docname, target)
            if docname in self.env.titles:
                found = (docname, "")
                text = text or self.env.titles[docname].astext()
        elif role in {"ref", "numref", "std:ref"}:
            if target in std.labels:
                docname, anchor, section = std.labels[target]
                found, text = (docname, anchor), text or section
            elif target in std.anonlabels:
                found = std.anonlabels[target]
        elif role in {"term", "std:term"}:
            entry = std.objects.get(("term", target)) or std.objects.get(("term", target.lower()))
            found = entry[:2] if entry else None
        elif role.startswith("py:"):
            py: Any = self.env.get_domain("py")
            name = target.lstrip("~.")
            entry = py.objects.get(name)
            found = (entry.docname, entry.node_id) if entry else None
            shown = name.rsplit(".", 1)[-1] if target.startswith("~") else name
            parens = "()" if role in {"py:func", "py:meth"} else ""
            text = text or f"`{shown}{parens}`"
        text = text or target
        return f"[{text}]({self.url(*found)})" if found and self.site else text

    def include(self, argument: str, options: dict[str, Any]) -> tuple[str, str]:
        _, filename = self.env.relfn2path(argument, self.docname)
        spec: dict[str, Any] = dict(LiteralInclude.option_spec or {})
        converted = {  # as docutils converts the options of the directive (None: a flag)
            key: spec[key](None if value is None else str(value))
            for key, value in options.items()
            if key in spec
        }
        code, _ = LiteralIncludeReader(filename, converted, self.app.config).read()
        language = options.get("language") or ("python" if filename.endswith(".py") else "")
        return code, language

    def admonition_title(self, name: str) -> str:
        return str(admonitionlabels.get(name, name))

    def image(self, argument: str) -> str:
        rel, _ = self.env.relfn2path(argument, self.docname)
        return f"{self.site}_images/{self.app.builder.images.get(rel, rel.rsplit('/', 1)[-1])}"

    def html_only(self, name: str) -> str:
        if name == "build-profile":  # the book's own directive writes Markdown: take it
            import profile_table

            path = Path(self.env.srcdir) / self.app.config.execute_ahead_profile
            profile = json.loads(path.read_text(encoding="utf-8"))
            lines = profile_table.profile_markdown(profile, self.app.config.language)
            return to_markdown("\n".join(lines), self)
        title = self.env.titles[self.docname].astext()
        where = f"[{title}]({self.url(self.docname)})" if self.site else title
        words = HTML_ONLY.get(self.app.config.language, HTML_ONLY["en"])
        return f"> {words}: {where}"
