"""Strip Korean particles and endings so that 데이터는, 데이터를 and 데이터 index as one word.

Korean attaches particles (조사: 은/는, 이/가, 을/를, 의, 에서, 으로...), the copula (이다,
입니다, 인...) and the endings of 하다/되다/시키다 verbs (하는, 된다, 학습해...) to the word
itself, with no space, so a search engine that splits at spaces indexes 데이터는 and 데이터를
as different words. :func:`strip_particles` removes such suffixes, longest first and
repeatedly, with three safeguards against cutting into the noun itself (평가 is not 평 + 가):

* **Sound rules.** Most particles come in pairs chosen by the last syllable of the noun:
  이/을/은/과/으로 follow a final consonant (받침), 가/를/는/와/로 a vowel (로 also ㄹ). So the
  가 of 평가 (평 ends in ㅇ) and the 이 of 차이 (차 ends in a vowel) cannot be particles. After a
  Latin letter or digit (loss를, 1이) the sound is unknown and either form is accepted.
* **A lexicon** (:data:`NOUNS`) of nouns whose last syllable still looks like a particle or an
  ending (결과, 정확도, 길이, 정의, 역할, 이해, 확인...). A word that starts with one of them is
  never cut inside it (결과를 → 결과, not 결); a noun of three or more syllables protects
  compounds too (분류정확도).
* **Conditions** on a few suffixes (:data:`CONDITIONS`): 만 is not a particle after a number
  (120만), 일/나/면/다 only after a Latin word (proxy일, seed나), 서 only after 여기/거기/어디.

A word that is a particle or an ending on its own (the book writes ``**학습** 입니다``) is left
as it is.

The same data and rule, written in JavaScript by :func:`js_stemmer`, run in the reader's
browser on the query, so a query and the index always agree. ``docs/_ext/stem_agreement.py``
measures the rule against a morphological analyzer over the book's own pages.

This module needs nothing but the standard library (the browser tests import it too).
"""

from __future__ import annotations

import json
import re


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Endings of 하다 / 되다 / 시키다 after a noun (학습하는, 학습된, 학습시켰습니다), and of
# adjectives in 하다 (중요한, 가능하게), built from each verb's stem forms and the endings
# that follow them.
_VERB_FORMS = {
    # stem before a consonant ending, 아/어 form, past, -ㄴ, -ㄹ, -ㅂ니다, -ㅁ
    "하": ("하", "해", "했", "한", "할", "합", "함"),
    "되": ("되", "돼", "됐", "된", "될", "됩", "됨"),
    "시키": ("시키", "시켜", "시켰", "시킨", "시킬", "시킵", "시킴"),
    "해지": ("해지", "해져", "해졌", "해진", "해질", "해집", "해짐"),  # 칠해져, 명확해진
}
_ENDINGS = (
    # after the plain stem: 하는, 되고, 시키면 ...
    "는 고 면 며 지 기 게 자 다 듯 던 든 도록 면서 려면 려고 려는 므로 니까 거나 든지 다가 "
    "다는 다고 다면 는데 는지 는가 지만 기에 기도 듯이 여",
    # after the 아/어 form: 해, 해서, 돼야 ...
    " 서 도 야 요 야만 야함 서는",
    # after the past form: 했다, 됐습니다 ...
    "다 고 던 을 지 기 습니다 으며 으나 으면 는데 는지 지만 어요 을까",
    # after -ㄴ: 한, 된다, 시킨다면 ...
    " 다 다면 다는 다고 데 지 가",
    # after -ㄹ: 할, 될지 ...
    " 지 까 수록",
    # after -ㅂ: 합니다, 됩니다, 합시다
    "니다 니까 시다",
    # after -ㅁ: 함, 됨
    "",
)
_VERB_SUFFIXES = (
    {
        form + ending
        for forms in _VERB_FORMS.values()
        for form, endings in zip(forms, _ENDINGS, strict=True)
        for ending in endings.split(" ")
        if form + ending not in ("되여", "시키여", "해지여")  # 하여 only
    }
    | {
        f"{past}{ending}"
        for past in ("하였", "되었")
        for ending in (
            "다",
            "고",
            "던",
            "을",
            "지",
            "습니다",
            "으며",
            "으나",
            "으면",
            "는데",
            "는지",
        )
    }
    | {"되어", "되어서", "되어야", "되어도"}
)

