"""The handwritten digits that scikit-learn ships (8×8 images, 10 classes, 1797 samples)."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from dlbasics._checks import check_int, check_real


@dataclass(frozen=True, kw_only=True)
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
    check_real(test_fraction, "test_fraction", low=0, high=1, low_open=True, high_open=True)
    check_int(seed, "seed", low=0)
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
    return Split(x_train=x[tr], y_train=y[tr], x_test=x[te], y_test=y[te])
