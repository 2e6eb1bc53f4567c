"""Object-detection metrics: box IoU, average precision (AP) and its mean over classes (mAP)."""

from __future__ import annotations

import torch

from dlbasics._checks import check_class_range, check_int, check_real, check_tensor

__all__ = ["average_precision", "box_iou", "mean_average_precision"]

Detections = tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]


def _check_boxes(boxes: object, name: str) -> torch.Tensor:
    """Validate ``(N, 4)`` boxes ``(x1, y1, x2, y2)``; integer boxes become float."""
    b = check_tensor(boxes, name, shape=("N", 4))
    if bool((b[:, 2] < b[:, 0]).any()) or bool((b[:, 3] < b[:, 1]).any()):
        raise ValueError(f"{name} must be (x1, y1, x2, y2) with x2 >= x1 and y2 >= y1")
    return b if b.dtype.is_floating_point else b.to(torch.get_default_dtype())


def _check_detections(
    pred_boxes: object,
    pred_scores: object,
    pred_image_ids: object,
    gt_boxes: object,
    gt_image_ids: object,
) -> Detections:
    """Validate the detections and ground truth of :func:`average_precision`; return them."""
    preds, gts = _check_boxes(pred_boxes, "pred_boxes"), _check_boxes(gt_boxes, "gt_boxes")
    n_pred, n_gt = preds.shape[0], gts.shape[0]
    scores = check_tensor(pred_scores, "pred_scores", shape=(n_pred,))
    pred_ids = check_tensor(pred_image_ids, "pred_image_ids", shape=(n_pred,), floating=False)
    gt_ids = check_tensor(gt_image_ids, "gt_image_ids", shape=(n_gt,), floating=False)
    return preds, scores, pred_ids, gts, gt_ids


def box_iou(boxes1: torch.Tensor, boxes2: torch.Tensor) -> torch.Tensor:
    r"""Intersection over union of every pair of boxes.

    .. math:: \mathrm{IoU}(A, B) = \frac{|A \cap B|}{|A| + |B| - |A \cap B|}

    Boxes are ``(x1, y1, x2, y2)`` in continuous pixel coordinates, so a box has area
    :math:`(x_2 - x_1)(y_2 - y_1)` (no "+1"). Two zero-area boxes have an empty union; their IoU
    is defined as 0.

    Args:
        boxes1: ``(N, 4)`` boxes.
        boxes2: ``(M, 4)`` boxes.

    Returns:
        ``(N, M)`` tensor, entry ``[i, j]`` is the IoU of ``boxes1[i]`` and ``boxes2[j]``, in
        [0, 1]. Integer boxes are converted to the default float dtype.

    Raises:
        TypeError: if an argument is not a tensor.
        ValueError: if a shape is not ``(*, 4)`` or a box has ``x2 < x1`` or ``y2 < y1``.

    Shape:
        - boxes1: :math:`(N, 4)`, boxes2: :math:`(M, 4)`
        - output: :math:`(N, M)`

    Example:
        >>> a = torch.tensor([[0.0, 0.0, 2.0, 2.0]])  # area 4
        >>> b = torch.tensor(
        ...     [[1.0, 1.0, 3.0, 3.0], [5.0, 5.0, 6.0, 6.0]]
        ... )  # areas 4 and 1
        >>> box_iou(a, b)  # overlap 1x1 = 1, union 4 + 4 - 1 = 7; no overlap
        tensor([[0.1429, 0.0000]])
    """
    b1, b2 = _check_boxes(boxes1, "boxes1"), _check_boxes(boxes2, "boxes2")
    area1 = (b1[:, 2] - b1[:, 0]) * (b1[:, 3] - b1[:, 1])  # (N,)
    area2 = (b2[:, 2] - b2[:, 0]) * (b2[:, 3] - b2[:, 1])  # (M,)
    # The intersection is the box between the larger top-left and the smaller bottom-right.
    top_left = torch.maximum(b1[:, None, :2], b2[None, :, :2])  # (N, M, 2)
    bottom_right = torch.minimum(b1[:, None, 2:], b2[None, :, 2:])  # (N, M, 2)
    wh = (bottom_right - top_left).clamp(min=0)  # (N, M, 2), 0 where the boxes do not meet
    intersection = wh[..., 0] * wh[..., 1]  # (N, M)
    union = area1[:, None] + area2[None, :] - intersection  # (N, M)
    return torch.where(union > 0, intersection / union, torch.zeros_like(union))