#: Particles (조사) and copula forms, as they follow a noun. The loop in
#: :func:`strip_particles` removes them one after another, so compounds such as 에서는,
#: 까지의, 만으로도 and 으로부터 need no entry of their own. First the particles and the
#: plural 들 (모델들은 → 모델), then the copula 이다 (학습이다, 모델입니다, 데이터인,
#: 모델이라는, 데이터라도, proxy일).
_PARTICLES = frozenset(
    _words(
        """
    이 가 을 를 은 는 의 에 도 만 와 과 로 으로 로서 로써 으로서 으로써 에서 에게 에게서
    한테 께서 까지 부터 보다 처럼 마다 조차 마저 만큼 밖에 뿐 대로 이나 나 이란 란 서 에야
    에서나 들
    이다 입니다 이고 이며 이면 이지 이지만 지만 이므로 이니까 이니 이던 이기 이어서 이어야
    이었다 이었고 이었던 이었을 이었으며 이었습니다 였다 였고 였던 였을 였지만 였으며
    였습니다 이에요 예요 이라 라 이라는 이라고 라고 이라면 라면 이라도 라도 이라서 라서
    이든 이든지 든 든지 인 인지 인데 인가 일 일수록 다 면
    """
    )
)

#: Every suffix, longest first, so 에서 is removed whole and not as 서.
SUFFIXES: tuple[str, ...] = tuple(sorted(_PARTICLES | _VERB_SUFFIXES, key=lambda s: (-len(s), s)))

#: When a suffix may be removed, by the character before it (the noun's last one):
#: ``consonant``: a syllable ending in a consonant (모델이, 학습을), or no Hangul syllable;
#: ``vowel``: a syllable ending in a vowel (데이터가, 모델를 is not Korean), or no syllable;
#: ``vowel-or-ㄹ`` and ``consonant-not-ㄹ``: the same for 로 and 으로 (모델로, 학습으로);
#: ``latin``: a Latin letter (proxy일, seed나): after Hangul these are part of words (파일, 하나);
#: ``not-number``: anything but a digit or 십/백/천/만/억 (120만 is a number);
#: ``noun``: what remains is in :data:`NOUNS` (여기서 → 여기, but 순서 stays).
#: Suffixes not listed follow anything.
CONDITIONS: dict[str, str] = {
    **dict.fromkeys(
        _words("이 을 은 과 이나 이란 이지 이라 이라는 이라고 이라면 이라도 이라서 이든 이든지"),
        "consonant",
    ),
    **dict.fromkeys(
        _words(
            "가 를 는 와 란 라 라고 라면 라도 라서 예요 였다 였고 였던 였을 였지만 였으며 "
            "였습니다 지만 든 든지"
        ),
        "vowel",
    ),
    **dict.fromkeys(_words("로 로서 로써"), "vowel-or-ㄹ"),
    **dict.fromkeys(_words("으로 으로서 으로써"), "consonant-not-ㄹ"),
    **dict.fromkeys(_words("일 나 면 다"), "latin"),
    **dict.fromkeys(_words("만 인"), "not-number"),
    "서": "noun",
}

