r"""The generalization experiments of the Optimization chapter: one baseline, one change at a time.

The baseline is deliberately easy to over-fit: 200 digits, a fifth of whose labels are wrong
(as happens in real data), and an MLP with far more parameters than samples, trained
full-batch with Adam. The test set keeps its true labels: it stands for "the real data".
:class:`BaselineConfig` holds that shared setup; each slide technique is a field of
:class:`GeneralizationConfig`, and :func:`run_generalization` trains the baseline with it and
returns the curves and final numbers as a :class:`GeneralizationResult`.
:func:`train_full_batch` is the one training loop, which :mod:`~dlbasics.experiments.regularizers`
and :mod:`~dlbasics.experiments.tuning` reuse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import (
    check_bool,
    check_fraction,
    check_int,
    check_positive,
    check_positive_ints,
    check_real,
)
from dlbasics.claims import Claims
from dlbasics.data import load_digits_split
from dlbasics.metrics.calibration import expected_calibration_error
from dlbasics.nn.batchnorm import BatchNorm1d
from dlbasics.nn.dropout import Dropout
from dlbasics.optim import Adam
from dlbasics.progress import progress_bar
from dlbasics.regularization import EarlyStopping, mixup, soft_cross_entropy

NUM_CLASSES = 10
NOISE_STREAM = 7919  # offset of the label-noise generator's seed
N_LABELLED = 1347  # digits in the training part of load_digits_split: all the labels there are


@dataclass(frozen=True, kw_only=True)
class BaselineConfig:
    """The shared baseline of the chapter's experiments: data, model size and training budget.

    It has no seed: the config of each experiment that uses it carries one.

    Example:
        >>> BaselineConfig(label_noise=1.0)
        Traceback (most recent call last):
        ...
        ValueError: label_noise must be in [0, 1), got 1.0
    """

    n_train: int = 200  # labelled samples the model trains on
    n_val: int = 100  # further labelled samples, held out for validation
    label_noise: float = 0.2  # share of train/val labels replaced by a wrong class, in [0, 1)
    hidden: int = 256  # width of the MLP's hidden layer
    lr: float = 3e-3  # Adam's learning rate
    steps: int = 200  # full-batch training steps
    every: int = 10  # evaluate every this many steps

    def __post_init__(self) -> None:
        check_int(self.n_train, "n_train", low=2)
        check_int(self.n_val, "n_val", low=1)
        check_int(self.n_train + self.n_val, "n_train + n_val", high=N_LABELLED)
        check_fraction(self.label_noise, "label_noise")
        check_positive_ints(hidden=self.hidden, steps=self.steps, every=self.every)
        check_positive(self.lr, "lr")


BASELINE = BaselineConfig()  # the page's baseline


@dataclass(frozen=True, kw_only=True)
class GeneralizationConfig:
    """Settings of :func:`run_generalization`: the baseline plus techniques (all off by default).

    Example:
        >>> GeneralizationConfig(patience=0)
        Traceback (most recent call last):
        ...
        ValueError: patience must be >= 1, got 0
    """

    baseline: BaselineConfig = BASELINE  # data, model size and training budget
    dropout: float = 0.0  # drop probability after the hidden layer
    weight_decay: float = 0.0  # lambda
    decoupled: bool = False  # True: AdamW's decay; False: L2 penalty through the gradient
    mixup_alpha: float = 0.0  # Beta(alpha, alpha) of MixUp; 0 = no MixUp
    patience: int | None = None  # early stopping on validation loss; None = train all steps
    seed: int = 0  # fixes the data, its wrong labels, the initialization and MixUp's draws

    def __post_init__(self) -> None:
        check_fraction(self.dropout, "dropout")
        check_real(self.weight_decay, "weight_decay", low=0)
        check_bool(self.decoupled, "decoupled")
        check_real(self.mixup_alpha, "mixup_alpha", low=0)
        if self.patience is not None:
            check_int(self.patience, "patience", low=1)
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class NoisyDigits:
    """Digits with some wrong labels in the training and validation parts.

    Shape:
        ``x_*``: ``(N, 64)``; ``y_*``: ``(N,)``; ``flipped``: ``(n_train,)`` bool.
    """

    x_train: torch.Tensor
    y_train: torch.Tensor  # labels as we have them, some wrong
    flipped: torch.Tensor  # which training labels are wrong
    y_train_true: torch.Tensor  # the true training labels (never used for training here)
    x_val: torch.Tensor
    y_val: torch.Tensor  # as noisy as the training labels
    y_val_true: torch.Tensor  # the true validation labels (for measuring only)
    x_test: torch.Tensor
    y_test: torch.Tensor  # true labels


def corrupt_labels(
    y: torch.Tensor, fraction: float, generator: torch.Generator, num_classes: int = NUM_CLASSES
) -> tuple[torch.Tensor, torch.Tensor]:
    """Replace ``round(fraction * N)`` random labels by a different, uniformly drawn class.

    Returns:
        ``(noisy_labels, flipped)`` with ``flipped`` the ``(N,)`` bool mask of changed labels.

    Example:
        >>> y, flipped = corrupt_labels(
        ...     torch.zeros(10, dtype=torch.int64),
        ...     0.3,
        ...     torch.Generator().manual_seed(0),
        ... )
        >>> (
        ...     int(flipped.sum()),
        ...     bool((y[flipped] != 0).all()),
        ...     bool((y[~flipped] == 0).all()),
        ... )
        (3, True, True)
    """
    check_fraction(fraction, "fraction")
    n = y.shape[0]
    idx = torch.randperm(n, generator=generator)[: round(fraction * n)]
    shift = torch.randint(1, num_classes, (len(idx),), generator=generator)  # never 0: a new class
    noisy = y.clone()
    noisy[idx] = (y[idx] + shift) % num_classes
    flipped = torch.zeros(n, dtype=torch.bool)
    flipped[idx] = True
    return noisy, flipped


def noisy_digits(baseline: BaselineConfig = BASELINE, seed: int = 0) -> NoisyDigits:
    """The first ``n_train`` + ``n_val`` samples of the digits split, labels corrupted by seed.

    Example:
        >>> data = noisy_digits(BaselineConfig(n_train=10, n_val=5))
        >>> data.x_train.shape, int(data.flipped.sum()), data.x_test.shape
        (torch.Size([10, 64]), 2, torch.Size([450, 64]))
    """
    s = load_digits_split(seed=seed)
    n = baseline.n_train + baseline.n_val
    # A stream of its own: torch.randperm(n) with the bare seed would pick the same samples
    # as kfold_indices(n, k, seed), and every wrong label would land in the first fold.
    noise_gen = torch.Generator().manual_seed(NOISE_STREAM + seed)
    y, flipped = corrupt_labels(s.y_train[:n], baseline.label_noise, noise_gen)
    a = baseline.n_train
    return NoisyDigits(
        x_train=s.x_train[:a],
        y_train=y[:a],
        flipped=flipped[:a],
        y_train_true=s.y_train[:a],
        x_val=s.x_train[a:n],
        y_val=y[a:n],
        y_val_true=s.y_train[a:n],
        x_test=s.x_test,
        y_test=s.y_test,
    )


def mlp(
    hidden: int, depth: int = 1, dropout: float = 0.0, batchnorm: bool = False
) -> nn.Sequential:
    """``depth`` hidden layers ``Linear -> [BatchNorm1d] -> ReLU -> [Dropout]``, then 10 logits.

    Example:
        >>> mlp(8, depth=2, batchnorm=True)(torch.zeros(4, 64)).shape
        torch.Size([4, 10])
    """
    check_positive_ints(hidden=hidden, depth=depth)
    layers: list[nn.Module] = []
    width = 64
    for _ in range(depth):
        layers.append(nn.Linear(width, hidden))  # (B, width) -> (B, hidden)
        if batchnorm:
            layers.append(BatchNorm1d(hidden))
        layers.append(nn.ReLU())
        if dropout > 0:
            layers.append(Dropout(dropout))
        width = hidden
    layers.append(nn.Linear(width, NUM_CLASSES))  # (B, hidden) -> (B, 10)
    return nn.Sequential(*layers)


def weight_norm(model: nn.Module) -> float:
    r""":math:`\sqrt{\sum_W \lVert W \rVert_F^2}` over the weight matrices (biases left out).

    Example:
        >>> layer = nn.Linear(2, 1)
        >>> with torch.no_grad():
        ...     _ = layer.weight.fill_(2.0)
        >>> weight_norm(layer)
        2.8284271247461903
    """
    squares = [p.detach().pow(2).sum() for n, p in model.named_parameters() if "weight" in n]
    return math.sqrt(float(torch.stack(squares).sum())) if squares else 0.0


@dataclass(frozen=True, kw_only=True)
class GeneralizationResult:
    """Curves of one training run, and its final numbers (after restoring, if early-stopped)."""

    config: GeneralizationConfig  # what was trained
    steps: tuple[int, ...]  # steps at which the curves were measured
    train_loss: tuple[float, ...]  # on the (noisy) training labels, evaluation mode
    train_accuracy: tuple[float, ...]
    val_loss: tuple[float, ...]  # on the (noisy) validation labels
    test_loss: tuple[float, ...]  # on the true test labels
    test_accuracy: tuple[float, ...]
    final_train_accuracy: float
    final_train_loss: float
    final_test_accuracy: float
    final_test_loss: float
    final_val_accuracy: float  # on the (noisy) validation labels: what a selection may look at
    final_val_loss: float
    memorized: float  # share of wrongly labelled training samples predicted as their wrong label
    weight_norm: float  # see :func:`weight_norm`
    ece: float  # expected calibration error on the test set
    wrong_confidence: float  # mean confidence of the wrong test predictions
    test_probs: torch.Tensor  # (M, 10) final test probabilities
    best_step: int | None = None  # early stopping: the step whose weights were restored
    stopped_at: int | None = None  # early stopping: the last step trained

    @property
    def gap(self) -> float:
        """Generalization gap in accuracy: training minus test."""
        return self.final_train_accuracy - self.final_test_accuracy

    @property
    def loss_gap(self) -> float:
        """Generalization gap in loss: test minus training."""
        return self.final_test_loss - self.final_train_loss

    @property
    def mean_confidence(self) -> float:
        """Mean confidence on the test set: the average of each prediction's top probability."""
        return self.test_probs.max(dim=1).values.mean().item()


