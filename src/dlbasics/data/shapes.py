"""Classification and semantic segmentation on images of simple shapes, made in code."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from dlbasics.data.draw import SHAPES, add_noise, check_scene_args, randint, shape_mask, uniform


@dataclass(frozen=True, kw_only=True)
class ShapesClassification:
    """Images of one shape each, labelled with its class.

    Shape:
        - ``images``: ``(N, 1, H, W)`` float32, ink in [0, 1] plus noise.
        - ``labels``: ``(N,)`` int64 class indices into ``classes``.
    """

    images: torch.Tensor
    labels: torch.Tensor
    classes: tuple[str, ...] = SHAPES


@dataclass(frozen=True, kw_only=True)
class ShapesSegmentation:
    """Images of one or two shapes with a class for every pixel.

    Shape:
        - ``images``: ``(N, 1, H, W)`` float32.
        - ``masks``: ``(N, H, W)`` int64; 0 is background, ``k >= 1`` is ``classes[k]``.
    """

    images: torch.Tensor
    masks: torch.Tensor
    classes: tuple[str, ...] = ("background", "circle", "square")


def make_shapes_classification(
    n: int, size: int = 16, noise: float = 0.2, seed: int = 0
) -> ShapesClassification:
    r"""Draw ``n`` images, each a circle, square or triangle of random size and place.

    Args:
        n: number of images, at least 1.
        size: image side in pixels, in [8, 128].
        noise: standard deviation of the Gaussian pixel noise, non-negative.
        seed: seed of the drawing.

    Example:
        >>> d = make_shapes_classification(6, size=16)
        >>> d.images.shape, d.labels.shape, d.classes[int(d.labels[0])] in d.classes
        (torch.Size([6, 1, 16, 16]), torch.Size([6]), True)
    """
    check_scene_args(n, size, noise, min_size=8)
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, len(SHAPES), (n,), generator=g)  # (N,)
    ink = torch.zeros(n, 1, size, size)  # (N, 1, H, W)
    for i, label in enumerate(labels.tolist()):
        r = uniform(g, 0.2, 0.35) * size
        cy, cx = uniform(g, r, size - r), uniform(g, r, size - r)
        ink[i, 0] = shape_mask(SHAPES[label], size, cy, cx, r).float()
    return ShapesClassification(images=add_noise(ink, noise, g), labels=labels)


def make_shapes_segmentation(
    n: int, size: int = 16, noise: float = 0.2, seed: int = 0
) -> ShapesSegmentation:
    r"""Draw ``n`` images with one or two shapes (circles and squares) and their pixel masks.

    Both shapes have the same brightness, so telling a circle pixel from a square pixel
    needs the shape around it, not the pixel alone. Where shapes overlap, the later one wins.
    The arguments are those of :func:`make_shapes_classification`.

    Example:
        >>> d = make_shapes_segmentation(4)
        >>> d.images.shape, d.masks.shape, int(d.masks.max()) <= 2
        (torch.Size([4, 1, 16, 16]), torch.Size([4, 16, 16]), True)
    """
    check_scene_args(n, size, noise, min_size=8)
    g = torch.Generator().manual_seed(seed)
    masks = torch.zeros(n, size, size, dtype=torch.int64)  # (N, H, W)
    for i in range(n):
        for _ in range(randint(g, 1, 3)):
            cls = randint(g, 1, 3)  # 1 circle, 2 square
            r = uniform(g, 0.15, 0.3) * size
            cy, cx = uniform(g, r, size - r), uniform(g, r, size - r)
            masks[i][shape_mask(SHAPES[cls - 1], size, cy, cx, r)] = cls
    ink = (masks > 0).float().unsqueeze(1)  # (N, 1, H, W)
    return ShapesSegmentation(images=add_noise(ink, noise, g), masks=masks)
