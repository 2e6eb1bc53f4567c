"""Semantic-segmentation metrics: intersection over union (IoU) per class and its mean."""

from __future__ import annotations

import torch

from dlbasics._checks import check_class_range, check_int, check_same_shape, check_tensor

__all__ = ["iou_per_class", "mean_iou"]


def iou_per_class(pred: torch.Tensor, target: torch.Tensor, num_classes: int) -> torch.Tensor:
    r"""Intersection over union (IoU) of each class.

    .. math:: \mathrm{IoU}_k = \frac{|P_k \cap T_k|}{|P_k \cup T_k|}

    :math:`P_k` is the set of pixels predicted as class :math:`k` and :math:`T_k` the set of
    pixels whose true class is :math:`k`, pooled over **all pixels of the batch** (not averaged
    image by image). A class absent from both ``pred`` and ``target`` has :math:`0/0` and gets
    ``NaN``, so that :func:`mean_iou` can skip it.

    Args:
        pred: predicted class of every pixel, integer tensor, e.g. ``(N, H, W)``.
        target: true class of every pixel, integer tensor of the same shape.
        num_classes: ``K``; values must lie in ``[0, K)``.

    Returns:
        ``(K,)`` ``torch.float64`` tensor of IoUs in [0, 1], ``NaN`` for absent classes.

    Raises:
        TypeError: if the masks are not integer tensors or ``num_classes`` is not an int.
        ValueError: if the shapes differ, the masks are empty, ``num_classes < 1`` or a value is
            outside ``[0, K)``.

    Shape:
        - pred, target: :math:`(N, H, W)` or any shape, the same for both
        - output: :math:`(K,)`

    Example:
        >>> pred = torch.tensor([[0, 0], [1, 1]])
        >>> target = torch.tensor([[0, 1], [1, 1]])
        >>> iou_per_class(
        ...     pred, target, num_classes=3
        ... ).tolist()  # class 2 appears nowhere
        [0.5, 0.6666666666666666, nan]
    """
    k = check_int(num_classes, "num_classes", low=1)
    pred = check_tensor(pred, "pred", floating=False, nonempty=True)
    check_same_shape(pred=pred, target=check_tensor(target, "target", floating=False))
    check_class_range(pred, "pred", k)
    check_class_range(target, "target", k)
    p = pred.reshape(-1).long()  # (N, H, W) -> (N*H*W,)
    t = target.reshape(-1).long()  # (N, H, W) -> (N*H*W,)
    ious = torch.empty(k, dtype=torch.float64)  # (K,)
    for c in range(k):
        in_pred, in_target = p == c, t == c  # (N*H*W,) boolean masks
        intersection = int((in_pred & in_target).sum())
        union = int((in_pred | in_target).sum())
        ious[c] = intersection / union if union > 0 else float("nan")
    return ious


def mean_iou(pred: torch.Tensor, target: torch.Tensor, num_classes: int) -> float:
    r"""Mean IoU (mIoU) over the classes present.

    .. math:: \mathrm{mIoU} = \frac{1}{|\mathcal K|}\sum_{k\in\mathcal K}\mathrm{IoU}_k

    :math:`\mathcal K` is the set of classes that occur in ``pred`` or ``target`` (the ``NaN``
    entries of :func:`iou_per_class` are skipped, a ``nanmean``).

    Args:
        pred: predicted class of every pixel, integer tensor, e.g. ``(N, H, W)``.
        target: true class of every pixel, integer tensor of the same shape.
        num_classes: ``K``; values must lie in ``[0, K)``.

    Returns:
        Mean IoU in [0, 1].

    Raises:
        TypeError: as :func:`iou_per_class`.
        ValueError: as :func:`iou_per_class`.

    Shape:
        - pred, target: :math:`(N, H, W)` or any shape, the same for both

    Example:
        >>> pred = torch.tensor([[0, 0], [1, 1]])
        >>> target = torch.tensor([[0, 1], [1, 1]])
        >>> round(mean_iou(pred, target, num_classes=3), 4)  # (1/2 + 2/3) / 2
        0.5833
    """
    ious = iou_per_class(pred, target, num_classes)  # (K,)
    # Non-empty masks always contain at least one class, so the nanmean is over >= 1 value.
    return float(torch.nanmean(ious))
