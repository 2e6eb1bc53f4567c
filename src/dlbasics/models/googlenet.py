r"""GoogLeNet (Szegedy et al. 2015): a stem, then stages of Inception blocks between max-pools.

22 layers deep, yet 12 times fewer parameters than AlexNet: 1×1 convolutions shrink the
channels before every expensive 3×3 and 5×5 convolution, and global average pooling replaces
the big fully connected layers.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbasics._checks import check_tensor
from dlbasics.nn import InceptionBlock, conv_bn_relu

#: One Inception block: ``(c1, c3_reduce, c3, c5_reduce, c5, pool_proj)``.
InceptionSpec = tuple[int, int, int, int, int, int]

#: Table 1 of the paper: blocks 3a-3b, 4a-4e and 5a-5b, grouped by the max-pools between them.
PAPER_STAGES: tuple[tuple[InceptionSpec, ...], ...] = (
    ((64, 96, 128, 16, 32, 32), (128, 128, 192, 32, 96, 64)),
    (
        (192, 96, 208, 16, 48, 64),
        (160, 112, 224, 24, 64, 64),
        (128, 128, 256, 24, 64, 64),
        (112, 144, 288, 32, 64, 64),
        (256, 160, 320, 32, 128, 128),
    ),
    ((256, 160, 320, 32, 128, 128), (384, 192, 384, 48, 128, 128)),
)


@dataclass(frozen=True, kw_only=True)
class GoogLeNetConfig:
    r"""Sizes of a GoogLeNet; :meth:`small` trains in seconds, :meth:`imagenet` is full size.

    Like torchvision, every conv is followed by batch norm (the 2014 original had none, and
    local response norm in the stem instead) and the auxiliary classifiers are left out.
    ``imagenet()`` has the paper's 5×5 kernels: 7,005,832 parameters. torchvision's
    ``googlenet`` (6,624,904) uses 3×3 kernels in that branch: ``c5_kernel_size=3``.
    """

    in_channels: int = 3  # C of the input images
    num_classes: int = 1000  # outputs of the final linear layer
    stem: tuple[int, int, int] = (64, 64, 192)  # channels of the stem's 7×7/2, 1×1, 3×3 convs
    stem_kernel_size: int = 7  # square kernel side of the first conv
    stem_stride: int = 2  # stride of the first conv
    stages: tuple[tuple[InceptionSpec, ...], ...] = PAPER_STAGES  # 3×3/2 max-pool before each
    c5_kernel_size: int = 5  # kernel side of the "5×5" branch (torchvision: 3)
    dropout: float = 0.4  # drop probability before the final linear layer

    @classmethod
    def small(cls) -> GoogLeNetConfig:
        """For ``(B, 1, 16, 16)`` images and 10 classes: stages at 4 and 2 pixels."""
        return cls(
            in_channels=1,
            num_classes=10,
            stem=(16, 16, 24),
            stem_kernel_size=3,
            stem_stride=1,
            stages=(
                ((8, 8, 16, 4, 4, 4),),  # 24 -> 32 channels
                ((16, 12, 24, 4, 8, 8),),  # 32 -> 56 channels
            ),
            dropout=0.2,
        )

    @classmethod
    def imagenet(cls) -> GoogLeNetConfig:
        """For ``(B, 3, 224, 224)`` ImageNet images and 1000 classes, as in the paper."""
        return cls()


class GoogLeNet(nn.Module):
    r"""GoogLeNet without auxiliary classifiers: stem, Inception stages, average pool, linear.

    Args:
        config: the sizes, see :class:`GoogLeNetConfig`.

    Shape:
        - Input: ``(B, in_channels, H, W)``; 224×224 for :meth:`GoogLeNetConfig.imagenet`.
        - Output: ``(B, num_classes)``, unnormalized class scores.

    Example:
        >>> model = GoogLeNet(GoogLeNetConfig.small())
        >>> model(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 10])
    """

    def __init__(self, config: GoogLeNetConfig) -> None:
        super().__init__()
        self.config = config
        c0, c1, c2 = config.stem
        self.stem = nn.Sequential(
            conv_bn_relu(config.in_channels, c0, config.stem_kernel_size, config.stem_stride),
            nn.MaxPool2d(3, stride=2, padding=1),
            conv_bn_relu(c0, c1, 1),
            conv_bn_relu(c1, c2, 3),
        )
        layers: list[nn.Module] = []
        c_in = c2
        for stage in config.stages:
            layers.append(nn.MaxPool2d(3, stride=2, padding=1))
            for spec in stage:
                block = InceptionBlock(c_in, *spec, c5_kernel_size=config.c5_kernel_size)
                layers.append(block)
                c_in = block.out_channels
        self.inception = nn.Sequential(*layers)
        self.dropout = nn.Dropout(config.dropout)
        self.fc = nn.Linear(c_in, config.num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_tensor(x, "x", shape=("B", self.config.in_channels, "H", "W"))
        h = self.inception(self.stem(x))  # (B, 1024, H / 32, W / 32) for the paper's sizes
        return self.fc(self.dropout(h.mean(dim=(2, 3))))  # (B, num_classes)
