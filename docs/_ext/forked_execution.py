"""Execute notebooks in processes forked from one that has already imported the libraries.

A fresh Jupyter kernel per page spends about three seconds starting and importing torch,
matplotlib and dlbasics before its first cell runs: a third of a cold build's CPU time. Here
one *zygote* process imports them once; each notebook then runs in a child forked from it, so
the imports are already done (copy-on-write) and the child starts in milliseconds. The child
runs the cells in IPython's in-process kernel, the same shell, display machinery and inline
matplotlib backend as a Jupyter kernel, and collects each cell's outputs the way nbclient
does. Every page still gets a process of its own: nothing a page does reaches another page.

One execution serves every edition of the book: the child asks ``dlbasics.plot`` to draw each
figure once per language (``DLBASICS_FIGURE_LANGUAGES``), the inline backend tags each figure's
output with its language, and :func:`split_languages` makes one notebook per edition.

``execute(jobs, workers, timeout, languages)`` runs the zygote as ``python
forked_execution.py``; jobs go in on its stdin, one JSON line each, and a line per finished
notebook comes back on stdout.
The zygote is single-threaded when it forks; each child exits with ``os._exit``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Imported once by the zygote; every page imports some of them.
PRELOAD = (
    "numpy",
    "torch",
    "torch._dynamo",  # torch.optim imports it on an optimizer's first step
    "matplotlib.pyplot",
    "matplotlib_inline.backend_inline",
    "IPython",
    "ipykernel.inprocess.manager",
    "myst_nb",
    "nbformat",
)
INLINE = "module://matplotlib_inline.backend_inline"
#: The output metadata that names a figure's language (``dlbasics.plot.language.bilingual``).
LANGUAGE_KEY = "dlbasics_language"


@dataclass
class Outcome:
    """One notebook's execution: the executed notebook, or the error that stopped it."""

    name: str
    notebook: Any
    seconds: float
    error: str | None


def execute(
    jobs: dict[str, tuple[Any, str]],
    workers: int,
    timeout: float,
    languages: tuple[str, ...] = (),
) -> Iterator[Outcome]:
    """Execute ``{name: (notebook, cwd)}`` in the given order, ``workers`` at a time.

    ``languages`` (the edition's first): draw every figure in each, tagged with its language.
    Yields each outcome as its notebook finishes.
    """
    import nbformat

    with tempfile.TemporaryDirectory(prefix="dlbasics-nb-") as tmp:
        lines = []
        for i, (name, (notebook, cwd)) in enumerate(jobs.items()):
            path = Path(tmp) / f"{i}.ipynb"
            nbformat.write(notebook, path)
            lines.append(json.dumps({"name": name, "path": str(path), "cwd": cwd}))
        command = [sys.executable, __file__, str(workers), str(timeout), ",".join(languages)]
        pipe = subprocess.PIPE
        with subprocess.Popen(command, stdin=pipe, stdout=pipe, text=True) as zygote:
            assert zygote.stdin is not None
            assert zygote.stdout is not None
            zygote.stdin.write("\n".join(lines) + "\n")
            zygote.stdin.close()
            for line in zygote.stdout:
                done = json.loads(line)
                path = Path(done["path"])
                executed = nbformat.read(path, as_version=4) if done["error"] is None else None
                yield Outcome(done["name"], executed, done["seconds"], done["error"])


def split_languages(notebook: Any, languages: tuple[str, ...]) -> dict[str, Any]:
    """One notebook per language: each keeps the untagged outputs and its own language's."""
    import copy

    editions = {}
    for language in languages:
        edition = copy.deepcopy(notebook)
        for cell in edition.cells:
            if cell.cell_type != "code":
                continue
            kept = []
            for output in cell.outputs:
                tag = output.get("metadata", {}).pop(LANGUAGE_KEY, None)
                if tag in (None, language):
                    kept.append(output)
            cell.outputs = kept
        editions[language] = edition
    return editions


