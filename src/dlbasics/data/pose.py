"""Pose estimation on stick figures made in code: where are the head, hands and feet?"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from dlbasics.data.draw import add_noise, check_scene_args, grid, uniform

KEYPOINTS: tuple[str, ...] = (
    "head", "neck", "hip", "left hand", "right hand", "left foot", "right foot"
)  # fmt: skip
#: Bones as pairs of keypoint indices: the skeleton drawn over the figure.
SKELETON: tuple[tuple[int, int], ...] = ((0, 1), (1, 2), (1, 3), (1, 4), (2, 5), (2, 6))


@dataclass(frozen=True, kw_only=True)
class StickFigures:
    """Images of stick figures and the pixel position of each keypoint.

    "Left" is the figure's side that appears on the left of the image, so every label is
    unambiguous.

    Shape:
        - ``images``: ``(N, 1, H, W)`` float32.
        - ``keypoints``: ``(N, K, 2)`` float32 ``(x, y)`` in pixels, ``K = 7`` (see ``names``).
        - ``scale``: ``(N,)`` float32 figure height in pixels, the unit of PCK.
    """

    images: torch.Tensor
    keypoints: torch.Tensor
    scale: torch.Tensor
    names: tuple[str, ...] = KEYPOINTS


def _limb(start: tuple[float, float], angle: float, length: float) -> tuple[float, float]:
    return (start[0] + length * math.cos(angle), start[1] + length * math.sin(angle))


def make_pose(n: int, size: int = 24, noise: float = 0.15, seed: int = 0) -> StickFigures:
    r"""Draw ``n`` stick figures with random size, place, arm and leg angles.

    Args:
        n: number of images, at least 1.
        size: image side in pixels, in [16, 128].
        noise: standard deviation of the Gaussian pixel noise, non-negative.
        seed: seed of the drawing.

    Example:
        >>> d = make_pose(2)
        >>> d.keypoints.shape, bool(((d.keypoints >= 0) & (d.keypoints <= 24)).all())
        (torch.Size([2, 7, 2]), True)
    """
    check_scene_args(n, size, noise, min_size=16)
    g = torch.Generator().manual_seed(seed)
    points: list[list[tuple[float, float]]] = []
    heights: list[float] = []
    down, width = math.pi / 2, max(1.0, size / 20)  # image y grows downwards
    for _ in range(n):
        h = uniform(g, 0.55, 0.8) * size  # figure height
        cx = uniform(g, 0.3 * size, 0.7 * size)
        top = uniform(g, 0.05 * size, size - h - 0.05 * size) + 0.1 * h
        head, neck = (cx, top), (cx, top + 0.15 * h)
        hip = (cx + uniform(g, -0.08, 0.08) * h, top + 0.5 * h)
        arm, leg = 0.35 * h, 0.48 * h
        left_hand = _limb(neck, down + uniform(g, 0.3, 1.6), arm)  # angles towards -x
        right_hand = _limb(neck, down - uniform(g, 0.3, 1.6), arm)
        left_foot = _limb(hip, down + uniform(g, 0.15, 0.6), leg)
        right_foot = _limb(hip, down - uniform(g, 0.15, 0.6), leg)
        points.append([head, neck, hip, left_hand, right_hand, left_foot, right_foot])
        heights.append(h)
    raw, scale = torch.tensor(points), torch.tensor(heights)  # (N, K, 2), (N,)
    images = _draw(raw, scale, size, width).unsqueeze(1).float()  # (N, 1, H, W)
    images = add_noise(images, noise, g)
    return StickFigures(images=images, keypoints=raw.clamp(0, size), scale=scale)


def _draw(points: torch.Tensor, height: torch.Tensor, size: int, width: float) -> torch.Tensor:
    """Ink of all figures at once: a head disc and a thick line per bone, ``(N, H, W)`` bool."""
    y, x = grid(size)  # (H, W) each
    px, py = points[..., 0, None, None], points[..., 1, None, None]  # (N, K, 1, 1) each
    r = 0.1 * height[:, None, None]  # (N, 1, 1) head radius
    ink = (y - py[:, 0]) ** 2 + (x - px[:, 0]) ** 2 <= r**2  # (N, H, W)
    for a, b in SKELETON:
        dx, dy = px[:, b] - px[:, a], py[:, b] - py[:, a]  # (N, 1, 1)
        length2 = (dx * dx + dy * dy).clamp(min=1e-9)
        t = (((x - px[:, a]) * dx + (y - py[:, a]) * dy) / length2).clamp(0, 1)  # (N, H, W)
        dist2 = (x - (px[:, a] + t * dx)) ** 2 + (y - (py[:, a] + t * dy)) ** 2
        ink |= dist2 <= (width / 2) ** 2
    return ink
