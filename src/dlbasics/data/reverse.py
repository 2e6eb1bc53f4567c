"""A toy sequence task for attention: write the input sequence backwards."""

from __future__ import annotations

import torch

from dlbasics._checks import check_int


def reversal_task(
    n: int, length: int = 8, vocab_size: int = 10, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Random token sequences and their reversals: :math:`y_t = x_{T-1-t}`.

    Tokens are drawn independently and uniformly from ``0 .. vocab_size - 1``. The target at
    position :math:`t` is the token at the mirrored position, so a model must know *where* each
    token is, not only *which* tokens there are.

    Args:
        n: N, number of sequences, at least 1.
        length: T, tokens per sequence, at least 2.
        vocab_size: V, number of distinct tokens, at least 2.
        seed: seed of the draws, so a seed always gives the same data.

    Returns:
        ``(x, y)``: inputs and targets, int64.

    Shape:
        ``x``: ``(N, T)``, ``y``: ``(N, T)`` with ``y == x.flip(1)``.

    Raises:
        TypeError: if an argument is not an int.
        ValueError: if ``n < 1``, ``length < 2``, ``vocab_size < 2`` or ``seed < 0``.

    Example:
        >>> x, y = reversal_task(3, length=5, seed=0)
        >>> x.shape, torch.equal(y, x.flip(1)), x.dtype
        (torch.Size([3, 5]), True, torch.int64)
    """
    check_int(n, "n", low=1)
    check_int(length, "length", low=2)
    check_int(vocab_size, "vocab_size", low=2)
    check_int(seed, "seed", low=0)
    g = torch.Generator().manual_seed(seed)
    x = torch.randint(0, vocab_size, (n, length), generator=g)  # (N, T)
    return x, x.flip(1)  # (N, T), (N, T)
