"""Figures of the book. Plotting lives here, never inside the computations it shows.

Call :func:`use_style` once (every page does it in a hidden first cell): it installs the
bundled Korean font and a white, dark-mode-safe look.
"""

from dlbasics.plot.style import FONT_FAMILY, korean_font_files, use_style

__all__ = ["FONT_FAMILY", "korean_font_files", "use_style"]
