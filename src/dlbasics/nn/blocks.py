r"""The blocks that define GoogLeNet, ResNet and DenseNet, named as in their papers."""

from __future__ import annotations

from typing import Protocol

import torch
from torch import nn


def conv_bn_relu(c_in: int, c_out: int, kernel_size: int, stride: int = 1) -> nn.Sequential:
    r"""Convolution (no bias: BN's shift replaces it), batch norm, ReLU; odd kernels keep H, W.

    Args:
        c_in: input channels.
        c_out: output channels.
        kernel_size: side of the square kernel, padded by ``kernel_size // 2``.
        stride: step of the kernel; 2 halves H and W.

    Shape:
        ``(B, c_in, H, W) -> (B, c_out, H / stride, W / stride)``

    Example:
        >>> conv_bn_relu(1, 8, 3, stride=2)(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 8, 8, 8])
    """
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, kernel_size, stride, padding=kernel_size // 2, bias=False),
        nn.BatchNorm2d(c_out),
        nn.ReLU(inplace=True),
    )


def stem(c_in: int, c_out: int, kernel_size: int, stride: int, pool: bool) -> nn.Sequential:
    r"""The first layers of ResNet and DenseNet: conv-BN-ReLU, then optionally a 3×3/2 max-pool.

    Example:
        >>> stem(3, 64, 7, 2, pool=True)(torch.zeros(1, 3, 224, 224)).shape
        torch.Size([1, 64, 56, 56])
    """
    layers: list[nn.Module] = [conv_bn_relu(c_in, c_out, kernel_size, stride)]
    if pool:
        layers.append(nn.MaxPool2d(kernel_size=3, stride=2, padding=1))
    return nn.Sequential(*layers)


class StemSizes(Protocol):
    """The stem fields of a model config (:class:`~dlbasics.models.resnet.ResNetConfig`, ...)."""

    @property
    def in_channels(self) -> int: ...
    @property
    def stem_channels(self) -> int: ...
    @property
    def stem_kernel_size(self) -> int: ...
    @property
    def stem_stride(self) -> int: ...
    @property
    def stem_pool(self) -> bool: ...


def stem_from(config: StemSizes) -> nn.Sequential:
    r"""The :func:`stem` that a model config's ``in_channels`` and ``stem_*`` fields describe.

    Example:
        >>> from dlbasics.models.resnet import ResNetConfig
        >>> stem_from(ResNetConfig.small())(torch.zeros(1, 1, 16, 16)).shape
        torch.Size([1, 16, 16, 16])
    """
    return stem(
        config.in_channels,
        config.stem_channels,
        config.stem_kernel_size,
        config.stem_stride,
        config.stem_pool,
    )


class InceptionBlock(nn.Module):
    r"""GoogLeNet's block: four parallel branches, concatenated on channels (Szegedy et al. 2015).

    Instead of choosing one kernel size, use them all side by side. Cheap 1×1 "reduce"
    convolutions shrink the channels before the expensive 3×3 and 5×5 ones.

    Args:
        c_in: input channels.
        c1: output channels of the 1×1 branch.
        c3_reduce: channels of the 1×1 conv before the 3×3 conv.
        c3: output channels of the 3×3 branch.
        c5_reduce: channels of the 1×1 conv before the 5×5 conv.
        c5: output channels of the 5×5 branch.
        pool_proj: output channels of the 1×1 conv after the 3×3 max-pool.
        c5_kernel_size: 5 as in the paper; torchvision uses 3 (a quirk kept for its weights).

    Shape:
        ``(B, c_in, H, W) -> (B, out_channels, H, W)`` with
        ``out_channels = c1 + c3 + c5 + pool_proj``.

    Example:
        >>> block = InceptionBlock(
        ...     16, c1=8, c3_reduce=8, c3=16, c5_reduce=4, c5=4, pool_proj=4
        ... )
        >>> block.out_channels, block(torch.zeros(2, 16, 8, 8)).shape
        (32, torch.Size([2, 32, 8, 8]))
    """

    def __init__(
        self,
        c_in: int,
        c1: int,
        c3_reduce: int,
        c3: int,
        c5_reduce: int,
        c5: int,
        pool_proj: int,
        *,
        c5_kernel_size: int = 5,
    ) -> None:
        super().__init__()
        self.branch1 = conv_bn_relu(c_in, c1, 1)
        self.branch3 = nn.Sequential(
            conv_bn_relu(c_in, c3_reduce, 1), conv_bn_relu(c3_reduce, c3, 3)
        )
        self.branch5 = nn.Sequential(
            conv_bn_relu(c_in, c5_reduce, 1), conv_bn_relu(c5_reduce, c5, c5_kernel_size)
        )
        self.branch_pool = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1), conv_bn_relu(c_in, pool_proj, 1)
        )
        self.out_channels = c1 + c3 + c5 + pool_proj

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        branches = (self.branch1, self.branch3, self.branch5, self.branch_pool)
        outs = [branch(x) for branch in branches]
        return torch.cat(outs, dim=1)  # (B, out_channels, H, W)