#: Nouns whose end looks like a particle or an ending (평가 = 평 + 가?), and the few words
#: that a ``noun`` condition needs. A word starting with one is never cut inside it.
NOUNS: frozenset[str] = frozenset(
    _words(
        """
    평가 추가 대가 부가 휴가
    결과 성과 통과 학과 외과 사과 초과 효과 교과 부과
    정확도 속도 가속도 정도 빈도 밀도 온도 강도 각도 고도 농도 습도 척도 한도 용도
    시도 의도 제도 태도 지도 비지도 준지도 우도 유사도 정밀도 복잡도 신뢰도 민감도 특이도
    해상도 중요도 이해도 난이도 기여도 만족도 선호도 적합도 순도 진도 위도 경도 명도 채도
    조도 심도 과도 포도 연도 가능도 경사도 확률밀도
    정의 주의 논의 회의 의의 강의 동의 편의 질의 임의 모의 유의 협의 건의 문의 제의
    차이 길이 깊이 넓이 높이 놀이 풀이 먹이 되풀이 사이 엉덩이 고양이 원숭이 옮긴이 지은이
    어린이 젊은이 늙은이 손잡이 전이 특이 용이 상이 경이
    확인 원인 요인 승인 기인 본인 타인 노인 성인 할인 사인 코사인 도메인 파이프라인
    라인 온라인 오프라인 디자인 체인 메인 플러그인 로그인 브레인 슈타인
    상한 하한 제한 권한 무한 유한 기한 최소한 최대한
    역할 분할
    이해 분해 방해 피해 손해 오해 견해 재해 화해 저해 침해 이듬해 올해 지난해 새해
    포함 결함 명함
    경로 회로 통로 진로 미로 도로 프로 제로 세로 가로 몬테카를로
    미만 불만 비만 수만 수십만 수백만 수천만 천만 백만
    혼란 계란
    인프라 카메라
    반대 최대 기대 상대 시대 세대 절대 확대 증대 극대 교대 막대 무대 부대 침대 지대 연대
    페이지 스테이지 이하 저하 부하 낙하 영하 더하기 곱하기
    하나 여기 거기 저기 어디
    """
    )
)

_SUFFIX_SET = frozenset(SUFFIXES)
_LONGEST = len(SUFFIXES[0])
_NOUNS_BY_FIRST: dict[str, list[str]] = {}
for _noun in sorted(NOUNS):
    _NOUNS_BY_FIRST.setdefault(_noun[0], []).append(_noun)

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_NUMBER = re.compile(r"[0-9십백천만억]")


def has_hangul(word: str) -> bool:
    """Whether ``word`` contains a Hangul syllable."""
    return _HANGUL.search(word) is not None


def _protected_length(word: str) -> int:
    """How much of ``word`` is a lexicon noun that must not be cut (at least 1)."""
    keep = 1
    for i, char in enumerate(word):
        for noun in _NOUNS_BY_FIRST.get(char, ()):
            if (i == 0 or len(noun) >= 3) and word.startswith(noun, i):
                keep = max(keep, i + len(noun))
    return keep


def _allowed(stem: str, suffix: str) -> bool:
    """Whether ``suffix`` may be a particle/ending after ``stem`` (see :data:`CONDITIONS`)."""
    condition = CONDITIONS.get(suffix)
    if condition is None:
        return True
    last = stem[-1]
    if condition == "latin":
        return _LATIN.match(last) is not None
    if condition == "not-number":
        return _NUMBER.match(last) is None
    if condition == "noun":
        return stem in NOUNS
    if not _HANGUL.match(last):
        return True  # loss를, 1이: the sound of a Latin letter or digit is not known
    final = (ord(last) - 0xAC00) % 28  # 0: no final consonant, 8: ㄹ
    if condition == "consonant":
        return final != 0
    if condition == "vowel":
        return final == 0
    if condition == "vowel-or-ㄹ":
        return final in (0, 8)
    return final not in (0, 8)  # consonant-not-ㄹ


