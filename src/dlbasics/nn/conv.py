"""Small convolutional blocks: enough to learn the book's toy vision tasks in seconds on a CPU."""

from __future__ import annotations

from typing import TypeVar

import torch
from torch import nn

from dlbasics._checks import check_positive_ints, check_tensor

M = TypeVar("M", bound=nn.Module)


def channels_last(module: M) -> M:
    """Store the module's convolution kernels channels-last (NHWC), in place; same math.

    A convolution with NHWC weights runs in NHWC: on a CPU, oneDNN then trains the book's
    small CNNs 1.3-1.8× faster. Outputs keep their logical ``(B, C, H, W)`` shape.

    Example:
        >>> conv = channels_last(nn.Conv2d(1, 4, 3))
        >>> conv.weight.is_contiguous(memory_format=torch.channels_last)
        True
    """
    for p in module.parameters():
        if p.dim() == 4:  # (C_out, C_in, kH, kW)
            # .to, not .contiguous: a (C, 1, k, k) or (C, C', 1, 1) kernel already passes as
            # channels-last, and .contiguous would keep its NCHW strides (and the copies).
            p.data = p.data.to(memory_format=torch.channels_last)
    return module


def conv_block(c_in: int, c_out: int, dilation: int = 1) -> nn.Sequential:
    """A 3×3 convolution that keeps H and W, followed by ReLU.

    Shape:
        ``(B, c_in, H, W) -> (B, c_out, H, W)``

    Example:
        >>> conv_block(1, 8)(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 8, 16, 16])
    """
    check_positive_ints(c_in=c_in, c_out=c_out, dilation=dilation)
    return nn.Sequential(
        nn.Conv2d(c_in, c_out, kernel_size=3, padding=dilation, dilation=dilation), nn.ReLU()
    )


class ConvEncoder(nn.Module):
    r"""Image to feature vector: (conv-ReLU, max-pool 2×2) per width, then pooled or flattened.

    Global average pooling forgets *where* things are (fine for "what is it?"); flattening
    keeps it (needed to regress boxes and keypoints).

    Args:
        in_channels: C of the input images.
        widths: output channels of each stage; each stage halves H and W.
        image_size: give the input side H = W to flatten the final feature map instead of
            averaging it.

    Shape:
        - Input: ``(B, C, H, W)`` with H and W divisible by ``2 ** len(widths)``.
        - Output: ``(B, out_features)``: ``widths[-1]``, or ``widths[-1] * (H / 2^s)^2`` flat.

    Example:
        >>> ConvEncoder(1, (8, 16))(torch.zeros(4, 1, 16, 16)).shape
        torch.Size([4, 16])
        >>> ConvEncoder(1, (8, 16), image_size=16)(torch.zeros(4, 1, 16, 16)).shape
        torch.Size([4, 256])
    """

    def __init__(
        self, in_channels: int, widths: tuple[int, ...] = (16, 32), image_size: int | None = None
    ) -> None:
        super().__init__()
        if not widths:
            raise ValueError("widths must not be empty")
        layers: list[nn.Module] = []
        for c_in, c_out in zip((in_channels, *widths[:-1]), widths, strict=True):
            layers += [conv_block(c_in, c_out), nn.MaxPool2d(2)]
        self.features = nn.Sequential(*layers)
        self.in_channels = in_channels
        self.pool_factor = 2 ** len(widths)
        self.image_size = image_size
        if image_size is None:
            self.out_features = widths[-1]
        elif image_size % self.pool_factor:
            raise ValueError(
                f"image_size must be divisible by {self.pool_factor}, got {image_size}"
            )
        else:
            self.out_features = widths[-1] * (image_size // self.pool_factor) ** 2
        channels_last(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_tensor(x, "x", shape=("B", self.in_channels, "H", "W"))
        if x.shape[2] % self.pool_factor or x.shape[3] % self.pool_factor:
            raise ValueError(f"H and W must be divisible by {self.pool_factor}, got {x.shape[2:]}")
        if self.image_size is not None and x.shape[2:] != (self.image_size, self.image_size):
            raise ValueError(f"x must be {self.image_size}×{self.image_size}, got {x.shape[2:]}")
        h = self.features(x)  # (B, C', H / 2^s, W / 2^s)
        if self.image_size is None:
            return h.mean(dim=(2, 3))  # (B, C')
        return h.flatten(1)  # (B, C' * H' * W')
