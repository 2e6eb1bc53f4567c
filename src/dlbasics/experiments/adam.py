r"""Adam (Kingma & Ba 2015) in miniature: one step size per coordinate fixes bad scaling.

The feature-scaling experiment: logistic regression on the digits, every optimizer of
:mod:`dlbasics.optim` at its best learning rate from one grid, once on features rescaled by
:math:`10^{U(-2, 2)}` (each pixel in its own unit, from centimetres to kilometres) and once on
the digits as they are. Plain SGD must take a step small enough for the largest feature, so it
crawls along the smallest; Adam divides each coordinate's step by that coordinate's own
gradient scale.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from dlbasics._checks import (
    check_choice,
    check_fraction,
    check_int,
    check_positive,
    check_positive_ints,
    check_real,
)
from dlbasics.claims import Claims
from dlbasics.data.digits import Split, load_digits_split
from dlbasics.metrics import accuracy
from dlbasics.optim import OPTIMIZERS, Adam
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed

#: The learning-rate grid, in half decades from 1e-4 to 1e2.
LEARNING_RATES: tuple[float, ...] = tuple(10 ** (k / 2) for k in range(-8, 5))


def rescaled_digits(seed: int = 0, log10_spread: float = 2.0) -> tuple[Split, torch.Tensor]:
    r"""The flattened digits with feature :math:`j` multiplied by :math:`s_j = 10^{u_j}`.

    :math:`u_j \sim U(-\text{spread}, \text{spread})`, drawn once per ``seed`` and shared by
    training and test images; ``log10_spread=0`` leaves the digits as they are.

    Returns:
        ``(split, scale)`` with ``scale`` of shape ``(64,)``.

    Example:
        >>> split, scale = rescaled_digits(0, 2.0)
        >>> 1e-2 <= float(scale.min()) < float(scale.max()) <= 1e2
        True
        >>> bool((rescaled_digits(0, 0.0)[1] == 1).all())
        True
    """
    check_real(log10_spread, "log10_spread", low=0, high=6)
    s = load_digits_split(seed=seed)  # (N, 64) in [0, 1]
    g = torch.Generator().manual_seed(seed)
    scale = 10 ** (log10_spread * (2 * torch.rand(64, generator=g) - 1))  # (64,)
    rescaled = Split(
        x_train=s.x_train * scale,
        y_train=s.y_train,
        x_test=s.x_test * scale,
        y_test=s.y_test,
    )
    return rescaled, scale


@dataclass(frozen=True, kw_only=True)
class FeatureScalingConfig:
    """Settings of :func:`run_feature_scaling`; the defaults run in about four seconds.

    Example:
        >>> FeatureScalingConfig(log10_spread=0.0)
        Traceback (most recent call last):
        ...
        ValueError: log10_spread must be in (0, 6], got 0.0
    """

    log10_spread: float = 2.0  # rescaled features: times 10^U(-spread, spread), in (0, 6]
    steps: int = 200  # minibatch steps for every run
    batch_size: int = 128  # digits per step (the paper's logistic regression used 128)
    lrs: tuple[float, ...] = LEARNING_RATES  # the grid every optimizer is tuned on
    optimizers: tuple[str, ...] = tuple(OPTIMIZERS)  # names from OPTIMIZERS
    every: int = 10  # record the full training loss every this many steps
    seed: int = 0  # seeds the split, the feature scales and the minibatches

    def __post_init__(self) -> None:
        check_real(self.log10_spread, "log10_spread", low=0, low_open=True, high=6)
        check_positive_ints(steps=self.steps, batch_size=self.batch_size, every=self.every)
        check_int(len(self.lrs), "len(lrs)", low=1)
        for i, lr in enumerate(self.lrs):
            check_positive(lr, f"lrs[{i}]")
        check_int(len(self.optimizers), "len(optimizers)", low=1)
        for name in self.optimizers:
            check_choice(name, "optimizers", tuple(OPTIMIZERS))
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class OptimizerGridRun:
    """Logistic regression trained by each optimizer at each learning rate of the grid."""

    optimizers: tuple[str, ...]  # the competitors
    lrs: tuple[float, ...]  # the grid
    feature_scale: torch.Tensor  # (64,) the factor of each feature
    final_loss: dict[str, tuple[float, ...]]  # optimizer -> training loss per lr (inf: diverged)
    best_lr: dict[str, float]  # optimizer -> lr of its lowest final training loss
    best_loss: dict[str, float]  # optimizer -> that loss
    test_accuracy: dict[str, float]  # optimizer -> test accuracy at its best lr
    steps: tuple[int, ...]  # when the curves were recorded
    curves: dict[str, tuple[float, ...]]  # optimizer -> full training loss at its best lr

    def loss_at(self, name: str, lr: float) -> float:
        """Final training loss of optimizer ``name`` at the grid value nearest to ``lr``."""
        check_choice(name, "name", self.optimizers)
        check_positive(lr, "lr")
        j = min(range(len(self.lrs)), key=lambda i: abs(math.log(self.lrs[i] / lr)))
        return self.final_loss[name][j]


@dataclass(frozen=True, kw_only=True)
class FeatureScalingResult:
    """The same race on rescaled features and on the digits as they are."""

    config: FeatureScalingConfig  # what was run
    rescaled: OptimizerGridRun  # features times 10^U(-spread, spread)
    original: OptimizerGridRun  # the digits as they are (pixels in [0, 1])


def _per_model_loss(x: torch.Tensor, y: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of each of K linear softmax models (bias folded into ``x``).

    Shape:
        ``x``: ``(N, D)``, ``y``: ``(N,)``, ``weights``: ``(K, D, C)`` -> ``(K,)``.
    """
    k, d, c = weights.shape
    side_by_side = weights.permute(1, 0, 2).reshape(d, k * c)  # (D, K*C): one matrix product
    logits = (x @ side_by_side).view(-1, c)  # (N*K, C)
    loss = F.cross_entropy(logits, y.repeat_interleave(k), reduction="none")  # (N*K,)
    return loss.view(-1, k).mean(0)  # (K,)


