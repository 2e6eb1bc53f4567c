"""Sphinx configuration of the book *딥러닝 기초: 실행되는 책* (dlbasics)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
from importlib.metadata import version as _dist_version
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

DOCS = Path(__file__).resolve().parent
BUILD = DOCS / "_build"
sys.path.insert(0, str(DOCS / "_ext"))  # the book's own small extensions

# -- Project --------------------------------------------------------------------------------
project = "dlbasics"
author = "dlbasics contributors"
copyright = f"2026, {author}"
version = release = _dist_version("dlbasics")
#: The editions: Korean (the source) and English (docs/locales/en, from gettext catalogs).
LANGUAGES = ("ko", "en")
# The edition is chosen before Sphinx reads this file (`-D language=en` comes too late: the
# title, the search language and the catalogs depend on it): DLBASICS_LANGUAGE=en sphinx-build.
language = os.environ.get("DLBASICS_LANGUAGE", "ko")
if language not in LANGUAGES:
    raise ValueError(f"DLBASICS_LANGUAGE must be one of {LANGUAGES}, got {language!r}")
os.environ["DLBASICS_LANGUAGE"] = language  # notebook kernels draw figures in this language
locale_dirs = ["locales"]
gettext_compact = False  # one catalog per page: docs/locales/en/LC_MESSAGES/history/adam.po
gettext_uuid = False
gettext_location = False  # no line numbers: moving a paragraph does not churn the catalogs
gettext_auto_build = True  # .po compiled to .mo by Sphinx itself
REPOSITORY_URL = os.environ.get("DLBASICS_REPOSITORY_URL", "https://github.com/dlbasics/dlbasics")

extensions = [
    "execute_ahead",  # docs/_ext: notebooks executed on every core, longest first, then read
    "profile_table",  # docs/_ext: {build-profile}, the table of `nox -s profile`
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "bib_labels",  # docs/_ext: bibliography labels "[Kingma and Ba, 2015]", as the text cites
    "korean_search",  # docs/_ext: search finds 데이터 in 데이터는, 데이터를, ...
    "notebooks",  # docs/_ext: .ipynb downloads with outputs, "open in Colab"
    "page_meta",  # docs/_ext: <meta name="description"> from each page's first prose
    "aria",  # docs/_ext: ARIA roles axe accepts (citation lists, sidebar toggles)
    "icons",  # docs/_ext: the theme's stylesheet and icon fonts with only the icons used
    "defer_scripts",  # docs/_ext: the head's scripts do not hold up the first paint
    "notfound.extension",  # 404.html with absolute links, valid at any depth
    "editions",  # docs/_ext: the language switcher, hreflang; English: glue keys, no Hangul left
]
if os.environ.get("DLBASICS_BUILD_TIMER"):  # nox -s profile: time Sphinx's phases
    extensions.insert(0, "build_timer")
exclude_patterns = ["_build", "_root", "jupyter_execute", "locales", "**.ipynb_checkpoints"]
templates_path = ["_templates"]  # no fontawesome.js (1.5 MB); the logo link in a landmark
suppress_warnings: list[str] = []
if language != "ko":
    # A translated {term} links to the English glossary's term, which Sphinx reports as an
    # "inconsistent term reference"; catalogs.py checks every link target instead.
    suppress_warnings.append("i18n.inconsistent_references")

# -- MyST and notebook execution ------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath", "deflist", "substitution"]
myst_heading_anchors = 3


def _library_digest() -> str:
    """Hash of every source file of the installed dlbasics package.

    jupyter-cache keys a notebook on its own code only (myst-nb issue #299), so a change
    to the library would otherwise leave stale outputs. The digest names the cache folder
    and is a config value that forces Sphinx to re-read every page when it changes.
    """
    spec = importlib.util.find_spec("dlbasics")  # found, not imported: torch loads slowly
    if spec is None or not spec.origin:
        raise RuntimeError("dlbasics is not installed: pip install -e .")
    package = Path(spec.origin).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


dlbasics_digest = _library_digest()
# The book's own extensions (and the MathJax settings in _ext) shape every page too: editing one
# re-reads the pages (from the notebook cache: nothing re-executes).
book_extensions_digest = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted((DOCS / "_ext").glob("*.[pj][ys]")))
).hexdigest()[:16]
_CACHE_ROOT = BUILD / ".jupyter_cache"  # absolute: a relative path would follow the cwd
# One cache per edition, filled by one execution (execute_ahead): the outputs are the same run,
# each edition's figures drawn in its own language.
execute_ahead_caches = {lang: str(_CACHE_ROOT / dlbasics_digest / lang) for lang in LANGUAGES}
nb_execution_cache_path = execute_ahead_caches[language]
nb_execution_mode = "cache"  # a clean build empties the cache: every cell runs afresh
nb_execution_timeout = 300
# A failing cell is a warning with its traceback (-W makes it fatal); pages that failed are
# re-executed on the next build, see _reread_failed_pages below.
nb_execution_raise_on_error = False
nb_execution_show_tb = True
nb_output_stderr = "warn"  # anything on stderr (e.g. a missing-glyph warning) is a build warning
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs may hold tables, roles and directives
# The gettext builder sees figures too, so their alt texts reach the catalogs.
nb_mime_priority_overrides = [("gettext", "image/svg+xml", 25), ("gettext", "image/png", 26)]
nb_ipywidgets_js: dict[str, dict[str, str]] = {}  # no widget JavaScript from a CDN
nb_kernel_rgx_aliases = {".*": "python3"}
execute_ahead_profile = "appendix/build-profile.json"  # the schedule of a fresh clone


def _prepare_cache() -> None:
    """Drop caches of older library versions and create this one's database up front.

    Creating it here, before parallel readers start, avoids a race on a fresh sqlite file.
    """
    if _CACHE_ROOT.is_dir():
        for old in _CACHE_ROOT.iterdir():
            if old.name != dlbasics_digest:
                shutil.rmtree(old, ignore_errors=True)
    from jupyter_cache import get_cache

    for path in execute_ahead_caches.values():
        get_cache(path)


_prepare_cache()

# -- HTML -----------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
#: What each edition calls itself and its links; the other edition's name labels the switcher.
EDITIONS = {
    "ko": {"title": "딥러닝 기초: 실행되는 책", "name": "한국어", "home": "책의 처음"},
    "en": {"title": "Deep Learning Basics: An Executable Book", "name": "English", "home": "Home"},
}
html_title = EDITIONS[language]["title"]
dlbasics_editions = {lang: EDITIONS[lang]["name"] for lang in LANGUAGES}
# The published edition: GitHub Pages of the repository unless DLBASICS_SITE_URL says
# otherwise. Its address is the canonical link, and the other edition's (editions.py: hreflang)
# and the downloaded notebooks' links (notebooks.py) are made from it; the switcher's stay relative.
from notebooks import site_url  # noqa: E402  (docs/_ext)

_SITE_URL = os.environ.get("DLBASICS_SITE_URL", "") or site_url(REPOSITORY_URL)
if _SITE_URL:
    html_baseurl = f"{_SITE_URL.rstrip('/')}/{language}/"
html_favicon = "_static/favicon.svg"
html_logo = "_static/logo.svg"
# The 404 page links with absolute URLs: "/" locally, "/<repository>/" on GitHub Pages.
notfound_urls_prefix = os.environ.get("DLBASICS_URL_PREFIX", "/") + f"{language}/"
notfound_pagename = "404"
# MathJax 3 ships inside the pip package sphinx-mathjax-offline: served from _static/mathjax,
# so the site loads nothing from a CDN. (We take its files, not its extension, which
# would turn off parallel reading.)
_MATHJAX_SPEC = importlib.util.find_spec("sphinx-mathjax-offline")
if _MATHJAX_SPEC is None or not _MATHJAX_SPEC.origin:
    raise RuntimeError("sphinx-mathjax-offline is not installed")
html_static_path = ["_static", str(Path(_MATHJAX_SPEC.origin).parent / "static")]
# The page loads the book's typesetter, which runs MathJax (its TeX input, HTML output and
# assistive MathML, without the 426 KB menu) in a worker: _static/dlbasics-math.js.
mathjax_path = "dlbasics-math.js"
mathjax_config_path = "_ext/mathjax-config.js"
# Not fetched with the page: the page template's after-paint loader starts it once the text is
# on the screen, so that on a phone neither its download nor its work holds up the first paint.
mathjax_options = {"type": "dlbasics/after-paint"}
html_css_files = ["custom.css"]
html_search_language = language  # "ko": korean_search.SearchKorean
# No general index page: nothing in the theme links to it (search and the API reference's
# module index do its job), and writing it took half a second of every rebuild.
html_use_index = False
dlbasics_repository_url = REPOSITORY_URL
html_context = {  # default_mode: without it the theme logs a console error
    "default_mode": "auto",
    "dlbasics_edition": EDITIONS[language],
}
html_theme_options = {
    "repository_url": REPOSITORY_URL,
    "repository_branch": "main",
    "path_to_docs": "docs",
    "use_repository_button": True,
    "use_source_button": True,
    "use_download_button": True,
    "home_page_in_toc": True,
    "article_header_end": ["language-switcher.html", "article-header-buttons.html"],
    "show_toc_level": 2,
    "footer_content_items": ["copyright"],
    "logo": {"alt_text": f"{html_title} - {EDITIONS[language]['home']}"},
}

# Copy code, never prompts or outputs.
copybutton_selector = "div:not(.output) > div.highlight pre"
copybutton_exclude = ".linenos, .gp, .go"
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True

# -- References -----------------------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain_author_year"  # docs/_ext/bib_labels.py
bibtex_reference_style = "author_year"

# -- API reference --------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_inherit_docstrings = False  # not torch's "Should be overridden by all subclasses"
autodoc_preserve_defaults = True  # `milestones=MILESTONES`, not the 8,000-character value
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_custom_sections = ["Shape"]


def _reread_failed_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Mark pages whose notebook failed to execute as outdated, so a rebuild retries them.

    Without this, a page that failed once (and was not edited since) would be skipped by the
    next incremental build, which would then wrongly succeed.
    """
    from myst_nb.sphinx_ import NbMetadataCollector

    return [
        docname
        for docname, data in NbMetadataCollector.get_doc_data(env).items()
        if docname in env.found_docs and (data.get("exec_data") or {}).get("succeeded") is False
    ]


def setup(app: Sphinx) -> None:
    # A changed library digest marks the whole environment outdated: every page is re-read
    # and, with the new cache folder, re-executed.
    app.add_config_value("dlbasics_digest", "", "env")
    app.add_config_value("book_extensions_digest", "", "env")
    app.connect("env-get-outdated", _reread_failed_pages)
