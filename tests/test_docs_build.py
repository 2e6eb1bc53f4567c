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
from myst_syntax import leftovers

DOCS = Path(__file__).resolve().parents[1] / "docs"
BUILT_NOTEBOOKS = DOCS / "_build" / "html" / "ko" / "_sources"

JUPYTEXT = """---
jupytext:
  text_representation:
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""  # the header of every MyST notebook page
HEADER = (
    JUPYTEXT
    + """
# {title}

```{{code-cell}} ipython3
{code}
```
"""
)

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
    src: Path, *args: str, pythonpath: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Build ``src`` into ``src/_build/html`` (``-W``: a warning fails it), ``env`` added."""
    environ = {**os.environ, **(env or {})}
    if pythonpath is not None:
        environ["PYTHONPATH"] = os.pathsep.join([str(pythonpath), environ.get("PYTHONPATH", "")])
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
    return subprocess.run(cmd, capture_output=True, text=True, env=environ, timeout=600)


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


def myst_leftovers(nb: dict) -> list[str]:
    """MyST-only syntax a reader of the notebook in Jupyter or Colab would see (or run)."""
    found = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown":
            found += leftovers(source)
            continue
        found += re.findall(
            r"^(?::tags:.*|mystnb:.*|\s*(?:from|import) myst_nb\b.*)$", source, re.M
        )
        found += ["mystnb metadata"] if "mystnb" in cell["metadata"] else []
        for output in cell.get("outputs", []):
            found += leftovers("".join(output.get("data", {}).get("text/markdown", "")))
    return found


def run_outside(path: Path, folder: Path) -> dict:
    """Execute a copy of the notebook ``path`` in ``folder``, without myst_nb (as on Colab)."""
    import nbformat
    from nbclient import NotebookClient

    copy = folder / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    no_myst = nbformat.v4.new_code_cell("import sys\n\nsys.modules['myst_nb'] = None")
    no_myst.pop("id")
    nb.cells.insert(0, no_myst)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    )
    client.execute()  # raises CellExecutionError at the first failing cell
    return nb


def built_notebooks() -> list[Path]:
    found = sorted(BUILT_NOTEBOOKS.rglob("*.ipynb"))
    if not found:
        pytest.skip("the book is not built (nox -s docs)")
    return found


def test_every_downloadable_notebook_of_the_book_is_plain_jupyter():
    for path in built_notebooks():
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert myst_leftovers(nb) == [], path


def test_a_downloaded_notebook_of_the_book_runs_outside_the_repository(tmp_path):
    path = BUILT_NOTEBOOKS / "history" / "alphago.ipynb"  # one of the quickest pages
    if path not in built_notebooks():
        pytest.skip("history/alphago is not built")
    nb = run_outside(path, tmp_path)
    assert sum(bool(c.get("outputs")) for c in nb.cells if c.cell_type == "code") >= 2


FIXTURE_PAGE = (
    JUPYTEXT
    + """
# Notebook page

```{code-cell} ipython3
:tags: [remove-cell]

from myst_nb import glue

hidden = 2 / 3
glue("third", hidden, display=False)
```

(sec-here)=
## Section

A third is {glue:text}`third:.3f`, as {cite:t}`kingma2015adam` would not say
{cite:p}`kingma2015adam`. See {doc}`other` and {ref}`this section <sec-here>`.

:::{note}
Rounded: {glue:text}`third:.1f`.
:::

```{literalinclude} snippet.py
:pyobject: double
:start-at: "# here"
```

```{code-cell} ipython3
print("twice", round(2 * hidden, 2))
```
"""
)

SNIPPET = """def double(x):
    y = x
    # here
    return 2 * y


def other():
    return 0
"""


def _pre_texts(html: str) -> list[str]:
    import html as html_lib

    pres = re.findall(r"<pre>(.*?)</pre>", html, re.DOTALL)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", pre)) for pre in pres]