def average_precision(
    pred_boxes: torch.Tensor,
    pred_scores: torch.Tensor,
    pred_image_ids: torch.Tensor,
    gt_boxes: torch.Tensor,
    gt_image_ids: torch.Tensor,
    iou_threshold: float = 0.5,
) -> float:
    r"""Average precision (AP) of one class, the all-point interpolated area.

    .. math:: \mathrm{AP} = \sum_{i=1}^{P} (r_i - r_{i-1})\, p^{\mathrm{interp}}_i

    1. Sort the predictions by score, highest first (ties keep their input order).
    2. Walk down the list; match each prediction to the still **unmatched** ground-truth box of
       the same image with the highest IoU, if that IoU is :math:`\ge` ``iou_threshold``: a
       true positive (TP). Otherwise it is a false positive (FP); in particular a second
       detection of an already matched box is a FP (PASCAL VOC).
    3. After the :math:`i`-th prediction, precision :math:`p_i = \mathrm{TP}_i / i` and
       recall :math:`r_i = \mathrm{TP}_i / G` (:math:`G` ground-truth boxes, :math:`r_0 = 0`).
    4. Interpolate (VOC 2010+): :math:`p^{\mathrm{interp}}_i = \max_{j \ge i} p_j`, which makes
       precision non-increasing, and return the area under the resulting step curve.

    Args:
        pred_boxes: ``(P, 4)`` predicted boxes ``(x1, y1, x2, y2)``.
        pred_scores: ``(P,)`` confidence of each prediction.
        pred_image_ids: ``(P,)`` integer id of the image each prediction belongs to.
        gt_boxes: ``(G, 4)`` ground-truth boxes.
        gt_image_ids: ``(G,)`` integer id of the image of each ground-truth box.
        iou_threshold: minimum IoU for a match, in (0, 1].

    Returns:
        AP in [0, 1]; 0 when there are no predictions.

    Raises:
        TypeError: if an argument has the wrong type (ids must be integer tensors).
        ValueError: on wrong shapes or lengths, invalid boxes, ``G = 0`` (recall is undefined)
            or ``iou_threshold`` outside (0, 1].

    Shape:
        - pred_boxes: :math:`(P, 4)`, pred_scores, pred_image_ids: :math:`(P,)`
        - gt_boxes: :math:`(G, 4)`, gt_image_ids: :math:`(G,)`

    Example:
        >>> gt = torch.tensor([[0.0, 0.0, 10.0, 10.0], [20.0, 20.0, 30.0, 30.0]])
        >>> pred = torch.tensor(
        ...     [
        ...         [0.0, 0.0, 10.0, 10.0],
        ...         [50.0, 50.0, 60.0, 60.0],
        ...         [20.0, 20.0, 30.0, 30.0],
        ...     ]
        ... )
        >>> ids = torch.zeros(3, dtype=torch.long)
        >>> # TP, FP, TP: p = 1, 1/2, 2/3; r = 1/2, 1/2, 1 -> AP = 1/2 * 1 + 1/2 * 2/3
        >>> round(
        ...     average_precision(
        ...         pred, torch.tensor([0.9, 0.8, 0.7]), ids, gt, ids[:2]
        ...     ),
        ...     4,
        ... )
        0.8333
    """
    threshold = check_real(iou_threshold, "iou_threshold", low=0, high=1, low_open=True)
    preds, scores, pred_ids, gts, gt_ids = _check_detections(
        pred_boxes, pred_scores, pred_image_ids, gt_boxes, gt_image_ids
    )
    if gts.shape[0] == 0:
        raise ValueError("average precision is undefined without ground-truth boxes (G = 0)")
    return _average_precision(preds, scores, pred_ids, gts, gt_ids, threshold)


def _average_precision(
    preds: torch.Tensor,
    scores: torch.Tensor,
    pred_ids: torch.Tensor,
    gts: torch.Tensor,
    gt_ids: torch.Tensor,
    threshold: float,
) -> float:
    """:func:`average_precision` of checked detections and at least one ground-truth box."""
    n_pred, n_gt = preds.shape[0], gts.shape[0]
    if n_pred == 0:
        return 0.0

    ious = box_iou(preds, gts)  # (P, G)
    same_image = pred_ids[:, None] == gt_ids[None, :]  # (P, G)
    ious = torch.where(same_image, ious, torch.full_like(ious, -1.0))  # other images never match
    order = torch.argsort(scores, descending=True, stable=True)  # (P,)

    matched = torch.zeros(n_gt, dtype=torch.bool)  # (G,)
    is_tp = torch.zeros(n_pred, dtype=torch.bool)  # (P,), in score order
    for rank, i in enumerate(order.tolist()):
        candidates = ious[i].masked_fill(matched, -1.0)  # (G,), matched boxes are taken
        best = int(candidates.argmax())
        if float(candidates[best]) >= threshold:
            matched[best] = True
            is_tp[rank] = True

    tp = torch.cumsum(is_tp.to(torch.float64), dim=0)  # (P,)
    seen = torch.arange(1, n_pred + 1, dtype=torch.float64)  # (P,) predictions so far
    precision = tp / seen  # (P,)
    recall = tp / n_gt  # (P,)
    # Max over everything to the right: flip, running max, flip back.
    precision = torch.flip(torch.cummax(torch.flip(precision, [0]), dim=0).values, [0])  # (P,)
    previous_recall = torch.cat([torch.zeros(1, dtype=torch.float64), recall[:-1]])  # (P,)
    return float(((recall - previous_recall) * precision).sum())


