"""The language a figure draws its words in, and figures drawn once per edition's language.

:func:`language` is Korean unless ``DLBASICS_LANGUAGE`` or :func:`using_language` says
otherwise; :func:`~dlbasics.plot.words.word` looks its words up in it. :func:`bilingual` makes
a figure function draw itself once per language of ``DLBASICS_FIGURE_LANGUAGES``, the
edition's own language first, and marks each figure with its language.

Example:
    >>> with using_language("en"):
    ...     language()
    'en'
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec

from matplotlib.figure import Figure

from dlbasics._checks import check_choice

P = ParamSpec("P")

#: The languages of the book's editions, Korean first (the original).
LANGUAGES: tuple[str, ...] = ("ko", "en")
#: The attribute :func:`bilingual` sets on each figure: the language it was drawn in.
LANGUAGE_ATTRIBUTE = "dlbasics_language"

_LANGUAGE: ContextVar[str | None] = ContextVar("dlbasics_language", default=None)
_DRAWING: ContextVar[bool] = ContextVar("dlbasics_drawing", default=False)


def language() -> str:
    """The language figures draw in now: the innermost :func:`using_language`, else the
    environment's ``DLBASICS_LANGUAGE``, else ``"ko"``.

    Raises:
        ValueError: if ``DLBASICS_LANGUAGE`` is not one of :data:`LANGUAGES`.
    """
    inside = _LANGUAGE.get()
    if inside is not None:
        return inside
    return check_choice(os.environ.get("DLBASICS_LANGUAGE", "ko"), "DLBASICS_LANGUAGE", LANGUAGES)


@contextmanager
def using_language(lang: str) -> Iterator[str]:
    """Draw (and :func:`word`) in ``lang`` inside the ``with`` block.

    Example:
        >>> with using_language("en"):
        ...     language()
        'en'
    """
    token = _LANGUAGE.set(check_choice(lang, "lang", LANGUAGES))
    try:
        yield lang
    finally:
        _LANGUAGE.reset(token)


def figure_languages() -> tuple[str, ...]:
    """The languages a :func:`bilingual` figure is drawn in, :func:`language` first.

    They are the comma-separated ``DLBASICS_FIGURE_LANGUAGES`` (e.g. ``"ko,en"``), or only
    :func:`language` where it is unset; each appears once.

    Raises:
        ValueError: if a language there is not one of :data:`LANGUAGES`.
    """
    listed = os.environ.get("DLBASICS_FIGURE_LANGUAGES", "").split(",")
    wanted = [
        check_choice(s.strip(), "DLBASICS_FIGURE_LANGUAGES", LANGUAGES) for s in listed if s.strip()
    ]
    return tuple(dict.fromkeys([language(), *wanted]))


def bilingual(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Decorate a figure function: it draws in every :func:`figure_languages`, returns the first.

    Each figure gets the attribute ``dlbasics_language``. The figures of the other languages
    stay open in pyplot, so a notebook shows them after the first. A figure function called
    while another one draws (a grid inside a figure) draws once, in the language of the moment.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> @bilingual
        ... def empty() -> Figure:
        ...     return plt.figure()
        >>> empty().dlbasics_language
        'ko'
    """

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> Figure:
        if _DRAWING.get():
            return draw(*args, **kwargs)
        token = _DRAWING.set(True)
        try:
            first, *others = figure_languages()
            fig = draw(*args, **kwargs)
            setattr(fig, LANGUAGE_ATTRIBUTE, first)
            for other in others:
                with using_language(other):
                    setattr(draw(*args, **kwargs), LANGUAGE_ATTRIBUTE, other)
        finally:
            _DRAWING.reset(token)
        return fig

    return drawn
