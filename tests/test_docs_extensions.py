"""The book's own Sphinx extensions (docs/_ext): Korean search stemming, notebooks, meta."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "docs" / "_ext"))

import korean_stem
from notebooks import colab_url, install_source


@pytest.mark.parametrize(
    ("words", "stem"),
    [
        (["데이터", "데이터는", "데이터를", "데이터에서", "데이터로는", "데이터의"], "데이터"),
        (["모델", "모델은", "모델이", "모델을", "모델과", "모델에게"], "모델"),
        (["학습", "학습을", "학습하는", "학습된", "학습시키는", "학습합니다"], "학습"),
        (["최적화", "최적화는", "최적화합니다", "최적화된"], "최적화"),
        (["정확도", "정확도를", "정확도가"], korean_stem.strip_particles("정확도")),
    ],
)
def test_particles_are_stripped_to_one_stem(words, stem):
    assert {korean_stem.strip_particles(w) for w in words} == {stem}


def test_stripping_keeps_a_syllable_and_leaves_latin_alone():
    assert korean_stem.strip_particles("이") == "이"
    assert korean_stem.strip_particles("는") == "는"
    assert korean_stem.strip_particles("loss를") == "loss"
    assert korean_stem.strip_particles("dropout") == "dropout"


def test_english_words_go_through_the_english_stemmer():
    class Upper:
        def stemWord(self, w: str) -> str:
            return w.upper()

    assert korean_stem.stem("networks", Upper()) == "NETWORKS"
    assert korean_stem.stem("loss는", Upper()) == "LOSS"
    assert korean_stem.stem("데이터는", Upper()) == "데이터"


def test_the_javascript_stemmer_carries_the_same_suffixes():
    js = korean_stem.js_stemmer("/* english */")
    assert all(f'"{s}"' in js for s in korean_stem.SUFFIXES)
    assert "var Stemmer" in js


def test_colab_url_points_at_the_published_notebook():
    url = colab_url("https://github.com/org/book", "notebooks", "components/loss")
    assert url == (
        "https://colab.research.google.com/github/org/book/blob/notebooks/components/loss.ipynb"
    )
    assert colab_url("https://gitlab.com/org/book", "notebooks", "x") is None


def test_install_cell_installs_only_where_dlbasics_is_missing():
    code = install_source("https://github.com/org/book")
    compile(code, "<install>", "exec")
    assert 'find_spec("dlbasics") is None' in code
    assert "git+https://github.com/org/book" in code
