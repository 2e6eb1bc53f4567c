"""Rasterizing simple shapes and lines into masks: the drawing kit of the synthetic datasets."""

from __future__ import annotations

import torch

from dlbasics._checks import check_int, check_real

SHAPES: tuple[str, ...] = ("circle", "square", "triangle")


def grid(size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Pixel-center coordinates ``(y, x)``, each ``(H, W)`` with ``H = W = size``."""
    coords = torch.arange(size, dtype=torch.float32) + 0.5
    y, x = torch.meshgrid(coords, coords, indexing="ij")  # (H, W) each
    return y, x


def shape_mask(shape: str, size: int, cy: float, cx: float, r: float) -> torch.Tensor:
    r"""A filled shape of "radius" ``r`` centred at ``(cy, cx)``, as a bool mask ``(H, W)``.

    A circle has radius ``r``; a square has half-side ``r``; a triangle (pointing up) fits in
    the square of half-side ``r``. Its box is therefore ``(cx - r, cy - r, cx + r, cy + r)``.

    Example:
        >>> int(shape_mask("square", 8, 4.0, 4.0, 2.0).sum())
        16
    """
    y, x = grid(size)
    if shape == "circle":
        return (y - cy) ** 2 + (x - cx) ** 2 <= r**2
    if shape == "square":
        return ((y - cy).abs() <= r) & ((x - cx).abs() <= r)
    if shape == "triangle":
        inside_rows = (y >= cy - r) & (y <= cy + r)
        half_width = (y - (cy - r)) / 2  # widens from the apex down to the base
        return inside_rows & ((x - cx).abs() <= half_width)
    raise ValueError(f"shape must be one of {SHAPES}, got {shape!r}")


def segment_mask(
    size: int, p0: tuple[float, float], p1: tuple[float, float], width: float
) -> torch.Tensor:
    """A thick line from ``p0`` to ``p1`` (each ``(x, y)``), as a bool mask ``(H, W)``.

    Example:
        >>> bool(segment_mask(8, (1.0, 4.0), (7.0, 4.0), 1.0)[3, 4])
        True
    """
    y, x = grid(size)
    (x0, y0), (x1, y1) = p0, p1
    dx, dy = x1 - x0, y1 - y0
    length2 = max(dx * dx + dy * dy, 1e-9)
    t = (((x - x0) * dx + (y - y0) * dy) / length2).clamp(0, 1)  # projection onto the segment
    dist2 = (x - (x0 + t * dx)) ** 2 + (y - (y0 + t * dy)) ** 2
    return dist2 <= (width / 2) ** 2


def uniform(g: torch.Generator, low: float, high: float) -> float:
    """One number drawn uniformly from [low, high) with generator ``g``."""
    return low + (high - low) * float(torch.rand((), generator=g))


def randint(g: torch.Generator, low: int, high: int) -> int:
    """One integer drawn uniformly from [low, high) with generator ``g``."""
    return int(torch.randint(low, high, (), generator=g))


def check_scene_args(n: int, size: int, noise: float, *, min_size: int) -> None:
    """Check the arguments every drawn data set takes: ``n >= 1`` images of side ``size``.

    ``size`` must lie in ``[min_size, 128]`` and the pixel ``noise`` be non-negative.

    Example:
        >>> check_scene_args(4, 8, 0.1, min_size=16)
        Traceback (most recent call last):
        ...
        ValueError: size must be >= 16, got 8
    """
    check_int(n, "n", low=1)
    check_int(size, "size", low=min_size, high=128)
    check_real(noise, "noise", low=0)


def add_noise(ink: torch.Tensor, noise: float, g: torch.Generator) -> torch.Tensor:
    """``ink`` plus Gaussian pixel noise of standard deviation ``noise``, drawn with ``g``."""
    return ink + noise * torch.randn(ink.shape, generator=g)