def test_the_downloaded_notebook_reads_and_runs_like_the_page(tmp_path):
    src = make_book(tmp_path, {"other": "print(1)", "nb": "print(0)", "refs": "print(0)"})
    (src / "nb.md").write_text(FIXTURE_PAGE, encoding="utf-8")
    (src / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    (src / "refs.md").write_text("# 참고 문헌\n\n```{bibliography}\n```\n", encoding="utf-8")
    out = build(src, env={"DLBASICS_REPOSITORY_URL": "https://github.com/org/book"})
    assert out.returncode == 0, out.stdout + out.stderr
    html_dir = src / "_build" / "html"
    path = html_dir / "_sources" / "nb.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert myst_leftovers(nb) == []
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "A third is 0.667, as Kingma and Ba [2015] would not say\n[Kingma and Ba, 2015]" in text
    assert "[other](https://org.github.io/book/ko/other.html)" in text
    assert "[this section](https://org.github.io/book/ko/nb.html#sec-here)" in text
    assert "> **참고**\n>\n> Rounded: 0.7." in text
    assert text.rstrip().endswith("[arXiv:1412.6980](https://arxiv.org/abs/1412.6980).")
    assert "## 참고 문헌\n\n- [Kingma and Ba, 2015] Diederik\xa0P. Kingma and Jimmy Ba." in text
    # the included code: exactly what the page shows
    included = re.search(r"```python\n(.*?)```", text, re.DOTALL)
    assert included is not None
    page = (html_dir / "nb.html").read_text(encoding="utf-8")
    assert included.group(1) in _pre_texts(page)
    assert included.group(1) == "    # here\n    return 2 * y\n"
    hidden = next(c for c in nb["cells"] if "remove-cell" in c["metadata"].get("tags", []))
    assert hidden["metadata"]["jupyter"]["source_hidden"]  # collapsed, not removed
    # the bibliography labels entries as the text cites them
    refs = (html_dir / "refs.html").read_text(encoding="utf-8")
    labels = re.findall(r'class="label"><span class="fn-bracket">\[</span>(.*?)<span', refs)
    assert labels == ["Kingma and Ba, 2015"]
    # and it runs outside the repository, without myst_nb
    run = tmp_path / "elsewhere"
    run.mkdir()
    ran = run_outside(path, run)
    printed = [o.get("text", "") for c in ran.cells for o in c.get("outputs", [])]
    assert "twice 1.33\n" in printed


TRANSLATED_PAGE = (
    JUPYTEXT
    + """
# 번역 페이지

셋 중 하나는 {glue:text}`third:.3f`이고, {doc}`index`에서 왔습니다.

```{code-cell} ipython3
from myst_nb import glue

glue("third", 1 / 3, display=False)
```

- 목록의 항목
"""
)
CATALOG = {
    "번역 페이지": "A translated page",
    "셋 중 하나는 {glue:text}`third:.3f`이고, {doc}`index`에서 왔습니다.": (
        "One in three is {glue:text}`third:.3f`, from {doc}`the start <index>`."
    ),
    "목록의 항목": "An item of a list",
}


def write_catalog(src: Path, messages: dict[str, str]) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="en")
    for korean, english in messages.items():
        catalog.add(korean, english)
    path = src / "locales" / "en" / "LC_MESSAGES" / "tr.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog)


def test_the_english_edition_translates_and_refuses_a_sentence_without_translation(tmp_path):
    src = make_book(tmp_path, {"tr": "print(0)"})
    (src / "tr.md").write_text(TRANSLATED_PAGE + "\n새로 쓴 문장입니다.\n", encoding="utf-8")
    write_catalog(src, CATALOG)
    english = {"DLBASICS_LANGUAGE": "en"}
    out = build(src, env=english)
    # A new Korean sentence with no English: the build fails, naming the page and the sentence.
    assert out.returncode != 0
    assert "tr.md" in out.stderr
    assert "not translated" in out.stderr
    assert "'새로 쓴 문장입니다.'" in out.stderr

    write_catalog(src, {**CATALOG, "새로 쓴 문장입니다.": "A sentence written since."})
    out = build(src, env=english)
    assert out.returncode == 0, out.stdout + out.stderr
    html = (src / "_build" / "html" / "tr.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in html
    text = re.sub(r"<[^>]+>", "", html)
    assert "One in three is 0.333, from the start." in " ".join(text.split())
    nb = json.loads((src / "_build" / "html" / "_sources" / "tr.ipynb").read_text("utf-8"))
    markdown = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert "# A translated page" in markdown
    assert "One in three is 0.333" in markdown
    assert "- An item of a list" in markdown
    assert not re.search("[\uac00-\ud7a3]", markdown)
