"""The handwritten digits that scikit-learn ships (8×8 images, 10 classes, 1797 samples)."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split


@dataclass(frozen=True)
class Split:
    """A train/test split of tensors.

    Shape:
        - ``x_train``: ``(N, 64)`` flattened or ``(N, 1, 8, 8)`` images, float32 in [0, 1].
        - ``y_train``: ``(N,)`` int64 class indices in [0, 10).
        - ``x_test``, ``y_test``: likewise with ``M`` samples.
    """

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor

    @property
    def num_classes(self) -> int:
        """Number of classes (10 for digits)."""
        return int(torch.cat([self.y_train, self.y_test]).max()) + 1


def load_digits_split(test_fraction: float = 0.25, seed: int = 0, flatten: bool = True) -> Split:
    r"""Load scikit-learn's digits and split them, stratified by class.

    Pixel values 0..16 are scaled to [0, 1].

    Args:
        test_fraction: share of samples held out for testing, in (0, 1).
        seed: seed of the shuffle, so a seed always gives the same split.
        flatten: ``True`` for ``(N, 64)`` vectors, ``False`` for ``(N, 1, 8, 8)`` images.

    Returns:
        A :class:`Split`.

    Raises:
        TypeError: if ``test_fraction`` is not a number or ``seed`` not an int.
        ValueError: if ``test_fraction`` is not in (0, 1) or ``seed`` is negative.

    Example:
        >>> s = load_digits_split(seed=0)
        >>> s.x_train.shape, s.x_test.shape, s.num_classes
        (torch.Size([1347, 64]), torch.Size([450, 64]), 10)
    """
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float)):
        raise TypeError(f"test_fraction must be a float, got {type(test_fraction).__name__}")
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be in (0, 1), got {test_fraction}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    if seed < 0:
        raise ValueError(f"seed must be non-negative, got {seed}")
    digits = load_digits()
    x = torch.tensor(digits.data, dtype=torch.float32) / 16.0  # (N, 64)
    y = torch.tensor(digits.target, dtype=torch.int64)  # (N,)
    if not flatten:
        x = x.view(-1, 1, 8, 8)  # (N, 1, H, W)
    idx = torch.arange(len(y)).numpy()
    train_idx, test_idx = train_test_split(
        idx, test_size=test_fraction, random_state=seed, stratify=y.numpy()
    )
    tr, te = torch.from_numpy(train_idx), torch.from_numpy(test_idx)
    return Split(x[tr], y[tr], x[te], y[te])
