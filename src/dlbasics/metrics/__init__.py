"""Metrics written from scratch: what we actually want, as opposed to the loss.

One concept per module:

* :mod:`~dlbasics.metrics.classification`: :func:`accuracy`, :func:`confusion_matrix`
* :mod:`~dlbasics.metrics.segmentation`: :func:`iou_per_class`, :func:`mean_iou`
* :mod:`~dlbasics.metrics.detection`: :func:`box_iou`, :func:`average_precision`,
  :func:`mean_average_precision`
* :mod:`~dlbasics.metrics.pose`: :func:`pck`
* :mod:`~dlbasics.metrics.vqa`: :func:`vqa_accuracy`
"""

from __future__ import annotations

from dlbasics.metrics.classification import accuracy, confusion_matrix
from dlbasics.metrics.detection import average_precision, box_iou, mean_average_precision
from dlbasics.metrics.pose import pck
from dlbasics.metrics.segmentation import iou_per_class, mean_iou
from dlbasics.metrics.vqa import vqa_accuracy

__all__ = [
    "accuracy",
    "average_precision",
    "box_iou",
    "confusion_matrix",
    "iou_per_class",
    "mean_average_precision",
    "mean_iou",
    "pck",
    "vqa_accuracy",
]
