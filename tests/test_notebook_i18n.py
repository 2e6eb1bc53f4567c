"""The English notebook's Markdown: each message of the page's catalog in place, markup kept."""

from __future__ import annotations

from notebook_i18n import translate

MESSAGES = {
    "앞 문장.": "Before.",
    "뒤 문장입니다.": "After.",
    "제목": "Title",
    "항목 하나": "One item",
    "셀": "cell",
    "인용 안": "Inside a quote",
    "제목 줄": "A heading",
}
SOURCE = """# 제목 줄

앞 문장.

```{literalinclude} x.py
:pyobject: f
```

뒤 문장입니다.

:::{admonition} 제목
:class: note
- 항목
  하나
:::

| 셀 | 1 |
|---|---|

> 인용
> 안

없는 문장.
"""


def test_each_message_is_translated_where_sphinx_cut_it():
    assert translate(SOURCE, MESSAGES).split("\n") == [
        "# A heading",
        "",
        "Before.",
        "",
        "```{literalinclude} x.py",
        ":pyobject: f",
        "```",
        "",
        "After.",
        "",
        ":::{admonition} Title",
        ":class: note",
        "- One item",
        ":::",
        "",
        "| cell | 1 |",
        "|---|---|",
        "",
        "> Inside a quote",
        "",
        "없는 문장.",  # not in the catalog: as it is (the English build refuses it)
        "",
    ]


def test_code_passes_untouched_even_when_it_looks_like_a_message():
    source = "```python\n셀\n```\n\n셀\n"
    assert translate(source, MESSAGES) == "```python\n셀\n```\n\ncell\n"
