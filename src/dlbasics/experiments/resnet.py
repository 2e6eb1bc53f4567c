r"""ResNet's degradation problem in miniature: deep plain MLPs train worse, shortcuts fix it."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import torch
from torch import nn

from dlbasics._checks import check_int, check_positive, check_positive_ints
from dlbasics.claims import Claims
from dlbasics.data import load_digits_split
from dlbasics.data.digits import Split
from dlbasics.losses import cross_entropy
from dlbasics.metrics import accuracy
from dlbasics.models.deep_mlp import PlainMLP, ResidualMLP
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed
from dlbasics.train import fit


@dataclass(frozen=True, kw_only=True)
class DegradationConfig:
    """Settings of :func:`run_degradation`; the defaults run in a few seconds on a CPU."""

    seed: int = 0  # seeds the data split, the initial weights and the minibatch draws
    deep: int = 30  # L of the deep plain and the deep residual network (linear layers)
    shallow: int = 4  # L of the shallow plain network
    width: int = 32  # C, hidden features of every network
    steps: int = 200  # Adam steps, one minibatch each
    batch_size: int = 128  # B, training samples per step
    lr: float = 1e-3  # Adam's learning rate eta
    every: int = 10  # measure the curves every this many steps (and at step 0)

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_int(self.shallow, "shallow", low=2)
        check_int(self.deep, "deep", low=self.shallow + 1)  # deeper than the shallow network
        check_positive_ints(
            width=self.width, steps=self.steps, batch_size=self.batch_size, every=self.every
        )
        check_positive(self.lr, "lr")

    def names(self) -> tuple[str, str, str]:
        """The three networks, in the order the claim ranks them (worst training loss first)."""
        return (f"plain-{self.deep}", f"plain-{self.shallow}", f"residual-{self.deep}")


@dataclass(frozen=True, kw_only=True)
class DegradationResult:
    """Curves of the three networks, measured on the whole training and test sets."""

    config: DegradationConfig  # the settings of the run
    steps: tuple[int, ...]  # step numbers of the measurements, from 0
    names: tuple[str, ...]  # e.g. ("plain-30", "plain-4", "residual-30")
    train_loss: dict[str, tuple[float, ...]]  # name -> cross-entropy on all training samples
    test_error: dict[str, tuple[float, ...]]  # name -> 1 - test accuracy

    def final_train_loss(self, name: str) -> float:
        """Training loss of ``name`` after the last step."""
        return self.train_loss[name][-1]

    def final_test_error(self, name: str) -> float:
        """Test error of ``name`` after the last step."""
        return self.test_error[name][-1]


def _train(
    model: nn.Module, data: Split, marks: list[int], config: DegradationConfig
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Adam on minibatches; the full training loss and the test error at each step of ``marks``."""
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)  # = dlbasics.optim.Adam
    generator = torch.Generator().manual_seed(config.seed)  # the same minibatches for all
    train_loss: list[float] = []
    test_error: list[float] = []
    for done, mark in pairwise([0, *marks]):  # (0, 0), (0, every), (every, 2 every), ...
        if mark > done:  # train from step `done` up to step `mark`
            x, y = data.x_train, data.y_train
            fit(model, cross_entropy, optimizer, x, y, mark - done, config.batch_size, generator)
        with torch.no_grad():
            train_loss.append(cross_entropy(model(data.x_train), data.y_train).item())
            test_error.append(1.0 - accuracy(model(data.x_test), data.y_test))
    return tuple(train_loss), tuple(test_error)


def run_degradation(config: DegradationConfig, *, progress: bool = False) -> DegradationResult:
    r"""Train a deep plain, a shallow plain and a deep residual MLP on digits, the same way.

    All three use He initialisation, Adam and the same minibatches (one generator per network,
    seeded alike); only depth and the shortcut differ. ResNet's claim, in miniature: the deep
    plain network ends with the highest *training* loss (degradation, not overfitting), and the
    same depth with identity shortcuts the lowest.

    Args:
        config: settings; the defaults give the page's numbers.
        progress: show a progress bar over the three networks (for scripts).

    Returns:
        A :class:`DegradationResult`.

    Example:
        >>> config = DegradationConfig(deep=5, shallow=2, width=8, steps=4, every=2)
        >>> result = run_degradation(config)
        >>> result.names, result.steps
        (('plain-5', 'plain-2', 'residual-5'), (0, 2, 4))
    """
    if not isinstance(config, DegradationConfig):
        raise TypeError(f"config must be a DegradationConfig, got {type(config).__name__}")
    set_seed(config.seed)
    data = load_digits_split(seed=config.seed)
    plain_deep, plain_shallow, residual_deep = config.names()
    makers: dict[str, Callable[[], PlainMLP]] = {
        plain_deep: lambda: PlainMLP(config.deep, config.width),
        plain_shallow: lambda: PlainMLP(config.shallow, config.width),
        residual_deep: lambda: ResidualMLP(config.deep, config.width),
    }
    marks = sorted({*range(0, config.steps, config.every), config.steps})
    train_loss, test_error = {}, {}
    for name in progress_bar(makers, desc="networks", enabled=progress):
        torch.manual_seed(config.seed)  # the same initial weights where the layers agree
        model = makers[name]()
        train_loss[name], test_error[name] = _train(model, data, marks, config)
    return DegradationResult(
        config=config,
        steps=tuple(marks),
        names=config.names(),
        train_loss=train_loss,
        test_error=test_error,
    )


#: The ResNet page's sentences about :func:`run_degradation`, each with its predicate.
CLAIMS: Claims[DegradationResult] = Claims("history/resnet")


def _log_mean_train_loss(r: DegradationResult) -> list[float]:
    """Mean of each network's log training loss over its curve (the figure's log scale)."""
    return [sum(map(math.log, r.train_loss[n])) / len(r.train_loss[n]) for n in r.names]


@CLAIMS.claim("층이 많아 표현력은 더 큰데 학습 데이터를 더 못 맞춥니다: degradation입니다.")
def deep_plain_trains_worse_than_shallow_plain(r: DegradationResult) -> bool:
    plain_deep, plain_shallow, _ = r.names
    return r.final_train_loss(plain_deep) > r.final_train_loss(plain_shallow)


@CLAIMS.claim(
    "같은 …층에 shortcut만 더하면 순서가 뒤집혀, …층보다도 …배 낮은 training loss에 이릅니다."
)
def deep_residual_trains_best(r: DegradationResult) -> bool:
    _, plain_shallow, residual_deep = r.names
    return r.final_train_loss(residual_deep) < r.final_train_loss(plain_shallow)


@CLAIMS.claim("마지막 점만이 아니라 곡선 전체를 (그림처럼 log scale에서) 평균해도 순서는 같습니다.")
def the_order_holds_for_the_whole_curve(r: DegradationResult) -> bool:
    plain_deep, plain_shallow, residual_deep = _log_mean_train_loss(r)
    return plain_deep > plain_shallow > residual_deep


@CLAIMS.claim("test error에서도 깊은 plain network가 가장 나쁩니다.")
def deep_plain_has_the_highest_test_error(r: DegradationResult) -> bool:
    plain_deep, plain_shallow, residual_deep = r.names
    others = (r.final_test_error(plain_shallow), r.final_test_error(residual_deep))
    return r.final_test_error(plain_deep) > max(others)
