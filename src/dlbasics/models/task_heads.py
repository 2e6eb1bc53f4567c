"""Small task models of the Data chapter: the same conv blocks, a different head per label form."""

from __future__ import annotations

import torch
from torch import nn

from dlbasics.nn import ConvEncoder, conv_block

#: Channels of the two stages of every CNN encoder in the Data chapter.
WIDTHS: tuple[int, ...] = (12, 24)


class Segmenter(nn.Module):
    """A fully convolutional net: a class score for every pixel.

    Shape:
        ``(B, 1, H, W) -> (B, K, H, W)``

    Example:
        >>> Segmenter(3)(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 3, 16, 16])
    """

    def __init__(self, num_classes: int, width: int = 16) -> None:
        super().__init__()
        self.body = nn.Sequential(
            conv_block(1, width),
            conv_block(width, width, dilation=2),
            conv_block(width, width, dilation=4),
            nn.Conv2d(width, num_classes, kernel_size=1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)  # (B, K, H, W)


class BoxRegressor(nn.Module):
    """Flattened CNN features to one box ``(x1, y1, x2, y2) / size`` and class scores.

    Shape:
        ``(B, 1, H, W) -> (B, 4 + K)``

    Example:
        >>> BoxRegressor(24, 3)(torch.zeros(2, 1, 24, 24)).shape
        torch.Size([2, 7])
    """

    def __init__(self, size: int, num_classes: int) -> None:
        super().__init__()
        self.encoder = ConvEncoder(1, WIDTHS, image_size=size)
        self.head = nn.Linear(self.encoder.out_features, 4 + num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.encoder(x))  # (B, 4 + K)


class VQANet(nn.Module):
    """Image features and a bag of question words, fused by an MLP into answer scores.

    The input packs a 16×16 RGB image and ``T`` word indices in one row, so the generic
    training loop can draw minibatches of it.

    Shape:
        ``(B, 3 * 16 * 16 + T) -> (B, A)``

    Example:
        >>> VQANet(vocab=20, answers=9)(torch.zeros(2, 3 * 16 * 16 + 8)).shape
        torch.Size([2, 9])
    """

    def __init__(self, vocab: int, answers: int, width: int = 64) -> None:
        super().__init__()
        self.image = ConvEncoder(3, WIDTHS, image_size=16)
        self.image_proj = nn.Linear(self.image.out_features, width)
        self.words = nn.EmbeddingBag(vocab, width, mode="mean", padding_idx=0)
        self.mlp = nn.Sequential(
            nn.ReLU(), nn.Linear(2 * width, width), nn.ReLU(), nn.Linear(width, answers)
        )

    def forward(self, batch: torch.Tensor) -> torch.Tensor:
        images = batch[:, : 3 * 16 * 16].view(-1, 3, 16, 16)  # (B, 3, H, W)
        words = batch[:, 3 * 16 * 16 :].long()  # (B, T)
        fused = torch.cat([self.image_proj(self.image(images)), self.words(words)], 1)  # (B, 2E)
        return self.mlp(fused)  # (B, A)
