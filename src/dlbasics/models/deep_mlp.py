r"""Deep MLPs with and without identity shortcuts: ResNet's idea without the convolutions.

He et al. (2016) saw that a deeper *plain* network can train **worse** than a shallower one (the
degradation problem), which overfitting cannot explain: it is the training error that grows.
Their fix is the identity shortcut, :math:`y = x + F(x)`. The two models here differ in that one
line only; both stack the same :func:`mlp_layer` and use He initialisation.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from dlbasics._checks import check_int, check_positive_ints


def mlp_layer(width: int) -> nn.Sequential:
    r"""One hidden layer in pre-activation order, :math:`F(h) = W\,\mathrm{ReLU}(h) + b`.

    He-initialised (:func:`torch.nn.init.kaiming_normal_` for ReLU, zero bias), so a plain stack
    keeps the scale of its signal at the start of training.

    Args:
        width: C, features in and out.

    Shape:
        ``(B, C) -> (B, C)``

    Example:
        >>> mlp_layer(8)(torch.zeros(2, 8)).shape
        torch.Size([2, 8])
    """
    check_int(width, "width", low=1)
    linear = nn.Linear(width, width)
    nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
    nn.init.zeros_(linear.bias)
    return nn.Sequential(nn.ReLU(), linear)


class PlainMLP(nn.Module):
    r"""``depth`` linear layers with ReLU between them: ``h = F(h)`` layer after layer.

    The first layer maps the input to ``width`` features, ``depth - 2`` :func:`mlp_layer` s follow,
    and a ReLU + linear head gives the class scores. ``depth`` counts the weight layers, as the
    ResNet paper counts them.

    Args:
        depth: L, number of linear layers, at least 2.
        width: C, hidden features.
        in_features: D, features of each input.
        num_classes: outputs of the head.

    Shape:
        ``(B, D) -> (B, num_classes)``

    Example:
        >>> PlainMLP(depth=4, width=16)(torch.zeros(3, 64)).shape
        torch.Size([3, 10])
    """

    min_depth = 2

    def __init__(
        self, depth: int, width: int = 32, in_features: int = 64, num_classes: int = 10
    ) -> None:
        super().__init__()
        check_positive_ints(width=width, in_features=in_features, num_classes=num_classes)
        check_int(depth, "depth", low=self.min_depth)
        self.depth = depth
        self.stem = nn.Linear(in_features, width)
        self.layers = nn.ModuleList(mlp_layer(width) for _ in range(depth - 2))
        readout = nn.Linear(width, num_classes)
        for linear in (self.stem, readout):
            nn.init.kaiming_normal_(linear.weight, nonlinearity="relu")
            nn.init.zeros_(linear.bias)
        self.head = nn.Sequential(nn.ReLU(), readout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.stem(x)  # (B, C)
        for layer in self.layers:
            h = layer(h)  # h = F(h): the layer must learn the whole mapping
        return self.head(h)  # (B, num_classes)


class ResidualMLP(PlainMLP):
    r"""The same layers as :class:`PlainMLP`, each wrapped in an identity shortcut.

    .. math::
        h_{\ell} = h_{\ell-1} + \alpha\, F_\ell(h_{\ell-1}), \qquad
        \alpha = \frac{1}{\sqrt{L - 2}},

    where :math:`L - 2` is the number of residual branches. A layer only has to learn the
    *residual* :math:`F` on top of the identity; doing nothing (:math:`F = 0`) is easy. Scaling
    the branches by :math:`\alpha` keeps the variance of :math:`h` bounded however deep the stack
    (the role batch normalization and zero-initialised last BN weights play in conv ResNets).

    Args and shape as in :class:`PlainMLP`, but ``depth`` must be at least 3 (one residual
    branch).

    Example:
        >>> model = ResidualMLP(depth=30, width=16)
        >>> model(torch.zeros(3, 64)).shape, round(model.alpha, 3)
        (torch.Size([3, 10]), 0.189)
    """

    min_depth = 3

    def __init__(
        self, depth: int, width: int = 32, in_features: int = 64, num_classes: int = 10
    ) -> None:
        super().__init__(depth, width, in_features, num_classes)
        self.alpha = 1.0 / math.sqrt(depth - 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.stem(x)  # (B, C)
        for layer in self.layers:
            h = h + self.alpha * layer(h)  # identity shortcut: h + F(h) / sqrt(L - 2)
        return self.head(h)  # (B, num_classes)
