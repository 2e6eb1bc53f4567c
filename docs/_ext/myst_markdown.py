"""MyST Markdown to the Markdown Jupyter and Colab render.

A downloaded notebook is read outside the book, where ``{glue:text}`bc_first:.2f``` or a
``:::{note}`` fence would be shown as they are. ``to_markdown`` rewrites a page's Markdown:
roles become text or links, admonitions block quotes with a bold title, ``literalinclude``
the code it includes, other directives a pointer to the HTML page. What a role or directive
*means* (a glued value, a citation, a link, an included file) is asked of a ``Resolver``;
``notebook_refs.SphinxResolver`` answers from the built book, the tests from a fake.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from docutils.parsers.rst import Directive, directives
from myst_parser.parsers.directives import parse_directive_text
from myst_syntax import FENCE, ROLE_OR_CODE

ADMONITIONS = {
    *("admonition", "note", "tip", "hint", "important", "warning", "caution"),
    *("attention", "danger", "error", "seealso"),
}
CODE_BLOCKS = {"code", "code-block", "sourcecode"}
TARGET = re.compile(r"^\([^()\s]+\)=\s*$")  # (label)=
EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


class Resolver(Protocol):
    def glue(self, role: str, text: str) -> str:
        """The value glued under ``text`` (``key`` or ``key:format``) as Markdown."""

    def cite(self, role: str, text: str) -> str:
        """Citation text for a ``cite``/``cite:p``/``cite:t``... role."""

    def link(self, role: str, title: str | None, target: str) -> str:
        """A Markdown link (or text) for ``doc``, ``ref``, ``term``, ``py:func``..."""

    def include(self, argument: str, options: dict[str, Any]) -> tuple[str, str]:
        """(code, language) of a ``literalinclude``, as the HTML shows it."""

    def admonition_title(self, name: str) -> str:
        """The title the HTML gives an admonition ``name`` ("참고" for ``note``)."""

    def image(self, argument: str) -> str:
        """Where a reader of the notebook finds the image ``argument``."""

    def html_only(self, name: str) -> str:
        """Markdown that points to the HTML page for a directive a notebook cannot show."""


def split_title(text: str) -> tuple[str | None, str]:
    """``title <target>`` -> (title, target); ``target`` -> (None, target)."""
    found = EXPLICIT_TITLE.match(text.strip())
    if found:
        return found.group("title"), found.group("target").strip()
    return None, text.strip()


def convert_role(role: str, content: str, resolver: Resolver) -> str:
    if role in {"glue", "glue:", "glue:any", "glue:text", "glue:md"}:
        return resolver.glue(role, content)
    if role == "cite" or role.startswith("cite:"):
        return resolver.cite(role, content)
    if role == "math":
        return f"${content}$"
    if role in {"doc", "ref", "term", "numref", "any", "download"} or role.startswith(
        ("py:", "std:")
    ):
        title, target = split_title(content)
        return resolver.link(role, title, target)
    title, target = split_title(content)  # abbr, sub, sup, kbd...: their text
    return title if title is not None and role != "abbr" else target


def convert_inline(text: str, resolver: Resolver) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group("code") is not None:
            return match.group("code")
        return convert_role(match.group("role"), match.group("content"), resolver)

    return ROLE_OR_CODE.sub(replace, text)


class _AnyOptions(dict[str, Any]):
    """Accepts every option as text: the directive it belongs to converts it."""

    def __bool__(self) -> bool:
        return True

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return directives.unchanged


class _AnyDirective(Directive):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = _AnyOptions()


def parse_directive(argument: str, body: list[str]) -> tuple[str, dict[str, Any], list[str]]:
    """(argument, options, content) of a directive, parsed by myst-parser as the book is."""
    parsed = parse_directive_text(_AnyDirective, argument, "\n".join(body), validate_options=False)
    return " ".join(parsed.arguments), parsed.options, parsed.body


def fenced(code: str, language: str) -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code.rstrip()}\n{fence}"


def quote(markdown: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in markdown.splitlines())


def convert_directive(name: str, first_line: str, body: list[str], resolver: Resolver) -> str:
    argument, options, content = parse_directive(first_line, body)
    if name in ADMONITIONS and name != "admonition" and argument:
        content, argument = [argument, *content], ""  # a note has no title: text on its line
    text = "\n".join(content).strip("\n")
    if name in ADMONITIONS:
        title = argument if name == "admonition" else resolver.admonition_title(name)
        title = convert_inline(title, resolver) if title else ""
        inner = to_markdown(text, resolver)
        return quote(f"**{title}**\n\n{inner}" if title else inner)
    if name == "literalinclude":
        code, language = resolver.include(argument, options)
        caption = f"*{options['caption']}*\n\n" if options.get("caption") else ""
        return caption + fenced(code, language)
    if name in CODE_BLOCKS:
        return fenced(text, argument or str(options.get("language", "")))
    if name == "math":
        return f"$$\n{text}\n$$"
    if name in {"glue", "glue:", "glue:any", "glue:text", "glue:md", "glue:math"}:
        value = resolver.glue(name, argument)
        return f"$$\n{value}\n$$" if name == "glue:math" else value
    if name in {"figure", "image"}:
        alt = str(options.get("alt", ""))
        image = f"![{alt}]({resolver.image(argument)})"
        return f"{image}\n\n*{to_markdown(text, resolver)}*" if text.strip() else image
    return resolver.html_only(name)


def to_markdown(source: str, resolver: Resolver) -> str:
    """``source`` (MyST Markdown) with every MyST-only construct rewritten."""
    lines = source.splitlines()
    out: list[str] = []
    prose: list[str] = []

    def flush() -> None:
        if prose:
            out.append(convert_inline("\n".join(prose), resolver).strip("\n"))
            prose.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        opening = FENCE.match(line)
        if opening is None:
            if not TARGET.match(line) and not line.startswith("%"):  # labels, comments
                prose.append(line)
            i += 1
            continue
        flush()
        fence, info = opening.group("fence"), opening.group("info").strip()
        closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = next((j for j in range(i + 1, len(lines)) if closing.match(lines[j])), len(lines))
        body = lines[i + 1 : end]
        directive = re.match(r"^\{(?P<name>[^}]+)\}\s*(?P<argument>.*)$", info)
        if directive is not None:
            name, argument = directive.group("name"), directive.group("argument").strip()
            out.append(convert_directive(name, argument, body, resolver))
        else:  # a code block (or a colon fence without a directive): as it is
            out.append("\n".join(lines[i : end + 1]))
        i = end + 1
    flush()
    # A blank line between blocks: a line after a block quote would continue its paragraph.
    return "\n\n".join(block for block in out if block.strip())
