"""Measure how often :mod:`korean_stem` finds the same stem as a morphological analyzer.

A plain script, not a Sphinx extension, and not needed by the build. It reads the prose of
the book's pages (``docs/**/*.md``; front matter, code cells, code blocks, math, inline code
and citation keys left out), splits it into words as Sphinx's search does (``\\w+``), and
runs the Korean morphological analyzer kiwipiepy over each paragraph, so every word is
analyzed in its sentence. For each word that contains Hangul and whose first morpheme is a
noun (NNG, NNP, NNB, NR, NP, or a foreign word SL, hanja SH or number SN, optionally after a
prefix XPN), the analyzer's stem is that leading noun sequence together with the noun-forming
suffixes (XSN) kiwi attaches to it (정확도 = 정확 + 도, 최적화 = 최적 + 화); only the plural
XSN 들 is left out, because the stemmer removes it like a particle (모델들은 → 모델). The word
*agrees* when :func:`korean_stem.strip_particles` returns exactly that stem; it
*over-strips* when ours is shorter (평가 → 평) and *under-strips* when ours is longer
(학습해 → 학습해 instead of 학습). Percentages count word occurrences.

Left out: words that are a particle or ending on their own (``korean_stem.SUFFIXES``; the
book writes ``**200장** 으로`` and ``$x$ 이고``, where the analyzer, given a fragment, reads
으로 as 으 + 로) and words where the analyzer puts a copula first (입니다 after bold text).
What remains in the disagreement list is mostly the analyzer's own mistakes on fragments
(개로, 어디에 read as one proper noun; BERT와 with 와 as a noun).

Usage (kiwipiepy is not a dependency of the book; use a throwaway environment)::

    python3 -m venv /tmp/kiwi && /tmp/kiwi/bin/pip install kiwipiepy
    /tmp/kiwi/bin/python docs/_ext/stem_agreement.py [REPO_ROOT] [--top N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from korean_stem import SUFFIXES, has_hangul, strip_particles

#: Tags that start a noun-headed word, and those that continue its stem.
HEAD_TAGS = {"NNG", "NNP", "NNB", "NR", "NP", "SL", "SH", "SN"}
STEM_TAGS = HEAD_TAGS | {"XSN", "SW", "SO"}  # SW, SO: the _ of d_model
#: Fences whose content is prose (kept); every other fenced block is code (dropped).
PROSE_DIRECTIVES = {
    "note",
    "tip",
    "warning",
    "important",
    "caution",
    "attention",
    "hint",
    "seealso",
    "admonition",
    "glossary",
    "dropdown",
    "margin",
    "sidebar",
    "topic",
    "epigraph",
}
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{([\w:-]+)\})?\s*(.*)$")
_INLINE = [
    (re.compile(r"\$\$.*?\$\$", re.S), " "),  # display math
    (re.compile(r"(?<![\\$])\$[^$\n]+\$"), " "),  # inline math
    (re.compile(r"\{(?:doc|ref|numref|term)\}`([^`<]*?)\s*(?:<[^`]*>)?`"), r"\1"),
    (re.compile(r"\{[\w:-]+\}`[^`]*`"), " "),  # other roles: cite keys, glue names, py refs
    (re.compile(r"`[^`]*`"), " "),  # inline code
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links and images: keep the text
    (re.compile(r"<!--.*?-->", re.S), " "),
    (re.compile(r"<[^>\n]+>"), " "),  # raw HTML tags
    (re.compile(r"https?://\S+"), " "),
]
_WORD = re.compile(r"\w+")


def _closes(match: re.Match[str], fence: str) -> bool:
    """Whether the fence line ``match`` closes a block opened with ``fence``."""
    bare = not match.group(2) and not match.group(4)
    return bare and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)


def prose_paragraphs(text: str) -> Iterator[str]:
    """The prose paragraphs of a MyST page, with markup and code removed."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        lines = lines[end + 1 :]
    kept: list[str] = []
    closing: list[str] = []  # fence strings of the open prose directives
    skip_until: str | None = None  # fence string that ends the code block being skipped
    in_options = False
    for line in lines:
        match = _FENCE.match(line)
        if skip_until is not None:
            if match and _closes(match, skip_until):
                skip_until = None
            continue
        if match and closing and _closes(match, closing[-1]):
            closing.pop()
            kept.append("")
            continue
        if match and (match.group(2) or match.group(4) or match.group(1)[0] != ":"):
            name = match.group(3) or ""
            if name in PROSE_DIRECTIVES:
                closing.append(match.group(1))
                kept.extend(["", match.group(4) if name == "admonition" else ""])
                in_options = True
                continue
            skip_until = match.group(1)
            continue
        if in_options:
            if re.match(r"^\s*:[\w-]+:", line) or line.strip() == "---":
                continue
            in_options = False
        if re.match(r"^\s*(%|\(.*\)=\s*$)", line):  # MyST comments and targets
            continue
        kept.append(line)
    for block in re.split(r"\n\s*\n", "\n".join(kept)):
        for pattern, repl in _INLINE:
            block = pattern.sub(repl, block)
        if has_hangul(block):
            yield " ".join(block.split())