def _finite(loss: torch.Tensor) -> torch.Tensor:
    """Replace NaN (a run that blew up) by infinity, so that it ranks last."""
    return torch.where(loss.isnan(), torch.full_like(loss, math.inf), loss)


def _grid_run(
    config: FeatureScalingConfig, log10_spread: float, progress: bool
) -> OptimizerGridRun:
    """Train every (optimizer, learning rate) pair of ``config`` on one version of the digits."""
    set_seed(config.seed)
    data, scale = rescaled_digits(config.seed, log10_spread)
    x = F.pad(data.x_train, (0, 1), value=1.0)  # (N, 65): a constant 1 for the bias
    x_test = F.pad(data.x_test, (0, 1), value=1.0)  # (M, 65)
    y, n_lr = data.y_train, len(config.lrs)
    weights = [
        torch.zeros(65, 10, requires_grad=True) for _ in range(len(config.optimizers) * n_lr)
    ]
    optimizers = [
        OPTIMIZERS[name](
            [{"params": [weights[i * n_lr + j]], "lr": lr} for j, lr in enumerate(config.lrs)],
            lr=config.lrs[0],
        )
        for i, name in enumerate(config.optimizers)
    ]
    g = torch.Generator().manual_seed(config.seed)
    marks, snapshots = [], []
    desc = f"spread {log10_spread:g}"
    for t in progress_bar(range(config.steps), desc=desc, enabled=progress):
        if t % config.every == 0:
            marks.append(t)
            snapshots.append(torch.stack(weights).detach().clone())  # (K, 65, 10)
        idx = torch.randint(0, len(y), (config.batch_size,), generator=g)  # (B,)
        loss = _per_model_loss(x[idx], y[idx], torch.stack(weights)).sum()
        for opt in optimizers:
            opt.zero_grad()
        loss.backward()
        for opt in optimizers:
            opt.step()
    marks.append(config.steps)
    snapshots.append(torch.stack(weights).detach().clone())  # after the last step
    with torch.no_grad():
        last = _finite(_per_model_loss(x, y, snapshots[-1]))  # (K,) final full training loss
        final_loss, best_lr, best_loss, test_acc, best_curves = {}, {}, {}, {}, {}
        for i, name in enumerate(config.optimizers):
            final = last[i * n_lr : (i + 1) * n_lr]  # (L,)
            j = int(final.argmin())
            k = i * n_lr + j
            final_loss[name] = tuple(final.tolist())
            best_lr[name], best_loss[name] = config.lrs[j], float(final[j])
            test_acc[name] = accuracy(x_test @ snapshots[-1][k], data.y_test)
            history = torch.stack([w[k] for w in snapshots])  # (T, 65, 10) the run over time
            best_curves[name] = tuple(_finite(_per_model_loss(x, y, history)).tolist())
    return OptimizerGridRun(
        optimizers=config.optimizers,
        lrs=config.lrs,
        feature_scale=scale,
        final_loss=final_loss,
        best_lr=best_lr,
        best_loss=best_loss,
        test_accuracy=test_acc,
        steps=tuple(marks),
        curves=best_curves,
    )


