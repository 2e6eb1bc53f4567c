"""Rasterizing simple shapes and lines into masks: the drawing kit of the synthetic datasets."""

from __future__ import annotations

import torch

SHAPES: tuple[str, ...] = ("circle", "square", "triangle")


def check_size(size: int, low: int = 8, high: int = 128) -> None:
    """Raise a clear error unless ``size`` is an int in [low, high]."""
    if isinstance(size, bool) or not isinstance(size, int):
        raise TypeError(f"size must be an int, got {type(size).__name__}")
    if not low <= size <= high:
        raise ValueError(f"size must be in [{low}, {high}], got {size}")


def check_count(n: int, name: str = "n") -> None:
    """Raise a clear error unless ``n`` is a positive int."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be an int, got {type(n).__name__}")
    if n < 1:
        raise ValueError(f"{name} must be >= 1, got {n}")


def check_noise(noise: float) -> None:
    """Raise a clear error unless ``noise`` (a pixel noise standard deviation) is >= 0."""
    if isinstance(noise, bool) or not isinstance(noise, (int, float)):
        raise TypeError(f"noise must be a number, got {type(noise).__name__}")
    if noise < 0:
        raise ValueError(f"noise must be non-negative, got {noise}")


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
