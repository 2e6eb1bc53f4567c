"""``{build-profile}``: the build profile of ``nox -s profile`` as tables, read at build time.

A directive, not a code cell: jupyter-cache keys a notebook on its code, so a cell that read
``build-profile.json`` would keep showing an old profile. The page depends on the file and is
re-read whenever it changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

#: Columns after the page: (header, seconds of a row). The experiment's share comes first.
COLUMNS: list[tuple[str, Callable[[dict[str, float]], float]]] = [
    ("전체", lambda p: p["total"]),
    ("실험 계산", lambda p: p["compute"]),
    ("import", lambda p: p["imports"]),
    ("kernel 시작·종료", lambda p: p["start"] + p["stop"]),
    ("그림", lambda p: p["draw"]),
    ("나머지", lambda p: p["rest"]),
]
PHASES = {
    "setup": "시작 (conf.py, extension, 환경)",
    "read: pages": "페이지 읽기 (출력은 cache에서)",
    "read: API reference": "API reference 읽기 (autodoc)",
    "write HTML": "HTML 쓰기",
    "search index": "검색 index",
    "copy images and static files": "그림과 static file 복사",
    "other": "나머지",
    "total": "**합계**",
}


def profile_markdown(profile: dict[str, Any]) -> list[str]:
    """The profile as MyST Markdown: a sentence, the pages' table and Sphinx's phases."""
    pages = sorted(profile["pages"], key=lambda p: -p["total"])
    sums = {k: sum(p[k] for p in pages) for k in pages[0] if k != "page"}
    overhead = sums["start"] + sums["imports"] + sums["stop"]
    lines = [
        f"측정한 기계: {profile['machine']}, thread {profile['threads']}개. 시간은 초입니다.",
        f"페이지 {len(pages)}개의 {sums['total']:.0f} 초 가운데 실험 계산이 **{sums['compute']:.0f}"
        f" 초** ({sums['compute'] / sums['total']:.0%}), kernel 시작·종료와 import가"
        f" **{overhead:.0f} 초** 입니다.",
        "",
        "| 페이지 | 실험 비율 | " + " | ".join(name for name, _ in COLUMNS) + " |",
        "|:--|--:|" + "--:|" * len(COLUMNS),
    ]
    for p in [*pages, {"page": "**합계**", **sums}]:
        cells = " | ".join(f"{seconds(p):.1f}" for _, seconds in COLUMNS)
        lines.append(f"| {p['page']} | {p['compute'] / p['total']:.0%} | {cells} |")
    phases = profile.get("sphinx", {})
    if phases:
        lines += ["", "| Sphinx 단계 | 초 |", "|:--|--:|"]
        lines += [f"| {label} | {phases[k]:.1f} |" for k, label in PHASES.items() if k in phases]
    return lines


class BuildProfile(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.config.execute_ahead_profile
        self.env.note_dependency(str(path))
        profile = json.loads(path.read_text(encoding="utf-8"))
        container = nodes.container(classes=["build-profile"])
        self.state.nested_parse(StringList(profile_markdown(profile)), 0, container)
        return [container]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("build-profile", BuildProfile)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
