"""The five problem types of the Data chapter: for each, a small model against a trivial baseline.

One call, :func:`run_data_tasks`, draws each task's data in code, trains a small network for a
few seconds and measures the task's standard metric for the model and for a baseline that
learns nothing. Each task has its own sizes (:class:`TaskConfig`); the seed is shared.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import check_choice, check_int, check_positive, check_positive_ints
from dlbasics.claims import Claims
from dlbasics.data.detection import DetectionScenes, make_detection
from dlbasics.data.pose import StickFigures, make_pose
from dlbasics.data.shapes import (
    ShapesClassification,
    ShapesSegmentation,
    make_shapes_classification,
    make_shapes_segmentation,
)
from dlbasics.data.vqa import ANSWERS, QUESTION_TYPES, VOCAB, VQAScenes, make_vqa
from dlbasics.metrics import (
    accuracy,
    confusion_matrix,
    mean_average_precision,
    mean_iou,
    pck,
    vqa_accuracy,
)
from dlbasics.models.task_heads import WIDTHS, BoxRegressor, Segmenter, VQANet
from dlbasics.nn import ConvEncoder
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed
from dlbasics.train import LossFn, fit, predict

TASKS: tuple[str, ...] = ("classification", "segmentation", "detection", "pose", "vqa")

#: The dataset of one task: ``n_train`` training samples, then the test ones.
TaskData = ShapesClassification | ShapesSegmentation | DetectionScenes | StickFigures | VQAScenes


@dataclass(frozen=True, kw_only=True)
class TaskConfig:
    """How much data and training one task gets (the seed is :class:`DataTasksConfig`'s).

    Example:
        >>> TaskConfig(n_train=10, batch_size=32)
        Traceback (most recent call last):
        ...
        ValueError: batch_size must be <= n_train, got 32
    """

    n_train: int = 1000  # training samples
    n_test: int = 300  # held-out samples
    steps: int = 300  # Adam steps on minibatches
    batch_size: int = 64  # samples per step
    lr: float = 3e-3  # Adam learning rate

    def __post_init__(self) -> None:
        check_positive_ints(
            n_train=self.n_train, n_test=self.n_test, steps=self.steps, batch_size=self.batch_size
        )
        if self.batch_size > self.n_train:
            raise ValueError(f"batch_size must be <= n_train, got {self.batch_size}")
        check_positive(self.lr, "lr")


@dataclass(frozen=True, kw_only=True)
class DataTasksConfig:
    """Settings of :func:`run_data_tasks`: which tasks, the seed, and each task's sizes.

    The defaults are sized so that all five train in about 25 s on one CPU core.

    Example:
        >>> DataTasksConfig(tasks=("captioning",))
        Traceback (most recent call last):
        ...
        ValueError: tasks must be one of [...], got 'captioning'
    """

    seed: int = 0  # seeds every task's data, split, initial weights and minibatches
    tasks: tuple[str, ...] = TASKS  # which tasks to run, in this order
    # Each task's sizes (used only where the task is in ``tasks``):
    classification: TaskConfig = TaskConfig(n_train=600, steps=600, batch_size=32, lr=5e-3)
    segmentation: TaskConfig = TaskConfig(n_train=600, steps=150, batch_size=32)
    detection: TaskConfig = TaskConfig(n_train=1500, steps=300, batch_size=32)
    pose: TaskConfig = TaskConfig(n_train=1000, steps=250, batch_size=32)
    vqa: TaskConfig = TaskConfig(n_train=2000, n_test=600, steps=300, batch_size=64)

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0, high=2**32 - 1)
        if not self.tasks or len(set(self.tasks)) != len(self.tasks):
            raise ValueError(f"tasks must name at least one task, each once, got {self.tasks!r}")
        for task in self.tasks:
            check_choice(task, "tasks", TASKS)
        for task in TASKS:
            if not isinstance(getattr(self, task), TaskConfig):
                raise TypeError(f"{task} must be a TaskConfig, got {getattr(self, task)!r}")

    def task_config(self, task: str) -> TaskConfig:
        """The :class:`TaskConfig` of ``task`` (one of :data:`TASKS`).

        Example:
            >>> DataTasksConfig().task_config("vqa").n_test
            600
        """
        return getattr(self, check_choice(task, "task", TASKS))


@dataclass(frozen=True, kw_only=True, eq=False)  # eq=False: a tensor field has no truth value
class TaskRun:
    """What one task measured on its held-out samples, with the data it was drawn from."""

    task: str  # one of TASKS
    config: TaskConfig  # the sizes it ran with
    data: TaskData  # the whole dataset: config.n_train training samples, then the test ones
    metric_name: str  # e.g. "mIoU"
    metric: float  # the trained model's score
    baseline: float  # the same metric for the trivial baseline
    baseline_name: str  # what the baseline does
    loss: tuple[float, ...]  # training loss per step
    predictions: torch.Tensor  # the model's test predictions (task-specific form)


@dataclass(frozen=True, kw_only=True, eq=False)
class DataTasksResult:
    """One :class:`TaskRun` per task of ``config.tasks``, keyed by task name, in that order."""

    config: DataTasksConfig  # the settings it ran with
    runs: dict[str, TaskRun]  # task name -> its run


def run_data_tasks(config: DataTasksConfig, *, progress: bool = False) -> DataTasksResult:
    """Draw, train and measure each task of ``config.tasks``, every one seeded with ``config.seed``.

    Each task seeds everything first, so a task's numbers do not depend on which tasks ran
    before it.

    Args:
        config: settings; the defaults are the Data page's.
        progress: show a progress bar over the tasks.

    Returns:
        A :class:`DataTasksResult`.

    Example:
        >>> small = TaskConfig(
        ...     n_train=200, n_test=100, steps=60, batch_size=64, lr=5e-3
        ... )
        >>> r = run_data_tasks(
        ...     DataTasksConfig(tasks=("classification",), classification=small)
        ... )
        >>> run = r.runs["classification"]
        >>> run.metric > run.baseline
        True
    """
    runs = {}
    for task in progress_bar(config.tasks, desc="tasks", enabled=progress):
        runs[task] = _run_task(task, config.task_config(task), config.seed)
    return DataTasksResult(config=config, runs=runs)


def _run_task(task: str, config: TaskConfig, seed: int) -> TaskRun:
    set_seed(seed)
    n = config.n_train + config.n_test
    if task == "classification":
        return _classification(make_shapes_classification(n, seed=seed), config, seed)
    if task == "segmentation":
        return _segmentation(make_shapes_segmentation(n, seed=seed), config, seed)
    if task == "detection":
        return _detection(make_detection(n, seed=seed), config, seed)
    if task == "pose":
        return _pose(make_pose(n, seed=seed), config, seed)
    return _vqa(make_vqa(n, seed=seed), config, seed)


def _split(n_train: int, *tensors: torch.Tensor) -> tuple[list[torch.Tensor], list[torch.Tensor]]:
    return [t[:n_train] for t in tensors], [t[n_train:] for t in tensors]


def _train(
    model: nn.Module,
    loss_fn: LossFn,
    x: torch.Tensor,
    y: torch.Tensor,
    config: TaskConfig,
    seed: int,
) -> tuple[float, ...]:
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    g = torch.Generator().manual_seed(seed)
    return fit(model, loss_fn, optimizer, x, y, config.steps, config.batch_size, g).loss


def _classification(d: ShapesClassification, config: TaskConfig, seed: int) -> TaskRun:
    """Which shape is it? A small CNN against always answering the most frequent class."""
    (x, y), (xt, yt) = _split(config.n_train, d.images, d.labels)
    encoder = ConvEncoder(1, WIDTHS)
    model = nn.Sequential(encoder, nn.Linear(encoder.out_features, len(d.classes)))
    loss = _train(model, nn.CrossEntropyLoss(), x, y, config, seed)
    pred = predict(model, xt).argmax(1)  # (N,)
    majority = torch.full_like(yt, int(torch.bincount(y).argmax()))
    return TaskRun(
        task="classification",
        config=config,
        data=d,
        metric_name="accuracy",
        metric=accuracy(pred, yt),
        baseline=accuracy(majority, yt),
        baseline_name="가장 많은 class",
        loss=loss,
        predictions=pred,
    )


def _segmentation(d: ShapesSegmentation, config: TaskConfig, seed: int) -> TaskRun:
    """Which class is every pixel? A fully convolutional net against "all background"."""
    (x, y), (xt, yt) = _split(config.n_train, d.images, d.masks)
    model = Segmenter(len(d.classes))
    loss = _train(model, nn.CrossEntropyLoss(), x, y, config, seed)
    pred = predict(model, xt).argmax(1)  # (N, H, W)
    k = len(d.classes)
    return TaskRun(
        task="segmentation",
        config=config,
        data=d,
        metric_name="mIoU",
        metric=mean_iou(pred, yt, k),
        baseline=mean_iou(torch.zeros_like(yt), yt, k),
        baseline_name="모든 pixel을 background로",
        loss=loss,
        predictions=pred,
    )


def _detection(d: DetectionScenes, config: TaskConfig, seed: int) -> TaskRun:
    """Where is the object and what is it? mAP@0.5 of a CNN against the mean box."""
    size, k = d.images.shape[-1], len(d.classes)
    (x, b, y), (xt, bt, yt) = _split(config.n_train, d.images, d.boxes, d.labels)
    model = BoxRegressor(size, k)

    def loss_fn(out: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        box_loss = F.smooth_l1_loss(out[:, :4], target[:, :4] / size, beta=0.05)
        return box_loss + F.cross_entropy(out[:, 4:], target[:, 4].long())

    loss = _train(model, loss_fn, x, torch.cat([b, y.unsqueeze(1).float()], 1), config, seed)
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
    return TaskRun(
        task="detection",
        config=config,
        data=d,
        metric_name="mAP@0.5",
        metric=m_ap(boxes, scores, labels),
        baseline=baseline,
        baseline_name="평균 box, 가장 많은 class",
        loss=loss,
        predictions=torch.cat([boxes, labels[:, None]], 1),
    )


def _pose(d: StickFigures, config: TaskConfig, seed: int) -> TaskRun:
    """Where are the keypoints? PCK@0.1 of a CNN against the mean pose."""
    size, k = d.images.shape[-1], d.keypoints.shape[1]
    (x, p, _), (xt, pt, st) = _split(config.n_train, d.images, d.keypoints, d.scale)
    encoder = ConvEncoder(1, WIDTHS, image_size=size)
    model = nn.Sequential(encoder, nn.Linear(encoder.out_features, 2 * k))
    loss = _train(model, nn.MSELoss(), x, p.flatten(1) / size, config, seed)
    pred = predict(model, xt).view(-1, k, 2) * size  # (N, K, 2)
    mean_pose = p.mean(0).expand_as(pt)
    return TaskRun(
        task="pose",
        config=config,
        data=d,
        metric_name="PCK@0.1",
        metric=pck(pred, pt, st, alpha=0.1),
        baseline=pck(mean_pose, pt, st, alpha=0.1),
        baseline_name="평균 pose",
        loss=loss,
        predictions=pred,
    )


def _vqa(d: VQAScenes, config: TaskConfig, seed: int) -> TaskRun:
    """Answer a question about an image: VQA accuracy against the per-question-type prior."""
    batch = torch.cat([d.images.flatten(1), d.questions.float()], 1)  # (N, 3HW + T)
    (x, y, qt), (xt, _, qtt) = _split(config.n_train, batch, d.answers, d.question_types)
    model = VQANet(len(VOCAB), len(ANSWERS))
    loss = _train(model, nn.CrossEntropyLoss(), x, y, config, seed)
    pred = predict(model, xt).argmax(1)  # (N,)
    humans = d.human_answers[config.n_train :]
    prior = torch.stack(
        [
            torch.bincount(y[qt == t], minlength=len(ANSWERS)).argmax()
            for t in range(len(QUESTION_TYPES))
        ]
    )
    return TaskRun(
        task="vqa",
        config=config,
        data=d,
        metric_name="VQA accuracy",
        metric=vqa_accuracy([ANSWERS[i] for i in pred.tolist()], humans),
        baseline=vqa_accuracy([ANSWERS[i] for i in prior[qtt].tolist()], humans),
        baseline_name="질문 종류별로 가장 많은 답",
        loss=loss,
        predictions=pred,
    )


def _confusion(run: TaskRun) -> torch.Tensor:
    """The confusion matrix (rows: true class, columns: predicted) of a classification run."""
    if not isinstance(run.data, ShapesClassification):
        raise TypeError(f"a classification run is needed, got {run.task!r}")
    truth = run.data.labels[run.config.n_train :]
    return confusion_matrix(run.predictions, truth, len(run.data.classes))


CLAIMS: Claims[DataTasksResult] = Claims("components/data")


@CLAIMS.claim(
    "… 작은 CNN의 test accuracy는 …로, 가장 많은 class만 답하는 baseline(…)의 두 배가 넘습니다."
)
def classifier_doubles_the_baseline(r: DataTasksResult) -> bool:
    return r.runs["classification"].metric > 2 * r.runs["classification"].baseline


@CLAIMS.claim(
    "3×3 confusion matrix. 행은 정답 class, 열은 예측 class이고 행마다 대각선의 숫자가 가장 크다."
)
def confusion_diagonal_leads_every_row(r: DataTasksResult) -> bool:
    cm = _confusion(r.runs["classification"])
    return all(
        int(row.argmax()) == i and int((row == row.max()).sum()) == 1 for i, row in enumerate(cm)
    )


@CLAIMS.claim("모든 pixel을 background라고 답하면 … 도형 class의 IoU가 0이라 mIoU는 …에 그칩니다.")
def background_only_stays_below_a_third(r: DataTasksResult) -> bool:
    run = r.runs["segmentation"]
    return isinstance(run.data, ShapesSegmentation) and run.baseline <= 1 / len(run.data.classes)


@CLAIMS.claim(
    "모든 layer가 convolution인 작은 network(fully convolutional)는 그 두 배가 넘는 …입니다."
)
def segmenter_doubles_the_baseline(r: DataTasksResult) -> bool:
    return r.runs["segmentation"].metric > 2 * r.runs["segmentation"].baseline


@CLAIMS.claim(
    "평균 box를 늘 답하는 baseline의 mAP@0.5는 …로 거의 0이고(0.05 미만), "
    "… 작은 CNN은 0.3을 넘는 …입니다."
)
def detector_finds_what_the_mean_box_misses(r: DataTasksResult) -> bool:
    return r.runs["detection"].baseline < 0.05 and r.runs["detection"].metric > 0.3


@CLAIMS.claim(
    "평균 자세를 답하면 PCK@0.1은 …, 좌표를 regression하는 작은 CNN은 그 네 배가 넘는 …입니다."
)
def pose_net_quadruples_the_baseline(r: DataTasksResult) -> bool:
    return r.runs["pose"].metric > 4 * r.runs["pose"].baseline


@CLAIMS.claim(
    "그림을 보지 않고 질문 종류마다 가장 흔한 답만 하는 baseline도 …로, 절반 넘게 맞힙니다."
)
def question_prior_gets_half(r: DataTasksResult) -> bool:
    return r.runs["vqa"].baseline > 0.5


@CLAIMS.claim("이미지와 질문을 함께 보는 model은 그보다 0.1 넘게 높은 …입니다.")
def vqa_net_beats_the_prior_by_0_1(r: DataTasksResult) -> bool:
    return r.runs["vqa"].metric > r.runs["vqa"].baseline + 0.1


@CLAIMS.claim("다섯 문제 모두, 몇 초 만에 학습한 작은 model이 baseline보다 0.1 넘게 높습니다.")
def every_model_beats_its_baseline_by_0_1(r: DataTasksResult) -> bool:
    return all(run.metric > run.baseline + 0.1 for run in r.runs.values())