def _accuracy(logits: torch.Tensor, y: torch.Tensor) -> float:
    # a float32 mean, not dlbasics.metrics.accuracy's exact ratio: the page's numbers are these
    return float((logits.argmax(dim=1) == y).float().mean())


def train_full_batch(
    model: nn.Module,
    x: torch.Tensor,
    y: torch.Tensor,
    data: NoisyDigits,
    config: GeneralizationConfig,
    generator: torch.Generator | None = None,
    *,
    progress: bool = False,
) -> GeneralizationResult:
    """Train ``model`` full-batch on ``(x, y)`` with Adam and ``config``'s techniques.

    Measures the curves every ``config.baseline.every`` steps on ``(x, y)`` and on ``data``'s
    validation and test sets; ``generator`` drives MixUp. The model is built (and seeded) by
    the caller: :func:`run_generalization`, and the k-fold, ensemble and learning-rate search
    experiments, which train on other ``(x, y)``.

    Example:
        >>> data = noisy_digits(BaselineConfig(n_train=10, n_val=5))
        >>> config = GeneralizationConfig(baseline=BaselineConfig(steps=2, every=1))
        >>> train_full_batch(mlp(4), data.x_train, data.y_train, data, config).steps
        (0, 1, 2)
    """
    if config.dropout and not any(isinstance(m, Dropout) for m in model.modules()):
        raise ValueError("config.dropout needs a model with Dropout layers (see mlp())")
    setup = config.baseline
    opt = Adam(
        model.parameters(),
        lr=setup.lr,
        weight_decay=config.weight_decay,
        decoupled=config.decoupled,
    )
    stopper = EarlyStopping(config.patience) if config.patience is not None else None
    curves: dict[str, list[float]] = {k: [] for k in ("trl", "tra", "val", "tel", "tea")}
    marks: list[int] = []
    y_soft = F.one_hot(y, NUM_CLASSES).float()  # (N, 10)
    for t in progress_bar(range(setup.steps + 1), desc="train", enabled=progress):
        if t % setup.every == 0 or t == setup.steps:
            model.eval()
            with torch.no_grad():
                out_tr, out_te = model(x), model(data.x_test)
                val_loss = F.cross_entropy(model(data.x_val), data.y_val).item()
            model.train()
            marks.append(t)
            curves["trl"].append(F.cross_entropy(out_tr, y).item())
            curves["tra"].append(_accuracy(out_tr, y))
            curves["val"].append(val_loss)
            curves["tel"].append(F.cross_entropy(out_te, data.y_test).item())
            curves["tea"].append(_accuracy(out_te, data.y_test))
            if stopper is not None and stopper.step(val_loss, model):
                break
        if t == setup.steps:
            break
        if config.mixup_alpha > 0:
            x_mix, y_mix, _ = mixup(x, y_soft, config.mixup_alpha, generator)
            loss = soft_cross_entropy(model(x_mix), y_mix)
        else:
            loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    best_step = stopped_at = None
    if stopper is not None:
        stopper.restore(model)
        best_step, stopped_at = marks[stopper.best_epoch], marks[-1]
    model.eval()
    with torch.no_grad():
        out_tr, out_va, out_te = model(x), model(data.x_val), model(data.x_test)
    probs = out_te.softmax(dim=1)  # (M, 10)
    conf, pred = probs.max(dim=1)
    wrong = pred != data.y_test
    flipped = data.flipped if x is data.x_train else torch.zeros_like(y, dtype=torch.bool)
    return GeneralizationResult(
        config=config,
        steps=tuple(marks),
        train_loss=tuple(curves["trl"]),
        train_accuracy=tuple(curves["tra"]),
        val_loss=tuple(curves["val"]),
        test_loss=tuple(curves["tel"]),
        test_accuracy=tuple(curves["tea"]),
        final_train_accuracy=_accuracy(out_tr, y),
        final_train_loss=F.cross_entropy(out_tr, y).item(),
        final_test_accuracy=_accuracy(out_te, data.y_test),
        final_test_loss=F.cross_entropy(out_te, data.y_test).item(),
        final_val_accuracy=_accuracy(out_va, data.y_val),
        final_val_loss=F.cross_entropy(out_va, data.y_val).item(),
        memorized=_accuracy(out_tr[flipped], y[flipped]) if flipped.any() else float("nan"),
        weight_norm=weight_norm(model),
        ece=expected_calibration_error(probs, data.y_test),
        wrong_confidence=float(conf[wrong].mean()) if wrong.any() else float("nan"),
        test_probs=probs,
        best_step=best_step,
        stopped_at=stopped_at,
    )


