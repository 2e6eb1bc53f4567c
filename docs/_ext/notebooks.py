"""Every executed page as a notebook with its outputs, and an "open in Colab" button.

myst-nb writes ``_build/jupyter_execute/<page>.ipynb``, but in cache mode it writes the
notebook *before* merging the cached outputs into it, so that file has none. Here each page's
notebook is completed from the jupyter-cache when needed, a first cell that installs
``dlbasics`` (only where it is missing, e.g. on Colab) is prepended, and the result is saved
as ``_sources/<page>.ipynb``: the theme's download menu offers it, and the Pages workflow
publishes the same files to the ``notebooks`` branch, which the Colab button opens (Colab
opens ``.ipynb`` files from GitHub, not MyST Markdown).

Jupyter knows no MyST, so the notebook's Markdown (cells and Markdown outputs) is rewritten
by ``myst_markdown`` with the book's answers from ``notebook_refs``: glued numbers, citations
and a references section, links to the published site, included code. Code cells keep running
outside the book: ``myst_nb.glue`` (not installed on Colab) is replaced by a stand-in, and
cells the HTML hides (``remove-cell``, ``remove-input``: later cells may need them) stay, with
their code collapsed.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import nbformat
from myst_markdown import to_markdown
from myst_nb.ext.glue import extract_glue_data_cell
from notebook_i18n import catalog, translate
from notebook_refs import SphinxResolver
from sphinx.application import Sphinx

INSTALL_CELL_TAG = "dlbasics-install"
#: The launch menu's tooltips in each edition: the menu, and its Colab entry.
TOOLTIPS = {
    "ko": ("실행해 보기", "Google Colab에서 이 notebook 열기"),
    "en": ("Run it", "Open this notebook in Google Colab"),
}
HIDDEN_TAGS = {"remove-cell", "remove-input"}
GLUE_IMPORT = re.compile(r"^from myst_nb import glue$", re.MULTILINE)
GLUE_STAND_IN = (
    "from IPython.display import display as _display\n"
    "\n"
    "\n"
    "def glue(name, value, display=True):  # for the book's glue: the text has the values\n"
    "    if display:\n"
    "        _display(value)"
)


def install_source(repository_url: str) -> str:
    """The first cell of every downloadable notebook."""
    return (
        "# Installs dlbasics only outside the repository (on Colab, say).\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n"
        "\n"
        'if importlib.util.find_spec("dlbasics") is None:\n'
        "    subprocess.run(\n"
        f'        [sys.executable, "-m", "pip", "install", "-q",\n'
        f'         "dlbasics @ git+{repository_url}"],\n'
        "        check=True,\n"
        "    )"
    )


def notebook_with_outputs(app: Sphinx, docname: str) -> nbformat.NotebookNode | None:
    """The executed notebook of ``docname`` with its outputs; ``None`` if it is no notebook."""
    path = Path(app.env.mystnb_config.output_folder) / f"{docname}.ipynb"
    if not path.is_file():
        return None
    nb = nbformat.read(path, as_version=4)
    if not any(cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"):
        from jupyter_cache import get_cache  # cache mode: merge the cached outputs

        with contextlib.suppress(KeyError):  # not in the cache: leave it as it is
            _, nb = get_cache(app.config.nb_execution_cache_path).merge_match_into_notebook(nb)
    return nb


def site_url(repository_url: str) -> str:
    """The GitHub Pages address of the book built from ``repository_url``, or ``""``."""
    parsed = urlparse(repository_url)
    parts = parsed.path.strip("/").split("/")
    if parsed.netloc != "github.com" or len(parts) != 2:
        return ""
    return f"https://{parts[0].lower()}.github.io/{parts[1]}/"


def for_jupyter(app: Sphinx, docname: str, nb: nbformat.NotebookNode) -> None:
    """Rewrite ``nb`` in place so that Jupyter shows what the HTML page shows, and it runs."""
    glue_data: dict[str, Any] = {}
    for cell in nb.cells:
        if cell.cell_type == "code":  # as myst-nb does: hidden glue records leave the outputs
            glue_data.update(extract_glue_data_cell(cell))
    # Links to the published edition's own pages (conf.py), or none: the page's title only.
    resolver = SphinxResolver(app, docname, glue_data, app.config.html_baseurl)
    messages = {}  # a translated edition's notebook: its prose from the page's catalog
    if app.config.language != app.config.dlbasics_source_language:
        messages = catalog(Path(app.srcdir) / "locales", app.config.language, docname)

    def markdown(text: str) -> str:
        return to_markdown(translate(text, messages) if messages else text, resolver)

    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type == "markdown":
            cell.source = markdown(cell.source)
        if cell.cell_type != "code":
            continue
        cell.source = GLUE_IMPORT.sub(GLUE_STAND_IN, cell.source)
        for output in cell.get("outputs", []):
            if "text/markdown" in output.get("data", {}):
                output.data["text/markdown"] = markdown(output.data["text/markdown"])
        if HIDDEN_TAGS & set(cell.metadata.get("tags", [])):
            cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
        caption = cell.metadata.pop("mystnb", {}).get("figure", {}).get("caption")
        if caption:  # the HTML shows it under the figure
            cells.append(nbformat.v4.new_markdown_cell(f"*{markdown(caption)}*"))
    if references := resolver.references():
        cells.append(nbformat.v4.new_markdown_cell(references))
    nb.cells = cells


def _write_notebook(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    nb = notebook_with_outputs(app, pagename)
    if nb is None:
        return
    for_jupyter(app, pagename, nb)
    install = nbformat.v4.new_code_cell(install_source(app.config.dlbasics_repository_url))
    install.metadata["tags"] = [INSTALL_CELL_TAG]
    install.pop("id", None)
    for cell in nb.cells:
        cell.pop("id", None)  # ids are optional in nbformat 4.5; drop them for stable files
    nb.cells.insert(0, install)
    nb.nbformat_minor = 4  # nbformat 4.4: cells without ids are valid
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"  # the theme's download menu lists it


def colab_url(repository_url: str, branch: str, pagename: str) -> str | None:
    """Colab's address for the notebook of ``pagename`` on GitHub, or ``None`` elsewhere."""
    parsed = urlparse(repository_url)
    parts = parsed.path.strip("/").split("/")
    if parsed.netloc != "github.com" or len(parts) != 2:
        return None
    org, repo = parts
    return f"https://colab.research.google.com/github/{org}/{repo}/blob/{branch}/{pagename}.ipynb"


def _add_colab_button(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if "ipynb_source" not in context or "header_buttons" not in context:
        return
    url = colab_url(  # the notebooks branch holds each edition under its language
        app.config.dlbasics_repository_url,
        app.config.dlbasics_notebook_branch,
        f"{app.config.language}/{pagename}",
    )
    if url is None:
        return
    context["header_buttons"].insert(
        0,
        {
            "type": "group",
            "tooltip": TOOLTIPS[app.config.language][0],
            "icon": "fas fa-rocket",
            "label": "launch-buttons",
            "buttons": [
                {
                    "type": "link",
                    "url": url,
                    "text": "Colab",
                    "tooltip": TOOLTIPS[app.config.language][1],
                    "icon": "_static/images/logo_colab.png",
                    "label": "colab-button",
                }
            ],
        },
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("dlbasics_repository_url", "", "html", types=[str])
    app.add_config_value("dlbasics_notebook_branch", "notebooks", "html", types=[str])
    app.add_config_value("dlbasics_source_language", "ko", "html", types=[str])
    app.connect("html-page-context", _write_notebook, priority=400)  # before the theme's menu
    app.connect("html-page-context", _add_colab_button, priority=600)  # after it exists
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
