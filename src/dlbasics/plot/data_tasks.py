"""Figures of the Data chapter: samples of each problem type drawn with their labels."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlbasics._checks import check_int
from dlbasics.data.detection import DetectionScenes
from dlbasics.data.pose import SKELETON, StickFigures
from dlbasics.data.shapes import ShapesClassification, ShapesSegmentation
from dlbasics.data.vqa import ANSWERS
from dlbasics.experiments.data_tasks import TaskRun
from dlbasics.plot.basic import PALETTE
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH
from dlbasics.plot.words import word

# Ground truth blue, prediction orange: a pair that colour-blind readers tell apart (a
# green/red pair looks alike to deutan readers).
TRUE, PRED = PALETTE[0], PALETTE[4]


def _panels(n: int, rows: int = 1, size: float = 1.6) -> tuple[Figure, np.ndarray]:
    check_int(n, "n", low=1)
    size = min(size, FULL_WIDTH / n)  # never wider than the text column
    fig, axes = plt.subplots(rows, n, figsize=(size * n, size * rows + 0.3), squeeze=False)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    return fig, axes


def _gray(ax: Axes, image: torch.Tensor) -> None:
    ax.imshow(image[0].clamp(0, 1).numpy(), cmap="gray_r", vmin=0, vmax=1)


@bilingual
def classification_figure(
    images: torch.Tensor, labels: torch.Tensor, classes: Sequence[str], n: int = 6
) -> Figure:
    """Images with their class name as the title.

    Example:
        >>> len(
        ...     classification_figure(
        ...         torch.rand(3, 1, 8, 8), torch.tensor([0, 1, 0]), "ab"
        ...     ).axes
        ... )
        3
    """
    n = min(n, len(images))
    fig, axes = _panels(n)
    for i, ax in enumerate(axes[0]):
        _gray(ax, images[i])
        ax.set_title(classes[int(labels[i])], fontsize=10)
    return fig


@bilingual
def confusion_figure(matrix: torch.Tensor, classes: Sequence[str]) -> Figure:
    """A confusion matrix: rows are the true class, columns the predicted one.

    Example:
        >>> from dlbasics.plot import using_language
        >>> with using_language("en"):
        ...     fig = confusion_figure(torch.tensor([[3, 1], [0, 4]]), ["a", "b"])
        >>> fig.axes[0].get_xlabel()
        'predicted'
    """
    k = len(classes)
    if matrix.shape != (k, k):
        raise ValueError(f"matrix must have shape ({k}, {k}), got {tuple(matrix.shape)}")
    fig, ax = plt.subplots(figsize=(3.6, 3.2))
    ax.imshow(matrix.numpy(), cmap="Blues")
    for (r, c), v in np.ndenumerate(matrix.numpy()):
        ax.text(
            c,
            r,
            str(v),
            ha="center",
            va="center",
            color="white" if v > matrix.max().item() / 2 else "black",
        )
    ax.set_xticks(range(k), classes)
    ax.set_yticks(range(k), classes)
    ax.set_xlabel(word("data.predicted"))
    ax.set_ylabel(word("data.true"))
    ax.grid(False)
    return fig


@bilingual
def segmentation_figure(
    images: torch.Tensor, masks: torch.Tensor, predicted: torch.Tensor | None = None, n: int = 5
) -> Figure:
    """Images, their masks overlaid in color, and (optionally) the predicted masks.

    Example:
        >>> masks = torch.zeros(2, 8, 8, dtype=torch.long)
        >>> len(segmentation_figure(torch.rand(2, 1, 8, 8), masks).axes)
        4
    """
    n = min(n, len(images))
    rows = [(word("data.input"), None), (word("data.true_mask"), masks)] + (
        [(word("data.predicted_mask"), predicted)] if predicted is not None else []
    )
    fig, axes = _panels(n, rows=len(rows))
    cmap = ListedColormap(["#ffffff", PALETTE[0], PALETTE[2]])
    for r, (name, labels) in enumerate(rows):
        axes[r, 0].set_ylabel(name, fontsize=9)
        for i in range(n):
            _gray(axes[r, i], images[i])
            if labels is not None:
                overlay = np.ma.masked_equal(labels[i].numpy(), 0)
                axes[r, i].imshow(overlay, cmap=cmap, vmin=0, vmax=2, alpha=0.75)
    return fig


def _box(ax: Axes, box: torch.Tensor, color: str, text: str) -> None:
    x1, y1, x2, y2 = box.tolist()
    ax.add_patch(Rectangle((x1 - 0.5, y1 - 0.5), x2 - x1, y2 - y1, fill=False, color=color, lw=1.5))
    ax.text(x1 - 0.5, y1 - 1, text, color=color, fontsize=8, va="bottom")


@bilingual
def detection_figure(
    images: torch.Tensor,
    boxes: torch.Tensor,
    labels: torch.Tensor,
    classes: Sequence[str],
    predicted: torch.Tensor | None = None,
    n: int = 6,
) -> Figure:
    """Scenes with their boxes and class (blue) and, optionally, predictions (orange).

    ``predicted`` rows are ``(x1, y1, x2, y2, class)``.

    Example:
        >>> fig = detection_figure(
        ...     torch.rand(1, 1, 16, 16),
        ...     torch.tensor([[2.0, 2.0, 9.0, 9.0]]),
        ...     torch.tensor([0]),
        ...     ["circle"],
        ... )
        >>> len(fig.axes[0].patches)
        1
    """
    if boxes.dim() != 2 or boxes.shape[1] != 4:
        raise ValueError(f"boxes must have shape (N, 4), got {tuple(boxes.shape)}")
    if bool((boxes[:, 2] < boxes[:, 0]).any() or (boxes[:, 3] < boxes[:, 1]).any()):
        raise ValueError("boxes must be (x1, y1, x2, y2) with x2 >= x1 and y2 >= y1")
    n = min(n, len(images))
    fig, axes = _panels(n, size=1.9)
    for i, ax in enumerate(axes[0]):
        _gray(ax, images[i])
        _box(ax, boxes[i], TRUE, classes[int(labels[i])])
        if predicted is not None:
            _box(ax, predicted[i, :4], PRED, "")
    return fig


@bilingual
def pose_figure(
    images: torch.Tensor,
    keypoints: torch.Tensor,
    skeleton: Sequence[tuple[int, int]],
    predicted: torch.Tensor | None = None,
    n: int = 6,
) -> Figure:
    """Stick figures with the skeleton drawn over the true keypoints (blue), predictions orange.

    Example:
        >>> fig = pose_figure(
        ...     torch.rand(1, 1, 16, 16), torch.rand(1, 3, 2) * 16, [(0, 1), (1, 2)]
        ... )
        >>> len(fig.axes[0].lines)
        3
    """
    if keypoints.dim() != 3 or keypoints.shape[2] != 2:
        raise ValueError(f"keypoints must have shape (N, K, 2), got {tuple(keypoints.shape)}")
    height, width = images.shape[-2:]
    inside = (keypoints >= 0) & (keypoints <= torch.tensor([width, height]))
    if not bool(inside.all()):
        raise ValueError(f"keypoints must lie inside the {width}×{height} image, (x, y) in pixels")
    if any(not (0 <= a < keypoints.shape[1] and 0 <= b < keypoints.shape[1]) for a, b in skeleton):
        raise ValueError(f"skeleton must join keypoint indices in [0, {keypoints.shape[1]})")
    n = min(n, len(images))
    fig, axes = _panels(n, size=1.9)
    for i, ax in enumerate(axes[0]):
        _gray(ax, images[i] * 0.35)
        sets = [(keypoints[i], TRUE)] + ([(predicted[i], PRED)] if predicted is not None else [])
        for points, color in sets:
            xy = points.numpy() - 0.5
            for a, b in skeleton:
                ax.plot(xy[[a, b], 0], xy[[a, b], 1], color=color, lw=1.5)
            ax.plot(xy[:, 0], xy[:, 1], "o", color=color, ms=3)
    return fig


@bilingual
def vqa_figure(
    images: torch.Tensor,
    questions: Sequence[str],
    answers: Sequence[str],
    predicted: Sequence[str] | None = None,
    n: int = 4,
) -> Figure:
    """Scenes with their question, the answer and (optionally) the model's answer below.

    Example:
        >>> len(vqa_figure(torch.rand(1, 3, 8, 8), ["how many circles?"], ["1"]).axes)
        1
    """
    n = min(n, len(images))
    fig, axes = _panels(n, size=2.6)
    for i, ax in enumerate(axes[0]):
        ax.imshow(images[i].permute(1, 2, 0).clamp(0, 1).numpy())
        label = f"Q: {questions[i]}\nA: {answers[i]}"
        if predicted is not None:
            label += "\n" + word("data.model_answer", answer=predicted[i])
        ax.set_xlabel(label, fontsize=9, loc="left")
    return fig


@bilingual
def predictions_figure(run: TaskRun) -> Figure:
    """The test samples of one task with their labels and the model's predictions.

    Example:
        >>> from dlbasics.experiments.data_tasks import (
        ...     DataTasksConfig,
        ...     TaskConfig,
        ...     run_data_tasks,
        ... )
        >>> tiny = TaskConfig(n_train=8, n_test=4, steps=1, batch_size=8)
        >>> r = run_data_tasks(DataTasksConfig(tasks=("pose",), pose=tiny))
        >>> len(predictions_figure(r.runs["pose"]).axes)
        4
    """
    d, n, p = run.data, run.config.n_train, run.predictions
    if isinstance(d, ShapesClassification):
        return classification_figure(d.images[n:], p, d.classes)
    if isinstance(d, ShapesSegmentation):
        return segmentation_figure(d.images[n:], d.masks[n:], p)
    if isinstance(d, DetectionScenes):
        return detection_figure(d.images[n:], d.boxes[n:], d.labels[n:], d.classes, p)
    if isinstance(d, StickFigures):
        return pose_figure(d.images[n:], d.keypoints[n:], SKELETON, p)
    answers = [ANSWERS[a] for a in d.answers[n:].tolist()]
    return vqa_figure(d.images[n:], d.texts[n:], answers, [ANSWERS[a] for a in p.tolist()])
