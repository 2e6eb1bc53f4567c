r"""Calibration: does a model's confidence match how often it is right?

A model that says "90%" should be right 90% of the time on those samples. The expected
calibration error (ECE, Guo et al. 2017) bins the predictions by confidence and averages the
gap between confidence and accuracy, weighted by how many predictions fall into each bin.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from dlbasics._checks import check_int, check_same_length, check_tensor

__all__ = ["ReliabilityBins", "expected_calibration_error", "reliability_bins"]


@dataclass(frozen=True, kw_only=True)
class ReliabilityBins:
    """Per-bin statistics of a reliability diagram (empty bins hold ``nan``).

    Shape:
        Every field: ``(n_bins,)``.
    """

    edges: torch.Tensor  # (n_bins + 1,) bin edges in [0, 1]
    confidence: torch.Tensor  # (n_bins,) mean confidence of the predictions in the bin
    accuracy: torch.Tensor  # (n_bins,) share of those predictions that are right
    count: torch.Tensor  # (n_bins,) how many predictions fall into the bin


def reliability_bins(
    probs: torch.Tensor, targets: torch.Tensor, n_bins: int = 10
) -> ReliabilityBins:
    r"""Group predictions by confidence :math:`\max_c p_c` into ``n_bins`` equal bins of ``[0, 1]``.

    Bin :math:`b` holds the confidences in :math:`(\frac{b}{n}, \frac{b + 1}{n}]` (the first bin
    also holds 0).

    Args:
        probs: ``(N, K)`` predicted class probabilities (rows sum to 1).
        targets: ``(N,)`` true class indices.
        n_bins: number of bins, at least 1.

    Raises:
        TypeError: if an argument has the wrong type (``targets`` must be an integer tensor).
        ValueError: if the shapes disagree, ``N = 0``, or ``n_bins < 1``.

    Example:
        >>> p = torch.tensor([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7]])
        >>> b = reliability_bins(p, torch.tensor([0, 1, 1]), n_bins=2)
        >>> b.count.tolist(), b.accuracy.tolist()
        ([0, 3], [nan, 0.6666666865348816])
    """
    p = check_tensor(probs, "probs", shape=("N", "K"))
    y = check_tensor(targets, "targets", shape=("N",), floating=False)
    check_same_length(probs=p, targets=y)
    check_int(n_bins, "n_bins", low=1)
    conf, pred = p.max(dim=1)  # (N,), (N,)
    right = (pred == y).float()  # (N,)
    edges = torch.linspace(0, 1, n_bins + 1)
    which = (torch.ceil(conf * n_bins).long() - 1).clamp(0, n_bins - 1)  # (N,) bin index
    count = torch.bincount(which, minlength=n_bins)  # (n_bins,)
    conf_sum = torch.zeros(n_bins).index_add_(0, which, conf.float())
    right_sum = torch.zeros(n_bins).index_add_(0, which, right)
    n = count.clamp_min(1).float()
    empty = count == 0
    nan = torch.tensor(float("nan"))
    return ReliabilityBins(
        edges=edges,
        confidence=torch.where(empty, nan, conf_sum / n),
        accuracy=torch.where(empty, nan, right_sum / n),
        count=count,
    )


def expected_calibration_error(
    probs: torch.Tensor, targets: torch.Tensor, n_bins: int = 10
) -> float:
    r"""ECE :math:`= \sum_b \frac{n_b}{N}\,\lvert \mathrm{acc}_b - \mathrm{conf}_b \rvert`.

    0 for a perfectly calibrated model; an over-confident model that says 99% but is right
    90% of the time scores about 0.09.

    Args:
        probs: ``(N, K)`` predicted class probabilities.
        targets: ``(N,)`` true class indices.
        n_bins: number of equal-width confidence bins.

    Raises:
        TypeError, ValueError: as :func:`reliability_bins`.

    Example:
        >>> p = torch.tensor([[0.99, 0.01]] * 10)
        >>> y = torch.tensor([0] * 9 + [1])  # 90% right at 99% confidence
        >>> round(expected_calibration_error(p, y), 4)
        0.09
    """
    b = reliability_bins(probs, targets, n_bins)
    full = b.count > 0
    weights = b.count[full].float() / b.count.sum()
    return float((weights * (b.accuracy[full] - b.confidence[full]).abs()).sum())
