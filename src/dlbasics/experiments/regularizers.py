r"""More experiments of the Optimization chapter on the same noisy-digits baseline.

:func:`run_kfold` (how much a single validation split can mislead), :func:`run_ensembles`
(averaging members' probabilities, with and without bagging) and :func:`run_batchnorm` (a
deeper net, trained with plain SGD at several learning rates, with and without batch
normalization). The first two train with
:func:`~dlbasics.experiments.generalization.train_full_batch`, the third with
:func:`dlbasics.train.fit`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import check_int, check_positive, check_positive_ints
from dlbasics.claims import Claims
from dlbasics.data import load_digits_split
from dlbasics.experiments.generalization import (
    BASELINE,
    N_LABELLED,
    BaselineConfig,
    GeneralizationConfig,
    NoisyDigits,
    mlp,
    noisy_digits,
    train_full_batch,
)
from dlbasics.optim import SGD
from dlbasics.progress import progress_bar
from dlbasics.regularization import ensemble_average, kfold_indices
from dlbasics.train import fit


@dataclass(frozen=True, kw_only=True)
class KFoldConfig:
    """Settings of :func:`run_kfold`.

    Example:
        >>> KFoldConfig(k=1)
        Traceback (most recent call last):
        ...
        ValueError: k must be >= 2, got 1
    """

    k: int = 5  # folds; each is the validation set once
    baseline: BaselineConfig = BASELINE  # data (all n_train + n_val samples), model, budget
    seed: int = 0  # fixes the data, its wrong labels, the folds and the initializations

    def __post_init__(self) -> None:
        check_int(self.k, "k", low=2)
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class KFoldResult:
    """Per-fold numbers of a k-fold validation of the baseline."""

    config: KFoldConfig  # what was run
    val_accuracy: tuple[float, ...]  # each fold's model on its held-out fold, labels as we have
    val_accuracy_true: tuple[float, ...]  # the same, scored with the true labels (oracle)
    test_accuracy: tuple[float, ...]  # the same models on the true-labelled test set
    fold_size: int  # samples per validation fold (about n / k)

    @property
    def mean(self) -> float:
        """The k-fold estimate: the mean validation accuracy."""
        return sum(self.val_accuracy) / len(self.val_accuracy)

    @property
    def std(self) -> float:
        """Spread of the single-fold estimates (population standard deviation)."""
        return float(torch.tensor(self.val_accuracy).std(correction=0))

    @property
    def stderr(self) -> float:
        r"""Standard error of the mean, :math:`\mathrm{std}/\sqrt{k}`."""
        return self.std / math.sqrt(len(self.val_accuracy))

    @property
    def mean_true(self) -> float:
        """Mean validation accuracy against the true labels."""
        return sum(self.val_accuracy_true) / len(self.val_accuracy_true)

    @property
    def mean_test(self) -> float:
        """Mean test accuracy of the fold models."""
        return sum(self.test_accuracy) / len(self.test_accuracy)


def run_kfold(config: KFoldConfig, *, progress: bool = False) -> KFoldResult:
    """k-fold validation of the baseline on all labelled samples (training + validation parts).

    Each fold trains a fresh baseline MLP on the other folds and is scored on its own fold,
    with the labels we have (some wrong) and, to see what that costs, with the true ones.

    Example:
        >>> small = BaselineConfig(steps=1, hidden=4, n_train=10, n_val=10)
        >>> r = run_kfold(KFoldConfig(k=2, baseline=small))
        >>> len(r.val_accuracy), r.fold_size
        (2, 10)
    """
    seed, setup = config.seed, config.baseline
    data = noisy_digits(setup, seed)
    x = torch.cat([data.x_train, data.x_val])  # (n, 64) every labelled sample we have
    y = torch.cat([data.y_train, data.y_val])  # (n,) labels as we have them
    y_true = torch.cat([data.y_train_true, data.y_val_true])  # (n,)
    train_config = GeneralizationConfig(baseline=setup, seed=seed)  # the baseline, no technique
    folds = kfold_indices(len(y), config.k, seed)
    val_acc, val_true, test_acc = [], [], []
    for i, (tr, va) in enumerate(progress_bar(folds, desc="k-fold", enabled=progress)):
        fold = NoisyDigits(
            x_train=x[tr],
            y_train=y[tr],
            flipped=torch.zeros(len(tr), dtype=torch.bool),
            y_train_true=y_true[tr],
            x_val=x[va],
            y_val=y[va],
            y_val_true=y_true[va],
            x_test=data.x_test,
            y_test=data.y_test,
        )
        torch.manual_seed(seed + 1000 * i)
        model = mlp(setup.hidden)
        result = train_full_batch(model, fold.x_train, fold.y_train, fold, train_config)
        model.eval()
        with torch.no_grad():
            pred = model(x[va]).argmax(1)  # (n / k,)
        val_acc.append(float((pred == y[va]).float().mean()))
        val_true.append(float((pred == y_true[va]).float().mean()))
        test_acc.append(result.final_test_accuracy)
    return KFoldResult(
        config=config,
        val_accuracy=tuple(val_acc),
        val_accuracy_true=tuple(val_true),
        test_accuracy=tuple(test_acc),
        fold_size=len(y) // config.k,
    )


@dataclass(frozen=True, kw_only=True)
class EnsembleConfig:
    """Settings of :func:`run_ensembles`.

    Example:
        >>> EnsembleConfig(n_members=0)
        Traceback (most recent call last):
        ...
        ValueError: n_members must be >= 1, got 0
    """

    n_members: int = 5  # models per ensemble
    baseline: BaselineConfig = BASELINE  # data, model size and training budget
    seed: int = 0  # fixes the data and its wrong labels; member m is seeded seed + 1000 m

    def __post_init__(self) -> None:
        check_int(self.n_members, "n_members", low=1)
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class EnsembleRun:
    """Test accuracy of each member and of the averages of the first m members."""

    member_accuracy: tuple[float, ...]  # member i alone
    ensemble_accuracy: tuple[float, ...]  # average of members 0..m-1, for m = 1..N
    bootstrap: bool  # whether each member trained on its own bootstrap resample

    @property
    def mean_member(self) -> float:
        """The average single model."""
        return sum(self.member_accuracy) / len(self.member_accuracy)


@dataclass(frozen=True, kw_only=True)
class EnsembleResult:
    """Two ensembles of the baseline: members that differ in initialization only, and bagging."""

    config: EnsembleConfig  # what was run
    plain: EnsembleRun  # members differ in their initialization only
    bagged: EnsembleRun  # each member also trains on its own bootstrap resample


def _ensemble(
    config: EnsembleConfig, data: NoisyDigits, bootstrap: bool, progress: bool
) -> EnsembleRun:
    n = len(data.y_train)
    train_config = GeneralizationConfig(baseline=config.baseline, seed=config.seed)
    probs, accs, ens = [], [], []
    desc = "bagging" if bootstrap else "ensemble"
    for m in progress_bar(range(config.n_members), desc=desc, enabled=progress):
        torch.manual_seed(config.seed + 1000 * m)
        model = mlp(config.baseline.hidden)
        g = torch.Generator().manual_seed(config.seed + 1000 * m)
        idx = torch.randint(0, n, (n,), generator=g) if bootstrap else torch.arange(n)  # (n,)
        r = train_full_batch(model, data.x_train[idx], data.y_train[idx], data, train_config)
        probs.append(r.test_probs)
        accs.append(r.final_test_accuracy)
        avg = ensemble_average(probs)  # (M, 10) mean of the first m + 1 members
        ens.append(float((avg.argmax(1) == data.y_test).float().mean()))
    return EnsembleRun(
        member_accuracy=tuple(accs), ensemble_accuracy=tuple(ens), bootstrap=bootstrap
    )


def run_ensembles(config: EnsembleConfig, *, progress: bool = False) -> EnsembleResult:
    """Train ``n_members`` baselines twice and average each ensemble's predicted probabilities.

    The members of ``plain`` differ in initialization; those of ``bagged`` also train each on
    its own resample (drawn with replacement) of the training set: bagging (Breiman 1996).
    Member ``m`` of both starts from the same initial weights.

    Example:
        >>> tiny = BaselineConfig(steps=1, hidden=4)
        >>> r = run_ensembles(EnsembleConfig(n_members=2, baseline=tiny))
        >>> len(r.plain.member_accuracy), len(r.bagged.ensemble_accuracy)
        (2, 2)
    """
    data = noisy_digits(config.baseline, config.seed)
    return EnsembleResult(
        config=config,
        plain=_ensemble(config, data, bootstrap=False, progress=progress),
        bagged=_ensemble(config, data, bootstrap=True, progress=progress),
    )


@dataclass(frozen=True, kw_only=True)
class BatchNormConfig:
    """Settings of :func:`run_batchnorm`.

    Example:
        >>> BatchNormConfig(lrs=(0.1, -1.0))
        Traceback (most recent call last):
        ...
        ValueError: lrs[1] must be > 0, got -1.0
    """

    lrs: tuple[float, ...] = (0.01, 0.1, 1.0)  # learning rates of plain SGD
    depth: int = 6  # hidden layers
    width: int = 64  # units per hidden layer
    steps: int = 100  # full-batch SGD steps
    n_train: int = 200  # the baseline's training digits, with their true labels
    seed: int = 0  # fixes the digits and the (shared) initial weights

    def __post_init__(self) -> None:
        check_int(len(self.lrs), "len(lrs)", low=1)
        for i, lr in enumerate(self.lrs):
            check_positive(lr, f"lrs[{i}]")
        check_positive_ints(depth=self.depth, width=self.width, steps=self.steps)
        check_int(self.n_train, "n_train", low=1, high=N_LABELLED)
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class BatchNormResult:
    """Training-loss curves of a deep MLP under plain SGD, with and without batch normalization."""

    config: BatchNormConfig  # what was run
    lrs: tuple[float, ...]  # learning rates tried, increasing
    plain: tuple[tuple[float, ...], ...]  # loss per step for each lr, no BN (inf once diverged)
    bn: tuple[tuple[float, ...], ...]  # the same with BatchNorm1d after every hidden Linear

    @property
    def final_plain(self) -> tuple[float, ...]:
        """Final training loss per lr without BN."""
        return tuple(c[-1] for c in self.plain)

    @property
    def final_bn(self) -> tuple[float, ...]:
        """Final training loss per lr with BN."""
        return tuple(c[-1] for c in self.bn)

    def steps_to(self, loss: float) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Per lr, the updates needed until the loss is ``<= loss`` (``steps`` if never).

        Returns ``(plain, bn)``.
        """

        def first(curve: tuple[float, ...]) -> int:
            return next((t for t, v in enumerate(curve) if v <= loss), len(curve))

        return tuple(first(c) for c in self.plain), tuple(first(c) for c in self.bn)


