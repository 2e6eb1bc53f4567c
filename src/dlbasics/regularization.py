r"""Generalization techniques of the Optimization slide, written from scratch.

:class:`EarlyStopping` (stop when validation stops improving, keep the best weights),
:func:`kfold_indices` (k-fold cross-validation splits), :func:`mixup` with its
:func:`soft_cross_entropy`, :func:`ensemble_average` (average the members' probabilities)
and :func:`l2_penalty` (the explicit form of weight decay).
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
from torch import nn

from dlbasics._checks import (
    check_int,
    check_positive,
    check_real,
    check_same_length,
    check_same_shape,
    check_tensor,
)

__all__ = [
    "EarlyStopping",
    "ensemble_average",
    "kfold_indices",
    "l2_penalty",
    "mixup",
    "soft_cross_entropy",
]


class EarlyStopping:
    r"""Stop training once the validation value stops decreasing; remember the best weights.

    Call :meth:`step` after each validation. A value counts as an improvement when it is
    below ``best - min_delta``; after ``patience`` evaluations in a row without one,
    :meth:`step` returns ``True``. :meth:`restore` loads the weights saved at ``best_epoch``.

    Args:
        patience: evaluations without improvement tolerated, at least 1.
        min_delta: the smallest decrease that counts as an improvement, at least 0.

    Raises:
        TypeError: if ``patience`` is not an int or ``min_delta`` (or a ``step`` value) not a
            number.
        ValueError: if ``patience < 1``, ``min_delta < 0`` or a ``step`` value is NaN.

    Example:
        >>> model = nn.Linear(1, 1)
        >>> stopper = EarlyStopping(patience=2)
        >>> [stopper.step(v, model) for v in [3.0, 2.0, 2.5, 2.1]]
        [False, False, False, True]
        >>> stopper.best_epoch, stopper.best_value
        (1, 2.0)
    """

    def __init__(self, patience: int, min_delta: float = 0.0) -> None:
        self.patience = check_int(patience, "patience", low=1)
        self.min_delta = check_real(min_delta, "min_delta", low=0)
        self.best_value = float("inf")
        self.best_epoch = -1
        self.best_state: dict[str, Any] | None = None
        self.epoch = -1
        self.bad_steps = 0

    def step(self, value: float, model: nn.Module) -> bool:
        """Record this epoch's validation ``value`` (lower is better).

        Returns ``True`` when training should stop. On improvement a deep copy of
        ``model.state_dict()`` is kept as the best weights.
        """
        value = check_real(value, "value")
        self.epoch += 1
        if value < self.best_value - self.min_delta:
            self.best_value = value
            self.best_epoch = self.epoch
            self.best_state = copy.deepcopy(model.state_dict())
            self.bad_steps = 0
        else:
            self.bad_steps += 1
        return self.bad_steps >= self.patience

    def restore(self, model: nn.Module) -> None:
        """Load the best weights seen so far into ``model`` (``RuntimeError`` before any step)."""
        if self.best_state is None:
            raise RuntimeError("restore() needs at least one call to step() first")
        model.load_state_dict(self.best_state)


def kfold_indices(n: int, k: int, seed: int = 0) -> list[tuple[torch.Tensor, torch.Tensor]]:
    r"""Shuffled k-fold splits: each sample is in exactly one validation fold.

    The permuted indices are cut into ``k`` folds whose sizes differ by at most 1 (the first
    ``n % k`` folds hold one more); fold ``i`` validates, the other folds train.

    Args:
        n: number of samples.
        k: number of folds, in ``[2, n]``.
        seed: seed of the shuffle.

    Returns:
        ``k`` pairs ``(train_idx, val_idx)`` of ``int64`` index tensors.

    Raises:
        TypeError: if ``n``, ``k`` or ``seed`` is not an int.
        ValueError: unless ``2 <= k <= n``.

    Example:
        >>> folds = kfold_indices(5, 2)
        >>> [(len(tr), len(va)) for tr, va in folds]
        [(2, 3), (3, 2)]
    """
    n, seed = check_int(n, "n"), check_int(seed, "seed")
    k = check_int(k, "k", low=2, high=n)
    perm = torch.randperm(n, generator=torch.Generator().manual_seed(seed))
    sizes = [n // k + (1 if i < n % k else 0) for i in range(k)]
    folds = list(torch.split(perm, sizes))
    return [(torch.cat(folds[:i] + folds[i + 1 :]), val) for i, val in enumerate(folds)]


def mixup(
    x: torch.Tensor,
    y_onehot: torch.Tensor,
    alpha: float,
    generator: torch.Generator | None = None,
) -> tuple[torch.Tensor, torch.Tensor, float]:
    r"""Mixup (Zhang et al., 2018): blend each sample with another one of the batch.

    .. math:: \lambda \sim \mathrm{Beta}(\alpha, \alpha),\quad
        \tilde x = \lambda x + (1-\lambda) x_{\pi},\quad
        \tilde y = \lambda y + (1-\lambda) y_{\pi}

    with one :math:`\lambda` per batch and :math:`\pi` a random permutation of the batch.
    Train on :math:`(\tilde x, \tilde y)` with :func:`soft_cross_entropy`.

    torch samples Beta through ``torch._standard_gamma``, which takes no generator; so the
    ``generator`` draws a seed for ``numpy.random.default_rng(seed).beta(alpha, alpha)`` and
    then the permutation. The same seeded generator gives the same result.

    Args:
        x: ``(B, ...)`` inputs.
        y_onehot: ``(B, C)`` one-hot (or soft) labels.
        alpha: Beta parameter, positive; small ``alpha`` keeps :math:`\lambda` near 0 or 1.
        generator: random source of :math:`\lambda` and the permutation.

    Returns:
        ``(x_mixed, y_mixed, lam)``; the tensors keep the shapes of ``x`` and ``y_onehot``.

    Raises:
        TypeError: if ``x`` or ``y_onehot`` is not a tensor or ``alpha`` not a number.
        ValueError: if ``alpha <= 0``, ``y_onehot`` is not 2-D or the batch sizes differ or
            are 0.

    Example:
        >>> g = torch.Generator().manual_seed(0)
        >>> xm, ym, lam = mixup(torch.randn(4, 3), torch.eye(4), alpha=0.4, generator=g)
        >>> xm.shape, ym.shape, 0 <= lam <= 1, torch.allclose(ym.sum(1), torch.ones(4))
        (torch.Size([4, 3]), torch.Size([4, 4]), True, True)
    """
    y = check_tensor(y_onehot, "y_onehot", shape=("B", "C"))
    check_same_length(x=check_tensor(x, "x"), y_onehot=y)
    alpha = check_positive(alpha, "alpha")
    seed = int(torch.randint(0, 2**62, (1,), generator=generator).item())
    lam = float(np.random.default_rng(seed).beta(alpha, alpha))
    perm = torch.randperm(x.shape[0], generator=generator)  # (B,)
    x_mixed = lam * x + (1 - lam) * x[perm]
    y_mixed = lam * y + (1 - lam) * y[perm]
    return x_mixed, y_mixed, lam


def soft_cross_entropy(logits: torch.Tensor, target_probs: torch.Tensor) -> torch.Tensor:
    r"""Cross-entropy against soft labels, averaged over the batch.

    .. math:: \mathcal{L} = -\frac1B \sum_i \sum_c q_{ic} \log \mathrm{softmax}(z_i)_c

    Equal to ``F.cross_entropy(logits, target_probs)`` with probability targets.

    Shape:
        ``logits`` and ``target_probs``: ``(B, C)``; output: scalar.

    Raises:
        TypeError: if an argument is not a tensor.
        ValueError: if the shapes differ or are not 2-D.

    Example:
        >>> z = torch.tensor([[2.0, 0.0], [0.0, 1.0]])
        >>> q = torch.tensor([[0.7, 0.3], [0.5, 0.5]])
        >>> ref = torch.nn.functional.cross_entropy(z, q)
        >>> bool(torch.isclose(soft_cross_entropy(z, q), ref))
        True
    """
    z = check_tensor(logits, "logits", shape=("B", "C"))
    q = check_tensor(target_probs, "target_probs")
    check_same_shape(logits=z, target_probs=q)
    return -(q * torch.log_softmax(z, dim=1)).sum(dim=1).mean()


def ensemble_average(prob_list: Sequence[torch.Tensor]) -> torch.Tensor:
    r"""Average the members' predicted probabilities: :math:`\bar p = \frac1M \sum_m p_m`.

    Raises:
        TypeError: if a member is not a tensor.
        ValueError: if ``prob_list`` is empty or the shapes differ.

    Example:
        >>> ensemble_average(
        ...     [torch.tensor([1.0, 0.0]), torch.tensor([0.5, 0.5])]
        ... ).tolist()
        [0.75, 0.25]
    """
    probs = [check_tensor(p, f"prob_list[{i}]") for i, p in enumerate(prob_list)]
    if not probs:
        raise ValueError("prob_list must hold at least one tensor")
    check_same_shape(**{f"prob_list[{i}]": p for i, p in enumerate(probs)})
    return torch.stack(probs).mean(dim=0)


def l2_penalty(model: nn.Module, weight_decay: float) -> torch.Tensor:
    r"""The L2 penalty :math:`\frac\lambda2 \sum_\theta \lVert\theta\rVert^2` over all parameters.

    Its gradient is :math:`\lambda\theta`, so adding it to the loss and taking a plain SGD step
    gives :math:`\theta \leftarrow \theta - \eta(\nabla\mathcal{L} + \lambda\theta)`, which is
    ``torch.optim.SGD(..., weight_decay=λ)``. (For Adam the two differ; AdamW decays directly.)

    Args:
        model: whose parameters are penalized (biases included).
        weight_decay: :math:`\lambda \ge 0`.

    Raises:
        TypeError: if ``weight_decay`` is not a number.
        ValueError: if ``weight_decay < 0``.

    Example:
        >>> lin = nn.Linear(2, 1)
        >>> with torch.no_grad():
        ...     _ = lin.weight.fill_(1.0), lin.bias.fill_(2.0)
        >>> round(l2_penalty(lin, 0.1).item(), 6)  # 0.05 * (1 + 1 + 4)
        0.3
    """
    wd = check_real(weight_decay, "weight_decay", low=0)
    total = sum((p.pow(2).sum() for p in model.parameters()), torch.tensor(0.0))
    return 0.5 * wd * total
