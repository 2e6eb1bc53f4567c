"""Figures of the book. Plotting lives here, never inside the computations it shows.

Call :func:`use_style` once (every page does it in a hidden first cell): it installs the
bundled Korean font and a white, dark-mode-safe look. Figures are at most :data:`FULL_WIDTH`
inches wide (the text column), in the colour-blind-safe :data:`PALETTE`, with their legends
outside the data (:func:`figure_legend`, :func:`legend_outside`). Their words come from
:mod:`dlbasics.plot.words`, in Korean or English (:func:`word`, :func:`using_language`), and a
figure function decorated with :func:`bilingual` draws itself in each language asked for.
"""

from dlbasics.plot.language import bilingual, language, using_language
from dlbasics.plot.style import (
    COLUMN_PX,
    FONT_FAMILY,
    FULL_WIDTH,
    MIN_FONT_PT,
    PALETTE,
    PX_PER_INCH,
    figure_legend,
    korean_font_files,
    legend_outside,
    use_style,
)
from dlbasics.plot.words import word

__all__ = [
    "COLUMN_PX",
    "FONT_FAMILY",
    "FULL_WIDTH",
    "MIN_FONT_PT",
    "PALETTE",
    "PX_PER_INCH",
    "bilingual",
    "figure_legend",
    "korean_font_files",
    "language",
    "legend_outside",
    "use_style",
    "using_language",
    "word",
]
