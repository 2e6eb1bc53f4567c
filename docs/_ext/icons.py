"""Font Awesome cut down to the icons the book shows: 225 KB of fonts and 19 KB of CSS less a page.

pydata-sphinx-theme's stylesheet carries Font Awesome's whole table (about 2,000 rules
``.fa-bars{--fa:"\\f0c9"}``) and points at its fonts, solid (115 KB) and brands (110 KB), which
every page downloads for some twenty glyphs. After each HTML build this extension writes
``_static/styles/book-theme.css`` (linked by ``_templates/static/webpack-macros.html``): the
theme's stylesheet without the rules of icons that no page or script names, its solid and
brands faces pointing at ``_static/icons/*.woff``, subsets of the theme's fonts kept in the
repository. A page that starts to use an icon the subsets lack is a build warning (an error with
-W); ``python docs/_ext/icons.py`` then remakes the subsets from the last build (it needs
the docs dependencies and brotli, which fontTools needs to read the theme's woff2).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
BOOK_CSS = "_static/styles/book-theme.css"
FONTS = {  # the theme's font -> the subset the book serves
    "fa-solid-900.woff2": "fa-solid-900.woff",
    "fa-brands-400.woff2": "fa-brands-400.woff",
}
SUBSETS = Path(__file__).resolve().parents[1] / "_static" / "icons"
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"([^"]*)"\}')
ICON_NAME = re.compile(r"\bfa-([a-z0-9-]+)")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
PRIVATE_USE = range(0xE000, 0xF900)  # where Font Awesome puts its glyphs


def used_names(outdir: Path) -> set[str]:
    """Icon names (``bars`` for ``fa-bars``) in the built pages and the theme's scripts."""
    files: Iterable[Path] = (
        p
        for p in outdir.rglob("*")
        if p.suffix in {".html", ".js"}
        and p.name != "fontawesome.js"  # the whole icon set, not loaded (see the template)
        and not {"_sources", "mathjax", "vendor"} & set(p.relative_to(outdir).parts)
    )
    return {m for p in files for m in ICON_NAME.findall(p.read_text(encoding="utf-8"))}


def codepoints(css: str) -> set[int]:
    """Private-use characters of ``css``, written out or as CSS escapes (``\\f0c9``)."""
    chars = {ord(c) for c in css}
    chars |= {int(h, 16) for h in CSS_ESCAPE.findall(css)}
    return {c for c in chars if c in PRIVATE_USE}


def trim(css: str, names: set[str]) -> tuple[str, set[int]]:
    """``css`` without the icon rules of unused names; the codepoints the rest needs."""

    def keep(match: re.Match[str]) -> str:
        rule_names = {s.removeprefix(".fa-") for s in match.group(1).split(",")}
        return match.group(0) if rule_names & names else ""

    trimmed = ICON_RULE.sub(keep, css)
    for theme_font, subset in FONTS.items():
        trimmed = trimmed.replace(
            f"../vendor/fontawesome/webfonts/{theme_font})",
            f'../icons/{subset}) format("woff")',
        )
    return trimmed, codepoints(trimmed)


def glyphs(font: Path) -> set[int]:
    from fontTools.ttLib import TTFont  # matplotlib's dependency; reads woff without brotli

    with TTFont(font) as f:
        return set(f.getBestCmap())


#: Written on every build. What they show changes only with the templates, the configuration
#: or a package, and any of those rewrites every page too.
ALWAYS_WRITTEN = {
    *("genindex.html", "search.html", "py-modindex.html", "searchindex.js"),
    *("copybutton.js", "language_data.js", "documentation_options.js"),
}


def up_to_date(outdir: Path) -> bool:
    """Whether the book's stylesheet is newer than the theme's and every page and script."""
    book = outdir / BOOK_CSS
    if not book.exists():
        return False
    newest = max(
        p.stat().st_mtime
        for p in [outdir / THEME_CSS, *outdir.rglob("*.html"), *outdir.rglob("*.js")]
        if p.name not in ALWAYS_WRITTEN
    )
    return newest <= book.stat().st_mtime


def write_book_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    if up_to_date(outdir):  # a build that wrote no page (0.4 s less)
        return
    css = (outdir / THEME_CSS).read_text(encoding="utf-8")
    trimmed, needed = trim(css, used_names(outdir))
    (outdir / BOOK_CSS).write_text(trimmed, encoding="utf-8")
    have = set().union(*(glyphs(SUBSETS / subset) for subset in FONTS.values()))
    if missing := sorted(needed - have):
        listed = ", ".join(f"U+{c:04X}" for c in missing)
        logger.warning(
            "icons %s are not in docs/_static/icons: run `python docs/_ext/icons.py`", listed
        )


def make_subsets(outdir: Path) -> None:
    """Subset the theme's fonts to the icons a build at ``outdir`` uses (fontTools + brotli)."""
    import pydata_sphinx_theme
    from fontTools import subset

    webfonts = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    webfonts = webfonts / "static" / "vendor" / "fontawesome" / "webfonts"
    css = (outdir / THEME_CSS).read_text(encoding="utf-8")
    _, needed = trim(css, used_names(outdir))
    SUBSETS.mkdir(exist_ok=True)
    for theme_font, name in FONTS.items():
        options = subset.Options()
        options.flavor = "woff"  # zlib: read back by the build without brotli
        options.layout_features = []
        font = subset.load_font(str(webfonts / theme_font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=needed)
        subsetter.subset(font)
        subset.save_font(font, str(SUBSETS / name), options)
        print(f"{name}: {len(glyphs(SUBSETS / name))} glyphs")


def setup(app: Sphinx) -> dict[str, bool]:
    app.connect("build-finished", write_book_css)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    make_subsets(Path(sys.argv[1]) if len(sys.argv) > 1 else SUBSETS.parents[1] / "_build" / "html")
