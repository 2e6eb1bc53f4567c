r"""More experiments of the Optimization chapter on the same noisy-digits baseline.

:func:`kfold_estimate` (how much a single validation split can mislead), :func:`ensemble`
(averaging members' probabilities) and :func:`batchnorm_effect` (a deeper net, trained with
plain SGD at several learning rates, with and without batch normalization).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics.experiments.generalization import (
    BASELINE,
    NoisyDigits,
    Setup,
    mlp,
    noisy_digits,
    train,
)
from dlbasics.optim import SGD
from dlbasics.regularization import ensemble_average, kfold_indices


@dataclass(frozen=True)
class KFoldResult:
    """Per-fold numbers of a k-fold validation of the baseline."""

    val_accuracy: tuple[
        float, ...
    ]  # each fold's model on its held-out fold, labels as we have them
    val_accuracy_true: tuple[float, ...]  # the same, scored with the true labels (oracle)
    test_accuracy: tuple[float, ...]  # the same models on the true-labelled test set
    fold_size: int  # samples per validation fold (about n / k)

    @property
    def mean(self) -> float:
        """The k-fold estimate: the mean validation accuracy."""
        return sum(self.val_accuracy) / len(self.val_accuracy)

    @property
    def std(self) -> float:
        """Spread of the single-fold estimates (population standard deviation)."""
        return float(torch.tensor(self.val_accuracy).std(correction=0))

    @property
    def stderr(self) -> float:
        r"""Standard error of the mean, :math:`\mathrm{std}/\sqrt{k}`."""
        return self.std / math.sqrt(len(self.val_accuracy))

    @property
    def mean_true(self) -> float:
        """Mean validation accuracy against the true labels."""
        return sum(self.val_accuracy_true) / len(self.val_accuracy_true)

    @property
    def mean_test(self) -> float:
        """Mean test accuracy of the fold models."""
        return sum(self.test_accuracy) / len(self.test_accuracy)


def kfold_estimate(k: int = 5, seed: int = 0, setup: Setup = BASELINE) -> KFoldResult:
    """k-fold validation of the baseline on all labelled samples (training + validation parts).

    Each fold trains a fresh baseline MLP on the other folds and is scored on its own fold,
    with the labels we have (some wrong) and, to see what that costs, with the true ones.

    Example:
        >>> r = kfold_estimate(k=2, setup=Setup(steps=1, hidden=4, n_train=10, n_val=10))
        >>> len(r.val_accuracy), r.fold_size
        (2, 10)
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 2:
        raise ValueError(f"k must be an int >= 2, got {k!r}")
    data = noisy_digits(setup, seed)
    x = torch.cat([data.x_train, data.x_val])  # (n, 64) every labelled sample we have
    y = torch.cat([data.y_train, data.y_val])  # (n,) labels as we have them
    y_true = torch.cat([data.y_train_true, data.y_val_true])  # (n,)
    val_acc, val_true, test_acc = [], [], []
    for i, (tr, va) in enumerate(kfold_indices(len(y), k, seed)):
        fold = NoisyDigits(
            x[tr],
            y[tr],
            torch.zeros(len(tr), dtype=torch.bool),
            y_true[tr],
            x[va],
            y[va],
            y_true[va],
            data.x_test,
            data.y_test,
        )
        torch.manual_seed(seed + 1000 * i)
        model = mlp(setup.hidden)
        result = train(model, fold.x_train, fold.y_train, fold, setup)
        model.eval()
        with torch.no_grad():
            pred = model(x[va]).argmax(1)  # (n / k,)
        val_acc.append(float((pred == y[va]).float().mean()))
        val_true.append(float((pred == y_true[va]).float().mean()))
        test_acc.append(result.final_test_accuracy)
    return KFoldResult(tuple(val_acc), tuple(val_true), tuple(test_acc), len(y) // k)


@dataclass(frozen=True)
class EnsembleResult:
    """Test accuracy of each member and of the averages of the first m members."""

    member_accuracy: tuple[float, ...]  # member i alone
    ensemble_accuracy: tuple[float, ...]  # average of members 0..m-1, for m = 1..N
    bootstrap: bool  # whether each member trained on its own bootstrap resample

    @property
    def mean_member(self) -> float:
        """The average single model."""
        return sum(self.member_accuracy) / len(self.member_accuracy)


def ensemble(
    n_members: int = 5, seed: int = 0, bootstrap: bool = False, setup: Setup = BASELINE
) -> EnsembleResult:
    """Train ``n_members`` baselines and average their predicted probabilities.

    The members differ in initialization; with ``bootstrap=True`` each also trains on its own
    resample (drawn with replacement) of the training set: bagging (Breiman 1996).

    Example:
        >>> r = ensemble(2, setup=Setup(steps=1, hidden=4))
        >>> len(r.member_accuracy), len(r.ensemble_accuracy)
        (2, 2)
    """
    if n_members < 1:
        raise ValueError(f"n_members must be >= 1, got {n_members}")
    data = noisy_digits(setup, seed)
    n = len(data.y_train)
    probs, accs, ens = [], [], []
    for m in range(n_members):
        torch.manual_seed(seed + 1000 * m)
        model = mlp(setup.hidden)
        g = torch.Generator().manual_seed(seed + 1000 * m)
        idx = torch.randint(0, n, (n,), generator=g) if bootstrap else torch.arange(n)  # (n,)
        r = train(model, data.x_train[idx], data.y_train[idx], data, setup)  # (n,) resample
        probs.append(r.test_probs)
        accs.append(r.final_test_accuracy)
        avg = ensemble_average(probs)  # (M, 10) mean of the first m + 1 members
        ens.append(float((avg.argmax(1) == data.y_test).float().mean()))
    return EnsembleResult(tuple(accs), tuple(ens), bootstrap)


@dataclass(frozen=True)
class BatchNormResult:
    """Training-loss curves of a deep MLP under plain SGD, with and without batch normalization."""

    lrs: tuple[float, ...]  # learning rates tried, increasing
    plain: tuple[tuple[float, ...], ...]  # loss per step for each lr, no BN (inf once diverged)
    bn: tuple[tuple[float, ...], ...]  # the same with BatchNorm1d after every hidden Linear

    @property
    def final_plain(self) -> tuple[float, ...]:
        """Final training loss per lr without BN."""
        return tuple(c[-1] for c in self.plain)

    @property
    def final_bn(self) -> tuple[float, ...]:
        """Final training loss per lr with BN."""
        return tuple(c[-1] for c in self.bn)

    def steps_to(self, loss: float) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Per lr, the updates needed until the loss is ``<= loss`` (``steps`` if never).

        Returns ``(plain, bn)``.
        """

        def first(curve: tuple[float, ...]) -> int:
            return next((t for t, v in enumerate(curve) if v <= loss), len(curve))

        return tuple(first(c) for c in self.plain), tuple(first(c) for c in self.bn)


def _sgd_curve(
    x: torch.Tensor, y: torch.Tensor, depth: int, width: int, bn: bool, lr: float, steps: int
) -> tuple[float, ...]:
    model = mlp(width, depth=depth, batchnorm=bn)
    for m in model.modules():  # He initialization, so that the plain net gets a fair start
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    opt = SGD(model.parameters(), lr=lr)
    losses: list[float] = []
    for _ in range(steps):
        loss = F.cross_entropy(model(x), y)
        if not torch.isfinite(loss):  # diverged: the rest of the curve is infinite
            return tuple(losses + [float("inf")] * (steps - len(losses)))
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
        losses.append(loss.item())
    return tuple(losses)


def batchnorm_effect(
    seed: int = 0,
    lrs: tuple[float, ...] = (0.01, 0.1, 1.0),
    depth: int = 6,
    width: int = 64,
    steps: int = 100,
    setup: Setup = BASELINE,
) -> BatchNormResult:
    """Train a ``depth``-hidden-layer MLP full-batch with plain SGD at each lr, with/without BN.

    Both nets start from the same He-initialized weights. They fit the baseline's training
    samples with their *true* labels: this experiment is about optimization, not noise.

    Example:
        >>> r = batchnorm_effect(lrs=(0.1,), depth=2, width=4, steps=2)
        >>> len(r.plain[0]), len(r.bn[0])
        (2, 2)
    """
    if depth < 1 or steps < 1 or not lrs or min(lrs) <= 0:
        raise ValueError(
            f"need depth >= 1, steps >= 1 and positive lrs, got {depth}, {steps}, {lrs}"
        )
    data = noisy_digits(setup, seed)
    x, y = data.x_train, data.y_train_true
    lrs = tuple(sorted(lrs))
    curves: dict[bool, list[tuple[float, ...]]] = {False: [], True: []}
    for lr in lrs:
        for use_bn, out in curves.items():
            torch.manual_seed(seed)  # the same initial weights for both nets
            out.append(_sgd_curve(x, y, depth, width, use_bn, lr, steps))
    return BatchNormResult(lrs, tuple(curves[False]), tuple(curves[True]))
