r"""Digits pasted at random positions on a larger blank canvas: a test of translation.

scikit-learn's 8×8 digits are centred. Put each one somewhere at random on, say, a 16×16
canvas and a model that scores pixels by position (logistic regression, an MLP) must learn
every digit at every place separately; a convolution shares one filter over all places.
"""

from __future__ import annotations

import torch

from dlbasics._checks import check_int, check_tensor
from dlbasics.data.digits import Split, load_digits_split


def place_at_random(
    images: torch.Tensor, canvas_size: int, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Paste each image at a uniformly random position on a zero canvas.

    Every top-left corner that keeps the whole image on the canvas is equally likely: there
    are :math:`(S - h + 1)(S - w + 1)` of them for an ``h×w`` image on an ``S×S`` canvas.

    Args:
        images: ``(N, C, h, w)`` images.
        canvas_size: side ``S`` of the square canvas, at least ``max(h, w)``.
        generator: random source of the positions (for reproducibility).

    Returns:
        ``(canvases, corners)``: the canvases and each image's top-left corner (row, column).

    Shape:
        - ``images``: ``(N, C, h, w)``.
        - ``canvases``: ``(N, C, S, S)``, zero outside the pasted image.
        - ``corners``: ``(N, 2)`` int64.

    Raises:
        TypeError: if ``images`` is not a tensor or ``canvas_size`` not an int.
        ValueError: if ``images`` is not 4-D or ``canvas_size`` is smaller than an image.

    Example:
        >>> canvases, corners = place_at_random(torch.ones(3, 1, 2, 2), 5)
        >>> canvases.shape, canvases.sum().item(), bool((corners <= 3).all())
        (torch.Size([3, 1, 5, 5]), 12.0, True)
    """
    check_tensor(images, "images", shape=("N", "C", "h", "w"))
    n, c, h, w = images.shape
    check_int(canvas_size, "canvas_size", low=max(h, w))
    top = torch.randint(0, canvas_size - h + 1, (n,), generator=generator)  # (N,)
    left = torch.randint(0, canvas_size - w + 1, (n,), generator=generator)  # (N,)
    rows = top[:, None] + torch.arange(h)  # (N, h) canvas rows of each image
    cols = left[:, None] + torch.arange(w)  # (N, w) canvas columns of each image
    canvases = images.new_zeros(n, c, canvas_size, canvas_size)  # (N, C, S, S)
    b = torch.arange(n)[:, None, None, None]  # (N, 1, 1, 1)
    ch = torch.arange(c)[None, :, None, None]  # (1, C, 1, 1)
    canvases[b, ch, rows[:, None, :, None], cols[:, None, None, :]] = images
    return canvases, torch.stack([top, left], dim=1)


def load_canvas_digits(canvas_size: int = 16, seed: int = 0, test_fraction: float = 0.25) -> Split:
    r"""scikit-learn's digits, each pasted once at a random place on a ``canvas_size`` canvas.

    The train/test split is that of :func:`~dlbasics.data.digits.load_digits_split` with the
    same seed; the positions are drawn from a generator seeded with ``seed`` too, separately
    for training and test images, so a model never sees a test digit's position in advance.

    Args:
        canvas_size: side of the square canvas, an int in [8, 64]; 8 keeps the digits as
            they are.
        seed: seed of the split and of the positions, a non-negative int.
        test_fraction: share of digits held out for testing, in (0, 1).

    Returns:
        A :class:`~dlbasics.data.digits.Split` of ``(N, 1, S, S)`` images in [0, 1].

    Raises:
        TypeError: if ``canvas_size`` is not an int (``seed`` and ``test_fraction`` as in
            :func:`~dlbasics.data.digits.load_digits_split`).
        ValueError: if ``canvas_size`` is outside [8, 64].

    Example:
        >>> s = load_canvas_digits(16, seed=0)
        >>> s.x_train.shape, s.x_test.shape
        (torch.Size([1347, 1, 16, 16]), torch.Size([450, 1, 16, 16]))
        >>> bool(
        ...     torch.equal(
        ...         s.x_train.sum((1, 2, 3)), load_digits_split(seed=0).x_train.sum(1)
        ...     )
        ... )
        True
    """
    check_int(canvas_size, "canvas_size", low=8, high=64)
    s = load_digits_split(test_fraction, seed=seed, flatten=False)  # (N, 1, 8, 8) images
    g = torch.Generator().manual_seed(seed)
    x_train, _ = place_at_random(s.x_train, canvas_size, g)  # (N, 1, S, S)
    x_test, _ = place_at_random(s.x_test, canvas_size, g)  # (M, 1, S, S)
    return Split(x_train=x_train, y_train=s.y_train, x_test=x_test, y_test=s.y_test)
