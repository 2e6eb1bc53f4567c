"""The glossary's 한국어 ↔ English pairs as search synonyms (docs/_ext/search_synonyms.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import korean_stem
import pytest
import snowballstemmer
from search_synonyms import Synonyms, Term, names_of, parse_glossary

ROOT = Path(__file__).resolve().parents[1]

GLOSSARY = ROOT / "docs" / "appendix" / "glossary.md"
_ENGLISH = snowballstemmer.stemmer("english")

#: Everyday terms the book writes in English, with the Korean a reader searches for
#: (issue #15), written by hand.
EVERYDAY = [
    ("과적합", "overfitting"),
    ("손실 함수", "loss function"),
    ("트랜스포머", "Transformer"),
    ("옵티마이저", "optimizer"),
    ("학습률", "learning rate"),
    ("기울기", "gradient"),
    ("정규화", "regularization"),
    ("일반화", "generalization"),
    ("배치 정규화", "batch normalization"),
    ("드롭아웃", "dropout"),
    ("합성곱", "convolution"),
    ("어텐션", "attention"),
]

FIXTURE = """\
# 용어집

```{glossary}
:sorted:

과적합 (overfitting, 오버피팅)
  새 데이터에서 나빠지는 것. {doc}`../components/optimization`

손실 함수 (Loss function)
Cost function
  model이 얼마나 나쁜지. {doc}`쉬운 말 <../intro/components>`

log-sum-exp
  넘침을 막는 기법.
```

```{glossary}
할인율 (discount factor, γ)
  나중의 보상을 덜 쳐줌. {doc}`dqn`
```
"""


def stem(word: str) -> str:
    """The index's and the browser's rule (korean_search.SearchKorean.stem)."""
    return korean_stem.stem(word.lower(), _ENGLISH)


def synonyms(text: str) -> Synonyms:
    return Synonyms(parse_glossary(text, "appendix/glossary"), stem, {"over", "the"})


def same_term(syn: Synonyms, korean: str, english: str) -> bool:
    """Whether a page saying one is indexed under every word of the other, both ways."""
    ko, en = korean.split(), english.lower().split()
    lower = [w.lower() for w in syn.expand(ko)]
    return set(en) <= set(lower) and set(ko) <= set(syn.expand(en))


def test_a_term_line_names_the_korean_and_each_name_in_parentheses():
    assert names_of("과적합 (overfitting, 오버피팅)") == ["과적합", "overfitting", "오버피팅"]
    assert names_of("IoU (Intersection over Union)") == ["IoU", "Intersection over Union"]
    assert names_of("log-sum-exp") == ["log-sum-exp"]


def test_the_glossary_directive_is_parsed_into_terms_and_their_pages():
    assert parse_glossary(FIXTURE, "appendix/glossary") == [
        Term(
            ("과적합 (overfitting, 오버피팅)",),
            ("과적합", "overfitting", "오버피팅"),
            "components/optimization",
        ),
        Term(
            ("손실 함수 (Loss function)", "Cost function"),
            ("손실 함수", "Loss function", "Cost function"),
            "intro/components",
        ),
        Term(("log-sum-exp",), ("log-sum-exp",), None),
        Term(("할인율 (discount factor, γ)",), ("할인율", "discount factor", "γ"), "appendix/dqn"),
    ]


def test_a_page_saying_one_name_is_indexed_under_every_name():
    syn = synonyms(FIXTURE)
    words = syn.expand(["Overfitting이", "심하면", "손실", "함수를", "다시", "봅니다"])
    assert {"과적합", "오버피팅", "Loss", "function", "Cost", "손실함수"} <= set(words)
    assert {"loss", "function", "손실", "함수"} <= set(syn.expand(["손실함수는", "loss"]))
    assert "cost" in [w.lower() for w in syn.expand(["loss", "functions"])]  # stems agree
    # Only a whole name counts: 함수 alone, over-fit, or a one-letter name (γ) add nothing.
    for text in ("함수를 정의합니다", "over fit", "γ = 0.99", "discount"):
        assert syn.expand(text.split()) == text.split(), text
    assert "할인율" in syn.expand(["the", "discount", "factor"])


def test_the_browser_gets_each_names_query_words_and_page():
    terms = synonyms(FIXTURE).for_browser()
    assert terms[0] == {
        "names": [["과적합"], ["overfit"], ["오버피팅"]],
        "home": "components/optimization",
    }
    assert terms[1]["names"] == [
        *(["손실", "함수"], ["손실함수"]),  # a Korean name of two words is also one word
        *(["loss", "function"], ["cost", "function"]),
    ]
    assert terms[2]["names"] == [["할인율"], ["discount", "factor"]]  # γ is no synonym


def missing_pairs(glossary: str) -> list[tuple[str, str]]:
    syn = synonyms(glossary)
    return [(ko, en) for ko, en in EVERYDAY if not same_term(syn, ko, en)]


def test_the_glossary_pairs_the_everyday_terms():
    assert missing_pairs(GLOSSARY.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("line", "pair"),
    [
        ("과적합 (overfitting, 오버피팅)", ("과적합", "overfitting")),
        ("트랜스포머 (Transformer)", ("트랜스포머", "Transformer")),
    ],
)
def test_a_glossary_without_a_pair_is_caught(line, pair):
    text = GLOSSARY.read_text(encoding="utf-8")
    assert line in text
    assert pair in missing_pairs(text.replace(line, pair[0]))


#: Entries whose page shows the idea without naming it (or names it half in each language).
UNNAMED_ON_THEIR_PAGE = {
    "규모 법칙 (scaling law)": "history/gpt draws a scaling curve",
    "바서슈타인-1 거리 (Wasserstein-1 distance)": "history/gan says Wasserstein-1 거리",
    "이동 불변성 (translation invariance)": "history/alexnet: 위치가 바뀌어도 같은 것을 알아보는",
}


def test_each_term_links_to_a_page_a_search_for_it_finds():
    """The page a term's entry links to exists and has every query word of one of its names.

    The browser ranks that page first for the term, but only among the pages found.
    """
    syn = synonyms(GLOSSARY.read_text(encoding="utf-8"))
    unfound = []
    for term in parse_glossary(GLOSSARY.read_text(encoding="utf-8"), "appendix/glossary"):
        assert term.home, f"{term.lines[0]}: no {{doc}} link to the page that introduces it"
        source = (ROOT / "docs" / f"{term.home}.md").read_text(encoding="utf-8")
        words = {stem(word) for word in re.findall(r"\w+", source)}
        if not any(set(syn.query_words(name)) <= words for name in term.names):
            unfound.append(term.lines[0])
    assert sorted(unfound) == sorted(UNNAMED_ON_THEIR_PAGE)


def test_the_search_page_script_carries_the_glossary():
    pytest.importorskip("sphinx")
    from korean_search import SearchKorean

    lang = SearchKorean({"glossary": str(GLOSSARY), "glossary_docname": "appendix/glossary"})
    line = next(ln for ln in lang.js_stemmer_code.splitlines() if "const terms = " in ln)
    data = json.loads(line.split("const terms = ", 1)[1].removesuffix(";"))
    assert data == lang.synonyms.for_browser()
    assert {"names": [["트랜스포머"], ["transform"]], "home": "history/transformer"} in data
    assert "var Stemmer" in lang.js_stemmer_code  # the particle stemmer is still there
    assert lang.split("Transformer는") == ["Transformer는", "트랜스포머", "Transformer"]
