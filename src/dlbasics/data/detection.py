"""Object detection on scenes made in code: where is the object, and what is it?"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from dlbasics.data.draw import SHAPES, add_noise, check_scene_args, randint, shape_mask, uniform


@dataclass(frozen=True, kw_only=True)
class DetectionScenes:
    """Scenes with one object each, its box and its class.

    One object per scene is detection at its smallest (often called localization); the
    metric, average precision, is the one used for scenes with many objects.

    Shape:
        - ``images``: ``(N, 1, H, W)`` float32: the object plus a distractor stroke and noise.
        - ``boxes``: ``(N, 4)`` float32 ``(x1, y1, x2, y2)`` in pixels, ``x1 < x2``, ``y1 < y2``.
        - ``labels``: ``(N,)`` int64 indices into ``classes``.
    """

    images: torch.Tensor
    boxes: torch.Tensor
    labels: torch.Tensor
    classes: tuple[str, ...] = SHAPES


def make_detection(n: int, size: int = 24, noise: float = 0.15, seed: int = 0) -> DetectionScenes:
    r"""Draw ``n`` scenes, each with one circle, square or triangle of random size and place.

    Args:
        n: number of scenes, at least 1.
        size: image side in pixels, in [16, 128].
        noise: standard deviation of the Gaussian pixel noise, non-negative.
        seed: seed of the drawing.

    Example:
        >>> d = make_detection(3)
        >>> d.images.shape, d.boxes.shape, bool((d.boxes[:, 2:] > d.boxes[:, :2]).all())
        (torch.Size([3, 1, 24, 24]), torch.Size([3, 4]), True)
    """
    check_scene_args(n, size, noise, min_size=16)
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, len(SHAPES), (n,), generator=g)  # (N,)
    images = torch.zeros(n, 1, size, size)  # (N, 1, H, W)
    boxes = torch.zeros(n, 4)  # (N, 4)
    for i, label in enumerate(labels.tolist()):
        r = uniform(g, 0.12, 0.3) * size
        cy, cx = uniform(g, r, size - r), uniform(g, r, size - r)
        images[i, 0] = shape_mask(SHAPES[label], size, cy, cx, r).float()
        boxes[i] = torch.tensor([cx - r, cy - r, cx + r, cy + r])
        row = randint(g, 0, size)  # a faint horizontal stroke: clutter that is not an object
        images[i, 0, row] = torch.maximum(images[i, 0, row], torch.tensor(0.4))
    images = add_noise(images, noise, g)
    return DetectionScenes(images=images, boxes=boxes, labels=labels)
