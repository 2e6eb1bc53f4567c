"""Bibliography labels in the same author-year form as the citations in the text.

With ``bibtex_reference_style = "author_year"`` the text cites ``[Kingma and Ba, 2015]``, but
pybtex's ``plain`` style labels the bibliography ``[13]``: a reader cannot find the entry.
Here the label of every entry is made by the template sphinxcontrib-bibtex uses for a
parenthetical ``{cite:p}`` (same names, same "et al.", same separator), and the style
``plain_author_year`` (``plain``, with these labels) is registered for ``bibtex_default_style``.
Two entries with the same label would make sphinxcontrib-bibtex warn (a failed ``-W`` build).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any

import pybtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinx.application import Sphinx
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join, year

LABEL_STYLE = "author_year"
STYLE = "plain_author_year"


class AuthorYearLabelStyle(BaseLabelStyle):
    """``Kingma and Ba, 2015``, ``Krizhevsky et al., 2012``: the text of a ``{cite:p}``."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        reference_style, template = _template()
        for entry in sorted_entries:
            label = template.format_data({"entry": entry, "style": reference_style})
            yield label.render_as("text")


@functools.cache
def _template() -> tuple[AuthorYearReferenceStyle, Any]:
    """The citation style and its label template, made once: every citation of every page
    formats labels, and making the style looks up pybtex plugins (0.8 s a build)."""
    reference_style = AuthorYearReferenceStyle()
    template = join(sep=reference_style.author_year_sep)[
        reference_style.person.author_or_editor_or_title(full=False), year
    ]
    return reference_style, template


class PlainAuthorYearStyle(PlainStyle):
    default_label_style = LABEL_STYLE


#: Plugins a label needs, looked up by name for every label: pybtex scans the installed
#: entry points on each lookup (25 ms) unless the plugin is registered at run time.
LOOKED_UP = (("pybtex.backends", "text"), ("pybtex.style.names", "last"))


def setup(app: Sphinx) -> dict[str, Any]:
    for group, name in LOOKED_UP:
        plugin = pybtex.plugin.find_plugin(group, name)
        pybtex.plugin.register_plugin(group, name, plugin, force=True)
    pybtex.plugin.register_plugin(
        "pybtex.style.labels", LABEL_STYLE, AuthorYearLabelStyle, force=True
    )
    pybtex.plugin.register_plugin(
        "pybtex.style.formatting", STYLE, PlainAuthorYearStyle, force=True
    )
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
