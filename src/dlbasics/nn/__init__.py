"""Reusable building blocks for the book's models."""

from dlbasics.nn.conv import ConvEncoder, conv_block

__all__ = ["ConvEncoder", "conv_block"]
