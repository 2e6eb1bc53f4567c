"""MyST's syntax, as far as the notebooks need to find it: fences, roles, code spans.

Kept apart from ``myst_markdown`` (which needs docutils and myst-parser) so that the browser
tests, whose environment has neither, can check the built notebooks with ``leftovers``.
"""

from __future__ import annotations

import re

#: An opening fence: backticks or tildes (CommonMark), colons (MyST's colon_fence).
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
#: A role, or an inline code span: spans are matched so that a role inside one stays as it is.
ROLE_OR_CODE = re.compile(
    r"\{(?P<role>[A-Za-z0-9_.:+-]+)\}(?P<ticks>`+)(?P<content>.+?)(?P=ticks)(?!`)"
    r"|(?P<code>(?<!`)(?P<codeticks>`+)(?!`).+?(?<!`)(?P=codeticks)(?!`))",
    re.DOTALL,
)
#: What Jupyter would show as it is, outside code: roles, option lines, ``(label)=``.
MYST_ONLY = re.compile(r"\{[A-Za-z0-9_.:+-]+\}`|^:[\w-]+:(\s|$)|^\([^()\s]+\)=\s*$", re.MULTILINE)


def leftovers(markdown: str) -> list[str]:
    """The MyST-only syntax left in ``markdown``: directive fences, and roles outside code."""
    found, prose, fence = [], [], ""
    for line in [*markdown.splitlines(), ""]:
        opening = FENCE.match(line)
        if fence:  # inside a code block: only its closing fence matters
            fence = "" if line.strip() and set(line.strip()) == {fence[0]} else fence
        elif opening:
            if opening.group("info").strip().startswith("{") or opening.group("fence")[0] == ":":
                found.append(line.strip())
            fence = opening.group("fence")
        else:
            prose.append(line)
    text = ROLE_OR_CODE.sub(lambda m: "" if m.group("code") else m.group(0), "\n".join(prose))
    return found + [m.group(0) for m in MYST_ONLY.finditer(text)]