class ResidualBlock(nn.Module):
    r"""ResNet's basic block: ``y = ReLU(F(x) + shortcut(x))`` (He et al. 2016).

    ``F`` is conv3×3-BN-ReLU-conv3×3-BN. The layers learn only the *residual* ``F(x)``
    on top of the identity, so a deep stack can at worst pass its input through. When the
    stride or channels change, a 1×1 conv + BN projects the shortcut to the new shape.

    Args:
        channels: input channels.
        stride: stride of the first conv (and of the projection); 2 halves H and W.
        out_channels: output channels; ``None`` keeps ``channels``.

    Shape:
        ``(B, channels, H, W) -> (B, out_channels, H / stride, W / stride)``

    Example:
        >>> ResidualBlock(8, stride=2, out_channels=16)(torch.zeros(2, 8, 16, 16)).shape
        torch.Size([2, 16, 8, 8])
    """

    def __init__(self, channels: int, stride: int = 1, out_channels: int | None = None) -> None:
        super().__init__()
        c_out = channels if out_channels is None else out_channels
        self.conv1 = nn.Conv2d(channels, c_out, 3, stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.shortcut: nn.Module = nn.Identity()
        if stride != 1 or c_out != channels:
            self.shortcut = nn.Sequential(
                nn.Conv2d(channels, c_out, 1, stride, bias=False), nn.BatchNorm2d(c_out)
            )
        self.out_channels = c_out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        residual = torch.relu(self.bn1(self.conv1(x)))  # (B, C_out, H / s, W / s)
        residual = self.bn2(self.conv2(residual))
        return torch.relu(residual + self.shortcut(x))  # y = F(x) + x


def _bn_relu_conv(c_in: int, c_out: int, kernel_size: int) -> nn.Sequential:
    """DenseNet's pre-activation order: batch norm, ReLU, then a bias-free conv keeping H, W."""
    return nn.Sequential(
        nn.BatchNorm2d(c_in),
        nn.ReLU(),
        nn.Conv2d(c_in, c_out, kernel_size, padding=kernel_size // 2, bias=False),
    )


class DenseLayer(nn.Module):
    r"""One layer of a dense block: BN-ReLU-conv3×3 to ``growth_rate`` new channels, appended.

    With ``bn_size`` (DenseNet-BC) a BN-ReLU-conv1×1 "bottleneck" to ``bn_size * growth_rate``
    channels comes first, so the 3×3 conv does not see the whole, growing input.

    Args:
        c_in: input channels.
        growth_rate: ``k`` in the paper: the channels this layer adds.
        bn_size: bottleneck width as a multiple of ``growth_rate`` (4 in the paper);
            ``None`` for no bottleneck.

    Shape:
        ``(B, c_in, H, W) -> (B, c_in + growth_rate, H, W)``

    Example:
        >>> DenseLayer(16, growth_rate=8)(torch.zeros(2, 16, 4, 4)).shape
        torch.Size([2, 24, 4, 4])
    """

    def __init__(self, c_in: int, growth_rate: int, bn_size: int | None = None) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        c = c_in
        if bn_size is not None:  # bottleneck: (B, c_in, H, W) -> (B, bn_size * k, H, W)
            layers.append(_bn_relu_conv(c, bn_size * growth_rate, 1))
            c = bn_size * growth_rate
        layers.append(_bn_relu_conv(c, growth_rate, 3))  # (B, k, H, W)
        self.body = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([x, self.body(x)], dim=1)  # (B, c_in + growth_rate, H, W)


class DenseBlock(nn.Module):
    r"""DenseNet's block: every layer sees the feature maps of all layers before it (Huang 2017).

    Args:
        c_in: input channels.
        growth_rate: channels each layer adds.
        num_layers: number of :class:`DenseLayer` s.
        bn_size: bottleneck width of each layer, see :class:`DenseLayer`.

    Shape:
        ``(B, c_in, H, W) -> (B, out_channels, H, W)`` with
        ``out_channels = c_in + num_layers * growth_rate``.

    Example:
        >>> block = DenseBlock(16, growth_rate=8, num_layers=3)
        >>> block.out_channels, block(torch.zeros(2, 16, 4, 4)).shape
        (40, torch.Size([2, 40, 4, 4]))
    """

    def __init__(
        self, c_in: int, growth_rate: int, num_layers: int, bn_size: int | None = None
    ) -> None:
        super().__init__()
        self.layers = nn.Sequential(
            *(DenseLayer(c_in + i * growth_rate, growth_rate, bn_size) for i in range(num_layers))
        )
        self.out_channels = c_in + num_layers * growth_rate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers(x)  # (B, c_in + num_layers * growth_rate, H, W)


class Transition(nn.Module):
    r"""Between dense blocks: BN-ReLU-conv1×1 to ``c_out`` channels, then 2×2 average pool.

    Args:
        c_in: input channels.
        c_out: output channels (``c_in // 2`` for DenseNet-BC's compression 0.5).

    Shape:
        ``(B, c_in, H, W) -> (B, c_out, H / 2, W / 2)``

    Example:
        >>> Transition(40, 20)(torch.zeros(2, 40, 4, 4)).shape
        torch.Size([2, 20, 2, 2])
    """

    def __init__(self, c_in: int, c_out: int) -> None:
        super().__init__()
        self.body = nn.Sequential(_bn_relu_conv(c_in, c_out, 1), nn.AvgPool2d(2))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)  # (B, c_out, H / 2, W / 2)
