"""The English edition's gettext catalogs: extract, update, report (``nox -s translations``).

The Korean pages are the source. ``sphinx-build -b gettext`` writes one template per page;
this module keeps the messages a reader reads in Korean (those with Hangul: numbers, code and
API names pass through untranslated) and merges them into ``docs/locales/en/LC_MESSAGES``
with sphinx-intl, which marks a message whose Korean changed as *fuzzy*. :func:`report`
counts, per page, the messages still untranslated or fuzzy; the English build refuses them
too (``editions.py``), naming the page and the sentence.

Usage (from the repository root, in the docs virtualenv)::

    python docs/_ext/catalogs.py update docs/_build/gettext   # after -b gettext
    python docs/_ext/catalogs.py report                       # exit status 1 if incomplete
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

DOCS = Path(__file__).resolve().parents[1]
LOCALES = DOCS / "locales"
LANGUAGE = "en"
HANGUL = re.compile(  # syllables and jamo: any Korean a reader would see
    "[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]"
)


def _text(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def korean_only(template: Catalog) -> Catalog:
    """The template without the messages that have no Hangul (numbers, code, API names)."""
    kept = Catalog(locale=None, project=template.project, version=template.version)
    for message in template:
        if message.id and HANGUL.search(_text(message.id)):
            kept[message.id] = message
    return kept


def update(templates: Path) -> None:
    """Filter each page's ``.pot`` to its Korean messages and merge it into the ``.po``."""
    import subprocess

    filtered = templates.parent / f"{templates.name}-korean"
    for pot in sorted(templates.rglob("*.pot")):
        with pot.open("rb") as file:
            template = korean_only(read_po(file))
        out = filtered / pot.relative_to(templates)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as file:
            write_po(file, template, width=0, omit_header=False)
    intl = str(Path(sys.executable).parent / "sphinx-intl")  # -w 0: messages on one line
    merge = ["update", "-w", "0", "-p", str(filtered), "-d", str(LOCALES), "-l", LANGUAGE]
    subprocess.run([intl, *merge], check=True)


def incomplete(locales: Path = LOCALES) -> dict[str, list[tuple[str, str]]]:
    """Per page, the messages still ``untranslated`` or ``fuzzy``, with their Korean text."""
    found: dict[str, list[tuple[str, str]]] = {}
    root = locales / LANGUAGE / "LC_MESSAGES"
    for po in sorted(root.rglob("*.po")):
        with po.open("rb") as file:
            catalog = read_po(file)
        page = po.relative_to(root).with_suffix("").as_posix()
        for message in catalog:
            if not message.id:
                continue
            state = "fuzzy" if message.fuzzy else "" if message.string else "untranslated"
            if state:
                found.setdefault(page, []).append((state, _text(message.id)))
    return found


#: Markup a translation keeps exactly as the Korean has it: glued numbers, citations, math,
#: inline code, and the targets of cross-references (their link text is translated).
KEPT = {
    "glue": re.compile(r"\{glue(?::\w+)?\}`[^`]+`"),
    "cite": re.compile(r"\{cite(?::\w+)?\}`[^`]+`"),
    "math": re.compile(r"(?<!\\)\$[^$]+\$"),
    "code": re.compile(r"`[^`]+`"),  # matched after the roles are taken out (ROLE)
    "target": re.compile(r"\{(?:doc|ref|numref)\}`(?:[^`<]*<)?([^`>]+)>?`"),
}
ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
TERM = re.compile(r"\{term\}`(?:[^`<]*<)?([^`>]+)>?`")


def english_terms(locales: Path = LOCALES) -> set[str]:
    """The English glossary's terms: the translations of the Korean glossary's terms."""
    path = locales / LANGUAGE / "LC_MESSAGES" / "appendix" / "glossary.po"
    source = (DOCS / "appendix" / "glossary.md").read_text(encoding="utf-8")
    korean = set(re.findall(r"^([^\s:`{][^\n]*)\n  ", source.split("{glossary}")[1], re.M))
    with path.open("rb") as file:
        translated = {m.string for m in read_po(file) if m.id in korean and m.string}
    return translated | {term for term in korean if not HANGUL.search(term)}


def markup_errors(locales: Path = LOCALES) -> list[str]:
    """Translations that lost or changed markup, link to a missing term, or keep Hangul."""
    errors: list[str] = []
    terms = english_terms(locales)
    root = locales / LANGUAGE / "LC_MESSAGES"
    for po in sorted(root.rglob("*.po")):
        page = po.relative_to(root).with_suffix("").as_posix()
        with po.open("rb") as file:
            catalog = read_po(file)
        for message in catalog:
            source, target = _text(message.id), message.string
            if not source or not isinstance(target, str) or not target or message.fuzzy:
                continue
            where = f"{page}: {source[:60]!r}"
            if HANGUL.search(target):
                errors.append(f"{where}: the English keeps Hangul")
            for name, pattern in KEPT.items():
                a, b = (ROLE.sub("", t) if name == "code" else t for t in (source, target))
                if sorted(pattern.findall(a)) != sorted(pattern.findall(b)):
                    errors.append(f"{where}: {name} markup differs: {pattern.findall(target)}")
            for term in TERM.findall(target):
                if term.strip() not in terms:
                    errors.append(f"{where}: no English glossary term {term.strip()!r}")
    return errors


def report(locales: Path = LOCALES) -> int:
    """Print the untranslated and fuzzy messages per page; 1 if there are any, else 0."""
    found = incomplete(locales)
    total = 0
    for page, messages in found.items():
        counts = {s: sum(1 for m in messages if m[0] == s) for s in ("untranslated", "fuzzy")}
        print(f"{page}: {counts['untranslated']} untranslated, {counts['fuzzy']} fuzzy")
        for state, text in messages[:3]:
            print(f"    {state}: {text[:100]}")
        total += len(messages)
    print(f"{total} messages to translate" if total else "every message is translated")
    errors = markup_errors(locales)
    for error in errors:
        print(error)
    return 1 if total or errors else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["update"] and len(sys.argv) == 3:
        update(Path(sys.argv[2]))
    elif sys.argv[1:] == ["report"]:
        sys.exit(report())
    else:
        sys.exit(__doc__)