def strip_particles(word: str) -> str:
    """Remove particle/ending suffixes from a Korean word until none applies.

    At least one character is always kept, a lexicon noun at the start of the word is
    never cut, and only Hangul suffixes are removed, so ``"loss를"`` becomes ``"loss"``
    and a bare ``"이"`` stays ``"이"``.

    Example:
        >>> [
        ...     strip_particles(w)
        ...     for w in ["데이터는", "모델이", "학습시키는", "평가를", "차이"]
        ... ]
        ['데이터', '모델', '학습', '평가', '차이']
    """
    if word in _SUFFIX_SET:
        return word  # a particle or ending standing alone (after bold text: **학습** 입니다)
    keep = _protected_length(word)
    changed = True
    while changed:
        changed = False
        # longest first: the suffixes of one length that end the word are just word[cut:]
        for cut in range(max(keep, len(word) - _LONGEST), len(word)):
            if word[cut:] in _SUFFIX_SET and _allowed(word[:cut], word[cut:]):
                word = word[:cut]
                changed = True
                break
    return word


def js_stemmer(english_stemmer_js: str) -> str:
    """JavaScript ``Stemmer`` class applying :func:`strip_particles` then English stemming.

    Args:
        english_stemmer_js: Sphinx's minified Snowball code defining ``BaseStemmer`` and
            ``EnglishStemmer``, used for words without Hangul, as Sphinx's English search does.
    """

    def data(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    return f"""{english_stemmer_js}
/* Korean: strip particles (same data and rule as docs/_ext/korean_stem.py). */
var KOREAN_SUFFIXES = {data(list(SUFFIXES))};
var KOREAN_CONDITIONS = {data(CONDITIONS)};
var KOREAN_NOUNS = {data(sorted(NOUNS))};
var Stemmer = function () {{
  var english = new EnglishStemmer();
  var hangul = /[\\uac00-\\ud7a3]/;
  var nouns = {{}};
  var suffixes = {{}};
  var byFirst = {{}};
  var longest = 0;
  KOREAN_SUFFIXES.forEach(function (s) {{
    suffixes[s] = true;
    longest = Math.max(longest, s.length);
  }});
  KOREAN_NOUNS.forEach(function (n) {{
    nouns[n] = true;
    (byFirst[n[0]] = byFirst[n[0]] || []).push(n);
  }});
  var protectedLength = function (w) {{
    var keep = 1;
    for (var i = 0; i < w.length; i++) {{
      var list = byFirst[w[i]] || [];
      for (var j = 0; j < list.length; j++) {{
        var n = list[j];
        if ((i === 0 || n.length >= 3) && w.startsWith(n, i)) keep = Math.max(keep, i + n.length);
      }}
    }}
    return keep;
  }};
  var allowed = function (stem, suffix) {{
    var condition = KOREAN_CONDITIONS[suffix];
    if (condition === undefined) return true;
    var last = stem[stem.length - 1];
    if (condition === "latin") return /[A-Za-z]/.test(last);
    if (condition === "not-number") return !/[0-9십백천만억]/.test(last);
    if (condition === "noun") return nouns[stem] === true;
    if (!hangul.test(last)) return true;
    var fin = (last.charCodeAt(0) - 0xac00) % 28;
    if (condition === "consonant") return fin !== 0;
    if (condition === "vowel") return fin === 0;
    if (condition === "vowel-or-ㄹ") return fin === 0 || fin === 8;
    return fin !== 0 && fin !== 8;
  }};
  this.stripParticles = function (w) {{
    if (suffixes[w] === true) return w;
    var keep = protectedLength(w);
    var changed = true;
    while (changed) {{
      changed = false;
      for (var cut = Math.max(keep, w.length - longest); cut < w.length; cut++) {{
        var s = w.slice(cut);
        if (suffixes[s] === true && allowed(w.slice(0, cut), s)) {{
          w = w.slice(0, cut);
          changed = true;
          break;
        }}
      }}
    }}
    return w;
  }};
  this.stemWord = function (w) {{
    if (hangul.test(w)) {{
      w = this.stripParticles(w);
      if (hangul.test(w)) return w;
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