def run_generalization(
    config: GeneralizationConfig, *, progress: bool = False
) -> GeneralizationResult:
    """Train the baseline MLP with ``config``'s techniques on the noisy digits of its seed.

    Example:
        >>> r = run_generalization(
        ...     GeneralizationConfig(
        ...         baseline=BaselineConfig(steps=2, every=1, hidden=8)
        ...     )
        ... )
        >>> r.steps, 0 <= r.final_test_accuracy <= 1
        ((0, 1, 2), True)
    """
    data = noisy_digits(config.baseline, config.seed)
    torch.manual_seed(config.seed)
    model = mlp(config.baseline.hidden, dropout=config.dropout)
    gen = torch.Generator().manual_seed(config.seed)
    return train_full_batch(model, data.x_train, data.y_train, data, config, gen, progress=progress)


@dataclass(frozen=True, kw_only=True)
class TechniquesConfig:
    """Settings of :func:`run_techniques`: each technique's candidate values, chosen on validation.

    Example:
        >>> TechniquesConfig(dropout=())
        Traceback (most recent call last):
        ...
        ValueError: len(dropout) must be >= 1, got 0
    """

    baseline: BaselineConfig = BASELINE  # data, model size and training budget
    dropout: tuple[float, ...] = (0.2, 0.5)  # drop probabilities tried
    l2: tuple[float, ...] = (0.001, 0.01)  # L2 penalties tried
    adamw: tuple[float, ...] = (3.0, 10.0)  # AdamW decays tried
    mixup_alpha: tuple[float, ...] = (0.2, 0.4)  # MixUp's alphas tried
    patience: int = 5  # early stopping's patience, in evaluations
    seed: int = 0  # fixes the data, its wrong labels, the initialization and MixUp's draws

    def __post_init__(self) -> None:
        for name in ("dropout", "l2", "adamw", "mixup_alpha"):
            values = getattr(self, name)
            check_int(len(values), f"len({name})", low=1)
            for i, v in enumerate(values):
                check_real(v, f"{name}[{i}]", low=0)
        for i, p in enumerate(self.dropout):
            check_fraction(p, f"dropout[{i}]")
        check_int(self.patience, "patience", low=1)
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class Selection:
    """One technique's candidates scored on the validation split, and the one chosen.

    Only the validation scores of the candidates are kept: the test set is read once, for the
    chosen run (``chosen``).
    """

    values: tuple[float, ...]  # the hyperparameter's candidate values
    val_accuracy: tuple[float, ...]  # each candidate's final accuracy on the noisy validation set
    val_loss: tuple[float, ...]  # and its validation loss (the tie-breaker)
    index: int  # which candidate was chosen
    chosen: GeneralizationResult  # its run

    @property
    def value(self) -> float:
        """The chosen value."""
        return self.values[self.index]


