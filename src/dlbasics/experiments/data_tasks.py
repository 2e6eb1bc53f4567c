"""The five problem types of the Data chapter: for each, a small model against a trivial baseline.

Every function draws its data in code, trains a small network for a few seconds and returns
the task's standard metric for the model and for a baseline that learns nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Any

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics.data.detection import make_detection
from dlbasics.data.pose import make_pose
from dlbasics.data.shapes import make_shapes_classification, make_shapes_segmentation
from dlbasics.data.vqa import ANSWERS, QUESTION_TYPES, VOCAB, make_vqa
from dlbasics.metrics import (
    accuracy,
    mean_average_precision,
    mean_iou,
    pck,
    vqa_accuracy,
)
from dlbasics.models.task_heads import WIDTHS, BoxRegressor, Segmenter, VQANet
from dlbasics.nn import ConvEncoder
from dlbasics.seed import set_seed
from dlbasics.train import fit, predict

TASKS: tuple[str, ...] = ("classification", "segmentation", "detection", "pose", "vqa")


@dataclass(frozen=True)
class TaskConfig:
    """Settings shared by the five tasks (each task has its own defaults, see ``DEFAULTS``)."""

    seed: int = 0  # seeds the data, the split and the initial weights
    n_train: int = 1000  # training samples
    n_test: int = 300  # held-out samples
    steps: int = 300  # Adam steps on minibatches
    batch_size: int = 64  # samples per step
    lr: float = 3e-3  # Adam learning rate

    def __post_init__(self) -> None:
        for name in ("n_train", "n_test", "steps", "batch_size"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an int >= 1, got {value!r}")
        if self.batch_size > self.n_train:
            raise ValueError(f"batch_size must be <= n_train, got {self.batch_size}")
        if not self.lr > 0:
            raise ValueError(f"lr must be positive, got {self.lr}")


# Sized so that all five train in about 20 s on one CPU core (measured on 2 cores).
DEFAULTS: dict[str, TaskConfig] = {
    "classification": TaskConfig(n_train=600, steps=300, batch_size=32, lr=5e-3),
    "segmentation": TaskConfig(n_train=600, steps=150, batch_size=32),
    "detection": TaskConfig(n_train=1500, steps=300, batch_size=32),
    "pose": TaskConfig(n_train=1000, steps=250, batch_size=32),
    "vqa": TaskConfig(n_train=2000, n_test=600, steps=300, batch_size=64),
}


@dataclass(frozen=True, eq=False)  # eq=False: a tensor field has no truth value
class TaskResult:
    """What one task measured on its held-out samples."""

    task: str  # one of TASKS
    metric_name: str  # e.g. "mIoU"
    metric: float  # the trained model's score
    baseline: float  # the same metric for the trivial baseline
    baseline_name: str  # what the baseline does
    loss: tuple[float, ...]  # training loss per step
    predictions: torch.Tensor  # the model's test predictions (task-specific form)


def _split(n_train: int, *tensors: torch.Tensor) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    return [t[:n_train] for t in tensors], [t[n_train:] for t in tensors]


def _train(
    model: nn.Module, loss_fn: object, x: torch.Tensor, y: torch.Tensor, config: TaskConfig
) -> tuple[float, ...]:
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    g = torch.Generator().manual_seed(config.seed)
    return fit(model, loss_fn, optimizer, x, y, config.steps, config.batch_size, g).loss  # type: ignore[arg-type]


def run_classification(config: TaskConfig | None = None) -> TaskResult:
    """Which shape is it? A small CNN against always answering the most frequent class."""
    config = config or DEFAULTS["classification"]
    set_seed(config.seed)
    d = task_data("classification", config)
    (x, y), (xt, yt) = _split(config.n_train, d.images, d.labels)
    encoder = ConvEncoder(1, WIDTHS)
    model = nn.Sequential(encoder, nn.Linear(encoder.out_features, len(d.classes)))
    loss = _train(model, nn.CrossEntropyLoss(), x, y, config)
    pred = predict(model, xt).argmax(1)  # (N,)
    majority = torch.full_like(yt, int(torch.bincount(y).argmax()))
    return TaskResult(
        "classification",
        "accuracy",
        accuracy(pred, yt),
        accuracy(majority, yt),
        "가장 많은 class",
        loss,
        pred,
    )


def run_segmentation(config: TaskConfig | None = None) -> TaskResult:
    """Which class is every pixel? A fully convolutional net against "all background"."""
    config = config or DEFAULTS["segmentation"]
    set_seed(config.seed)
    d = task_data("segmentation", config)
    (x, y), (xt, yt) = _split(config.n_train, d.images, d.masks)
    model = Segmenter(len(d.classes))
    loss = _train(model, nn.CrossEntropyLoss(), x, y, config)
    pred = predict(model, xt).argmax(1)  # (N, H, W)
    k = len(d.classes)
    return TaskResult(
        "segmentation",
        "mIoU",
        mean_iou(pred, yt, k),
        mean_iou(torch.zeros_like(yt), yt, k),
        "모든 pixel을 background로",
        loss,
        pred,
    )


def run_detection(config: TaskConfig | None = None) -> TaskResult:
    """Where is the object and what is it? mAP@0.5 of a CNN against the mean box."""
    config = config or DEFAULTS["detection"]
    set_seed(config.seed)
    d = task_data("detection", config)
    size, k = d.images.shape[-1], len(d.classes)
    (x, b, y), (xt, bt, yt) = _split(config.n_train, d.images, d.boxes, d.labels)
    model = BoxRegressor(size, k)

    def loss_fn(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        box_loss = F.smooth_l1_loss(out[:, :4], target[:, :4] / size, beta=0.05)
        return box_loss + F.cross_entropy(out[:, 4:], target[:, 4].long())

    loss = _train(model, loss_fn, x, torch.cat([b, y.unsqueeze(1).float()], 1), config)
    out = predict(model, xt)  # (N, 4 + K)
    boxes = out[:, :4] * size  # (N, 4)
    boxes = torch.cat([boxes[:, :2], torch.maximum(boxes[:, 2:], boxes[:, :2])], 1)
    scores, labels = out[:, 4:].softmax(1).max(1)  # (N,), (N,)
    ids = torch.arange(len(yt))

    def m_ap(pb: torch.Tensor, ps: torch.Tensor, pl: torch.Tensor) -> float:
        return mean_average_precision(
            pred_boxes=pb,
            pred_scores=ps,
            pred_image_ids=ids,
            pred_labels=pl,
            gt_boxes=bt,
            gt_image_ids=ids,
            gt_labels=yt,
            num_classes=k,
            iou_threshold=0.5,
        )

    mean_box = b.mean(0).expand_as(bt)
    majority = torch.full_like(yt, int(torch.bincount(y).argmax()))
    baseline = m_ap(mean_box, torch.ones(len(yt)), majority)
    return TaskResult(
        "detection",
        "mAP@0.5",
        m_ap(boxes, scores, labels),
        baseline,
        "평균 box, 가장 많은 class",
        loss,
        torch.cat([boxes, labels[:, None]], 1),
    )


def run_pose(config: TaskConfig | None = None) -> TaskResult:
    """Where are the keypoints? PCK@0.1 of a CNN against the mean pose."""
    config = config or DEFAULTS["pose"]
    set_seed(config.seed)
    d = task_data("pose", config)
    size, k = d.images.shape[-1], d.keypoints.shape[1]
    (x, p, _), (xt, pt, st) = _split(config.n_train, d.images, d.keypoints, d.scale)
    encoder = ConvEncoder(1, WIDTHS, image_size=size)
    model = nn.Sequential(encoder, nn.Linear(encoder.out_features, 2 * k))
    loss = _train(model, nn.MSELoss(), x, p.flatten(1) / size, config)
    pred = predict(model, xt).view(-1, k, 2) * size  # (N, K, 2)
    mean_pose = p.mean(0).expand_as(pt)
    return TaskResult(
        "pose",
        "PCK@0.1",
        pck(pred, pt, st, alpha=0.1),
        pck(mean_pose, pt, st, alpha=0.1),
        "평균 pose",
        loss,
        pred,
    )


def run_vqa(config: TaskConfig | None = None) -> TaskResult:
    """Answer a question about an image: VQA accuracy against the per-question-type prior."""
    config = config or DEFAULTS["vqa"]
    set_seed(config.seed)
    d = task_data("vqa", config)
    batch = torch.cat([d.images.flatten(1), d.questions.float()], 1)  # (N, 3HW + T)
    (x, y, qt), (xt, _, qtt) = _split(config.n_train, batch, d.answers, d.question_types)
    model = VQANet(len(VOCAB), len(ANSWERS))
    loss = _train(model, nn.CrossEntropyLoss(), x, y, config)
    pred = predict(model, xt).argmax(1)  # (N,)
    humans = d.human_answers[config.n_train :]
    prior = torch.stack(
        [
            torch.bincount(y[qt == t], minlength=len(ANSWERS)).argmax()
            for t in range(len(QUESTION_TYPES))
        ]
    )
    return TaskResult(
        "vqa",
        "VQA accuracy",
        vqa_accuracy([ANSWERS[i] for i in pred.tolist()], humans),
        vqa_accuracy([ANSWERS[i] for i in prior[qtt].tolist()], humans),
        "질문 종류별로 가장 많은 답",
        loss,
        pred,
    )


@functools.lru_cache(maxsize=8)
def task_data(task: str, config: TaskConfig | None = None) -> Any:
    """The dataset a task's runner draws: ``config.n_train`` training samples, then the test ones.

    Cached (configs are frozen, datasets are never modified), so a page that plots the data
    and runs the task draws it once.

    Example:
        >>> task_data("pose", TaskConfig(n_train=3, n_test=2, batch_size=3)).keypoints.shape
        torch.Size([5, 7, 2])
    """
    makers = {
        "classification": make_shapes_classification,
        "segmentation": make_shapes_segmentation,
        "detection": make_detection,
        "pose": make_pose,
        "vqa": make_vqa,
    }
    if task not in makers:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    config = config or DEFAULTS[task]
    return makers[task](config.n_train + config.n_test, seed=config.seed)


RUNNERS = {
    "classification": run_classification,
    "segmentation": run_segmentation,
    "detection": run_detection,
    "pose": run_pose,
    "vqa": run_vqa,
}


def run_task(task: str, config: TaskConfig | None = None, **overrides: int | float) -> TaskResult:
    """Run one of ``TASKS`` with its default config, optionally changed by ``overrides``.

    Example:
        >>> r = run_task("classification", steps=60, n_train=200, n_test=100)
        >>> r.metric > r.baseline
        True
    """
    if task not in RUNNERS:
        raise ValueError(f"task must be one of {TASKS}, got {task!r}")
    base = config or DEFAULTS[task]
    return RUNNERS[task](replace(base, **overrides) if overrides else base)  # type: ignore[arg-type]
