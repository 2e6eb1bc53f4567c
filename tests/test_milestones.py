import re
from pathlib import Path

import pytest

from dlbasics.milestones import MILESTONES, components_table, get

BIB = Path(__file__).resolve().parents[1] / "docs" / "references.bib"


def bib_entries() -> dict[str, str]:
    text = BIB.read_text(encoding="utf-8")
    starts = [(m.start(), m.group(1)) for m in re.finditer(r"^@\w+\{([^,]+),", text, re.M)]
    ends = [s for s, _ in starts[1:]] + [len(text)]
    return {key: text[s:e] for (s, key), e in zip(starts, ends, strict=True)}


def test_every_note_milestone_and_alphago_are_present():
    names = [m.name for m in MILESTONES]
    assert names == [
        "AlexNet",
        "DQN",
        "Encoder/Decoder",
        "Adam",
        "GAN",
        "ResNet",
        "AlphaGo",
        "Transformer",
        "BERT",
        "GPT-3",
        "SimCLR",
    ]


def test_sorted_by_paper_year_within_the_note_order():
    years = [m.year for m in MILESTONES]
    assert years[0] == 2012
    assert years[-1] == 2020
    assert len({m.bibkey for m in MILESTONES}) == len(MILESTONES)


def test_bibkeys_and_arxiv_ids_agree_with_references_bib():
    entries = bib_entries()
    for m in MILESTONES:
        assert m.bibkey in entries, m.bibkey
        entry = entries[m.bibkey]
        assert re.search(rf"year\s*=\s*\{{{m.year}\}}", entry), (m.name, m.year)
        if m.arxiv is None:
            assert "eprint" not in entry, m.name
        else:
            assert re.fullmatch(r"\d{4}\.\d{4,5}", m.arxiv)
            assert re.search(rf"eprint\s*=\s*\{{{re.escape(m.arxiv)}\}}", entry), m.name


def test_four_components_are_filled_in():
    for m in MILESTONES:
        for field in (
            "title",
            "authors",
            "venue",
            "headline",
            "data",
            "model",
            "loss",
            "algorithm",
        ):
            assert getattr(m, field).strip(), (m.name, field)


def test_errata_of_the_note():
    assert get("dqn").note_says == "알파고"
    assert "AlphaGo" in get("dqn").erratum
    gpt3 = get("GPT-3")
    assert (gpt3.note_year, gpt3.year) == (2018, 2020)
    assert "2020" in gpt3.erratum
    gan = get("gan")
    assert (gan.note_year, gan.year) == (2015, 2014)
    assert get("alphago").note_year is None
    assert {m.name for m in MILESTONES if m.erratum} == {"DQN", "Adam", "GAN", "AlphaGo", "GPT-3"}


def test_get_errors():
    with pytest.raises(KeyError, match="known"):
        get("LeNet")
    with pytest.raises(TypeError, match="name must be a str"):
        get(2012)  # type: ignore[arg-type]


def test_components_table_has_a_row_per_milestone_and_escapes_pipes():
    table = components_table()
    lines = table.splitlines()
    assert len(lines) == 2 + len(MILESTONES)
    assert all(line.count(" | ") == 5 for line in lines if not line.startswith("|---"))
    assert "{cite:p}`he2016deep`" in table
    with pytest.raises(ValueError, match="must not be empty"):
        components_table(())


DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_milestone_has_its_page_and_what_it_changed():
    for m in MILESTONES:
        assert (DOCS / f"{m.page}.md").is_file(), m.name
        assert m.new, m.name
        assert set(m.new) <= {"data", "model", "loss", "algorithm"}, m.name
        assert m.change, m.name


def test_timeline_and_novelty_figures():
    import matplotlib.pyplot as plt

    from dlbasics.plot.timeline import novelty_figure, timeline_figure

    fig = timeline_figure()
    moved = [m for m in MILESTONES if m.note_year and m.note_year != m.year]
    names = {t.get_text() for t in fig.axes[0].texts}
    assert names >= {m.name for m in MILESTONES}
    arrows = [t for t in fig.axes[0].texts if not t.get_text()]  # annotate() arrows
    assert len(arrows) == len(moved)  # an arrow exactly where the note's year differs
    plt.close(fig)
    fig = novelty_figure()
    filled = sum(len(m.new) for m in MILESTONES)
    colored = [p for p in fig.axes[0].patches if p.get_facecolor()[:3] != (0.933, 0.933, 0.933)]
    assert len(fig.axes[0].patches) == 4 * len(MILESTONES)
    assert len(colored) >= filled
    plt.close(fig)
    with pytest.raises(ValueError, match="empty"):
        timeline_figure(())
    with pytest.raises(TypeError, match="Milestone"):
        timeline_figure(("AlexNet",))
    with pytest.raises(TypeError, match="Milestone"):
        novelty_figure(("AlexNet",))