def _tag_figures() -> None:
    """Add each figure's language (set by ``bilingual``) to its output's metadata."""
    from matplotlib_inline import backend_inline

    from dlbasics.plot.language import LANGUAGE_ATTRIBUTE

    fetch = backend_inline._fetch_figure_metadata  # looked up by name when a figure is shown

    def fetch_with_language(fig: Any) -> Any:
        metadata = fetch(fig)
        language = getattr(fig, LANGUAGE_ATTRIBUTE, None)
        return metadata if language is None else {**(metadata or {}), LANGUAGE_KEY: language}

    backend_inline._fetch_figure_metadata = fetch_with_language


def _serve(workers: int, timeout: float, languages: str = "") -> None:
    """The zygote: import the libraries once, then fork a child per notebook."""
    os.environ.setdefault("MPLBACKEND", INLINE)  # as a Jupyter kernel does
    if languages:  # the edition's language first: it is the one a figure function returns
        os.environ["DLBASICS_LANGUAGE"] = languages.split(",")[0]
        os.environ["DLBASICS_FIGURE_LANGUAGES"] = languages
    import importlib
    import pkgutil

    for module in PRELOAD:
        importlib.import_module(module)
    import dlbasics

    for info in pkgutil.walk_packages(dlbasics.__path__, "dlbasics."):
        importlib.import_module(info.name)
    _tag_figures()
    jobs = [json.loads(line) for line in sys.stdin if line.strip()]
    running: dict[int, tuple[dict[str, str], float]] = {}
    while jobs or running:
        while jobs and len(running) < workers:
            job = jobs.pop(0)
            pid = os.fork()
            if pid == 0:
                _child(job, timeout)  # never returns
            running[pid] = (job, time.perf_counter())
        pid, status = os.wait()
        job, start = running.pop(pid)
        error_file = Path(job["path"] + ".error")
        error = error_file.read_text(encoding="utf-8") if error_file.exists() else None
        if error is None and status != 0:
            error = f"the notebook's process ended with status {status} (timeout {timeout} s?)"
        seconds = round(time.perf_counter() - start, 2)
        print(json.dumps({**job, "seconds": seconds, "error": error}), flush=True)


def _child(job: dict[str, str], timeout: float) -> None:
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)  # stdout is the zygote's answer channel: keep stray output off it
        signal.alarm(max(1, int(timeout)))  # the default action ends the process
        os.chdir(job["cwd"])
        sys.path.insert(0, job["cwd"])  # as a kernel started in the page's folder has
        import nbformat

        notebook = nbformat.read(job["path"], as_version=4)
        error = run_cells(notebook)
        if error is None:
            nbformat.write(notebook, job["path"])
        else:
            Path(job["path"] + ".error").write_text(error, encoding="utf-8")
        code = 0
    except BaseException:  # reported, then the child ends
        import traceback

        Path(job["path"] + ".error").write_text(traceback.format_exc(), encoding="utf-8")
    finally:
        os._exit(code)


def run_cells(notebook: Any) -> str | None:
    """Run the code cells of ``notebook`` in an in-process kernel, storing their outputs.

    Returns ``None``, or the error of the first cell that raised (its traceback as text).
    """
    import nbformat
    from ipykernel.inprocess.manager import InProcessKernelManager

    manager = InProcessKernelManager()
    manager.start_kernel()
    kernel = manager.kernel
    client = manager.client()
    client.start_channels()
    kernel.shell.enable_matplotlib("inline")
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        msg_id = client.execute(cell.source)
        reply = client.get_shell_msg(timeout=None)
        kernel.stdout.flush()
        kernel.stderr.flush()
        outputs = []
        for msg in client.iopub_channel.get_msgs():
            # stream messages of the in-process kernel carry no parent: the cells run one
            # at a time and each drains the channel, so they are this cell's.
            if msg["parent_header"].get("msg_id") not in (msg_id, None):
                continue
            if msg["msg_type"] in {"stream", "display_data", "execute_result", "error"}:
                outputs.append(nbformat.v4.output_from_msg(msg))
            elif msg["msg_type"] == "clear_output":
                outputs.clear()
        cell.outputs = outputs
        cell.execution_count = reply["content"].get("execution_count")
        if reply["content"]["status"] == "error":
            content = reply["content"]
            return f"{content['ename']}: {content['evalue']}"
    return None


if __name__ == "__main__":
    _serve(int(sys.argv[1]), float(sys.argv[2]), *sys.argv[3:4])
