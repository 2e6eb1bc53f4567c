"""Toy sequences for recurrent models: noisy sines whose next value is to be predicted."""

from __future__ import annotations

import math

import torch

from dlbasics._checks import check_int, check_real


def noisy_sine(
    n: int, length: int, noise: float = 0.1, seed: int = 0
) -> tuple[torch.Tensor, torch.Tensor]:
    r"""Sines of random frequency and phase plus Gaussian noise, with next-step targets.

    Sequence ``k`` is :math:`s_t = \sin(\omega_k t + \varphi_k) + \sigma \epsilon_t` for
    :math:`t = 0, \dots, T` with :math:`\omega_k \sim U(0.2, 0.6)` radians per step,
    :math:`\varphi_k \sim U(0, 2\pi)` and :math:`\epsilon_t \sim N(0, 1)`. The input is
    :math:`s_0, \dots, s_{T-1}` and the target is the same sequence one step later, so
    ``y[:, t] == x[:, t + 1]``.

    Args:
        n: N, number of sequences, at least 1.
        length: T, steps per sequence, at least 1.
        noise: :math:`\sigma`, standard deviation of the noise, non-negative.
        seed: seed of the draws, so a seed always gives the same data.

    Shape:
        - ``x``: ``(N, T, 1)`` float32.
        - ``y``: ``(N, T, 1)`` float32.

    Raises:
        TypeError: if ``n``, ``length`` or ``seed`` is not an int, or ``noise`` not a number.
        ValueError: if ``n`` or ``length`` is below 1, or ``noise`` or ``seed`` is negative.

    Example:
        >>> x, y = noisy_sine(4, 20, noise=0.1, seed=0)
        >>> x.shape, y.shape, torch.equal(y[:, :-1], x[:, 1:])
        (torch.Size([4, 20, 1]), torch.Size([4, 20, 1]), True)
    """
    check_int(n, "n", low=1)
    check_int(length, "length", low=1)
    check_real(noise, "noise", low=0)
    check_int(seed, "seed", low=0)
    g = torch.Generator().manual_seed(seed)
    omega = 0.2 + 0.4 * torch.rand(n, 1, generator=g)  # (N, 1)
    phi = 2 * math.pi * torch.rand(n, 1, generator=g)  # (N, 1)
    t = torch.arange(length + 1, dtype=torch.float32)  # (T + 1,)
    s = torch.sin(omega * t + phi)  # (N, T + 1)
    s = s + noise * torch.randn(s.shape, generator=g)
    s = s.unsqueeze(-1)  # (N, T + 1, 1)
    return s[:, :-1], s[:, 1:]
