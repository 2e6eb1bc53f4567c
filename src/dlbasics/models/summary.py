r"""Build a CNN from its config (by default without memory, on the meta device) and count it.

On ``torch.device("meta")`` tensors have shapes but no data: a 61M-parameter AlexNet is
built, counted and even run (for output shapes) in milliseconds.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbasics.models.alexnet import AlexNet, AlexNetConfig
from dlbasics.models.densenet import DenseNet, DenseNetConfig
from dlbasics.models.googlenet import GoogLeNet, GoogLeNetConfig
from dlbasics.models.resnet import ResNet, ResNetConfig

#: A config of one of the four CNNs of the "Model" slide.
CNNConfig = AlexNetConfig | GoogLeNetConfig | ResNetConfig | DenseNetConfig


def build(config: CNNConfig, device: str | torch.device = "meta") -> nn.Module:
    r"""The model that ``config`` describes, with its parameters created on ``device``.

    Args:
        config: an :class:`AlexNetConfig`, :class:`GoogLeNetConfig`, :class:`ResNetConfig`
            or :class:`DenseNetConfig`.
        device: ``"meta"`` (shapes only, no memory) or a real device such as ``"cpu"``.

    Example:
        >>> build(ResNetConfig.resnet18()).fc.weight.device
        device(type='meta')
    """
    with torch.device(device):
        if isinstance(config, AlexNetConfig):
            return AlexNet(config)
        if isinstance(config, GoogLeNetConfig):
            return GoogLeNet(config)
        if isinstance(config, ResNetConfig):
            return ResNet(config)
        return DenseNet(config)


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    r"""The number of scalar parameters of ``model`` (buffers such as BN statistics excluded).

    Args:
        model: any module, also one on the meta device.
        trainable_only: count only parameters with ``requires_grad``.

    Example:
        >>> count_parameters(build(AlexNetConfig.imagenet()))
        61100840
        >>> count_parameters(nn.Linear(3, 2))
        8
    """
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