def _sgd_curve(
    x: torch.Tensor, y: torch.Tensor, config: BatchNormConfig, bn: bool, lr: float
) -> tuple[float, ...]:
    model = mlp(config.width, depth=config.depth, batchnorm=bn)
    for m in model.modules():  # He initialization, so that the plain net gets a fair start
        if isinstance(m, nn.Linear):
            nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
            nn.init.zeros_(m.bias)
    losses = fit(model, F.cross_entropy, SGD(model.parameters(), lr=lr), x, y, config.steps).loss
    diverged = next((t for t, v in enumerate(losses) if not math.isfinite(v)), len(losses))
    return losses[:diverged] + (math.inf,) * (len(losses) - diverged)  # inf once diverged


def run_batchnorm(config: BatchNormConfig, *, progress: bool = False) -> BatchNormResult:
    """Train a ``depth``-hidden-layer MLP full-batch with plain SGD at each lr, with/without BN.

    Both nets start from the same He-initialized weights. They fit the baseline's training
    samples with their *true* labels: this experiment is about optimization, not noise.

    Example:
        >>> r = run_batchnorm(BatchNormConfig(lrs=(0.1,), depth=2, width=4, steps=2))
        >>> len(r.plain[0]), len(r.bn[0])
        (2, 2)
    """
    s = load_digits_split(seed=config.seed)
    x, y = s.x_train[: config.n_train], s.y_train[: config.n_train]  # true labels
    lrs = tuple(sorted(config.lrs))
    curves: dict[bool, list[tuple[float, ...]]] = {False: [], True: []}
    for lr in progress_bar(lrs, desc="batch norm", enabled=progress):
        for use_bn, out in curves.items():
            torch.manual_seed(config.seed)  # the same initial weights for both nets
            out.append(_sgd_curve(x, y, config, use_bn, lr))
    return BatchNormResult(
        config=config, lrs=lrs, plain=tuple(curves[False]), bn=tuple(curves[True])
    )


