"""Profile the book's build: where each page's time goes, and Sphinx's own phases.

``nox -s profile`` runs this module. It writes ``docs/appendix/build-profile.json``, which the
page "이 책은 어떻게 만들어지나" shows as a table and :mod:`execute_ahead` uses to start the
longest pages first in a fresh clone.

**Pages.** Each notebook runs alone in a fresh kernel (one thread, as in the build), with an
injected first cell that times, by the innermost activity at each moment:

- ``imports``: ``import`` statements (``builtins.__import__``), wherever they happen;
- ``compute``: calls from the page into public ``dlbasics`` functions outside ``dlbasics.plot``
  (the experiments, data, training);
- ``draw``: calls into ``dlbasics.plot`` and matplotlib's rendering of figures to SVG/PNG.

``start`` is from asking for a kernel until the first cell runs, ``stop`` from the end of the
last cell until the kernel is gone; ``rest`` is what remains of the page's wall time: glue,
claim checks, display, the notebook protocol.

**Sphinx.** One build without execution (every notebook comes from the cache the profiled
run filled), one process, timed by phase with :mod:`build_timer`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from execute_ahead import page_notebook  # docs/_ext

DOCS = Path(__file__).resolve().parents[1]
PARTS = ("start", "imports", "compute", "draw", "rest", "stop")  # a page's time, in order
OUT = DOCS / "appendix" / "build-profile.json"

# Runs first in the page's kernel. Every name it defines starts with _dlbp.
PROBE = r"""
import builtins as _dlbp_builtins, functools as _dlbp_functools
import sys as _dlbp_sys, time as _dlbp_time
_dlbp_clock = _dlbp_time.perf_counter
_dlbp_t = {"imports": 0.0, "compute": 0.0, "draw": 0.0}
_dlbp_stack = []  # [kind, since]: time goes to the innermost activity
_dlbp_ready = _dlbp_time.time()

def _dlbp_enter(kind):
    now = _dlbp_clock()
    if _dlbp_stack:
        _dlbp_t[_dlbp_stack[-1][0]] += now - _dlbp_stack[-1][1]
    _dlbp_stack.append([kind, now])

def _dlbp_leave():
    now = _dlbp_clock()
    kind, since = _dlbp_stack.pop()
    _dlbp_t[kind] += now - since
    if _dlbp_stack:
        _dlbp_stack[-1][1] = now

def _dlbp_timed(kind, fn):
    @_dlbp_functools.wraps(fn)
    def timed(*args, **kwargs):
        _dlbp_enter(kind)
        try:
            return fn(*args, **kwargs)
        finally:
            _dlbp_leave()
    return timed

_dlbp_done = set()
_dlbp_seen = [0]  # len(sys.modules) at the last look: most imports import nothing new

def _dlbp_wrap(module):
    for attr, value in list(vars(module).items()):
        owner = getattr(value, "__module__", None) or ""
        if (attr.startswith("_") or isinstance(value, type) or not callable(value)
                or not owner.startswith("dlbasics") or hasattr(value, "_dlbp")):
            continue
        timed = _dlbp_timed("draw" if owner.startswith("dlbasics.plot") else "compute", value)
        timed._dlbp = True
        setattr(module, attr, timed)

def _dlbp_wrap_new_modules():
    if len(_dlbp_sys.modules) == _dlbp_seen[0]:
        return
    _dlbp_seen[0] = len(_dlbp_sys.modules)
    for name, module in list(_dlbp_sys.modules.items()):
        if name in _dlbp_done:
            continue
        if name == "matplotlib.backend_bases":
            canvas = module.FigureCanvasBase
            canvas.print_figure = _dlbp_timed("draw", canvas.print_figure)
        elif name == "dlbasics" or name.startswith("dlbasics."):
            _dlbp_wrap(module)
        else:
            continue
        _dlbp_done.add(name)

_dlbp_import = _dlbp_builtins.__import__

def _dlbp_timed_import(*args, **kwargs):
    outermost = not any(kind == "imports" for kind, _ in _dlbp_stack)
    _dlbp_enter("imports")
    try:
        module = _dlbp_import(*args, **kwargs)
        if outermost:
            _dlbp_wrap_new_modules()
        return module
    finally:
        _dlbp_leave()

_dlbp_builtins.__import__ = _dlbp_timed_import
"""

REPORT = (
    "import json as _dlbp_json\n"
    'print(_dlbp_json.dumps({**_dlbp_t, "ready": _dlbp_ready, "done": _dlbp_time.time()}))'
)


def page_notebooks() -> dict[str, Any]:
    """Every page of the book that has code, as the notebook myst-nb builds from it."""
    from myst_nb.core.config import NbParserConfig
    from myst_parser.config.main import MdParserConfig

    md_config, nb_config = MdParserConfig(), NbParserConfig(kernel_rgx_aliases={".*": "python3"})
    pages = {}
    for path in sorted(DOCS.rglob("*.md")):
        notebook = None if "_build" in path.parts else page_notebook(path, md_config, nb_config)
        if notebook is not None:
            pages[path.relative_to(DOCS).with_suffix("").as_posix()] = notebook
    return pages


def profile_page(name: str, notebook: Any) -> dict[str, Any]:
    import nbformat
    from nbclient import NotebookClient

    notebook.cells.insert(0, nbformat.v4.new_code_cell(PROBE))
    notebook.cells.append(nbformat.v4.new_code_cell(REPORT))
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", shutdown_kernel="immediate"
    )
    asked = time.time()
    client.execute(cwd=str((DOCS / name).parent))
    stopped = time.time()
    report = json.loads(notebook.cells[-1].outputs[0]["text"])
    t = {"start": report["ready"] - asked, "stop": stopped - report["done"]}
    t.update({key: report[key] for key in ("imports", "compute", "draw")})
    t["total"] = stopped - asked
    t["rest"] = t["total"] - sum(t[k] for k in PARTS if k != "rest")
    return {"page": name, **{key: round(seconds, 2) for key, seconds in t.items()}}


def profile_sphinx() -> dict[str, float]:
    """One build without execution (pages from the cache), one process, timed by phase."""
    with tempfile.TemporaryDirectory() as tmp:
        timings = Path(tmp) / "phases.json"
        env = {**os.environ, "DLBASICS_BUILD_TIMER": str(timings)}
        env["DLBASICS_BUILD_T0"] = str(time.time())
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "-E"]
        cmd += ["-d", f"{tmp}/doctrees", str(DOCS), f"{tmp}/html"]
        subprocess.run(cmd, check=True, env=env)
        return json.loads(timings.read_text(encoding="utf-8"))


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="profile only these pages (e.g. history/gpt)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    notebooks = page_notebooks()
    names = args.pages or list(notebooks)
    rows = []
    for name in names:
        row = profile_page(name, notebooks[name])
        print(" ".join(f"{k}={v}" for k, v in row.items()), flush=True)
        rows.append(row)
    old = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    if args.pages:  # a partial run updates those rows of the existing profile
        kept = [r for r in old.get("pages", []) if r["page"] not in names]
        rows = sorted(kept + rows, key=lambda r: r["page"])
    profile = {
        "machine": f"{cpu_name()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "threads": os.environ.get("OMP_NUM_THREADS", "default"),
        "pages": rows,
        "sphinx": old.get("sphinx", {}),
    }
    write(args.out, profile)
    if not args.pages:
        profile["sphinx"] = profile_sphinx()
        write(args.out, profile)


def write(path: Path, profile: dict[str, Any]) -> None:
    path.write_text(json.dumps(profile, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
