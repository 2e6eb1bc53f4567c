"""Digit templates drawn from a font: knowledge written down by people, not learned from data."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from dlbasics._checks import check_int


def font_digit_templates(resolution: int = 64) -> torch.Tensor:
    r"""Render the digits 0–9 in DejaVu Sans Bold as 8×8 images like scikit-learn's digits.

    Each glyph is drawn at ``resolution`` pixels, cropped to its ink, averaged down to
    8×6 and padded to 8×8 (handwritten digits fill the box the same way). Values are ink
    in [0, 1], the largest being 1. Deterministic: no randomness, no data.

    Args:
        resolution: side of the raster the glyph is drawn on, a multiple of 8 in [32, 256].

    Returns:
        ``(10, 64)`` templates, row ``d`` for digit ``d``.

    Example:
        >>> t = font_digit_templates()
        >>> t.shape, float(t.max())
        (torch.Size([10, 64]), 1.0)
    """
    check_int(resolution, "resolution", low=32, high=256)
    if resolution % 8:
        raise ValueError(f"resolution must be a multiple of 8, got {resolution}")
    templates = []
    for digit in range(10):
        fig = Figure(figsize=(1, 1), dpi=resolution)
        canvas = FigureCanvasAgg(fig)
        fig.text(
            0.5,
            0.5,
            str(digit),
            ha="center",
            va="center",
            weight="bold",
            family="DejaVu Sans",
            fontsize=resolution * 0.9,
        )
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())  # (H, W, 4)
        red = rgba[..., 0].astype(np.float32)  # (H, W)
        ink = 1.0 - red / 255.0
        rows, cols = np.where(ink.max(axis=1) > 0.2)[0], np.where(ink.max(axis=0) > 0.2)[0]
        ink = ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]  # crop to the glyph
        small = F.interpolate(torch.from_numpy(ink.copy())[None, None], size=(8, 6), mode="area")
        small = F.pad(small[0, 0], (1, 1))  # (8, 6) -> (8, 8)
        templates.append(small / small.max())
    return torch.stack(templates).reshape(10, 64)  # (10, 64)
