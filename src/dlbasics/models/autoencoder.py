"""A deep autoencoder (Hinton & Salakhutdinov, 2006): squeeze the data through a small code."""

from __future__ import annotations

from itertools import pairwise

import torch
from torch import nn


def _mlp(sizes: tuple[int, ...]) -> list[nn.Module]:
    """Linear layers between consecutive ``sizes``, with ReLU between them (not after the last)."""
    layers: list[nn.Module] = []
    for d_in, d_out in pairwise(sizes):
        layers += [nn.Linear(d_in, d_out), nn.ReLU()]
    return layers[:-1]


class AutoEncoder(nn.Module):
    r"""An MLP encoder down to a ``bottleneck`` code and a mirrored decoder back up.

    Trained to reproduce its input, :math:`\hat x = g(f(x)) \approx x`, the network must keep
    in the few code features :math:`z = f(x)` what matters most about :math:`x`: a non-linear
    generalisation of PCA. The code layer is linear; the decoder ends in a sigmoid, so inputs
    should lie in [0, 1].

    Args:
        input_dim: D, features of each input.
        hidden: widths of the encoder's hidden layers, outermost first; the decoder uses them
            in reverse.
        bottleneck: K, features of the code.

    Shape:
        - ``encode``: ``(B, D) -> (B, K)``.
        - ``decode``: ``(B, K) -> (B, D)``, values in (0, 1).
        - ``forward``: ``(B, D) -> (B, D)``.

    Example:
        >>> ae = AutoEncoder(64, hidden=(32,), bottleneck=8)
        >>> x = torch.rand(5, 64)
        >>> ae.encode(x).shape, ae(x).shape
        (torch.Size([5, 8]), torch.Size([5, 64]))
    """

    def __init__(
        self, input_dim: int = 64, hidden: tuple[int, ...] = (32,), bottleneck: int = 8
    ) -> None:
        super().__init__()
        if not isinstance(hidden, tuple):
            raise TypeError(f"hidden must be a tuple of ints, got {type(hidden).__name__}")
        sizes = (input_dim, *hidden, bottleneck)
        for size in sizes:
            if isinstance(size, bool) or not isinstance(size, int):
                raise TypeError(f"input_dim, hidden and bottleneck must be ints, got {sizes}")
            if size < 1:
                raise ValueError(f"input_dim, hidden and bottleneck must be >= 1, got {sizes}")
        self.input_dim = input_dim
        self.bottleneck = bottleneck
        self.encoder = nn.Sequential(*_mlp(sizes))
        self.decoder = nn.Sequential(*_mlp(sizes[::-1]), nn.Sigmoid())

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The code :math:`z = f(x)`."""
        if not isinstance(x, torch.Tensor):
            raise TypeError(f"x must be a torch.Tensor, got {type(x).__name__}")
        if x.dim() != 2 or x.shape[1] != self.input_dim:
            raise ValueError(f"x must have shape (B, {self.input_dim}), got {tuple(x.shape)}")
        z: torch.Tensor = self.encoder(x)  # (B, D) -> (B, K)
        return z

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        r"""The reconstruction :math:`\hat x = g(z)`."""
        if not isinstance(z, torch.Tensor):
            raise TypeError(f"z must be a torch.Tensor, got {type(z).__name__}")
        if z.dim() != 2 or z.shape[1] != self.bottleneck:
            raise ValueError(f"z must have shape (B, {self.bottleneck}), got {tuple(z.shape)}")
        x_hat: torch.Tensor = self.decoder(z)  # (B, K) -> (B, D)
        return x_hat

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decode(self.encode(x))  # (B, D) -> (B, K) -> (B, D)
