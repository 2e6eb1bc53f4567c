"""Build, test and lint the book. ``nox`` runs everything CI runs; ``nox -s docs`` builds the book.

Every session installs from ``constraints.txt`` (exact pins, ``torch==2.13.0`` CPU), with uv
where it is installed (``.ci/run`` installs it; a minute faster than pip), else with pip. The
sessions that need the library (lint, tests, docs, docs_clean, serve) share one virtualenv,
``.nox/dev``, so torch is unpacked once; the browser session has its own small one without
torch. A virtualenv is reinstalled only when ``pyproject.toml`` or ``constraints.txt`` change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nox
from nox.command import CommandFailed

ROOT = Path(__file__).resolve().parent
CONSTRAINTS = ROOT / "constraints.txt"
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"  # one folder per edition, html/ko and html/en, and a root page
LANGUAGES = ("ko", "en")  # the Korean source first: its run fills both editions' caches
CATALOGS = str(DOCS / "_ext" / "catalogs.py")  # the English catalogs: update, report
PYTHON = "3.11"
DEV = ROOT / ".nox" / "dev"  # the shared virtualenv: dlbasics (editable) with every extra
DEV_EXTRAS = "docs,test,lint,serve"

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


def _stamp_key(*specs: str) -> str:
    data = (ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()
    return hashlib.sha256(data + " ".join(specs).encode()).hexdigest()


def install(session: nox.Session, *requirements: str) -> None:
    """Install plain requirements into the session's own virtualenv, pinned by constraints.txt."""
    key = _stamp_key(*requirements)
    stamp = Path(session.virtualenv.location) / ".dlbasics-installed"
    if stamp.exists() and stamp.read_text() == key:
        session.log("dependencies up to date (pyproject.toml and constraints.txt unchanged)")
        return
    session.install("-c", str(CONSTRAINTS), *requirements)
    stamp.write_text(key)


def dev(session: nox.Session) -> dict[str, str]:
    """Create or update ``.nox/dev`` and return the environment that runs commands in it."""
    python = DEV / "bin" / "python"
    specs = ("-e", f".[{DEV_EXTRAS}]")
    stamp = DEV / ".dlbasics-installed"
    if stamp.exists() and python.exists() and stamp.read_text() == _stamp_key(*specs):
        session.log(f"{DEV} up to date (pyproject.toml and constraints.txt unchanged)")
    else:
        stamp.unlink(missing_ok=True)
        if not (_uv_install(session, specs) or _pip_install(session, specs)):
            session.error(f"could not install the dependencies into {DEV}")
        stamp.write_text(_stamp_key(*specs))
    path = f"{DEV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"
    return {**ENV, "VIRTUAL_ENV": str(DEV), "PATH": path}


def _uv_install(session: nox.Session, specs: tuple[str, ...]) -> bool:
    """Install with uv where it is on the PATH (CI installs it): a minute faster than pip.

    uv reads no pip configuration, so pip's find-links (where the CPU wheel of torch lies on
    some machines) are passed on. False if uv is missing, or (after a warning) if it fails.
    """
    uv = shutil.which("uv")
    if uv is None:
        return False
    links = [arg for link in _pip_find_links() for arg in ("--find-links", link)]
    try:
        if not (DEV / "bin" / "python").exists():
            session.run(uv, "venv", "--seed", "--python", PYTHON, str(DEV), external=True)
        python = str(DEV / "bin" / "python")
        # Bytecode now, as pip does: kernels would otherwise compile torch on every page.
        install = (uv, "pip", "install", "--compile-bytecode", "--python", python, *links)
        session.run(*install, "-c", str(CONSTRAINTS), *specs, external=True)
    except CommandFailed:
        session.warn("uv could not install the dependencies: trying pip")
        return False
    return True


def _pip_install(session: nox.Session, specs: tuple[str, ...]) -> bool:
    python = DEV / "bin" / "python"
    if not python.exists():
        base = shutil.which(f"python{PYTHON}") or sys.executable
        session.run(base, "-m", "venv", str(DEV), external=True)
    pip = (str(python), "-m", "pip", "install", "--disable-pip-version-check")
    try:
        session.run(*pip, "-c", str(CONSTRAINTS), *specs, external=True)
    except CommandFailed:
        return False
    return True


