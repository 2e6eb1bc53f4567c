"""Build, test and lint the book. ``nox`` runs everything CI runs; ``nox -s docs`` builds the book.

Every session installs from ``constraints.txt`` (exact pins, ``torch==2.13.0`` CPU) and reuses
its virtualenv; a session reinstalls only when ``pyproject.toml`` or ``constraints.txt`` change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
CONSTRAINTS = ROOT / "constraints.txt"
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
PYTHON = "3.11"

nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "tests", "docs_clean", "site"]

# One thread per process: on a small shared CPU, torch's default thread pool oversubscribes
# the cores and runs 10-100x slower. (No MPLBACKEND: notebook kernels need the inline one.)
ENV = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    "SOURCE_DATE_EPOCH": "0",  # matplotlib writes this date, not now, into SVG metadata
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def install(session: nox.Session, *names: str, package: bool = True) -> None:
    """Install, pinned by constraints.txt, unless pyproject.toml and constraints.txt are unchanged.

    With ``package``, ``names`` are extras of the editable dlbasics install; without, they are
    plain requirements.
    """
    specs = ["-e", f".[{','.join(names)}]"] if package else list(names)
    key = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes() + " ".join(specs).encode()
    ).hexdigest()
    stamp = Path(session.virtualenv.location) / ".dlbasics-installed"
    if stamp.exists() and stamp.read_text() == key:
        session.log("dependencies up to date (pyproject.toml and constraints.txt unchanged)")
        return
    session.install("-c", str(CONSTRAINTS), *specs)
    stamp.write_text(key)


def sphinx(session: nox.Session, *args: str) -> None:
    session.run(
        "sphinx-build",
        "-b",
        "html",
        "-W",
        "--keep-going",
        "-j",
        "2",
        "-d",
        str(BUILD / "doctrees"),
        *args,
        str(DOCS),
        str(HTML),
        env=ENV,
    )


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff (check + format) over the repository, mypy --strict over src/."""
    install(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy", env=ENV)


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Unit tests, doctests of src/, example scripts in quick mode, build-is-a-test checks."""
    install(session, "test", "docs")
    # -n auto: one worker per core (pytest-xdist); the suite trains many small models.
    session.run("pytest", "-n", "auto", "--ignore=tests/site", *session.posargs, env=ENV)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the book into docs/_build/html, re-executing only pages whose code or library changed.

    ``nox -s docs -- --clean`` (or CI=true) wipes the build and executes every cell afresh.
    """
    install(session, "docs")
    clean = "--clean" in session.posargs or os.environ.get("CI", "").lower() in {"1", "true"}
    _build_docs(session, clean=clean)


@nox.session(python=PYTHON)
def docs_clean(session: nox.Session) -> None:
    """Wipe docs/_build and build the book with every cell executed afresh (no cache)."""
    install(session, "docs")
    _build_docs(session, clean=True)


def _build_docs(session: nox.Session, clean: bool) -> None:
    if clean:
        shutil.rmtree(BUILD, ignore_errors=True)
        sphinx(session, "-D", "nb_execution_mode=force")
    else:
        sphinx(session)
    session.log(f"open {HTML / 'index.html'}")


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """Drive headless Chromium over the built site: offline, math typeset, no errors.

    Needs ``docs/_build/html`` (``nox -s docs``) and Debian's Chromium at /usr/bin/chromium.
    """
    # The browser checks need no torch: only pytest and Playwright (pinned), not the package.
    install(session, "pytest", "playwright", "axe-playwright-python", package=False)
    if not (HTML / "index.html").exists():
        session.error("no built site in docs/_build/html: run `nox -s docs` first")
    session.run("pytest", "tests/site", "-p", "no:cacheprovider", *session.posargs, env=ENV)


@nox.session(python=PYTHON, default=False)
def serve(session: nox.Session) -> None:
    """Live preview at http://127.0.0.1:8000, rebuilt on every save."""
    install(session, "docs", "serve")
    session.run(
        "sphinx-autobuild",
        "--host",
        "127.0.0.1",
        "--port",
        "8000",
        "--watch",
        str(ROOT / "src"),
        "-d",
        str(BUILD / "doctrees"),
        str(DOCS),
        str(HTML),
        *session.posargs,
        env=ENV,
    )


@nox.session(python=PYTHON, default=False)
def lock(session: nox.Session) -> None:
    """Re-resolve every dependency and rewrite constraints.txt with exact pins."""
    session.install("torch==2.13.0")
    session.install(".[docs,test,browser,serve,lint]")
    frozen = session.run("pip", "freeze", "--exclude-editable", silent=True)
    assert isinstance(frozen, str)
    lines = [ln for ln in frozen.splitlines() if ln and not ln.startswith("dlbasics")]
    lines = [ln.replace("torch==2.13.0+cpu", "torch==2.13.0") for ln in lines]
    header = "# Exact pins for reproducible builds; regenerate with `nox -s lock`.\n"
    CONSTRAINTS.write_text(header + "\n".join(sorted(lines, key=str.lower)) + "\n")
