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

#: The tables' words in each edition (the directive writes them itself: no catalog entry whose
#: text would change with every new profile).
WORDS: dict[str, dict[str, str]] = {
    "ko": {
        "total": "전체",
        "compute": "실험 계산",
        "imports": "import",
        "start_stop": "kernel 시작·종료",
        "draw": "그림",
        "rest": "나머지",
        "setup": "시작 (conf.py, extension, 환경)",
        "read: pages": "페이지 읽기 (출력은 cache에서)",
        "read: API reference": "API reference 읽기 (autodoc)",
        "write HTML": "HTML 쓰기",
        "search index": "검색 index",
        "copy images and static files": "그림과 static file 복사",
        "other": "나머지",
        "sum": "**합계**",
        "page": "페이지",
        "share": "실험 비율",
        "phase": "Sphinx 단계",
        "seconds": "초",
        "machine": "측정한 기계: {machine}, thread {threads}개. 시간은 초입니다.",
        "summary": "페이지 {pages}개의 {total:.0f} 초 가운데 실험 계산이 **{compute:.0f} 초**"
        " ({share:.0%}), kernel 시작·종료와 import가 **{overhead:.0f} 초** 입니다.",
    },
    "en": {
        "total": "total",
        "compute": "experiment",
        "imports": "imports",
        "start_stop": "kernel start/stop",
        "draw": "figures",
        "rest": "rest",
        "setup": "setup (conf.py, extensions, environment)",
        "read: pages": "reading pages (outputs from the cache)",
        "read: API reference": "reading the API reference (autodoc)",
        "write HTML": "writing HTML",
        "search index": "search index",
        "copy images and static files": "copying figures and static files",
        "other": "rest",
        "sum": "**sum**",
        "page": "page",
        "share": "experiment share",
        "phase": "Sphinx phase",
        "seconds": "seconds",
        "machine": "Measured on: {machine}, {threads} thread(s). Times are in seconds.",
        "summary": "Of the {pages} pages' {total:.0f} seconds, the experiments' compute is"
        " **{compute:.0f} seconds** ({share:.0%}); kernel start/stop and imports take"
        " **{overhead:.0f} seconds**.",
    },
}
#: Columns after the page: (word, seconds of a row). The experiment's share comes first.
COLUMNS: list[tuple[str, Callable[[dict[str, float]], float]]] = [
    ("total", lambda p: p["total"]),
    ("compute", lambda p: p["compute"]),
    ("imports", lambda p: p["imports"]),
    ("start_stop", lambda p: p["start"] + p["stop"]),
    ("draw", lambda p: p["draw"]),
    ("rest", lambda p: p["rest"]),
]
PHASES = (
    "setup",
    "read: pages",
    "read: API reference",
    "write HTML",
    "search index",
    "copy images and static files",
    "other",
    "total",
)


def profile_markdown(profile: dict[str, Any], language: str = "ko") -> list[str]:
    """The profile as MyST Markdown: a sentence, the pages' table and Sphinx's phases."""
    w = WORDS[language]
    pages = sorted(profile["pages"], key=lambda p: -p["total"])
    sums = {k: sum(p[k] for p in pages) for k in pages[0] if k != "page"}
    overhead = sums["start"] + sums["imports"] + sums["stop"]
    share = sums["compute"] / sums["total"]
    lines = [
        w["machine"].format(machine=profile["machine"], threads=profile["threads"]),
        w["summary"].format(pages=len(pages), overhead=overhead, share=share, **sums),
        "",
        f"| {w['page']} | {w['share']} | " + " | ".join(w[k] for k, _ in COLUMNS) + " |",
        "|:--|--:|" + "--:|" * len(COLUMNS),
    ]
    for p in [*pages, {"page": w["sum"], **sums}]:
        cells = " | ".join(f"{seconds(p):.1f}" for _, seconds in COLUMNS)
        lines.append(f"| {p['page']} | {p['compute'] / p['total']:.0%} | {cells} |")
    phases = profile.get("sphinx", {})
    if phases:
        lines += ["", f"| {w['phase']} | {w['seconds']} |", "|:--|--:|"]
        lines += [
            f"| {w['sum'] if k == 'total' else w[k]} | {phases[k]:.1f} |"
            for k in PHASES
            if k in phases
        ]
    return lines


class BuildProfile(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        path = Path(self.env.srcdir) / self.config.execute_ahead_profile
        self.env.note_dependency(str(path))
        profile = json.loads(path.read_text(encoding="utf-8"))
        container = nodes.container(classes=["build-profile"])
        markdown = profile_markdown(profile, self.config.language)
        self.state.nested_parse(StringList(markdown), 0, container)
        for node in container.findall(nodes.TextElement):
            node["translatable"] = False  # written in the edition's language already
        return [container]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("build-profile", BuildProfile)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
