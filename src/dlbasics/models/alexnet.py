r"""AlexNet (Krizhevsky, Sutskever & Hinton 2012): a deep conv-ReLU-pool stack, then dropout MLP.

Its ingredients became the default for a decade: ReLU instead of tanh, overlapping 3×3/2
max-pooling, dropout in the big fully connected layers, and training on GPUs.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbasics._checks import check_tensor


@dataclass(frozen=True, kw_only=True)
class AlexNetConfig:
    r"""Sizes of an AlexNet; :meth:`small` trains in seconds, :meth:`imagenet` is full size.

    ``imagenet()`` uses torchvision's single-tower widths 64-192-384-256-256 (61,100,840
    parameters). The paper's 96-256-384-384-256 without its two-GPU grouping gives 62,378,344:
    ``dataclasses.replace(AlexNetConfig.imagenet(), widths=(96, 256, 384, 384, 256))``.
    """

    in_channels: int = 3  # C of the input images
    num_classes: int = 1000  # outputs of the last linear layer
    widths: tuple[int, ...] = (64, 192, 384, 256, 256)  # output channels of each conv
    kernel_sizes: tuple[int, ...] = (11, 5, 3, 3, 3)  # square kernel side of each conv
    stem_stride: int = 4  # stride of the first conv; the others have stride 1
    stem_padding: int = 2  # zero padding of the first conv; the others pad kernel // 2
    pool_after: tuple[int, ...] = (0, 1, 4)  # indices of the convs followed by 3×3/2 max-pool
    pooled_size: int = 6  # side of the adaptive average pool before the classifier
    hidden: int = 4096  # width of the two hidden fully connected layers
    dropout: float = 0.5  # drop probability before each hidden fully connected layer

    def __post_init__(self) -> None:
        if len(self.widths) != len(self.kernel_sizes):
            raise ValueError(
                f"widths and kernel_sizes must have the same length, "
                f"got {len(self.widths)} and {len(self.kernel_sizes)}"
            )
        if any(not 0 <= i < len(self.widths) for i in self.pool_after):
            raise ValueError(f"pool_after must index the convs, got {self.pool_after}")

    @classmethod
    def small(cls) -> AlexNetConfig:
        """For ``(B, 1, 16, 16)`` images and 10 classes: 16 -> 7 -> 3 -> 1 after the pools."""
        return cls(
            in_channels=1,
            num_classes=10,
            widths=(16, 32, 32, 32, 32),
            kernel_sizes=(3, 3, 3, 3, 3),
            stem_stride=1,
            stem_padding=1,
            pooled_size=1,
            hidden=64,
        )

    @classmethod
    def imagenet(cls) -> AlexNetConfig:
        """For ``(B, 3, 224, 224)`` ImageNet images and 1000 classes, as in torchvision."""
        return cls()


class AlexNet(nn.Module):
    r"""AlexNet: ``features`` (conv-ReLU, some followed by max-pool), then ``classifier``.

    Args:
        config: the sizes, see :class:`AlexNetConfig`.

    Shape:
        - Input: ``(B, in_channels, H, W)``; 224×224 for :meth:`AlexNetConfig.imagenet`.
        - Output: ``(B, num_classes)``, unnormalized class scores.

    Example:
        >>> model = AlexNet(AlexNetConfig.small())
        >>> model(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 10])
    """

    def __init__(self, config: AlexNetConfig) -> None:
        super().__init__()
        self.config = config
        layers: list[nn.Module] = []
        c_in = config.in_channels
        kernels = zip(config.widths, config.kernel_sizes, strict=True)
        for i, (c_out, k) in enumerate(kernels):
            if i == 0:  # the stem: a large kernel with a large stride
                stride, padding = config.stem_stride, config.stem_padding
            else:
                stride, padding = 1, k // 2
            conv = nn.Conv2d(c_in, c_out, k, stride, padding)
            layers += [conv, nn.ReLU(inplace=True)]
            if i in config.pool_after:  # overlapping pooling
                layers.append(nn.MaxPool2d(kernel_size=3, stride=2))
            c_in = c_out
        self.features = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(config.pooled_size)
        flat = c_in * config.pooled_size**2
        self.classifier = nn.Sequential(
            nn.Dropout(config.dropout),
            nn.Linear(flat, config.hidden),
            nn.ReLU(inplace=True),
            nn.Dropout(config.dropout),
            nn.Linear(config.hidden, config.hidden),
            nn.ReLU(inplace=True),
            nn.Linear(config.hidden, config.num_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_tensor(x, "x", shape=("B", self.config.in_channels, "H", "W"))
        h = self.pool(self.features(x))  # (B, C', pooled_size, pooled_size)
        return self.classifier(h.flatten(1))  # (B, num_classes)
