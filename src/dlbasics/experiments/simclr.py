r"""SimCLR in miniature: contrastive pre-training on unlabeled digits, then a few-label probe."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from dlbasics._checks import (
    check_int,
    check_int_tuple,
    check_positive,
    check_positive_ints,
    check_real,
)
from dlbasics.claims import Claims
from dlbasics.contrastive import nt_xent
from dlbasics.data import load_digits_split
from dlbasics.data.augment import AugmentConfig, augment
from dlbasics.losses import log_softmax
from dlbasics.models.simclr import SimCLR
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed

#: The three representations the probe compares, in the order of the claim (worst first).
FEATURES = ("pixels", "random encoder", "SimCLR")


@dataclass(frozen=True, kw_only=True)
class SimCLRConfig:
    """Settings of :func:`run_simclr`; the defaults pre-train in a few seconds on a CPU."""

    seed: int = 0  # seeds the split, the initial weights, the views and the labeled subsets
    widths: tuple[int, ...] = (32, 64)  # encoder channels; the representation h has widths[-1]
    proj_hidden: int = 64  # hidden features of the projection head g
    proj_dim: int = 32  # d, features of the projection z
    tau: float = 0.2  # NT-Xent temperature
    steps: int = 300  # pre-training steps (Adam)
    batch_size: int = 96  # N images per step, so 2N views
    lr: float = 3e-3  # Adam's learning rate
    augment: AugmentConfig = field(default_factory=AugmentConfig)  # how views differ
    labels_per_class: tuple[int, ...] = (1, 2, 5, 10, 20)  # labeled examples for the probe
    draws: int = 20  # random labeled subsets per size; the probe accuracy is their mean
    probe_steps: int = 100  # Adam steps of the linear probe
    probe_lr: float = 3e-2  # its learning rate
    probe_weight_decay: float = 1e-3  # its L2 penalty on the weights

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_int_tuple(self.widths, "widths", low=1)
        check_positive_ints(proj_hidden=self.proj_hidden, proj_dim=self.proj_dim)
        check_positive(self.tau, "tau")
        check_int(self.steps, "steps", low=1)
        check_int(self.batch_size, "batch_size", low=2)  # each view needs negatives
        check_positive(self.lr, "lr")
        if not isinstance(self.augment, AugmentConfig):
            raise TypeError(f"augment must be an AugmentConfig, got {type(self.augment).__name__}")
        check_int_tuple(self.labels_per_class, "labels_per_class", low=1)
        check_positive_ints(draws=self.draws, probe_steps=self.probe_steps)
        check_positive(self.probe_lr, "probe_lr")
        check_real(self.probe_weight_decay, "probe_weight_decay", low=0)


@dataclass(frozen=True, kw_only=True)
class SimCLRResult:
    """Pre-training loss and linear-probe accuracies of the three representations."""

    config: SimCLRConfig  # the settings of the run; the probe used its labels_per_class
    loss: tuple[float, ...]  # NT-Xent of each pre-training step
    probe_accuracy: dict[str, tuple[float, ...]]  # features -> mean test accuracy for each k

    def accuracy(self, features: str, k: int) -> float:
        """Mean test accuracy of the probe on ``features`` with ``k`` labels per class."""
        return self.probe_accuracy[features][self.config.labels_per_class.index(k)]


def few_labels(y: torch.Tensor, k: int, generator: torch.Generator) -> torch.Tensor:
    """Indices of ``k`` random examples of every class in ``y``, class by class.

    Args:
        y: ``(n,)`` class indices in ``[0, K)``.
        k: examples to pick from every class.
        generator: the random source.

    Returns:
        ``(K k,)`` distinct indices into ``y``.

    Raises:
        ValueError: if a class has fewer than ``k`` examples.

    Example:
        >>> few_labels(torch.tensor([0, 1, 0, 1, 0]), 2, torch.Generator()).shape
        torch.Size([4])
    """
    check_int(k, "k", low=1)
    picks = []
    for c in range(int(y.max()) + 1):
        members = torch.nonzero(y == c).flatten()  # (n_c,)
        if len(members) < k:
            raise ValueError(f"class {c} has {len(members)} examples, fewer than k={k}")
        picks.append(members[torch.randperm(len(members), generator=generator)[:k]])
    return torch.cat(picks)  # (k * classes,)


def linear_probe(
    x: torch.Tensor,
    y: torch.Tensor,
    x_test: torch.Tensor,
    y_test: torch.Tensor,
    mask: torch.Tensor | None = None,
    steps: int = 300,
    lr: float = 1e-2,
    weight_decay: float = 1e-3,
) -> torch.Tensor:
    r"""Train R logistic regressions on frozen features at once; return their test accuracies.

    Problem :math:`r` minimizes the mean cross-entropy of its labeled examples (the rows where
    ``mask[r]`` is true, so problems of different sizes can share one padded tensor) plus
    :math:`\lambda \lVert W_r \rVert^2`, full batch, with Adam from zero weights. Adam updates
    every weight from its own gradient only, so solving the R problems together (one batched
    matrix product) gives the same weights as solving them one by one. A representation is
    judged by what a *linear* classifier can read from it.

    Args:
        x: features of the labeled examples of each problem (standardize them first).
        y: their classes.
        x_test: features of the test examples, shared by all problems.
        y_test: their classes.
        mask: which of the ``n`` rows of each problem are examples; ``None`` for all.
        steps: Adam steps.
        lr: learning rate.
        weight_decay: :math:`\lambda`.

    Returns:
        ``(R,)`` test accuracy of each problem's classifier.

    Shape:
        x: :math:`(R, n, D)`; y, mask: :math:`(R, n)`; x_test: :math:`(M, D)`; y_test: :math:`(M,)`.

    Example:
        >>> x = torch.tensor(
        ...     [[[-1.0], [1.0]]]
        ... )  # one problem, two examples, one feature
        >>> linear_probe(
        ...     x, torch.tensor([[0, 1]]), x[0], torch.tensor([0, 1]), steps=20
        ... )
        tensor([1.])
    """
    if x.dim() != 3 or y.shape != x.shape[:2]:
        raise ValueError(
            f"x must be (R, n, D) and y (R, n), got {tuple(x.shape)} and {tuple(y.shape)}"
        )
    if x_test.dim() != 2 or x_test.shape[1] != x.shape[2] or y_test.shape != x_test.shape[:1]:
        raise ValueError(
            f"x_test must be (M, {x.shape[2]}) and y_test (M,), "
            f"got {tuple(x_test.shape)} and {tuple(y_test.shape)}"
        )
    problems, n, dim = x.shape
    mask = torch.ones(problems, n, dtype=torch.bool) if mask is None else mask
    if mask.shape != (problems, n) or not bool(mask.any(dim=1).all()):
        raise ValueError(f"mask must be ({problems}, {n}) with a true entry in every row")
    share = mask.float() / mask.sum(dim=1, keepdim=True)  # (R, n): a mean over real rows
    classes = int(torch.cat([y.flatten(), y_test]).max()) + 1  # K
    weight = torch.zeros(problems, dim, classes, requires_grad=True)  # (R, D, K)
    bias = torch.zeros(problems, 1, classes, requires_grad=True)  # (R, 1, K)
    opt = torch.optim.Adam([weight, bias], lr=lr)
    for _ in range(steps):
        log_p = log_softmax(torch.baddbmm(bias, x, weight), dim=-1)  # (R, n, K)
        nll = -log_p.gather(-1, y.unsqueeze(-1)).squeeze(-1)  # (R, n)
        loss = (share * nll).sum() + weight_decay * weight.pow(2).sum()  # sum of R problems
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        pred = (x_test @ weight + bias).argmax(dim=-1)  # (R, M)
        return (pred == y_test).float().mean(dim=1)  # (R,)


def pretrain(
    model: SimCLR,
    images: torch.Tensor,
    config: SimCLRConfig,
    generator: torch.Generator,
    *,
    progress: bool = False,
) -> tuple[float, ...]:
    r"""SimCLR's loop: two random views of a minibatch, project both, minimize NT-Xent.

    Args:
        model: the encoder and projection head, trained in place.
        images: the unlabeled training images, values in [0, 1].
        config: ``steps``, ``batch_size``, ``lr``, ``tau`` and ``augment`` are used.
        generator: draws the minibatches and the views.
        progress: show a progress bar (for scripts).

    Returns:
        The loss of each step.

    Shape:
        images: :math:`(M, 1, H, W)`.

    Example:
        >>> model, images = (
        ...     SimCLR(widths=(4,), proj_hidden=8, proj_dim=4),
        ...     torch.rand(16, 1, 8, 8),
        ... )
        >>> config = SimCLRConfig(steps=3, batch_size=4)
        >>> len(pretrain(model, images, config, torch.Generator().manual_seed(0)))
        3
    """
    opt = torch.optim.Adam(model.parameters(), lr=config.lr)
    losses: list[float] = []
    steps = progress_bar(range(config.steps), desc="SimCLR pre-training", enabled=progress)
    for _ in steps:
        size = (config.batch_size,)
        idx = torch.randint(0, len(images), size, generator=generator)  # (N,)
        x = images[idx]  # (N, 1, H, W), no labels anywhere
        z1 = model(augment(x, generator, config.augment))  # (N, d) first views
        z2 = model(augment(x, generator, config.augment))  # (N, d) second views
        loss = nt_xent(z1, z2, config.tau)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return tuple(losses)


def _probe_all(
    train: torch.Tensor,
    y: torch.Tensor,
    test: torch.Tensor,
    y_test: torch.Tensor,
    config: SimCLRConfig,
) -> tuple[float, ...]:
    """Mean probe accuracy for every ``k`` in ``config.labels_per_class``; same subsets for all."""
    mean, std = train.mean(dim=0), train.std(dim=0) + 1e-6  # from all (unlabeled) training data
    train, test = (train - mean) / std, (test - mean) / std
    generator = torch.Generator().manual_seed(config.seed)
    ks, draws = config.labels_per_class, config.draws
    n_max = 10 * max(ks)
    idx = torch.zeros(len(ks) * draws, n_max, dtype=torch.int64)  # (len(ks) draws, n_max), padded
    mask = torch.zeros(len(ks) * draws, n_max, dtype=torch.bool)
    for i, k in enumerate(ks):
        for r in range(draws):
            picked = few_labels(y, k, generator)  # (10 k,)
            idx[i * draws + r, : len(picked)] = picked
            mask[i * draws + r, : len(picked)] = True
    accs = linear_probe(
        train[idx],  # (len(ks) draws, n_max, D)
        y[idx],
        test,
        y_test,
        mask,
        config.probe_steps,
        config.probe_lr,
        config.probe_weight_decay,
    )
    out = accs.view(len(ks), draws).mean(dim=1).tolist()  # mean over the draws of each k
    return tuple(out)


def run_simclr(config: SimCLRConfig, *, progress: bool = False) -> SimCLRResult:
    r"""Pre-train SimCLR on the training digits without labels; probe it with a few labels.

    Three representations get the same linear probe on the same labeled subsets: the raw
    pixels, the encoder at its random initialisation, and the same encoder after SimCLR. The
    labels are used only by the probe.

    Args:
        config: settings; the defaults give the page's numbers.
        progress: show a progress bar over the pre-training steps.

    Returns:
        A :class:`SimCLRResult`.

    Example:
        >>> config = SimCLRConfig(
        ...     widths=(4,),
        ...     steps=2,
        ...     batch_size=8,
        ...     labels_per_class=(1,),
        ...     draws=1,
        ...     probe_steps=2,
        ... )
        >>> result = run_simclr(config)
        >>> len(result.loss), list(result.probe_accuracy)
        (2, ['pixels', 'random encoder', 'SimCLR'])
    """
    if not isinstance(config, SimCLRConfig):
        raise TypeError(f"config must be a SimCLRConfig, got {type(config).__name__}")
    generator = set_seed(config.seed)
    split = load_digits_split(seed=config.seed, flatten=False)
    model = SimCLR(1, config.widths, config.proj_hidden, config.proj_dim)

    def features(images: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return model.encode(images)  # (B, widths[-1])

    y, y_test = split.y_train, split.y_test
    probes = {
        "pixels": _probe_all(split.x_train.flatten(1), y, split.x_test.flatten(1), y_test, config)
    }
    probes["random encoder"] = _probe_all(
        features(split.x_train), y, features(split.x_test), y_test, config
    )
    loss = pretrain(model, split.x_train, config, generator, progress=progress)
    probes["SimCLR"] = _probe_all(
        features(split.x_train), y, features(split.x_test), y_test, config
    )
    return SimCLRResult(
        config=config, loss=loss, probe_accuracy={name: probes[name] for name in FEATURES}
    )


#: The SimCLR page's sentences about :func:`run_simclr`, each with its predicate.
CLAIMS: Claims[SimCLRResult] = Claims("history/simclr")


def _chance_loss(r: SimCLRResult) -> float:
    """NT-Xent of guessing the pair among the other 2N - 1 views: log(2N - 1)."""
    return math.log(2 * r.config.batch_size - 1)


def _gain(r: SimCLRResult, k: int) -> float:
    """SimCLR's probe accuracy minus the pixels' with ``k`` labels per class."""
    return r.accuracy("SimCLR", k) - r.accuracy("pixels", k)


@CLAIMS.claim("첫 step의 loss는 …로, 찍을 때의 값 log(2N−1) = …와 0.05 안쪽으로 같습니다.")
def first_loss_is_within_0_05_of_guessing(r: SimCLRResult) -> bool:
    return abs(r.loss[0] - _chance_loss(r)) < 0.05


@CLAIMS.claim("마지막 20 step의 평균은 …로 그보다 1 넘게 낮습니다.")
def last_losses_are_over_1_below_guessing(r: SimCLRResult) -> bool:
    return sum(r.loss[-20:]) / 20 < _chance_loss(r) - 1.0


@CLAIMS.claim("SimCLR 선이 label이 적을 때 (class마다 5개까지) 가장 높다.")
def simclr_is_best_with_up_to_5_labels(r: SimCLRResult) -> bool:
    others = ("pixels", "random encoder")
    return all(
        r.accuracy("SimCLR", k) > max(r.accuracy(o, k) for o in others)
        for k in r.config.labels_per_class
        if k <= 5
    )


@CLAIMS.claim(
    "SimCLR로 배운 표현은 label 5개씩으로 …를 맞혀, "
    "pixel (…)과 학습 전 encoder (…)를 모두 앞섭니다."
)
def simclr_beats_both_at_k_5(r: SimCLRResult) -> bool:
    others = (r.accuracy("pixels", 5), r.accuracy("random encoder", 5))
    return r.accuracy("SimCLR", 5) > max(others)


@CLAIMS.claim(
    "이 설정에서는 encoder 구조만으로는 도움이 되지 않습니다: "
    "무작위 weight의 encoder는 label이 class마다 1–2개일 때 pixel보다도 낮습니다."
)
def random_encoder_is_below_pixels_with_1_or_2_labels(r: SimCLRResult) -> bool:
    return all(r.accuracy("random encoder", k) < r.accuracy("pixels", k) for k in (1, 2))


@CLAIMS.claim(
    "이득은 label이 적을수록 큽니다: class마다 1–2개일 때의 평균 이득이 10–20개일 때보다 큽니다."
)
def the_gain_is_larger_with_fewer_labels(r: SimCLRResult) -> bool:
    return _gain(r, 1) + _gain(r, 2) > _gain(r, 10) + _gain(r, 20)


@CLAIMS.claim("label 20개씩이면 pixel 위의 logistic regression도 0.85를 넘습니다.")
def pixels_pass_0_85_with_20_labels(r: SimCLRResult) -> bool:
    return r.accuracy("pixels", 20) > 0.85
