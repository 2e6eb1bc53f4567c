"""A Sphinx search language for Korean: particles stripped, glossary synonyms, book ranking.

Sphinx has no Korean search. With ``language = "ko"`` it falls back to English rules, which
index 데이터는 and 데이터를 as words of their own, so a query for 데이터 misses them. This
extension registers :class:`SearchKorean` for ``html_search_language = "ko"``: at index time
and in the browser the same rule (:mod:`korean_stem`) removes particles from Hangul words,
and words without Hangul go through Sphinx's Snowball English stemmer, as before.

It also makes the glossary's 한국어 ↔ English pairs synonyms (:mod:`search_synonyms`): where
a page says one name of a term, the others are indexed for it too. The glossary is read when
the configuration is (``korean_search_glossary``, a docname); a change to its term lines
re-reads every page, since each page's indexed words depend on them.

``korean_search.js``, appended to the search page's ``language_data.js`` (the only page that
loads Sphinx's searchtools.js), ranks pages whose own title or glossary entry matches the
query first and takes result snippets from the article, not the theme's buttons.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import snowballstemmer
import sphinx.search
from korean_stem import js_stemmer, stem  # docs/_ext is on sys.path (conf.py)
from search_synonyms import Synonyms, parse_glossary
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.search import SearchLanguage
from sphinx.search._stopwords.en import ENGLISH_STOPWORDS
from sphinx.search.en import SearchEnglish

_MINIFIED = Path(sphinx.search.__file__).parent / "minified-js"
_BOOK_JS = Path(__file__).with_name("korean_search.js")


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
        terms = []
        if glossary := options.get("glossary"):  # set by _read_glossary
            text = Path(glossary).read_text(encoding="utf-8")
            terms = parse_glossary(text, options["glossary_docname"])
        self.synonyms = Synonyms(terms, self.stem, self.stopwords)
        book_js = _BOOK_JS.read_text(encoding="utf-8").replace(
            "GLOSSARY_TERMS", json.dumps(self.synonyms.for_browser(), ensure_ascii=False)
        )
        self.js_stemmer_code = f"{SearchKorean.js_stemmer_code}\n{book_js}"

    def split(self, input: str) -> list[str]:
        return self.synonyms.expand(super().split(input))

    def stem(self, word: str) -> str:
        return stem(word.lower(), self.english)


class SearchEnglishBook(SearchEnglish):
    """Sphinx's English search with the book's ranking (the English edition, ``/en/``).

    Its glossary is English only, so there are no synonyms to add; pages whose title matches
    still rank first, as in the Korean edition.
    """

    js_stemmer_rawcode = None  # Sphinx's English stemmer comes in js_stemmer_code, with ours

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        self.synonyms = Synonyms([], self.stem, self.stopwords)
        book_js = _BOOK_JS.read_text(encoding="utf-8").replace(
            "GLOSSARY_TERMS", json.dumps(self.synonyms.for_browser())
        )
        stemmer = "\n".join(
            (_MINIFIED / name).read_text(encoding="utf-8")
            for name in ("base-stemmer.js", "english-stemmer.js")
        )
        self.js_stemmer_code = f"{stemmer}\nwindow.Stemmer = EnglishStemmer;\n{book_js}"


def _read_glossary(app: Sphinx, config: Config) -> None:
    """Point the search language at the glossary; note a digest of its terms' names."""
    path = Path(app.srcdir, config.korean_search_glossary + ".md")
    if not path.is_file():  # a book without a glossary (the build tests' fixtures)
        return
    terms = parse_glossary(path.read_text(encoding="utf-8"), config.korean_search_glossary)
    names = repr([term.names for term in terms])  # what the index depends on; not the links
    config.korean_search_terms_digest = hashlib.sha256(names.encode()).hexdigest()[:16]
    config.html_search_options = {
        **config.html_search_options,
        "glossary": str(path),
        "glossary_docname": config.korean_search_glossary,
    }


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_search_language(SearchKorean)
    app.add_search_language(SearchEnglishBook)
    app.add_config_value("korean_search_glossary", "appendix/glossary", "env", str)
    app.add_config_value("korean_search_terms_digest", "", "env", str)
    app.connect("config-inited", _read_glossary)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