def select_on_validation(
    values: tuple[float, ...], configs: list[GeneralizationConfig], *, progress: bool = False
) -> Selection:
    """Train each config; keep the one with the best validation accuracy (then loss).

    Example:
        >>> tiny = BaselineConfig(steps=2, every=1, hidden=8)
        >>> s = select_on_validation(
        ...     (0.0, 0.5),
        ...     [GeneralizationConfig(baseline=tiny, dropout=p) for p in (0.0, 0.5)],
        ... )
        >>> s.value in (0.0, 0.5), len(s.val_accuracy)
        (True, 2)
    """
    check_int(len(configs), "len(configs)", low=len(values), high=len(values))
    runs = [run_generalization(c, progress=progress) for c in configs]
    best = max(
        range(len(runs)), key=lambda i: (runs[i].final_val_accuracy, -runs[i].final_val_loss)
    )
    return Selection(
        values=values,
        val_accuracy=tuple(r.final_val_accuracy for r in runs),
        val_loss=tuple(r.final_val_loss for r in runs),
        index=best,
        chosen=runs[best],
    )


@dataclass(frozen=True, kw_only=True)
class TechniquesResult:
    """The baseline and each technique of the page, its hyperparameter chosen on validation."""

    config: TechniquesConfig  # what was run
    base: GeneralizationResult  # the baseline, no technique
    dropout: Selection
    stop: GeneralizationResult  # early stopping (patience fixed, nothing to choose)
    l2: Selection  # L2 penalty through the gradient
    adamw: Selection  # decoupled decay
    mixup: Selection


