"""Datasets made in code or shipped inside a pip package: nothing is downloaded."""

from dlbasics.data.digits import Split, load_digits_split

__all__ = ["Split", "load_digits_split"]