def run_feature_scaling(
    config: FeatureScalingConfig, *, progress: bool = False
) -> FeatureScalingResult:
    r"""Race every optimizer of ``config`` on :func:`rescaled_digits` and on the plain digits.

    The model is logistic regression, :math:`\mathrm{softmax}(W^\top [x; 1])`, started at
    :math:`W = 0`; the loss is cross-entropy. All runs see the same minibatches. They are
    trained side by side: their weight matrices sit side by side in one matrix product, and as
    the summed loss :math:`\sum_k \mathcal{L}_k(W_k)` has gradient :math:`\nabla\mathcal{L}_k`
    for each :math:`W_k`, every run gets exactly its own gradient. Each optimizer holds one
    parameter group per learning rate. The best learning rate is the one with the lowest
    training loss after the last step (runs that blow up count as infinitely bad). Both
    versions of the digits start from ``set_seed(config.seed)``.

    Args:
        config: settings; the defaults give the book's numbers.
        progress: show a progress bar over the steps (for scripts where a person waits).

    Returns:
        A :class:`FeatureScalingResult`.

    Example:
        >>> config = FeatureScalingConfig(
        ...     steps=20, lrs=(0.1, 1.0), optimizers=("SGD", "Adam")
        ... )
        >>> r = run_feature_scaling(config)
        >>> sorted(r.rescaled.best_lr), r.original.best_loss["Adam"] < math.log(10)
        (['Adam', 'SGD'], True)
    """
    return FeatureScalingResult(
        config=config,
        rescaled=_grid_run(config, config.log10_spread, progress),
        original=_grid_run(config, 0.0, progress),
    )


@dataclass(frozen=True, kw_only=True)
class BiasCorrectionConfig:
    """Settings of :func:`run_bias_correction`; the defaults are the page's.

    Example:
        >>> BiasCorrectionConfig(steps=0)
        Traceback (most recent call last):
        ...
        ValueError: steps must be >= 1, got 0
    """

    beta1: float = 0.9  # Adam's decay of the first moment, in [0, 1)
    beta2: float = 0.999  # Adam's decay of the second moment, in [0, 1)
    steps: int = 3000  # Adam steps on the constant gradient
    seed: int = 0  # unused: a constant gradient has no randomness

    def __post_init__(self) -> None:
        check_fraction(self.beta1, "beta1")
        check_fraction(self.beta2, "beta2")
        check_int(self.steps, "steps", low=1)
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class BiasCorrectionResult:
    """Adam's step sizes, in units of the learning rate, under a constant gradient."""

    config: BiasCorrectionConfig  # what was run
    t: tuple[int, ...]  # step numbers 1, 2, ...
    corrected: tuple[float, ...]  # |theta_t - theta_{t-1}| / lr, measured on dlbasics' Adam
    uncorrected: tuple[float, ...]  # m_t / (sqrt(v_t) + eps) from its state: no bias correction


def run_bias_correction(
    config: BiasCorrectionConfig, *, progress: bool = False
) -> BiasCorrectionResult:
    r"""Run :class:`~dlbasics.optim.Adam` on a constant gradient :math:`g = 1` and read its steps.

    With :math:`m_0 = v_0 = 0` the raw averages are :math:`m_t = (1 - \beta_1^t) g` and
    :math:`v_t = (1 - \beta_2^t) g^2`, so without correction the step would be
    :math:`\eta (1 - \beta_1^t) / \sqrt{1 - \beta_2^t}`: :math:`3.2\eta` at :math:`t = 1` for
    the default betas, and more than :math:`6\eta` a few steps later. Adam's corrected step
    is :math:`\eta` from the first step on.

    Example:
        >>> b = run_bias_correction(BiasCorrectionConfig(steps=10))
        >>> round(b.corrected[0], 4), round(b.uncorrected[0], 3)
        (1.0, 3.162)
    """
    lr = 1e-3
    theta = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = Adam([theta], lr=lr, betas=(config.beta1, config.beta2))
    corrected, uncorrected = [], []
    for _ in progress_bar(range(config.steps), desc="bias correction", enabled=progress):
        theta.grad = torch.ones_like(theta)  # g_t = 1 for every t
        before = theta.item()
        opt.step()
        corrected.append(abs(theta.item() - before) / lr)
        state = opt.state[theta]
        raw = state["m"] / (state["v"].sqrt() + opt.param_groups[0]["eps"])
        uncorrected.append(float(raw))
    return BiasCorrectionResult(
        config=config,
        t=tuple(range(1, config.steps + 1)),
        corrected=tuple(corrected),
        uncorrected=tuple(uncorrected),
    )


# --- What the page says about these runs (see dlbasics.claims) ---------------------------------