# --- What the page says about these runs (see dlbasics.claims) ---------------------------------

CLAIMS_KFOLD: Claims[KFoldResult] = Claims("components/optimization")


@CLAIMS_KFOLD.claim(
    "그런데 같은 model들의 test accuracy 평균은 …로, validation 추정보다 한참(0.05 넘게) 높습니다."
)
def kfold_validation_understates_test_accuracy(r: KFoldResult) -> bool:
    return r.mean_test - r.mean > 0.05


@CLAIMS_KFOLD.claim(
    "같은 예측을 정답 label로 채점하면 …로, test와의 차이가 절반 아래로 줄어듭니다."
)
def true_labels_close_most_of_the_gap(r: KFoldResult) -> bool:
    return abs(r.mean_true - r.mean_test) < (r.mean_test - r.mean) / 2


CLAIMS_ENSEMBLE: Claims[EnsembleResult] = Claims("components/optimization")


@CLAIMS_ENSEMBLE.claim(
    "초기값만 다른 다섯 model은 평균 …, ensemble은 …입니다: 평균 model과 거의 같습니다(차이 "
    "0.02 안쪽)."
)
def init_only_ensemble_is_about_the_average_member(r: EnsembleResult) -> bool:
    return abs(r.plain.ensemble_accuracy[-1] - r.plain.mean_member) < 0.02


