"""Small argument checks shared by the metric modules (private)."""

from __future__ import annotations

import torch


def check_tensor(x: object, name: str) -> torch.Tensor:
    """Return ``x`` if it is a tensor, else raise ``TypeError`` naming ``name``."""
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    return x


def check_index_tensor(x: object, name: str) -> torch.Tensor:
    """Return ``x`` if it is an integer tensor (class indices, image ids), else raise."""
    t = check_tensor(x, name)
    if t.dtype.is_floating_point or t.dtype.is_complex or t.dtype == torch.bool:
        raise TypeError(f"{name} must be an integer tensor, got dtype {t.dtype}")
    return t


def check_num_classes(num_classes: object) -> int:
    """Return ``num_classes`` if it is an ``int >= 1``, else raise."""
    if isinstance(num_classes, bool) or not isinstance(num_classes, int):
        raise TypeError(f"num_classes must be an int, got {type(num_classes).__name__}")
    if num_classes < 1:
        raise ValueError(f"num_classes must be >= 1, got {num_classes}")
    return num_classes


def check_class_range(x: torch.Tensor, name: str, num_classes: int) -> None:
    """Raise ``ValueError`` unless every entry of ``x`` lies in ``[0, num_classes)``."""
    if x.numel() > 0 and (int(x.min()) < 0 or int(x.max()) >= num_classes):
        raise ValueError(
            f"{name} must hold class indices in [0, {num_classes}), "
            f"got values in [{int(x.min())}, {int(x.max())}]"
        )


def check_positive_number(x: object, name: str) -> float:
    """Return ``x`` as a float if it is a positive real number (not a bool), else raise."""
    if isinstance(x, bool) or not isinstance(x, int | float):
        raise TypeError(f"{name} must be a float, got {type(x).__name__}")
    if not x > 0:
        raise ValueError(f"{name} must be positive, got {x}")
    return float(x)


def check_boxes(boxes: object, name: str) -> torch.Tensor:
    """Validate ``(N, 4)`` boxes ``(x1, y1, x2, y2)``; integer boxes become float."""
    b = check_tensor(boxes, name)
    if b.dim() != 2 or b.shape[1] != 4:
        raise ValueError(f"{name} must have shape (N, 4), got {tuple(b.shape)}")
    if bool((b[:, 2] < b[:, 0]).any()) or bool((b[:, 3] < b[:, 1]).any()):
        raise ValueError(f"{name} must be (x1, y1, x2, y2) with x2 >= x1 and y2 >= y1")
    return b if b.dtype.is_floating_point else b.to(torch.get_default_dtype())


def check_ids(ids: object, name: str, n: int, n_name: str) -> torch.Tensor:
    """Validate an ``(n,)`` integer tensor (image ids, labels) that goes with ``n_name``."""
    t = check_index_tensor(ids, name)
    if t.dim() != 1 or t.shape[0] != n:
        raise ValueError(f"{name} must have shape ({n},) like {n_name}, got {tuple(t.shape)}")
    return t


def check_detections(
    pred_boxes: object,
    pred_scores: object,
    pred_image_ids: object,
    gt_boxes: object,
    gt_image_ids: object,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Validate the inputs of average precision; return them as tensors."""
    preds = check_boxes(pred_boxes, "pred_boxes")
    gts = check_boxes(gt_boxes, "gt_boxes")
    scores = check_tensor(pred_scores, "pred_scores")
    n_pred, n_gt = preds.shape[0], gts.shape[0]
    if scores.dim() != 1 or scores.shape[0] != n_pred:
        raise ValueError(
            f"pred_scores must have shape ({n_pred},) like pred_boxes, got {tuple(scores.shape)}"
        )
    pred_ids = check_ids(pred_image_ids, "pred_image_ids", n_pred, "pred_boxes")
    gt_ids = check_ids(gt_image_ids, "gt_image_ids", n_gt, "gt_boxes")
    return preds, scores, pred_ids, gts, gt_ids


def check_threshold(iou_threshold: object) -> float:
    """Return ``iou_threshold`` as a float if it lies in (0, 1], else raise."""
    if isinstance(iou_threshold, bool) or not isinstance(iou_threshold, int | float):
        raise TypeError(f"iou_threshold must be a float, got {type(iou_threshold).__name__}")
    if not 0 < iou_threshold <= 1:
        raise ValueError(f"iou_threshold must be in (0, 1], got {iou_threshold}")
    return float(iou_threshold)