CLAIMS_BIAS: Claims[BiasCorrectionResult] = Claims("history/adam")


@CLAIMS_BIAS.claim(
    "보정하지 않으면 첫 step이 η의 … 배, … 번째 step에서는 … 배이고, … step이 지나도 … 배입니다."
)
def uncorrected_steps_start_large_and_stay_above_eta(r: BiasCorrectionResult) -> bool:
    return r.uncorrected[0] > 3 and max(r.uncorrected) > 6 and r.uncorrected[-1] > 1


@CLAIMS_BIAS.claim("보정한 Adam의 step은 처음부터 η입니다 (차이 …).")
def corrected_steps_are_eta(r: BiasCorrectionResult) -> bool:
    return max(abs(c - 1) for c in r.corrected) < 1e-6


_ADAPTIVE = ("Adagrad", "RMSprop", "Adam")
_ONE_STEP_SIZE = ("SGD", "Momentum", "Nesterov")

CLAIMS_SCALING: Claims[FeatureScalingResult] = Claims("history/adam")


@CLAIMS_SCALING.claim(
    "… step 뒤 training loss는 Adam …, Nesterov …, SGD … 입니다. Nesterov의 … 분의 1입니다."
)
def adam_beats_nesterov_and_sgd_on_bad_scaling(r: FeatureScalingResult) -> bool:
    loss = r.rescaled.best_loss
    return loss["Adam"] < loss["Nesterov"] / 1.2 and loss["Adam"] < loss["SGD"] / 1.5


@CLAIMS_SCALING.claim(
    "parameter마다 step을 나누는 세 방법 (Adagrad, RMSprop, Adam)이 모두 (가장 나쁜 것도 …) "
    "하나의 step을 쓰는 세 방법보다 "
    "(가장 좋은 것도 …) 낮습니다."
)
def every_adaptive_method_beats_every_single_step_method(r: FeatureScalingResult) -> bool:
    loss = r.rescaled.best_loss
    return max(loss[n] for n in _ADAPTIVE) < min(loss[n] for n in _ONE_STEP_SIZE)


@CLAIMS_SCALING.claim(
    "원래 digits에서는 loss가 모두 시작값 ln 10 ≈ 2.30의 10분의 1 아래이고, Nesterov와의 "
    "차이는 0.02 안쪽으로 사라집니다."
)
def on_good_scaling_the_gap_to_nesterov_disappears(r: FeatureScalingResult) -> bool:
    loss = r.original.best_loss
    return (
        all(loss[n] < math.log(10) / 10 for n in ("SGD", "Nesterov", "Adam"))
        and abs(loss["Adam"] - loss["Nesterov"]) < 0.02
    )


@CLAIMS_SCALING.claim("test accuracy도 Adam …, Nesterov …, SGD … 로 서로 5%p 안쪽입니다.")
def on_good_scaling_test_accuracies_agree(r: FeatureScalingResult) -> bool:
    accs = [r.original.test_accuracy[n] for n in ("SGD", "Nesterov", "Adam")]
    return max(accs) - min(accs) < 0.05


@CLAIMS_SCALING.claim(
    "평범한 SGD와의 loss 차이는 남지만 (…), 나쁜 scale에서의 차이 (…)보다 훨씬(3배 넘게) 작습니다."
)
def the_gap_to_sgd_shrinks_on_good_scaling(r: FeatureScalingResult) -> bool:
    good = r.original.best_loss["SGD"] - r.original.best_loss["Adam"]
    bad = r.rescaled.best_loss["SGD"] - r.rescaled.best_loss["Adam"]
    return 0 < good < bad / 3


@CLAIMS_SCALING.claim(
    "원래 digits에서 … step 동안 Adam의 loss는 기본값으로 …, grid에서 고른 η로 … 로, 기본값의 "
    "loss가 10배 넘게 높습니다."
)
def the_default_learning_rate_is_far_from_the_best(r: FeatureScalingResult) -> bool:
    return r.original.loss_at("Adam", 1e-3) > 10 * r.original.best_loss["Adam"]


@CLAIMS_SCALING.claim("나쁜 scale은 Adam에게도 나쁩니다 (loss … 대 …).")
def bad_scaling_hurts_adam_too(r: FeatureScalingResult) -> bool:
    return r.rescaled.best_loss["Adam"] > r.original.best_loss["Adam"]


@CLAIMS_SCALING.claim("여섯 optimizer 모두 원래 digits에서 loss가 더 낮았습니다.")
def every_optimizer_does_better_on_good_scaling(r: FeatureScalingResult) -> bool:
    return all(r.original.best_loss[n] < r.rescaled.best_loss[n] for n in r.rescaled.optimizers)
