"""The book's own Sphinx extensions (docs/_ext): Korean search, notebooks, meta, profile."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import aria
import korean_stem
import myst_markdown
import myst_syntax
import pytest
from notebooks import colab_url, install_source, site_url

#: Stems written by hand (word -> stem), not computed by the function under test.
STEMS = {
    # nouns whose last syllable looks like a particle or an ending keep it
    "평가": "평가",
    "결과": "결과",
    "정확도": "정확도",
    "차이": "차이",
    "효과": "효과",
    "길이": "길이",
    "깊이": "깊이",
    "역할": "역할",
    "속도": "속도",
    "정의": "정의",
    "추가": "추가",
    "확인": "확인",
    "이해": "이해",
    "페이지": "페이지",
    "분류정확도": "분류정확도",
    "모델": "모델",
    "데이터": "데이터",
    "텐서": "텐서",
    # ... and lose their particles, one after another
    "데이터는": "데이터",
    "데이터를": "데이터",
    "데이터에서는": "데이터",
    "데이터로는": "데이터",
    "모델이": "모델",
    "모델과": "모델",
    "모델에게": "모델",
    "모델들은": "모델",
    "학습을": "학습",
    "학습으로": "학습",
    "평가를": "평가",
    "평가의": "평가",
    "결과가": "결과",
    "결과까지의": "결과",
    "정확도는": "정확도",
    "정확도만으로도": "정확도",
    "차이가": "차이",
    "차이는": "차이",
    "효과를": "효과",
    "길이와": "길이",
    "깊이의": "깊이",
    "역할을": "역할",
    "속도로": "속도",
    "정의에서": "정의",
    "페이지의": "페이지",
    "사이의": "사이",
    # endings of 하다/되다/시키다 and the copula come off too
    "학습해": "학습",
    "학습하는": "학습",
    "학습된": "학습",
    "학습시키는": "학습",
    "학습시켰습니다": "학습",
    "학습합니다": "학습",
    "확인하면서": "확인",
    "이해해": "이해",
    "평가합니다": "평가",
    "최적화": "최적화",
    "최적화는": "최적화",
    "최적화된": "최적화",
    "가능하게": "가능",
    "이미지라도": "이미지",
    "모델입니다": "모델",
    "일반적인": "일반적",
    "데이터라는": "데이터",
    "모델이라는": "모델",
    "여기서는": "여기",
    # one-syllable nouns
    "값이": "값",
    "층을": "층",
    "수가": "수",
    "식은": "식",
    # Latin words and numbers
    "loss를": "loss",
    "model들은": "model",
    "proxy일": "proxy",
    "seed나": "seed",
    "d_model을": "d_model",
    "dropout": "dropout",
    "1이": "1",
    "64개의": "64개",
    "120만": "120만",
    # a particle or ending standing alone stays
    "이": "이",
    "는": "는",
    "으로": "으로",
    "입니다": "입니다",
    "대로": "대로",
}


@pytest.mark.parametrize(("word", "stem"), STEMS.items())
def test_particles_and_endings_are_stripped(word, stem):
    assert korean_stem.strip_particles(word) == stem


def test_lexicon_nouns_are_never_cut():
    for noun in korean_stem.NOUNS:
        final_consonant = (ord(noun[-1]) - 0xAC00) % 28 != 0
        for particle in ["", "을" if final_consonant else "를", "의", "에서는", "입니다"]:
            assert korean_stem.strip_particles(noun + particle) == noun, noun + particle


def test_english_words_go_through_the_english_stemmer():
    class Upper:
        def stemWord(self, w: str) -> str:
            return w.upper()

    assert korean_stem.stem("networks", Upper()) == "NETWORKS"
    assert korean_stem.stem("loss는", Upper()) == "LOSS"
    assert korean_stem.stem("데이터는", Upper()) == "데이터"


def _js_data(js: str, name: str) -> object:
    line = next(line for line in js.splitlines() if line.startswith(f"var {name} = "))
    return json.loads(line.removeprefix(f"var {name} = ").removesuffix(";"))


def test_the_javascript_stemmer_carries_the_same_data():
    js = korean_stem.js_stemmer("/* english */")
    assert _js_data(js, "KOREAN_SUFFIXES") == list(korean_stem.SUFFIXES)
    assert _js_data(js, "KOREAN_CONDITIONS") == korean_stem.CONDITIONS
    assert set(_js_data(js, "KOREAN_NOUNS")) == korean_stem.NOUNS
    assert "var Stemmer" in js


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
def test_the_javascript_stemmer_gives_the_same_stems(tmp_path):
    english = (
        "var EnglishStemmer = function () { this.stemWord = function (w) { return 'en:' + w; }; };"
    )
    words = [*STEMS, "networks", "Loss는"]
    script = tmp_path / "stem.js"
    script.write_text(
        korean_stem.js_stemmer(english)
        + f"\nvar s = new Stemmer();\nvar words = {json.dumps(words, ensure_ascii=False)};\n"
        + "console.log(JSON.stringify(words.map(function (w) { return s.stemWord(w); })));\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        ["node", str(script)], capture_output=True, check=True, encoding="utf-8"
    ).stdout

    class English:
        def stemWord(self, w: str) -> str:
            return "en:" + w

    assert json.loads(out) == [korean_stem.stem(w, English()) for w in words]


def test_colab_url_points_at_the_published_notebook():
    url = colab_url("https://github.com/org/book", "notebooks", "components/loss")
    assert url == (
        "https://colab.research.google.com/github/org/book/blob/notebooks/components/loss.ipynb"
    )
    assert colab_url("https://gitlab.com/org/book", "notebooks", "x") is None


def test_notebook_links_point_at_the_github_pages_site():
    assert site_url("https://github.com/Org/book") == "https://org.github.io/book/"
    assert site_url("https://gitlab.com/org/book") == ""


class FakeResolver:
    """Answers as the book would, in a form the assertions can recognise."""

    def __init__(self) -> None:
        self.includes: list[tuple[str, dict[str, object]]] = []

    def glue(self, role: str, text: str) -> str:
        key, _, fmt = text.partition(":")
        return format({"loss": 0.12345}[key], fmt)

    def cite(self, role: str, text: str) -> str:
        return f"[{role}:{text}]"

    def link(self, role: str, title: str | None, target: str) -> str:
        return f"[{title or target}](https://site/{target})"

    def include(self, argument: str, options: dict[str, object]) -> tuple[str, str]:
        self.includes.append((argument, options))
        return "def f():\n    return 1\n", "python"

    def admonition_title(self, name: str) -> str:
        return {"note": "참고"}[name]

    def image(self, argument: str) -> str:
        return f"https://site/_images/{argument}"

    def html_only(self, name: str) -> str:
        return f"> ({name}: HTML)"


MYST_PAGE = """(top)=
# Title

