r"""ResNet (He, Zhang, Ren & Sun 2016): stages of residual blocks, ``y = F(x) + x``.

The identity shortcut lets gradients and signals pass through a deep stack unchanged, so
an 18-, 50- or 152-layer network trains at least as well as a shallower one.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbasics._checks import check_tensor
from dlbasics.nn import ResidualBlock, stem_from


@dataclass(frozen=True, kw_only=True)
class ResNetConfig:
    r"""Sizes of a ResNet of basic blocks; :meth:`small` trains in seconds, :meth:`resnet18`."""

    in_channels: int = 3  # C of the input images
    num_classes: int = 1000  # outputs of the final linear layer
    stem_channels: int = 64  # output channels of the first conv
    stem_kernel_size: int = 7  # square kernel side of the first conv
    stem_stride: int = 2  # stride of the first conv
    stem_pool: bool = True  # 3×3/2 max-pool after the first conv
    widths: tuple[int, ...] = (64, 128, 256, 512)  # channels of each stage
    blocks_per_stage: tuple[int, ...] = (2, 2, 2, 2)  # residual blocks in each stage
    zero_init_residual: bool = False  # start each block as the identity: last BN weight 0

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.blocks_per_stage) or not self.widths:
            raise ValueError(
                f"widths and blocks_per_stage must be non-empty and of the same length, "
                f"got {self.widths} and {self.blocks_per_stage}"
            )

    @classmethod
    def small(cls) -> ResNetConfig:
        """For ``(B, 1, 16, 16)`` images and 10 classes: stages at 16, 8 and 4 pixels."""
        return cls(
            in_channels=1,
            num_classes=10,
            stem_channels=16,
            stem_kernel_size=3,
            stem_stride=1,
            stem_pool=False,
            widths=(16, 24, 32),
            blocks_per_stage=(1, 1, 1),
        )

    @classmethod
    def resnet18(cls) -> ResNetConfig:
        """ResNet-18 for ``(B, 3, 224, 224)`` ImageNet images and 1000 classes."""
        return cls()


class ResNet(nn.Module):
    r"""A stem, stages of :class:`~dlbasics.nn.ResidualBlock` s, global average pool, linear.

    Every stage but the first starts with a stride-2 block: half the pixels, more channels.

    Args:
        config: the sizes, see :class:`ResNetConfig`.

    Shape:
        - Input: ``(B, in_channels, H, W)``; 224×224 for :meth:`ResNetConfig.resnet18`.
        - Output: ``(B, num_classes)``, unnormalized class scores.

    Example:
        >>> model = ResNet(ResNetConfig.small())
        >>> model(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 10])
    """

    def __init__(self, config: ResNetConfig) -> None:
        super().__init__()
        self.config = config
        self.stem = stem_from(config)
        blocks: list[ResidualBlock] = []
        c_in = config.stem_channels
        for stage, (width, n) in enumerate(
            zip(config.widths, config.blocks_per_stage, strict=True)
        ):
            for i in range(n):
                stride = 2 if stage > 0 and i == 0 else 1
                blocks.append(ResidualBlock(c_in, stride, out_channels=width))
                c_in = width
        self.stages = nn.Sequential(*blocks)
        self.fc = nn.Linear(c_in, config.num_classes)
        if config.zero_init_residual:
            for block in blocks:
                nn.init.zeros_(block.bn2.weight)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_tensor(x, "x", shape=("B", self.config.in_channels, "H", "W"))
        h = self.stages(self.stem(x))  # (B, widths[-1], H / 32, W / 32) for ResNet-18
        return self.fc(h.mean(dim=(2, 3)))  # (B, num_classes)
