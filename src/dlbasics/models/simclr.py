r"""SimCLR's network (Chen et al. 2020): an encoder :math:`f` and a projection head :math:`g`.

The encoder turns an image into the representation :math:`h = f(x)` that is kept and used later;
the small MLP head maps it to :math:`z = g(h)`, where the contrastive loss is applied and which
is thrown away after pre-training. The paper found the layer *before* the head to be the better
representation: the loss makes :math:`z` forget what the augmentations change, and :math:`h`
keeps more.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbasics._checks import check_positive_ints
from dlbasics.nn.conv import ConvEncoder


class SimCLR(nn.Module):
    r"""A :class:`~dlbasics.nn.conv.ConvEncoder` and a two-layer MLP projection head.

    Args:
        in_channels: C of the input images.
        widths: channels of the encoder's stages (each halves H and W; then global average
            pooling), so the representation has ``widths[-1]`` features.
        proj_hidden: hidden features of the projection head.
        proj_dim: d, features of the projection :math:`z`.

    Shape:
        - ``encode``: ``(B, C, H, W) -> (B, widths[-1])``, the representation :math:`h`.
        - ``forward``: ``(B, C, H, W) -> (B, proj_dim)``, the projection :math:`z`.

    Example:
        >>> model = SimCLR(widths=(8, 16), proj_hidden=16, proj_dim=4)
        >>> x = torch.zeros(3, 1, 8, 8)
        >>> model.encode(x).shape, model(x).shape
        (torch.Size([3, 16]), torch.Size([3, 4]))
    """

    def __init__(
        self,
        in_channels: int = 1,
        widths: tuple[int, ...] = (32, 64),
        proj_hidden: int = 64,
        proj_dim: int = 32,
    ) -> None:
        super().__init__()
        check_positive_ints(proj_hidden=proj_hidden, proj_dim=proj_dim)
        self.encoder = ConvEncoder(in_channels, widths)  # f
        self.head = nn.Sequential(  # g, used only during pre-training
            nn.Linear(self.encoder.out_features, proj_hidden),
            nn.ReLU(),
            nn.Linear(proj_hidden, proj_dim),
        )

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        """The representation :math:`h = f(x)`, what a downstream task uses."""
        return self.encoder(x)  # (B, widths[-1])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.encode(x))  # (B, proj_dim): z = g(f(x))
