"""A deep autoencoder (Hinton & Salakhutdinov, 2006): squeeze the data through a small code."""

from __future__ import annotations

from itertools import pairwise

import torch
from torch import nn

from dlbasics._checks import check_int, check_positive_ints, check_tensor


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
        check_positive_ints(input_dim=input_dim, bottleneck=bottleneck)
        if not isinstance(hidden, tuple):
            raise TypeError(f"hidden must be a tuple of ints, got {type(hidden).__name__}")
        for width in hidden:
            check_int(width, "hidden", low=1)
        sizes = (input_dim, *hidden, bottleneck)
        self.input_dim = input_dim
        self.bottleneck = bottleneck
        self.encoder = nn.Sequential(*_mlp(sizes))
        self.decoder = nn.Sequential(*_mlp(sizes[::-1]), nn.Sigmoid())

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The code :math:`z = f(x)`."""
        check_tensor(x, "x", shape=("B", self.input_dim))
        return self.encoder(x)  # (B, D) -> (B, K)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        r"""The reconstruction :math:`\hat x = g(z)`."""
        check_tensor(z, "z", shape=("B", self.bottleneck))
        return self.decoder(z)  # (B, K) -> (B, D)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.decoder(self.encode(x))  # (B, D) -> (B, K) -> (B, D)