def mean_average_precision(
    pred_boxes: torch.Tensor,
    pred_scores: torch.Tensor,
    pred_image_ids: torch.Tensor,
    gt_boxes: torch.Tensor,
    gt_image_ids: torch.Tensor,
    pred_labels: torch.Tensor,
    gt_labels: torch.Tensor,
    num_classes: int,
    iou_threshold: float = 0.5,
) -> float:
    r"""Mean of :func:`average_precision` over classes (mAP).

    .. math:: \mathrm{mAP} = \frac{1}{|\mathcal K|}\sum_{k\in\mathcal K}\mathrm{AP}_k

    :math:`\mathcal K` holds the classes with at least one ground-truth box; predictions of
    other classes are ignored. A prediction only matches ground truth of its own class.

    Args:
        pred_boxes: ``(P, 4)`` predicted boxes ``(x1, y1, x2, y2)``.
        pred_scores: ``(P,)`` confidence of each prediction.
        pred_image_ids: ``(P,)`` integer image id of each prediction.
        gt_boxes: ``(G, 4)`` ground-truth boxes.
        gt_image_ids: ``(G,)`` integer image id of each ground-truth box.
        pred_labels: ``(P,)`` predicted class of each box, in ``[0, K)``.
        gt_labels: ``(G,)`` true class of each ground-truth box, in ``[0, K)``.
        num_classes: ``K``.
        iou_threshold: minimum IoU for a match, in (0, 1].

    Returns:
        mAP in [0, 1].

    Raises:
        TypeError: as :func:`average_precision`; also for non-integer labels.
        ValueError: as :func:`average_precision`; also for labels outside ``[0, K)``.

    Shape:
        - pred_boxes: :math:`(P, 4)`, pred_scores, pred_image_ids, pred_labels: :math:`(P,)`
        - gt_boxes: :math:`(G, 4)`, gt_image_ids, gt_labels: :math:`(G,)`

    Example:
        >>> box = torch.tensor([[0.0, 0.0, 10.0, 10.0]])
        >>> one = torch.zeros(1, dtype=torch.long)
        >>> # class 0 found (AP 1), class 1 predicted with the wrong label (AP 0)
        >>> mean_average_precision(
        ...     torch.cat([box, box]),
        ...     torch.tensor([0.9, 0.8]),
        ...     torch.tensor([0, 1]),
        ...     torch.cat([box, box]),
        ...     torch.tensor([0, 1]),
        ...     pred_labels=torch.tensor([0, 0]),
        ...     gt_labels=torch.tensor([0, 1]),
        ...     num_classes=2,
        ... )
        0.5
    """
    k = check_int(num_classes, "num_classes", low=1)
    threshold = check_real(iou_threshold, "iou_threshold", low=0, high=1, low_open=True)
    preds, scores, pred_ids, gts, gt_ids = _check_detections(
        pred_boxes, pred_scores, pred_image_ids, gt_boxes, gt_image_ids
    )
    n_pred, n_gt = preds.shape[0], gts.shape[0]
    p_labels = check_tensor(pred_labels, "pred_labels", shape=(n_pred,), floating=False)
    g_labels = check_tensor(gt_labels, "gt_labels", shape=(n_gt,), floating=False)
    check_class_range(p_labels, "pred_labels", k)
    check_class_range(g_labels, "gt_labels", k)
    if n_gt == 0:
        raise ValueError("mean average precision is undefined without ground-truth boxes (G = 0)")

    aps = []
    for c in range(k):
        is_pred, is_gt = p_labels == c, g_labels == c  # (P,), (G,)
        if not bool(is_gt.any()):
            continue  # no ground truth: AP of this class is undefined, leave it out
        aps.append(
            _average_precision(
                preds[is_pred],
                scores[is_pred],
                pred_ids[is_pred],
                gts[is_gt],
                gt_ids[is_gt],
                threshold,
            )
        )
    return sum(aps) / len(aps)
