"""Time Sphinx's phases of one build and write them as JSON (used by :mod:`build_profile`).

conf.py loads this extension when ``DLBASICS_BUILD_TIMER`` names the output file. Phases:
setup (conf.py, extensions, environment), reading the pages (the API reference apart),
writing HTML, the search index, copying images and static files. Run it with one process
(no ``-j``): per-page reading times are then the pages' own.
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

# When sphinx-build was started (time.time(), set by build_profile), else this import.
_T0 = float(os.environ.get("DLBASICS_BUILD_T0", time.time()))
_times: dict[str, float] = defaultdict(float)
_marks: dict[str, float] = {}


def _timed(phase: str, method: Any) -> Any:
    @functools.wraps(method)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            _times[phase] += time.perf_counter() - start

    return timed


def _builder_inited(app: Sphinx) -> None:
    _times["setup"] = time.time() - _T0
    builder = app.builder
    for name, phase in [
        ("dump_search_index", "search index"),
        ("copy_image_files", "copy images and static files"),
        ("copy_static_files", "copy images and static files"),
        ("copy_download_files", "copy images and static files"),
    ]:
        if hasattr(builder, name):
            setattr(builder, name, _timed(phase, getattr(builder, name)))


def _source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    _marks[docname] = time.perf_counter()


def _doctree_read(app: Sphinx, doctree: Any) -> None:
    docname = app.env.docname
    if docname in _marks:
        phase = "read: API reference" if docname.startswith("appendix/api") else "read: pages"
        _times[phase] += time.perf_counter() - _marks.pop(docname)


def _write_started(app: Sphinx, builder: Any) -> None:
    _marks["write"] = time.perf_counter()


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    copied = _times["search index"] + _times["copy images and static files"]
    if "write" in _marks:
        _times["write HTML"] = time.perf_counter() - _marks["write"] - copied
    _times["total"] = time.time() - _T0
    _times["other"] = _times["total"] - sum(v for k, v in _times.items() if k != "total")


def _dump(path: Path) -> None:
    data = {phase: round(seconds, 2) for phase, seconds in _times.items()}
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _builder_inited)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
    app.connect("write-started", _write_started)
    app.connect("build-finished", _build_finished, priority=900)
    atexit.register(_dump, Path(os.environ["DLBASICS_BUILD_TIMER"]))
    return {"parallel_read_safe": False, "parallel_write_safe": True}
