"""Reusable building blocks for the book's models."""

from dlbasics.nn.blocks import (
    DenseBlock,
    DenseLayer,
    InceptionBlock,
    ResidualBlock,
    Transition,
    conv_bn_relu,
    stem,
    stem_from,
)
from dlbasics.nn.conv import ConvEncoder, channels_last, conv_block

__all__ = [
    "ConvEncoder",
    "DenseBlock",
    "DenseLayer",
    "InceptionBlock",
    "ResidualBlock",
    "Transition",
    "channels_last",
    "conv_block",
    "conv_bn_relu",
    "stem",
    "stem_from",
]