def analyzer_stem(word: str, start: int, tokens: list[object]) -> str | None:
    """Kiwi's stem of the word at ``start`` in the paragraph, or None if not noun-headed."""
    end = start + len(word)
    inside = [t for t in tokens if start <= t.start < end and t.len > 0]  # type: ignore[attr-defined]
    if any(t.tag == "VCP" and t.start == start for t in inside):  # type: ignore[attr-defined]
        return None  # a copula standing alone, as after bold text: **학습** 입니다
    while inside and inside[0].tag == "XPN":  # type: ignore[attr-defined]
        inside = inside[1:]
    if not inside or inside[0].tag not in HEAD_TAGS:  # type: ignore[attr-defined]
        return None
    stem_end = start
    for token in inside:
        if token.tag not in STEM_TAGS or (token.tag == "XSN" and token.form == "들"):  # type: ignore[attr-defined]
            break
        stem_end = min(end, token.start + token.len)  # type: ignore[attr-defined]
    return word[: stem_end - start] or None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, help="the repository (default: this one)")
    parser.add_argument("--top", type=int, default=30, help="disagreements to list")
    args = parser.parse_args()
    root = args.root or Path(__file__).resolve().parents[2]

    from kiwipiepy import Kiwi  # not a dependency of the book: imported only here

    kiwi = Kiwi()
    results: Counter[tuple[str, str, str]] = Counter()  # (word, ours, kiwi's) -> occurrences
    for page in sorted((root / "docs").rglob("*.md")):
        if "_build" in page.parts:
            continue
        for paragraph in prose_paragraphs(page.read_text(encoding="utf-8")):
            tokens = kiwi.tokenize(paragraph)
            for match in _WORD.finditer(paragraph):
                word = match.group()
                if not has_hangul(word) or word in SUFFIXES:
                    continue  # English only, or a particle standing alone ($x$ 이고)
                expected = analyzer_stem(word, match.start(), tokens)
                if expected is not None:
                    results[word, strip_particles(word), expected] += 1

    total = sum(results.values())
    kinds: Counter[str] = Counter()
    disagreements: Counter[tuple[str, str, str, str]] = Counter()
    for (word, ours, theirs), n in results.items():
        kind = "agree" if ours == theirs else "over" if len(ours) < len(theirs) else "under"
        kinds[kind] += n
        if kind != "agree":
            disagreements[kind, word, ours, theirs] += n
    print(f"noun-headed words: {total} occurrences, {len(results)} distinct")
    for kind, label in [("agree", "agreement"), ("over", "over-strip"), ("under", "under-strip")]:
        print(f"{label:12} {100 * kinds[kind] / max(total, 1):6.2f}%  ({kinds[kind]})")
    print(f"\ntop {args.top} disagreements (occurrences, kind, word: ours / kiwi's):")
    for (kind, word, ours, theirs), n in disagreements.most_common(args.top):
        print(f"{n:5}  {kind:5}  {word}: {ours} / {theirs}")


if __name__ == "__main__":
    main()