def run_techniques(config: TechniquesConfig, *, progress: bool = False) -> TechniquesResult:
    """The baseline, then each technique with each candidate value; choose on validation.

    A technique's candidates are compared on the noisy validation split only; the test set
    scores the chosen run once. All runs share the data and the initialization of ``seed``.

    Example:
        >>> tiny = BaselineConfig(steps=2, every=1, hidden=8)
        >>> r = run_techniques(
        ...     TechniquesConfig(
        ...         baseline=tiny,
        ...         dropout=(0.5,),
        ...         l2=(0.01,),
        ...         adamw=(3.0,),
        ...         mixup_alpha=(0.4,),
        ...     )
        ... )
        >>> r.dropout.value, r.stop.best_step is not None
        (0.5, True)
    """

    plain = GeneralizationConfig(baseline=config.baseline, seed=config.seed)

    def pick(values: tuple[float, ...], configs: list[GeneralizationConfig]) -> Selection:
        return select_on_validation(values, configs, progress=progress)

    return TechniquesResult(
        config=config,
        base=run_generalization(plain, progress=progress),
        dropout=pick(config.dropout, [replace(plain, dropout=v) for v in config.dropout]),
        stop=run_generalization(replace(plain, patience=config.patience), progress=progress),
        l2=pick(config.l2, [replace(plain, weight_decay=v) for v in config.l2]),
        adamw=pick(
            config.adamw, [replace(plain, weight_decay=v, decoupled=True) for v in config.adamw]
        ),
        mixup=pick(config.mixup_alpha, [replace(plain, mixup_alpha=v) for v in config.mixup_alpha]),
    )


