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


def test_the_note_order_is_the_order_in_time():
    years = [m.year for m in MILESTONES]
    assert years == sorted(years)
    assert (years[0], years[-1]) == (2012, 2020)
    assert len({m.bibkey for m in MILESTONES}) == len(MILESTONES)


def test_year_is_the_first_appearance_and_the_venue_keeps_its_own_year():
    entries = bib_entries()
    for m in MILESTONES:
        assert m.bibkey in entries, m.bibkey
        entry = entries[m.bibkey]
        venue_year = re.search(r"year\s*=\s*\{(\d{4})\}", entry)
        assert venue_year, m.name
        assert venue_year.group(1) in m.venue, (m.name, m.venue)
        if m.arxiv is None:
            assert "eprint" not in entry, m.name
            assert m.year == int(venue_year.group(1)), m.name
        else:
            assert re.fullmatch(r"\d{4}\.\d{4,5}", m.arxiv)
            assert re.search(rf"eprint\s*=\s*\{{{re.escape(m.arxiv)}\}}", entry), m.name
            assert m.year == 2000 + int(m.arxiv[:2]), (m.name, m.year, m.arxiv)


def test_milestone_years():
    years = {m.name: m.year for m in MILESTONES}
    assert years == {
        "AlexNet": 2012,
        "DQN": 2013,
        "Encoder/Decoder": 2014,
        "Adam": 2014,
        "GAN": 2014,
        "ResNet": 2015,
        "AlphaGo": 2016,
        "Transformer": 2017,
        "BERT": 2018,
        "GPT-3": 2020,
        "SimCLR": 2020,
    }


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
    assert get("alphago").note_year is None  # a blank year is not an error
    assert {m.name for m in MILESTONES if m.erratum} == {"DQN", "GAN", "GPT-3"}
    # history/index names the papers whose year the note has wrong
    assert {m.name for m in MILESTONES if m.note_year and m.note_year != m.year} == {"GAN", "GPT-3"}


def test_headlines_name_the_setting_of_their_number():
    assert "4×" in get("SimCLR").headline
    assert "69.3%" in get("SimCLR").headline
    assert "ensemble" in get("ResNet").headline
    assert "4.49%" in get("ResNet").headline
    assert "NAACL 2019" in get("BERT").headline
    assert "80.4" in get("BERT").headline


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


def test_what_the_four_components_page_says_about_the_flow():
    from collections import Counter

    counts = Counter(c for m in MILESTONES for c in m.new)
    assert counts.most_common(1)[0][0] == "model"  # "Model을 바꾼 논문이 가장 많습니다"
    late = [m for m in MILESTONES if m.year >= 2018]
    assert [m.name for m in late] == ["BERT", "GPT-3", "SimCLR"]  # "BERT 이후의 논문"
    late_counts = Counter(c for m in late for c in m.new)
    assert late_counts["data"] > late_counts["model"]
    assert late_counts["loss"] > late_counts["model"]
