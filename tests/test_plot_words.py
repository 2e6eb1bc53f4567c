"""The figures' words: one table per language, the language of the moment, bilingual figures."""

from __future__ import annotations

import re
import string

import matplotlib.pyplot as plt
import pytest
from figure_cases import figure_cases
from matplotlib.figure import Figure
from matplotlib.text import Text

from dlbasics.plot import bilingual, language, using_language, word
from dlbasics.plot.language import LANGUAGES, figure_languages
from dlbasics.plot.words import EN, KO

HANGUL = re.compile("[\uac00-\ud7a3]")


CASES = figure_cases()


@pytest.fixture(autouse=True)
def _no_language_env(monkeypatch):
    monkeypatch.delenv("DLBASICS_LANGUAGE", raising=False)
    monkeypatch.delenv("DLBASICS_FIGURE_LANGUAGES", raising=False)
    yield
    plt.close("all")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_both_tables_have_the_same_keys_and_fields():
    assert KO.keys() == EN.keys()
    assert {k: fields(v) for k, v in KO.items()} == {k: fields(v) for k, v in EN.items()}


def test_the_english_table_has_no_hangul():
    assert [k for k, v in EN.items() if HANGUL.search(v)] == []


def test_language_from_the_environment_and_the_context(monkeypatch):
    assert language() == "ko"
    monkeypatch.setenv("DLBASICS_LANGUAGE", "en")
    assert language() == "en"
    with using_language("ko"):
        assert language() == "ko"
        with using_language("en"):
            assert word("bert.finetune_steps", n=3) == "fine-tuning steps (3 labels)"
        assert word("bert.finetune_steps", n=3) == "fine-tuning step (label 3개)"
    assert language() == "en"


def test_a_bad_language_or_key_is_refused(monkeypatch):
    with pytest.raises(ValueError, match="lang must be one of"), using_language("de"):
        pass
    with pytest.raises(KeyError, match="no figure word 'nope'"):
        word("nope")
    monkeypatch.setenv("DLBASICS_LANGUAGE", "fr")
    with pytest.raises(ValueError, match=r"DLBASICS_LANGUAGE must be one of \['ko', 'en'\]"):
        language()


def test_figure_languages_start_with_the_edition(monkeypatch):
    assert figure_languages() == ("ko",)
    monkeypatch.setenv("DLBASICS_FIGURE_LANGUAGES", "en, ko,en")
    assert figure_languages() == ("ko", "en")
    with using_language("en"):
        assert figure_languages() == ("en", "ko")
    monkeypatch.setenv("DLBASICS_FIGURE_LANGUAGES", "ko,xx")
    with pytest.raises(ValueError, match="DLBASICS_FIGURE_LANGUAGES must be one of"):
        figure_languages()
    assert set(LANGUAGES) == {"ko", "en"}


@bilingual
def _titled(n: int) -> Figure:
    """Draw a title."""
    fig, ax = plt.subplots()
    ax.set_title(word("bert.finetune_steps", n=n))
    return fig


def test_bilingual_draws_once_by_default():
    before = set(plt.get_fignums())
    fig = _titled(2)
    assert fig.dlbasics_language == "ko"
    assert len(set(plt.get_fignums()) - before) == 1
    assert _titled.__doc__ == "Draw a title."
    assert _titled.__name__ == "_titled"


def test_bilingual_draws_each_figure_language(monkeypatch):
    monkeypatch.setenv("DLBASICS_FIGURE_LANGUAGES", "ko,en")
    before = set(plt.get_fignums())
    fig = _titled(2)
    drawn = [plt.figure(n) for n in sorted(set(plt.get_fignums()) - before)]
    assert [f.dlbasics_language for f in drawn] == ["ko", "en"]
    assert drawn[0] is fig
    titles = [f.axes[0].get_title() for f in drawn]
    assert titles == ["fine-tuning step (label 2개)", "fine-tuning steps (2 labels)"]
    assert language() == "ko"


def test_a_figure_inside_a_figure_draws_once(monkeypatch):
    monkeypatch.setenv("DLBASICS_FIGURE_LANGUAGES", "ko,en")

    @bilingual
    def outer() -> Figure:
        return _titled(1)

    before = set(plt.get_fignums())
    outer()
    assert len(set(plt.get_fignums()) - before) == 2


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_figure_drawn_in_english_has_no_hangul(name):
    with using_language("en"):
        fig = CASES[name]()
    fig.canvas.draw()  # tick labels are made when drawn
    texts = [t.get_text() for t in fig.findobj(Text)]
    assert fig.dlbasics_language == "en"
    assert [t for t in texts if HANGUL.search(t)] == []
