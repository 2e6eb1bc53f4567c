"""Execute the pages' notebooks before Sphinx reads them: all cores busy, longest page first.

myst-nb executes a notebook while Sphinx *reads* its page, and Sphinx reads in parallel
by handing each process a fixed chunk of about a dozen pages in alphabetical order. The
expensive pages then share a chunk and run one after another while the other core idles.

This extension runs first (``env-before-read-docs``): it finds the pages to be read whose
notebook has no cached execution, executes them ``-j`` at a time, longest first (runtimes of
the last build, else the committed build profile), each in a process forked from one that has
already imported torch, matplotlib and dlbasics (``forked_execution``), and stores each result
in myst-nb's jupyter-cache exactly as myst-nb would. Sphinx then reads every page from the
cache.

A notebook that fails here is not cached: myst-nb executes it again while reading and
reports the error with its traceback, as without this extension.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: How kernels are run: stopped at once when the notebook is done (a graceful shutdown
#: waits about half a second per page for nothing).
CLIENT = {"shutdown_kernel": "immediate"}
RUNTIMES = "execution-seconds.json"  # in the build folder, outlives the per-library caches


def page_notebook(path: Path, md_config: Any, nb_config: Any) -> Any:
    """The notebook myst-nb would execute for a page; None if it has no code to run."""
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), md_config, nb_config, text)
    if reader is None:
        return None
    notebook = reader.read(text)
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return None
    kernelspec = notebook.metadata.get("kernelspec", {})
    for pattern, alias in nb_config.kernel_rgx_aliases.items():  # as myst-nb does
        if kernelspec.get("name") and re.fullmatch(pattern, kernelspec["name"]):
            kernelspec["name"] = alias
            break
    return notebook


def _runtimes(app: Sphinx) -> Path:
    return Path(app.srcdir) / "_build" / RUNTIMES


def _expected_seconds(app: Sphinx) -> dict[str, float]:
    """Each page's runtime in the last build here, else in the committed build profile."""
    seconds: dict[str, float] = {}
    profile = Path(app.srcdir) / app.config.execute_ahead_profile
    if app.config.execute_ahead_profile and profile.is_file():
        for page in json.loads(profile.read_text(encoding="utf-8"))["pages"]:
            seconds[page["page"]] = float(page["total"])
    last = _runtimes(app)
    if last.is_file():
        seconds.update(json.loads(last.read_text(encoding="utf-8")))
    return seconds


def execute_ahead(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    config = env.mystnb_config
    if config.execution_mode != "cache" or not docnames:
        return
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(config.execution_cache_path)
    # Every edition's cache, this build's language first: one execution fills them all.
    caches = {app.config.language: config.execution_cache_path}
    caches.update(app.config.execute_ahead_caches)
    todo = {}
    for docname in docnames:
        path = Path(env.doc2path(docname))
        notebook = page_notebook(path, env.myst_config, config)
        if notebook is None:
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            todo[docname] = notebook
    if not todo:
        return
    expected = _expected_seconds(app)
    order = sorted(todo, key=lambda name: -expected.get(name, 0.0))
    workers = max(1, min(app.parallel or 1, len(order)))
    plural = "s" if len(order) > 1 else ""
    logger.info(f"executing {len(order)} notebook{plural}, {workers} at a time, longest first")

    from forked_execution import execute, split_languages

    start = time.perf_counter()
    jobs = {name: (todo[name], os.path.dirname(env.doc2path(name))) for name in order}
    seconds = {}
    languages = tuple(caches)
    for outcome in execute(jobs, workers, config.execution_timeout, languages):
        if outcome.error is not None:  # myst-nb executes it again and reports the error
            logger.info(f"  {outcome.name}: failed")
            continue
        logger.info(f"  {outcome.name}: {outcome.seconds:.1f} s")
        editions = split_languages(outcome.notebook, languages)
        for language, path in caches.items():
            bundle = CacheBundleIn(  # one writer: the cache is a sqlite file
                editions[language],
                str(env.doc2path(outcome.name)),
                data={"execution_seconds": outcome.seconds},
            )
            get_cache(path).cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
        seconds[outcome.name] = outcome.seconds
    logger.info(f"executed in {time.perf_counter() - start:.1f} s")
    last = _runtimes(app)
    previous = json.loads(last.read_text(encoding="utf-8")) if last.is_file() else {}
    last.write_text(json.dumps({**previous, **seconds}, indent=1, sort_keys=True) + "\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("execute_ahead_profile", "", "env")
    app.add_config_value("execute_ahead_caches", {}, "env")  # {language: cache folder}
    # Before myst-nb's own handlers: a page found in the cache is never executed twice.
    app.connect("env-before-read-docs", execute_ahead, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
