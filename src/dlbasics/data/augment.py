r"""Random augmentations of small grayscale images, batched and seeded by a ``torch.Generator``.

Self-supervised learning makes its own training signal from unlabeled images: two random
*views* of the same image should look alike to the model, views of different images should not.
What the augmentations change is what the model learns to ignore. For 8×8 digits: where the
digit sits (:func:`random_shift`), a missing patch (:func:`random_erase`) and how dark the ink
is (:func:`intensity_jitter`). Each function draws one independent setting per image.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from dlbasics._checks import check_fraction, check_int, check_real, check_tensor


def random_shift(x: torch.Tensor, max_shift: int, generator: torch.Generator) -> torch.Tensor:
    r"""Move each image by its own random offset in :math:`\{-s, \dots, s\}^2`, filling with 0.

    Zero-pad by ``max_shift`` on every side, then crop an ``H × W`` window at a random corner.

    Args:
        x: images.
        max_shift: s, the largest move in pixels along each axis, ``>= 0``.
        generator: the random source.

    Shape:
        ``(B, C, H, W) -> (B, C, H, W)``

    Example:
        >>> x = torch.zeros(1, 1, 3, 3)
        >>> x[0, 0, 1, 1] = 1.0
        >>> y = random_shift(x, 1, torch.Generator().manual_seed(0))
        >>> y.shape, float(y.sum())  # the dot moved by at most one pixel, still inside
        (torch.Size([1, 1, 3, 3]), 1.0)
    """
    check_tensor(x, "x", shape=("B", "C", "H", "W"), floating=True, nonempty=True)
    check_int(max_shift, "max_shift", low=0)
    if max_shift == 0:
        return x.clone()
    b, _, h, w = x.shape
    s = max_shift
    padded = F.pad(x, (s, s, s, s))  # (B, C, H + 2s, W + 2s)
    corner = torch.randint(0, 2 * s + 1, (b, 2), generator=generator)  # (B, 2) top, left
    rows = torch.arange(h) + corner[:, :1]  # (B, H) rows of the window
    cols = torch.arange(w) + corner[:, 1:]  # (B, W) columns of the window
    image = torch.arange(b)[:, None, None]  # (B, 1, 1)
    out = padded[image, :, rows[:, :, None], cols[:, None, :]]  # (B, H, W, C)
    return out.permute(0, 3, 1, 2).contiguous()  # (B, C, H, W)


def random_erase(
    x: torch.Tensor, p: float, max_size: int, generator: torch.Generator
) -> torch.Tensor:
    r"""With probability ``p``, set a random rectangle of each image to 0 (Zhong et al. 2020).

    The rectangle's height and width are drawn from :math:`\{1, \dots, \text{max\_size}\}`
    and its position uniformly among those that fit inside the image.

    Args:
        x: images.
        p: probability that an image is erased at all, in [0, 1].
        max_size: the largest side of the rectangle in pixels, in [1, min(H, W)].
        generator: the random source.

    Shape:
        ``(B, C, H, W) -> (B, C, H, W)``

    Example:
        >>> y = random_erase(
        ...     torch.ones(2, 1, 4, 4), 1.0, 2, torch.Generator().manual_seed(0)
        ... )
        >>> bool((y.sum(dim=(1, 2, 3)) < 16).all())  # every image lost a patch
        True
    """
    check_tensor(x, "x", shape=("B", "C", "H", "W"), floating=True, nonempty=True)
    b, _, h, w = x.shape
    check_fraction(p, "p", open_high=False)
    check_int(max_size, "max_size", low=1, high=min(h, w))
    size = torch.randint(1, max_size + 1, (b, 2), generator=generator)  # (B, 2) height, width
    top = (torch.rand(b, generator=generator) * (h - size[:, 0] + 1)).long()  # (B,)
    left = (torch.rand(b, generator=generator) * (w - size[:, 1] + 1)).long()  # (B,)
    erase = torch.rand(b, generator=generator) < p  # (B,) which images lose a patch
    r, c = torch.arange(h), torch.arange(w)
    in_rows = (r >= top[:, None]) & (r < (top + size[:, 0])[:, None])  # (B, H)
    in_cols = (c >= left[:, None]) & (c < (left + size[:, 1])[:, None])  # (B, W)
    mask = in_rows[:, :, None] & in_cols[:, None, :] & erase[:, None, None]  # (B, H, W)
    return x.masked_fill(mask[:, None], 0.0)  # (B, C, H, W)


def intensity_jitter(
    x: torch.Tensor, strength: float, noise: float, generator: torch.Generator
) -> torch.Tensor:
    r"""Scale each image's ink by :math:`1 + u`, :math:`u \sim U(-a, a)`, add noise, clip to [0, 1].

    .. math:: \tilde x = \mathrm{clip}\big((1 + u)\, x + \sigma \epsilon,\ 0,\ 1\big),
        \qquad \epsilon \sim \mathcal{N}(0, 1) \text{ per pixel}.

    Args:
        x: images with values in [0, 1].
        strength: a, the largest relative change of the ink, in [0, 1].
        noise: sigma, the standard deviation of the pixel noise, ``>= 0``.
        generator: the random source.

    Shape:
        ``(B, C, H, W) -> (B, C, H, W)``

    Example:
        >>> y = intensity_jitter(
        ...     torch.full((3, 1, 2, 2), 0.5), 0.4, 0.0, torch.Generator()
        ... )
        >>> bool(((y >= 0.3) & (y <= 0.7)).all())
        True
    """
    check_tensor(x, "x", shape=("B", "C", "H", "W"), floating=True, nonempty=True)
    check_fraction(strength, "strength", open_high=False)
    check_real(noise, "noise", low=0)
    u = strength * (2 * torch.rand(x.shape[0], 1, 1, 1, generator=generator) - 1)  # (B, 1, 1, 1)
    eps = torch.randn(x.shape, generator=generator)  # (B, C, H, W)
    return ((1 + u) * x + noise * eps).clamp(0.0, 1.0)


@dataclass(frozen=True, kw_only=True)
class AugmentConfig:
    """How strongly :func:`augment` changes a view; the defaults suit 8×8 digits."""

    max_shift: int = 1  # largest move in pixels along each axis
    erase_p: float = 0.5  # probability of erasing a rectangle
    erase_max_size: int = 4  # largest side of the erased rectangle
    jitter: float = 0.4  # largest relative change of the ink
    noise: float = 0.05  # standard deviation of the pixel noise


def augment(
    x: torch.Tensor, generator: torch.Generator, config: AugmentConfig | None = None
) -> torch.Tensor:
    """One random view of every image: shift, then erase, then jitter the intensity.

    Args:
        x: images with values in [0, 1].
        generator: the random source; the same seed gives the same views.
        config: strengths, see :class:`AugmentConfig`; ``None`` for the defaults.

    Shape:
        ``(B, C, H, W) -> (B, C, H, W)``

    Example:
        >>> x = torch.rand(4, 1, 8, 8)
        >>> a = augment(x, torch.Generator().manual_seed(0))
        >>> b = augment(x, torch.Generator().manual_seed(0))
        >>> a.shape, torch.equal(a, b)
        (torch.Size([4, 1, 8, 8]), True)
    """
    c = AugmentConfig() if config is None else config
    if not isinstance(c, AugmentConfig):
        raise TypeError(f"config must be an AugmentConfig, got {type(c).__name__}")
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator, got {type(generator).__name__}")
    view = random_shift(x, c.max_shift, generator)
    view = random_erase(view, c.erase_p, c.erase_max_size, generator)
    return intensity_jitter(view, c.jitter, c.noise, generator)