@CLAIMS_ENSEMBLE.claim(
    "bagging의 model들은 … 서로 다르게 틀리고, 그 평균은 … 로 model 하나의 평균(…)보다 높습니다."
)
def bagging_beats_its_average_member(r: EnsembleResult) -> bool:
    return r.bagged.ensemble_accuracy[-1] > r.bagged.mean_member


@CLAIMS_ENSEMBLE.claim("bagging ensemble도 baseline보다 높습니다.")
def bagging_beats_the_baseline(r: EnsembleResult) -> bool:
    return r.bagged.ensemble_accuracy[-1] > r.plain.member_accuracy[0]  # member 0 = baseline


CLAIMS_BATCHNORM: Claims[BatchNormResult] = Claims("components/optimization")


@CLAIMS_BATCHNORM.claim(
    "learning rate 0.01에서는 100 step 뒤 loss가 BN 없이 …, BN으로 …로 BN 쪽이 낮습니다."
)
def batchnorm_is_lower_at_the_small_learning_rate(r: BatchNormResult) -> bool:
    return r.final_bn[0] < r.final_plain[0]


@CLAIMS_BATCHNORM.claim(
    "learning rate 0.1에서 loss가 0.5 아래로 내려가는 데 BN 없이 … step, BN으로는 … step이 "
    "걸렸습니다."
)
def batchnorm_gets_there_sooner(r: BatchNormResult) -> bool:
    plain, bn = r.steps_to(0.5)
    i = r.lrs.index(0.1)
    return bn[i] < plain[i] <= r.config.steps


@CLAIMS_BATCHNORM.claim("100 step 끝에는 둘 다 0.1 아래로 비슷합니다 (… 대 …).")
def both_nets_end_low_at_the_middle_learning_rate(r: BatchNormResult) -> bool:
    i = r.lrs.index(0.1)
    return max(r.final_plain[i], r.final_bn[i]) < 0.1


@CLAIMS_BATCHNORM.claim(
    "learning rate 1에서 BN 없는 net은 학습하지 못하고 (loss …: 발산하거나, 찍기 수준인 ln 10 "
    "≈ 2.30 근처에 머뭅니다), BN은 …까지 내려갑니다."
)
def only_batchnorm_trains_at_learning_rate_one(r: BatchNormResult) -> bool:
    return r.final_plain[-1] > 1.5 and r.final_bn[-1] < 0.01


@CLAIMS_BATCHNORM.claim(
    "세 learning rate 중 가장 좋은 결과도 BN 없이 …, BN으로 … 로 5배 넘게 낮습니다: BN은 더 큰 "
    "learning rate를 쓸 수 있게 합니다."
)
def batchnorm_is_best_at_a_larger_learning_rate(r: BatchNormResult) -> bool:
    best_plain = min(range(len(r.lrs)), key=r.final_plain.__getitem__)
    best_bn = min(range(len(r.lrs)), key=r.final_bn.__getitem__)
    return r.lrs[best_bn] > r.lrs[best_plain] and min(r.final_bn) < min(r.final_plain) / 5