% a MyST comment
Loss {glue:text}`loss:.2f` and {glue:text}`loss:.0e` {cite:p}`kingma2015adam`, see {doc}`../x`
and {ref}`the list <claims-list>`; `{glue:text}` stays as code; {math}`a^2`.

:::{note}
A note: {glue:text}`loss:.3f`.
:::
After the note.

::::{admonition} Checked {cite:t}`he2016deep`
:class: note
Body.

```python
x = {"a": 1}
```
::::

```{literalinclude} ../../src/x.py
:pyobject: Adam._update
:start-at: "# y = r + gamma"
:dedent:
```

```bash
echo {doc}`kept`
```

```{toctree}
a
```
"""


def test_myst_markdown_becomes_plain_markdown():
    resolver = FakeResolver()
    md = myst_markdown.to_markdown(MYST_PAGE, resolver)
    assert myst_syntax.leftovers(MYST_PAGE)  # the check sees MyST...
    assert myst_syntax.leftovers(md) == [], md  # ...and none is left
    assert "Loss 0.12 and 1e-01 [cite:p:kingma2015adam], see [../x](https://site/../x)" in md
    assert "[the list](https://site/claims-list)" in md
    assert "`{glue:text}` stays as code" in md
    assert "$a^2$" in md
    assert "> **참고**\n>\n> A note: 0.123.\n\nAfter the note." in md  # not inside the quote
    assert "> **Checked [cite:t:he2016deep]**\n>\n> Body.\n>\n> ```python\n> x = " in md
    assert "```python\ndef f():\n    return 1\n```" in md
    # literalinclude options reach the reader as MyST parses them (quotes gone, flags None)
    assert resolver.includes == [
        (
            "../../src/x.py",
            {"pyobject": "Adam._update", "start-at": "# y = r + gamma", "dedent": None},
        )
    ]
    assert "echo {doc}`kept`" in md  # code blocks stay as they are
    assert "> (toctree: HTML)" in md
    assert "(top)=" not in md
    assert "% a MyST comment" not in md


def test_install_cell_installs_only_where_dlbasics_is_missing():
    code = install_source("https://github.com/org/book")
    compile(code, "<install>", "exec")
    assert 'find_spec("dlbasics") is None' in code
    assert "git+https://github.com/org/book" in code


def test_text_less_navigation_toggles_get_a_label():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(
        '<ul><li><a class="reference" href="api.html">API reference</a><details>'
        '<summary><span class="toctree-toggle"></span></summary></details></li>'
        "<li><details><summary><p>부록</p></summary></details></li></ul>",
        "html.parser",
    )
    aria.label_toggles(soup)
    first, second = soup.select("summary")
    assert first["aria-label"] == "API reference: 하위 페이지 펼치기/접기"
    assert not second.has_attr("aria-label")  # it has text already


def test_the_committed_build_profile_covers_every_page_and_adds_up():
    # execute_ahead schedules a fresh clone's build from it; the book shows it as a table.
    import build_profile
    import profile_table

    profile = json.loads(build_profile.OUT.read_text(encoding="utf-8"))
    assert {p["page"] for p in profile["pages"]} == set(build_profile.page_notebooks())
    for page in profile["pages"]:
        parts = sum(page[k] for k in build_profile.PARTS)
        assert parts == pytest.approx(page["total"], abs=0.06), page
        assert min(page[k] for k in build_profile.PARTS if k != "rest") >= 0, page
    lines = profile_table.profile_markdown(profile)
    total = sum(p["total"] for p in profile["pages"])
    compute = sum(p["compute"] for p in profile["pages"])
    assert f"| **합계** | {compute / total:.0%} | {total:.1f} | {compute:.1f} |" in "\n".join(lines)
    phases = [k for k in profile_table.PHASES if k in profile["sphinx"]]
    # header, a row per page, the sum; header, a row per phase
    assert sum(line.startswith("| ") for line in lines) == len(profile["pages"]) + 2 + 1 + len(
        phases
    )


def test_the_profiler_probe_splits_imports_compute_and_drawing(tmp_path):
    import build_profile

    code = (
        build_profile.PROBE
        + "\nfrom dlbasics.data import load_digits_split"
        + "\nfrom dlbasics.plot import use_style"
        + "\nload_digits_split(seed=0); use_style()"
        + "\nimport json; print(json.dumps(_dlbp_t))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    t = json.loads(out.stdout)
    assert t["imports"] > 0.1  # torch, matplotlib
    assert 0 < t["compute"] < t["imports"]  # reading and splitting the digits
    assert t["draw"] > 0  # use_style lives in dlbasics.plot
