"""A Sphinx search language for Korean: particles stripped, English words stemmed as before.

Sphinx has no Korean search. With ``language = "ko"`` it falls back to English rules, which
index 데이터는 and 데이터를 as words of their own, so a query for 데이터 misses them. This
extension registers :class:`SearchKorean` for ``html_search_language = "ko"``: at index time
and in the browser the same rule (:mod:`korean_stem`) removes particles from Hangul words,
and words without Hangul go through Sphinx's Snowball English stemmer, as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import snowballstemmer
import sphinx.search
from korean_stem import js_stemmer, stem  # docs/_ext is on sys.path (conf.py)
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"


class SearchKorean(SearchLanguage):
    lang = "ko"
    language_name = "Korean"
    stopwords = ENGLISH_STOPWORDS
    js_stemmer_code = js_stemmer(
        (_MINIFIED / "base-stemmer.js").read_text(encoding="utf-8")
        + "\n"
        + (_MINIFIED / "english-stemmer.js").read_text(encoding="utf-8")
    )

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.english = snowballstemmer.stemmer("english")

    def stem(self, word: str) -> str:
        return stem(word.lower(), self.english)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchKorean)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
