"""Seeding every random number generator that an experiment touches."""

from __future__ import annotations

import random

import numpy as np
import torch

from dlbasics._checks import check_int


def set_seed(seed: int) -> torch.Generator:
    r"""Seed Python's ``random``, NumPy and PyTorch, and return a fresh generator.

    Every experiment in the book calls this first, so two runs with the same seed
    print the same numbers.

    Args:
        seed: a non-negative integer below :math:`2^{32}`.

    Returns:
        A ``torch.Generator`` seeded with ``seed``, for code that prefers an
        explicit generator over the global one.

    Raises:
        TypeError: if ``seed`` is not an ``int`` (``bool`` is refused too).
        ValueError: if ``seed`` is negative or not below :math:`2^{32}`.

    Example:
        >>> g = set_seed(0)
        >>> a = torch.rand(2)
        >>> _ = set_seed(0)
        >>> torch.equal(a, torch.rand(2))
        True
        >>> torch.rand(1, generator=g).shape
        torch.Size([1])
    """
    check_int(seed, "seed", low=0, high=2**32 - 1)
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (the global RNG is what casual numpy code uses)
    torch.manual_seed(seed)
    return torch.Generator().manual_seed(seed)