# --- What the page says about these runs (see dlbasics.claims) ---------------------------------

CLAIMS: Claims[TechniquesResult] = Claims("components/optimization")


def _peak_step(r: GeneralizationResult) -> int:
    return r.steps[r.test_accuracy.index(max(r.test_accuracy))]


@CLAIMS.claim(
    "… step 뒤 training accuracy는 … 입니다. 틀린 label이 붙은 학습 sample도 거의 모두(…) 그 "
    "틀린 label로 맞힙니다: model은 … 답을 외웠습니다."
)
def the_baseline_memorizes_the_wrong_labels(r: TechniquesResult) -> bool:
    return r.base.final_train_accuracy > 0.99 and r.base.memorized > 0.9


@CLAIMS.claim(
    "test accuracy는 step …에서 …로 정점을 찍은 뒤 … 로 0.05 넘게 떨어졌고, gap은 …입니다."
)
def the_baseline_test_accuracy_falls_from_its_peak(r: TechniquesResult) -> bool:
    return max(r.base.test_accuracy) - r.base.final_test_accuracy > 0.05


@CLAIMS.claim("baseline의 training과 test. 학습이 길어질수록 둘이 멀어집니다.")
def the_baseline_gap_widens_with_training(r: TechniquesResult) -> bool:
    at_peak = r.base.steps.index(_peak_step(r.base))
    gap_at_peak = r.base.train_accuracy[at_peak] - r.base.test_accuracy[at_peak]
    return r.base.gap > gap_at_peak + 0.05


@CLAIMS.claim(
    "test accuracy는 …에서 … 로 0.03 넘게 오르고, gap은 …에서 …로, loss로 잰 gap은 …에서 …로 "
    "줄었습니다."
)
def dropout_raises_test_accuracy_and_shrinks_both_gaps(r: TechniquesResult) -> bool:
    drop, base = r.dropout.chosen, r.base
    return (
        drop.final_test_accuracy > base.final_test_accuracy + 0.03
        and drop.gap < base.gap
        and drop.loss_gap < base.loss_gap
    )


@CLAIMS.claim("다만 dropout도 틀린 label의 …를 여전히 외웁니다.")
def dropout_still_memorizes_most_wrong_labels(r: TechniquesResult) -> bool:
    return r.dropout.chosen.memorized > 0.5


