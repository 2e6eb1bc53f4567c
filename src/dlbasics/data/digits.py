"""The handwritten digits that scikit-learn ships (8×8 images, 10 classes, 1797 samples)."""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from math import ceil
from pathlib import Path

import numpy as np
import torch

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
    table = _digits_table()  # (N, 64 + 1): pixels, then the class
    x = torch.tensor(table[:, :-1], dtype=torch.float32) / 16.0  # (N, 64)
    y = torch.tensor(table[:, -1], dtype=torch.int64)  # (N,)
    if not flatten:
        x = x.view(-1, 1, 8, 8)  # (N, 1, H, W)
    train_idx, test_idx = stratified_split(y.numpy(), test_fraction, seed)
    tr, te = torch.from_numpy(train_idx), torch.from_numpy(test_idx)
    return Split(x_train=x[tr], y_train=y[tr], x_test=x[te], y_test=y[te])


def _sklearn_data(name: str) -> Path:
    """A data file inside the installed scikit-learn, found without importing it (~1 s)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("scikit-learn is not installed: pip install scikit-learn")
    return Path(next(iter(spec.submodule_search_locations))) / "datasets" / "data" / name


@functools.cache
def _digits_table() -> np.ndarray:
    """The file ``sklearn.datasets.load_digits`` reads, read once per process."""
    table = np.loadtxt(_sklearn_data("digits.csv.gz"), delimiter=",")
    table.flags.writeable = False  # shared by every call
    return table


def stratified_split(
    y: np.ndarray, test_fraction: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Train and test indices, each class split in proportion: scikit-learn's split, exactly.

    The same indices as ``train_test_split(arange(N), test_size=test_fraction,
    random_state=seed, stratify=y)`` (a test checks it), without importing scikit-learn.
    """
    rng = np.random.RandomState(seed)
    n_test = ceil(test_fraction * len(y))
    classes, y_indices, counts = np.unique(y, return_inverse=True, return_counts=True)
    by_class = np.split(np.argsort(y_indices, kind="stable"), np.cumsum(counts)[:-1])
    n_train_i = _approximate_mode(counts, len(y) - n_test, rng)
    n_test_i = _approximate_mode(counts - n_train_i, n_test, rng)
    train: list[int] = []
    test: list[int] = []
    for i in range(len(classes)):
        members = by_class[i].take(rng.permutation(counts[i]), mode="clip")
        train.extend(members[: n_train_i[i]])
        test.extend(members[n_train_i[i] : n_train_i[i] + n_test_i[i]])
    return rng.permutation(train), rng.permutation(test)


def _approximate_mode(counts: np.ndarray, n_draws: int, rng: np.random.RandomState) -> np.ndarray:
    """How many of ``n_draws`` to take from each class: proportional, ties broken by ``rng``."""
    continuous = counts / counts.sum() * n_draws
    floored = np.floor(continuous)
    need = int(n_draws - floored.sum())
    remainder = continuous - floored
    for value in np.sort(np.unique(remainder))[::-1]:
        if need <= 0:
            break
        (tied,) = np.where(remainder == value)
        add = min(len(tied), need)
        floored[rng.choice(tied, size=add, replace=False)] += 1
        need -= add
    return floored.astype(int)
