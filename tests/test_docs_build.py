"""The build is a test: a failing cell or a stderr warning fails it; a library change re-executes.

Each test builds a tiny book with the real ``docs/conf.py`` in a temporary folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[1] / "docs"
HEADER = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

```{{code-cell}} ipython3
{code}
```
"""

pytestmark = pytest.mark.slow


def make_book(root: Path, pages: dict[str, str]) -> Path:
    src = root / "book"
    src.mkdir()
    for name in ("conf.py", "references.bib"):
        shutil.copy(DOCS / name, src / name)
    for folder in ("_static", "_ext", "_templates"):
        shutil.copytree(DOCS / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    toctree = "\n".join(pages)
    (src / "index.md").write_text(
        f"# Fixture\n\n```{{toctree}}\n{toctree}\n```\n", encoding="utf-8"
    )
    for name, code in pages.items():
        (src / f"{name}.md").write_text(HEADER.format(title=name, code=code), encoding="utf-8")
    return src


def build(
    src: Path, *args: str, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), env.get("PYTHONPATH", "")])
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        "html",
        "-W",
        "--keep-going",
        *args,
        str(src),
        str(src / "_build" / "html"),
    ]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)


GLYPH = (
    "import matplotlib.pyplot as plt\n"
    "from dlbasics.plot import use_style\n"
    "use_style()\n"
    "plt.title('\\U0001d4a9')\n"
    "plt.show()"
)


def test_a_failing_cell_or_a_missing_glyph_fails_the_build_and_good_pages_still_render(tmp_path):
    # One forced build of three pages (each Sphinx build starts kernels: one build, not three).
    src = make_book(
        tmp_path,
        {
            "good": "print(6 * 7)",
            "bad": "raise RuntimeError('this cell is broken')",
            "glyph": GLYPH,
        },
    )
    out = build(src, "-D", "nb_execution_mode=force")
    log = out.stdout + out.stderr
    assert out.returncode != 0
    assert "this cell is broken" in log  # the traceback is shown
    assert "stderr was found in the cell outputs" in log  # the missing glyph's warning
    html = src / "_build" / "html"
    assert "42" in (html / "good.html").read_text(encoding="utf-8")
    assert "missing from font" in (html / "glyph.html").read_text(encoding="utf-8")


def test_cached_pages_keep_their_outputs_and_failing_pages_keep_failing(tmp_path):
    # Cache mode, built twice: the unchanged failing page must fail again (not be skipped), and
    # the downloadable notebook of a page re-read from the cache still has its outputs
    # (myst-nb writes jupyter_execute/<page>.ipynb before merging cached outputs into it).
    src = make_book(tmp_path, {"good": "print(6 * 7)", "bad": "raise RuntimeError('still broken')"})
    for attempt in range(2):
        out = build(src)
        log = out.stdout + out.stderr
        assert out.returncode != 0
        assert "still broken" in log
        if attempt == 0:
            (src / "good.md").touch()  # re-read; unchanged code, so outputs come from the cache
    assert "cached" in log.lower()
    html = src / "_build" / "html"
    nb = json.loads((html / "_sources" / "good.ipynb").read_text("utf-8"))
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert any("42" in "".join(o.get("text", "")) for o in outputs)
    assert nb["cells"][0]["metadata"]["tags"] == ["dlbasics-install"]
    page = (html / "good.html").read_text(encoding="utf-8")
    assert "_sources/good.ipynb" in page  # offered in the download menu
    assert "colab.research.google.com/github/" in page


def run_number(src: Path) -> str:
    html = (src / "_build" / "html" / "rand.html").read_text(encoding="utf-8")
    found = re.search(r"RUN ([0-9.]+)", html)
    assert found, html
    return found.group(1)


def test_a_library_change_re_executes_the_pages(tmp_path):
    # A stand-in dlbasics package first on the path: conf.py hashes whatever it imports.
    lib = tmp_path / "lib" / "dlbasics"
    lib.mkdir(parents=True)
    (lib / "__init__.py").write_text("__version__ = '0'\n", encoding="utf-8")
    src = make_book(tmp_path, {"rand": "import random\nprint('RUN', random.random())"})

    assert build(src, pythonpath=lib.parent).returncode == 0
    first = run_number(src)
    rebuild = build(src, pythonpath=lib.parent)
    assert rebuild.returncode == 0
    assert run_number(src) == first  # nothing changed: cached, not re-executed

    (lib / "__init__.py").write_text("__version__ = '1'\n", encoding="utf-8")
    assert build(src, pythonpath=lib.parent).returncode == 0
    assert run_number(src) != first  # the library changed: executed afresh
    caches = list((src / "_build" / ".jupyter_cache").iterdir())
    assert len(caches) == 1  # the stale cache was dropped