@CLAIMS.claim(
    "validation loss는 step …에서 가장 낮았고, 5번(50 step)을 더 기다린 step …에서 멈췄습니다."
)
def early_stopping_stops_before_the_end(r: TechniquesResult) -> bool:
    stop = r.stop
    return (
        stop.best_step is not None
        and stop.stopped_at is not None
        and (
            stop.stopped_at - stop.best_step == r.config.patience * r.config.baseline.every
            and stop.stopped_at < r.config.baseline.steps
        )
    )


@CLAIMS.claim(
    "(그림 설명) validation loss가 최저인 곳은 test accuracy의 정점 근처(30 step 안)에 있다."
)
def validation_finds_the_test_peak(r: TechniquesResult) -> bool:
    return r.stop.best_step is not None and abs(r.stop.best_step - _peak_step(r.base)) <= 30


@CLAIMS.claim(
    "복원한 weight의 test accuracy는 … 로, 끝까지 학습한 baseline(…)보다 훨씬(0.05 넘게) 높고, "
    "계산은 절반이 안 되는 …만 썼습니다."
)
def early_stopping_is_far_better_at_half_the_cost(r: TechniquesResult) -> bool:
    stop = r.stop
    return (
        stop.stopped_at is not None
        and stop.final_test_accuracy > r.base.final_test_accuracy + 0.05
        and stop.stopped_at / r.config.baseline.steps < 0.5
    )


@CLAIMS.claim("두 방식 모두 weight norm과 gap을 줄이고 test accuracy를 0.03 넘게 올렸습니다.")
def both_decays_shrink_weights_and_gap_and_help(r: TechniquesResult) -> bool:
    base = r.base
    return all(
        s.chosen.weight_norm < base.weight_norm
        and s.chosen.gap < base.gap
        and s.chosen.final_test_accuracy > base.final_test_accuracy + 0.03
        for s in (r.l2, r.adamw)
    )


@CLAIMS.claim("L2에서는 training accuracy가 …로 0.95에 못 미치고, 틀린 label은 …만 외웁니다.")
def l2_keeps_the_model_from_memorizing(r: TechniquesResult) -> bool:
    l2 = r.l2.chosen
    return l2.final_train_accuracy < 0.95 and l2.memorized < 0.6


@CLAIMS.claim("MixUp은 이것을 …로 10%p 넘게 낮추고, ECE는 …에서 … 로 줄었습니다.")
def mixup_calibrates(r: TechniquesResult) -> bool:
    mix, base = r.mixup.chosen, r.base
    return mix.wrong_confidence < base.wrong_confidence - 0.1 and mix.ece < base.ece


@CLAIMS.claim(
    "평균 confidence는 …로 accuracy보다 10%p 넘게 낮아, 자신 없게(underconfident) 말합니다."
    " 그래서 ECE는 … 로 baseline보다도 큽니다."
)
def strong_decoupled_decay_is_underconfident(r: TechniquesResult) -> bool:
    adamw, base = r.adamw.chosen, r.base
    unsure = adamw.mean_confidence < adamw.final_test_accuracy - 0.1
    return unsure and adamw.ece > base.ece + 0.05


@CLAIMS.claim(
    "dropout, early stopping, L2, AdamW는 모두 baseline보다 test accuracy가 0.03 넘게 높습니다."
)
def four_techniques_beat_the_baseline(r: TechniquesResult) -> bool:
    runs = (r.dropout.chosen, r.stop, r.l2.chosen, r.adamw.chosen)
    return all(x.final_test_accuracy > r.base.final_test_accuracy + 0.03 for x in runs)


@CLAIMS.claim("MixUp은 baseline보다 조금 높거나 비슷합니다.")
def mixup_is_about_as_accurate_or_better(r: TechniquesResult) -> bool:
    return r.mixup.chosen.final_test_accuracy > r.base.final_test_accuracy - 0.02
