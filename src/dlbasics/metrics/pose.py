"""Pose-estimation metric: PCK, the Percentage of Correct Keypoints."""

from __future__ import annotations

import torch

from dlbasics._checks import check_positive, check_same_shape, check_tensor

__all__ = ["pck"]


def pck(
    pred: torch.Tensor,
    target: torch.Tensor,
    scale: torch.Tensor,
    alpha: float = 0.1,
    visible: torch.Tensor | None = None,
) -> float:
    r"""Share of keypoints close enough to the truth (PCK@:math:`\alpha`).

    .. math::
        \mathrm{PCK} = \frac{1}{|V|}\sum_{(n,k)\in V}
        \bigl[\lVert \hat x_{nk} - x_{nk} \rVert_2 \le \alpha s_n\bigr]

    A keypoint counts as correct when its Euclidean distance to the target is at most
    :math:`\alpha` times the scale :math:`s_n` of its object (typically the bounding-box
    diagonal or the image size, e.g. PCK@0.1 with :math:`\alpha = 0.1`). :math:`V` is the set
    of visible keypoints (all of them when ``visible`` is ``None``).

    Args:
        pred: ``(N, K, 2)`` predicted ``(x, y)`` keypoints.
        target: ``(N, K, 2)`` true keypoints.
        scale: ``(N,)`` positive size of each object.
        alpha: positive fraction of the scale that is still counted as correct.
        visible: optional ``(N, K)`` boolean mask; only ``True`` keypoints are counted.

    Returns:
        PCK in [0, 1].

    Raises:
        TypeError: if a tensor argument is not a tensor, ``visible`` is not boolean or ``alpha``
            is not a number.
        ValueError: on wrong shapes, ``scale <= 0``, ``alpha <= 0``, or when no keypoint is
            counted (``N * K = 0`` or nothing visible).

    Shape:
        - pred, target: :math:`(N, K, 2)`
        - scale: :math:`(N,)`
        - visible: :math:`(N, K)`

    Example:
        >>> pred = torch.tensor([[[0.0, 0.0], [3.0, 4.0]]])  # distances 0 and 5
        >>> target = torch.zeros(1, 2, 2)
        >>> pck(pred, target, scale=torch.tensor([40.0]), alpha=0.1)  # threshold 4
        0.5
        >>> pck(pred, target, scale=torch.tensor([50.0]), alpha=0.1)  # threshold 5
        1.0
    """
    a = check_positive(alpha, "alpha")
    pred = check_tensor(pred, "pred", shape=("N", "K", 2))
    check_same_shape(pred=pred, target=check_tensor(target, "target"))
    n, k = pred.shape[0], pred.shape[1]
    scale = check_tensor(scale, "scale", shape=(n,))
    if n > 0 and not bool((scale > 0).all()):
        raise ValueError(f"scale must be positive, got minimum {float(scale.min())}")
    if visible is None:
        visible = torch.ones(n, k, dtype=torch.bool)
    elif check_tensor(visible, "visible", shape=(n, k)).dtype != torch.bool:
        raise TypeError(f"visible must be a bool tensor, got dtype {visible.dtype}")
    counted = int(visible.sum())
    if counted == 0:
        raise ValueError("PCK is undefined when no keypoint is counted (N * K = 0 or none visible)")

    # float64 so that a distance exactly on the threshold (e.g. 5 vs 0.1 * 50) stays exact.
    diff = pred.to(torch.float64) - target.to(torch.float64)  # (N, K, 2)
    distance = torch.linalg.vector_norm(diff, dim=-1)  # (N, K, 2) -> (N, K)
    threshold = a * scale.to(torch.float64)[:, None]  # (N,) -> (N, 1)
    correct = (distance <= threshold) & visible  # (N, K)
    return int(correct.sum()) / counted
