"""The English catalogs' checker: what is left to translate, and translations that lost markup."""

from __future__ import annotations

import shutil
from pathlib import Path

import catalogs
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

DOCS = Path(__file__).resolve().parents[1] / "docs"


def write(locales: Path, page: str, messages: list[tuple[str, str, bool]]) -> None:
    catalog = Catalog(locale="en")
    for korean, english, fuzzy in messages:
        catalog.add(korean, english, flags=["fuzzy"] if fuzzy else [])
    path = locales / "en" / "LC_MESSAGES" / f"{page}.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog)


def test_the_committed_catalogs_are_complete_and_keep_their_markup():
    assert catalogs.incomplete() == {}
    assert catalogs.markup_errors() == []


def test_untranslated_fuzzy_and_broken_translations_are_named(tmp_path, capsys):
    locales = tmp_path / "locales"
    glossary = locales / "en" / "LC_MESSAGES" / "appendix" / "glossary.po"
    glossary.parent.mkdir(parents=True)
    shutil.copy(DOCS / "locales" / "en" / "LC_MESSAGES" / "appendix" / "glossary.po", glossary)
    write(
        locales,
        "history/x",
        [
            ("새 문장.", "", False),
            ("고친 문장.", "An old sentence.", True),
            ("값은 {glue:text}`a:.2f`입니다.", "The value is {glue:text}`a:.3f`.", False),
            ("{term}`학습률 <학습률 (learning rate)>`", "{term}`rate <learning speed>`", False),
            ("`x`는 $x^2$입니다.", "`x` is $x^2$, 좋다.", False),
            ("{doc}`처음 <index>`", "{doc}`the start <index>`", False),
        ],
    )
    assert catalogs.incomplete(locales) == {
        "history/x": [("untranslated", "새 문장."), ("fuzzy", "고친 문장.")]
    }
    errors = catalogs.markup_errors(locales)
    assert len(errors) == 3
    assert "glue markup differs" in errors[0]
    assert "no English glossary term 'learning speed'" in errors[1]
    assert "keeps Hangul" in errors[2]
    assert catalogs.report(locales) == 1
    assert "history/x: 1 untranslated, 1 fuzzy" in capsys.readouterr().out
