"""The glossary's 한국어 ↔ English pairs as search synonyms.

The book writes many terms in English (Transformer, overfitting, loss function), so a reader
who searches for 트랜스포머 or 과적합 would find nothing but the glossary. The glossary
(``docs/appendix/glossary.md``) is the one list of pairs: each entry's term line is
``한국어 (English, 약어, 음역...)``, e.g. ``과적합 (overfitting, 오버피팅)``, and every name on
it is a synonym of the others. Several term lines over one definition are synonyms too, and
the first ``{doc}`` link of the definition names the page that introduces the term.

:class:`Synonyms` works on the index side: wherever a page (or a title) says one name of a
term, the words of all its names are indexed for that page as well, so 트랜스포머 finds the
page that says only Transformer, and "loss function" finds the page that says 손실 함수.
Doing it at index time keeps Sphinx's search code, its AND of query words and its partial
matches unchanged; the browser only ranks (``korean_search.js``).

This module needs nothing but the standard library (the tests import it).
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

_FENCE = re.compile(r"^(`{3,}|:{3,})\{glossary\}\s*$")
_NAMES = re.compile(r"(.+?)\s*\((.+)\)")  # 과적합 (overfitting, 오버피팅)
_DOC = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`<>]+)>?`")
_WORD = re.compile(r"\w+")  # Sphinx's SearchLanguage.split
_HANGUL = re.compile(r"[\uac00-\ud7a3]")


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    lines: tuple[str, ...]  # its term lines as written, the targets of {term}
    names: tuple[str, ...]  # 과적합, overfitting, 오버피팅
    home: str | None  # docname of the page that introduces it


def names_of(line: str) -> list[str]:
    """Names on one term line: the head and each comma-separated name in parentheses."""
    match = _NAMES.fullmatch(line.strip())
    if not match:
        return [line.strip()]
    return [match.group(1), *(name.strip() for name in match.group(2).split(","))]


def parse_glossary(text: str, docname: str) -> list[Term]:
    """The entries of the ``{glossary}`` directive in the MyST page ``text``.

    Args:
        text: the glossary page's source.
        docname: its docname, to resolve relative ``{doc}`` links.
    """
    terms: list[Term] = []
    lines: list[str] = []
    definition: list[str] = []
    fence = ""

    def close() -> None:
        if lines:
            links = _DOC.findall(" ".join(definition))
            here = posixpath.dirname(docname)
            home = posixpath.normpath(posixpath.join(here, links[0])) if links else None
            names = [name for line in lines for name in names_of(line)]
            terms.append(Term(tuple(lines), tuple(dict.fromkeys(names)), home))
        lines.clear()
        definition.clear()

    for raw in text.splitlines():
        if not fence:
            match = _FENCE.match(raw)
            fence = match.group(1) if match else ""
        elif set(raw.strip()) == {fence[0]} and len(raw.strip()) >= len(fence):
            close()
            fence = ""
        elif raw.startswith((" ", "\t")):
            definition.append(raw.strip())
        elif raw.strip() and not raw.startswith(":"):  # a term line (":sorted:" is an option)
            if definition:
                close()
            lines.append(raw.strip())
    return terms


class Synonyms:
    """Which names of glossary terms a run of words contains, and the words they add.

    Args:
        terms: the glossary's entries.
        stem: the search language's stemmer (the index's and the browser's rule).
        stopwords: words the browser drops from a query.
    """

    def __init__(
        self, terms: Iterable[Term], stem: Callable[[str], str], stopwords: Iterable[str]
    ) -> None:
        self.stem = functools.cache(stem)  # every word of the book passes here twice
        self.stopwords = frozenset(stopwords)
        self.terms = [t for t in terms if len([n for n in t.names if self._usable(n)]) >= 2]
        #: Per term, the words to index wherever one of its names occurs: every name's words,
        #: and multi-word Korean names written as one word too (손실 함수, 손실함수).
        self.added: list[tuple[str, ...]] = []
        #: First stem of a name -> (term index, stems of the whole name).
        self._starts: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        for i, term in enumerate(self.terms):
            words: list[str] = []
            for name in filter(self._usable, term.names):
                spellings = [_WORD.findall(name)]
                if len(spellings[0]) > 1 and _HANGUL.search(name):
                    spellings.append(["".join(spellings[0])])
                for spelling in spellings:
                    words += spelling
                    stems = tuple(self.stem(w) for w in spelling)
                    self._starts.setdefault(stems[0], []).append((i, stems))
            self.added.append(tuple(dict.fromkeys(words)))

    @staticmethod
    def _usable(name: str) -> bool:
        """Names of one letter (γ) would match every formula: they are no synonyms."""
        return any(len(word) > 1 for word in _WORD.findall(name))

    def found(self, words: list[str]) -> list[int]:
        """Indices of the terms one of whose names occurs in ``words`` (consecutive)."""
        stems = [self.stem(w) for w in words]
        hits: list[int] = []
        for i, first in enumerate(stems):
            for term, name in self._starts.get(first, ()):
                if tuple(stems[i : i + len(name)]) == name and term not in hits:
                    hits.append(term)
        return hits

    def expand(self, words: list[str]) -> list[str]:
        """``words`` and, after them, the words of every name of each term they mention."""
        return words + [w for term in self.found(words) for w in self.added[term]]

    def query_words(self, name: str) -> list[str]:
        """The stems the browser searches for when a reader types ``name``."""
        return [
            self.stem(w)
            for w in _WORD.findall(name)
            if w.lower() not in self.stopwords and not w.isdigit()
        ]

    def for_browser(self) -> list[dict[str, object]]:
        """Each term as the browser's ranking uses it: its names' query stems and its page.

        A Korean name of several words is also a query of one word (손실함수).
        """
        browser: list[dict[str, object]] = []
        for term in self.terms:
            names = []
            for name in filter(self._usable, term.names):
                names.append(self.query_words(name))
                if len(_WORD.findall(name)) > 1 and _HANGUL.search(name):
                    names.append(self.query_words("".join(_WORD.findall(name))))
            browser.append({"names": names, "home": term.home})
        return browser
