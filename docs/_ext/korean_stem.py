"""Strip Korean particles and endings so that 데이터는, 데이터를 and 데이터 index as one word.

Korean attaches particles (조사: 은/는, 이/가, 을/를, 의, 에서, 으로...) and verb endings
(하는, 된다...) to the word itself, with no space, so a search engine that splits at spaces
indexes 데이터는 and 데이터를 as different words. :func:`strip_particles` removes such
endings, longest first and repeatedly, keeping at least one syllable. The same rule, written
in JavaScript by :func:`js_stemmer`, runs in the reader's browser on the query, so a query
and the index always agree.

This module needs nothing but the standard library (the browser tests import it too).
"""

from __future__ import annotations

import json
import re

#: Particles (조사), copula forms and the most frequent endings of 하다/되다/시키다 verbs,
#: as they follow a noun. Longest first, so 에서는 is removed whole, not as 는.
SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        {
            # particles, compound first
            "에서는",
            "에서도",
            "에서의",
            "에게서",
            "으로는",
            "으로도",
            "으로서",
            "으로써",
            "으로의",
            "에서",
            "에게",
            "한테",
            "으로",
            "까지",
            "부터",
            "보다",
            "처럼",
            "마다",
            "조차",
            "만큼",
            "이나",
            "에는",
            "에도",
            "에만",
            "에의",
            "와는",
            "과는",
            "와의",
            "과의",
            "로는",
            "로도",
            "로서",
            "로써",
            "로의",
            "이란",
            "이라는",
            "라는",
            "이라고",
            "라고",
            "이라면",
            "이며",
            "이고",
            "이면",
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "의",
            "에",
            "로",
            "와",
            "과",
            "도",
            "만",
            "란",
            # copula
            "입니다",
            "이다",
            "였다",
            "이었다",
            "이에요",
            "예요",
            # 하다 / 되다 / 시키다 after a noun (학습하는, 학습된, 최적화합니다)
            "하는",
            "하고",
            "하여",
            "해서",
            "하면",
            "한다",
            "합니다",
            "했다",
            "했습니다",
            "하기",
            "하지",
            "하며",
            "할",
            "한",
            "된다",
            "되는",
            "됩니다",
            "되어",
            "되고",
            "되며",
            "된",
            "될",
            "시키는",
            "시킨",
            "시켜",
            "시키면",
        },
        key=lambda s: (-len(s), s),
    )
)

_HANGUL = re.compile(r"[\uac00-\ud7a3]")


def has_hangul(word: str) -> bool:
    """Whether ``word`` contains a Hangul syllable."""
    return _HANGUL.search(word) is not None


def strip_particles(word: str) -> str:
    """Remove particle/ending suffixes from a Korean word until none applies.

    At least one character is always kept, and only Hangul suffixes are removed, so
    ``"loss를"`` becomes ``"loss"`` and a bare ``"이"`` stays ``"이"``.

    Example:
        >>> [strip_particles(w) for w in ["데이터는", "데이터를", "데이터", "모델은", "학습시키는"]]
        ['데이터', '데이터', '데이터', '모델', '학습']
        >>> strip_particles("정확도를") == strip_particles("정확도")
        True
    """
    changed = True
    while changed:
        changed = False
        for suffix in SUFFIXES:
            if word.endswith(suffix) and len(word) > len(suffix):
                word = word[: -len(suffix)]
                changed = True
                break
    return word


def js_stemmer(english_stemmer_js: str) -> str:
    """JavaScript ``Stemmer`` class applying :func:`strip_particles` then English stemming.

    Args:
        english_stemmer_js: Sphinx's minified Snowball code defining ``BaseStemmer`` and
            ``EnglishStemmer``, used for words without Hangul, as Sphinx's English search does.
    """
    return f"""{english_stemmer_js}
/* Korean: strip particles (same list and rule as docs/_ext/korean_stem.py). */
var KOREAN_SUFFIXES = {json.dumps(list(SUFFIXES), ensure_ascii=False)};
var Stemmer = function () {{
  var english = new EnglishStemmer();
  this.stripParticles = function (w) {{
    var changed = true;
    while (changed) {{
      changed = false;
      for (var i = 0; i < KOREAN_SUFFIXES.length; i++) {{
        var s = KOREAN_SUFFIXES[i];
        if (w.length > s.length && w.slice(-s.length) === s) {{
          w = w.slice(0, -s.length);
          changed = true;
          break;
        }}
      }}
    }}
    return w;
  }};
  this.stemWord = function (w) {{
    if (/[\\uac00-\\ud7a3]/.test(w)) {{
      w = this.stripParticles(w);
      if (/[\\uac00-\\ud7a3]/.test(w)) return w;
    }}
    return english.stemWord(w);
  }};
}};
"""


def stem(word: str, english: object) -> str:
    """Python twin of the JavaScript ``stemWord``; ``english`` has ``stemWord(str) -> str``."""
    if has_hangul(word):
        word = strip_particles(word)
        if has_hangul(word):
            return word
    return str(english.stemWord(word))  # type: ignore[attr-defined]