def _pip_find_links() -> list[str]:
    """pip's find-links on this machine (environment and configuration files)."""
    links = os.environ.get("PIP_FIND_LINKS", "").split()
    try:
        listed = subprocess.run(
            [sys.executable, "-m", "pip", "config", "list"],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        listed = ""
    for line in listed.splitlines():
        key, _, value = line.partition("=")
        if key.endswith(".find-links"):
            links += value.strip("'\"").split()
    return list(dict.fromkeys(link for link in links if link))


def run(session: nox.Session, env: dict[str, str], command: str, *args: str) -> None:
    """Run a program of ``.nox/dev`` (``pytest``, ``sphinx-build``...)."""
    session.run(str(DEV / "bin" / command), *args, env=env, external=True)


def sphinx(session: nox.Session, env: dict[str, str], language: str, *args: str) -> None:
    """Build one edition into ``docs/_build/html/<language>``."""
    doctrees = str(BUILD / "doctrees" / language)
    build = ("-b", "html", "-W", "--keep-going", "-j", "2", "-d", doctrees)
    edition = {**env, "DLBASICS_LANGUAGE": language}
    run(session, edition, "sphinx-build", *build, *args, str(DOCS), str(HTML / language))


def languages(session: nox.Session) -> tuple[str, ...]:
    """The editions to build: all, or those after ``--language`` (``-- --language en``)."""
    args = list(session.posargs)
    chosen = [args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "--language"]
    for language in chosen:
        if language not in LANGUAGES:
            session.error(f"--language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return tuple(chosen) or LANGUAGES


def write_root() -> None:
    """The site's root: a page that sends readers to their language, and GitHub Pages' 404."""
    HTML.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(DOCS / "_root" / "index.html", HTML / "index.html")
    if (HTML / "ko" / "404.html").is_file():  # absolute links: valid at any depth
        shutil.copyfile(HTML / "ko" / "404.html", HTML / "404.html")


@nox.session(venv_backend="none")
def lint(session: nox.Session) -> None:
    """ruff (check + format) over the repository, mypy --strict over src/."""
    env = dev(session)
    run(session, env, "ruff", "check", ".")
    run(session, env, "ruff", "format", "--check", ".")
    run(session, env, "mypy")
    # The English catalogs: no message untranslated or fuzzy, markup kept (the English build
    # refuses them too, but this says which in a second).
    run(session, env, "python", CATALOGS, "report")


@nox.session(venv_backend="none")
def tests(session: nox.Session) -> None:
    """Unit tests, doctests of src/, example scripts in quick mode, build-is-a-test checks."""
    env = dev(session)
    # -n auto: one worker per core (pytest-xdist); the suite trains many small models.
    run(session, env, "pytest", "-n", "auto", "--ignore=tests/site", *session.posargs)


@nox.session(venv_backend="none")
def docs(session: nox.Session) -> None:
    """Build both editions into docs/_build/html/{ko,en}, re-executing only what changed.

    ``nox -s docs -- --clean`` (or CI=true) wipes the build and executes every cell afresh;
    ``nox -s docs -- --language en`` builds one edition (its run still draws both languages'
    figures, so the other edition's build then executes nothing).
    """
    env = dev(session)
    clean = "--clean" in session.posargs or os.environ.get("CI", "").lower() in {"1", "true"}
    _build_docs(session, env, clean=clean, editions=languages(session))


@nox.session(venv_backend="none")
def docs_clean(session: nox.Session) -> None:
    """Wipe docs/_build and build both editions with every cell executed afresh (no cache)."""
    _build_docs(session, dev(session), clean=True, editions=languages(session))


def _build_docs(
    session: nox.Session, env: dict[str, str], clean: bool, editions: tuple[str, ...] = LANGUAGES
) -> None:
    if clean:  # no build folder, no cache: every notebook executes afresh
        shutil.rmtree(BUILD, ignore_errors=True)
    for language in editions:
        sphinx(session, env, language)
    write_root()
    session.log(f"open {HTML / 'index.html'}")


@nox.session(venv_backend="none", default=False)
def translations(session: nox.Session) -> None:
    """Update the English catalogs from the Korean pages and report what is left to translate.

    Extracts the Korean messages (``sphinx-build -b gettext``, from the notebook cache), merges
    them into docs/locales/en/LC_MESSAGES/*.po with sphinx-intl (a changed Korean sentence
    becomes *fuzzy*), then lists the untranslated and fuzzy messages per page.
    ``nox -s translations -- --report`` only reports (CI's lint does this).
    """
    env = dev(session)
    if "--report" not in session.posargs:
        gettext = BUILD / "gettext"
        shutil.rmtree(gettext, ignore_errors=True)
        build = ("-b", "gettext", "-q", "-j", "2", "-d", str(BUILD / "doctrees" / "gettext"))
        korean = {**env, "DLBASICS_LANGUAGE": "ko"}
        run(session, korean, "sphinx-build", *build, str(DOCS), str(gettext))
        run(session, env, "python", CATALOGS, "update", str(gettext))
    run(session, env, "python", CATALOGS, "report")


@nox.session(venv_backend="none")
def profile(session: nox.Session) -> None:
    """Profile the build: each page's start, imports, compute, drawing; Sphinx's phases.

    Writes docs/appendix/build-profile.json (shown in the book; the build also uses it to
    run the longest pages first). ``nox -s profile -- history/gpt`` re-profiles one page.
    """
    env = dev(session)
    if not session.posargs:  # the Sphinx phases are timed on a build whose pages are cached
        _build_docs(session, env, clean=False)
    run(session, env, "python", str(DOCS / "_ext" / "build_profile.py"), *session.posargs)


@nox.session(python=PYTHON, venv_backend="uv|virtualenv")
def site(session: nox.Session) -> None:
    """Drive headless Chromium over the built site: offline, math typeset, no errors.

    Needs ``docs/_build/html`` (``nox -s docs``) and a Chromium: see :func:`find_chromium`.
    """
    # The browser checks need no torch: only pytest and Playwright (pinned), not the package.
    install(session, "pytest", "pytest-xdist", "playwright", "axe-playwright-python")
    if not (HTML / "index.html").exists():
        session.error("no built site in docs/_build/html: run `nox -s docs` first")
    env = {**ENV, "CHROMIUM": find_chromium(session)}
    # One browser per core (pytest-xdist): each page's audit waits on rendering, not Python.
    session.run(
        "pytest", "tests/site", "-n", "auto", "-p", "no:cacheprovider", *session.posargs, env=env
    )


LIGHTHOUSE = ROOT / ".nox" / "lighthouse"  # npm's folder: the Lighthouse CLI, pinned
LIGHTHOUSE_VERSION = "12.8.2"


@nox.session(python=PYTHON, venv_backend="uv|virtualenv", default=False)
def weight(session: nox.Session) -> None:
    """Page weight of every page and Lighthouse performance of four, served with gzip.

    Builds nothing: weighs ``docs/_build/html`` as it is (``nox -s docs`` first). Prints a
    table and writes docs/_build/weight.json. Lighthouse comes from npm, into .nox/lighthouse;
    ``nox -s weight -- --no-lighthouse`` only weighs, ``-- --runs 5`` takes a median of five.
    """
    install(session, "playwright")
    if not (HTML / "index.html").exists():
        session.error("no built site in docs/_build/html: run `nox -s docs` first")
    env = {**ENV, "CHROMIUM": find_chromium(session)}
    if "--no-lighthouse" not in session.posargs:
        binary = LIGHTHOUSE / "node_modules" / ".bin" / "lighthouse"
        if not binary.exists():
            npm = ("npm", "install", "--prefix", str(LIGHTHOUSE), "--no-audit", "--no-fund")
            session.run(*npm, f"lighthouse@{LIGHTHOUSE_VERSION}", external=True)
        env["LIGHTHOUSE"] = str(binary)
    session.run("python", str(ROOT / "tests" / "site" / "weight.py"), *session.posargs, env=env)


def find_chromium(session: nox.Session) -> str:
    """A Chromium for the browser tests: found, installed with apt as root, or Playwright's.

    In order: ``$CHROMIUM``; Debian's ``/usr/bin/chromium`` (or ``chromium`` on the PATH);
    ``apt-get install chromium`` when running as root with apt (a fresh CI machine); the
    browser Playwright downloads (``playwright install chromium``) where the network allows.
    """
    candidates = [os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        session.log("no Chromium found: installing Debian's chromium with apt-get")
        apt_env = {"DEBIAN_FRONTEND": "noninteractive"}
        session.run("apt-get", "update", "-qq", external=True, env=apt_env, silent=True)
        session.run(
            "apt-get", "install", "-y", "-qq", "chromium", external=True, env=apt_env, silent=True
        )
        if Path("/usr/bin/chromium").is_file():
            return "/usr/bin/chromium"
    session.log("no Chromium found: trying Playwright's own download (needs the network)")
    try:
        session.run("playwright", "install", "chromium", silent=True)
        path = session.run(
            "python",
            "-c",
            "from playwright.sync_api import sync_playwright\n"
            "with sync_playwright() as p: print(p.chromium.executable_path)",
            silent=True,
        )
    except CommandFailed:
        path = None
    if isinstance(path, str) and Path(path.strip()).is_file():
        return path.strip()
    session.error(
        "no Chromium for the browser tests: install Debian's (sudo apt-get install chromium) "
        "or set CHROMIUM=/path/to/chromium"
    )
    return ""  # not reached: session.error raises


@nox.session(venv_backend="none", default=False)
def serve(session: nox.Session) -> None:
    """Live preview at http://127.0.0.1:8000, rebuilt on every save."""
    env = dev(session)
    run(
        session,
        env,
        "sphinx-autobuild",
        *("--host", "127.0.0.1", "--port", "8000", "--watch", str(ROOT / "src")),
        *("-d", str(BUILD / "doctrees" / "ko"), str(DOCS), str(HTML / "ko")),
        *session.posargs,
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
