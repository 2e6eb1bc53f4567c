r"""DenseNet (Huang, Liu, van der Maaten & Weinberger 2017): dense blocks joined by transitions.

Inside a dense block each layer adds ``growth_rate`` channels and sees all earlier feature
maps, concatenated. Features are reused instead of relearned, so the layers can be thin;
transitions halve the channels and the pixels between blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbasics._checks import check_real, check_tensor
from dlbasics.nn import DenseBlock, Transition, stem_from


@dataclass(frozen=True, kw_only=True)
class DenseNetConfig:
    r"""Sizes of a DenseNet(-BC); :meth:`small` trains in seconds, :meth:`densenet121`."""

    in_channels: int = 3  # C of the input images
    num_classes: int = 1000  # outputs of the final linear layer
    stem_channels: int = 64  # output channels of the first conv (2 * growth_rate in the paper)
    stem_kernel_size: int = 7  # square kernel side of the first conv
    stem_stride: int = 2  # stride of the first conv
    stem_pool: bool = True  # 3×3/2 max-pool after the first conv
    growth_rate: int = 32  # k: channels each dense layer adds
    block_layers: tuple[int, ...] = (6, 12, 24, 16)  # dense layers in each block
    bn_size: int | None = 4  # bottleneck 1×1 conv to bn_size * k channels; None for plain
    compression: float = 0.5  # theta: a transition keeps this fraction of the channels

    def __post_init__(self) -> None:
        if not self.block_layers:
            raise ValueError("block_layers must not be empty")
        check_real(self.compression, "compression", low=0, low_open=True, high=1)

    @classmethod
    def small(cls) -> DenseNetConfig:
        """For ``(B, 1, 16, 16)`` images and 10 classes: blocks at 16 and 8 pixels."""
        return cls(
            in_channels=1,
            num_classes=10,
            stem_channels=16,
            stem_kernel_size=3,
            stem_stride=1,
            stem_pool=False,
            growth_rate=8,
            block_layers=(3, 3),
            bn_size=None,
        )

    @classmethod
    def densenet121(cls) -> DenseNetConfig:
        """DenseNet-121 for ``(B, 3, 224, 224)`` ImageNet images and 1000 classes."""
        return cls()


class DenseNet(nn.Module):
    r"""A stem, dense blocks with transitions between them, BN-ReLU, average pool, linear.

    Args:
        config: the sizes, see :class:`DenseNetConfig`.

    Shape:
        - Input: ``(B, in_channels, H, W)``; 224×224 for :meth:`DenseNetConfig.densenet121`.
        - Output: ``(B, num_classes)``, unnormalized class scores.

    Example:
        >>> model = DenseNet(DenseNetConfig.small())
        >>> model(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 10])
    """

    def __init__(self, config: DenseNetConfig) -> None:
        super().__init__()
        self.config = config
        self.stem = stem_from(config)
        layers: list[nn.Module] = []
        c = config.stem_channels
        for i, num_layers in enumerate(config.block_layers):
            block = DenseBlock(c, config.growth_rate, num_layers, config.bn_size)
            layers.append(block)
            c = block.out_channels  # c + num_layers * growth_rate
            if i < len(config.block_layers) - 1:
                c_out = int(c * config.compression)
                layers.append(Transition(c, c_out))
                c = c_out
        layers += [nn.BatchNorm2d(c), nn.ReLU(inplace=True)]
        self.features = nn.Sequential(*layers)
        self.fc = nn.Linear(c, config.num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_tensor(x, "x", shape=("B", self.config.in_channels, "H", "W"))
        h = self.features(self.stem(x))  # (B, 1024, H / 32, W / 32) for DenseNet-121
        return self.fc(h.mean(dim=(2, 3)))  # (B, num_classes)
