"""Notebooks run in forked processes give what a fresh Jupyter kernel gives, page by page."""

from __future__ import annotations

import re

import nbformat
import pytest
from forked_execution import execute
from nbclient import NotebookClient

pytestmark = pytest.mark.slow

CELLS = [
    "import warnings\n\nimport matplotlib.pyplot as plt\n"
    '%config InlineBackend.figure_formats = ["svg"]\nprint("to stdout")',
    'warnings.warn("to stderr")\nsecret = 42',
    'from myst_nb import glue\nglue("answer", 6 * 7, display=False)\nplt.plot([0, 1]);',
    'from IPython.display import Markdown\nMarkdown("**bold**")',
    "{'a': 1}",
]


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    """Each output without its figure's random ids: what a reader sees."""
    found = []
    for cell in nb.cells:
        for out in cell.outputs:
            out = dict(out)
            data = dict(out.get("data", {}))
            if "image/svg+xml" in data:
                data["image/svg+xml"] = data["image/svg+xml"].startswith("<?xml")
            out["data"] = data
            if "text" in out:  # a warning names the process's temporary cell file
                out["text"] = re.sub(r"ipykernel_\d+", "ipykernel_N", out["text"])
            found.append(out)
    return found


def test_outputs_match_a_jupyter_kernel_and_pages_share_nothing(tmp_path):
    reference = notebook(*CELLS)
    NotebookClient(reference, timeout=120, kernel_name="python3").execute(cwd=str(tmp_path))
    leak = notebook("secret")  # run after the first page: must not see its variable
    jobs = {"page": (notebook(*CELLS), str(tmp_path)), "leak": (leak, str(tmp_path))}
    done = {outcome.name: outcome for outcome in execute(jobs, 2, 120)}
    assert done["page"].error is None
    assert outputs(done["page"].notebook) == outputs(reference)
    kinds = [out["output_type"] for out in outputs(reference)]
    assert kinds == [
        "stream",
        "stream",
        "display_data",
        "display_data",
        "execute_result",
        "execute_result",
    ]
    assert done["leak"].notebook is None
    assert "NameError" in done["leak"].error


def test_a_failing_or_hanging_notebook_is_reported_not_cached(tmp_path):
    jobs = {
        "fails": (notebook("1 / 0", "print('never')"), str(tmp_path)),
        "hangs": (notebook("import time\ntime.sleep(60)"), str(tmp_path)),
    }
    done = {outcome.name: outcome for outcome in execute(jobs, 2, 2)}
    assert done["fails"].notebook is None
    assert done["fails"].error.startswith("ZeroDivisionError")
    assert done["hangs"].notebook is None
    assert "timeout" in done["hangs"].error
