"""The smallest end-to-end deep-learning program: each of the four components is one line."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from dlbasics._checks import check_int, check_positive, check_positive_ints
from dlbasics.claims import Claims
from dlbasics.data import load_digits_split
from dlbasics.metrics import accuracy
from dlbasics.seed import set_seed
from dlbasics.train import fit, predict


@dataclass(frozen=True, kw_only=True)
class FourComponentsConfig:
    """Settings of :func:`run_four_components`.

    Example:
        >>> FourComponentsConfig(steps=0)
        Traceback (most recent call last):
        ...
        ValueError: steps must be >= 1, got 0
    """

    seed: int = 0  # seeds the split, the initial weights and everything else
    steps: int = 300  # full-batch gradient steps
    lr: float = 0.5  # learning rate of plain SGD

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0, high=2**32 - 1)
        check_positive_ints(steps=self.steps)
        check_positive(self.lr, "lr")


@dataclass(frozen=True, kw_only=True)
class FourComponentsResult:
    """What :func:`run_four_components` measured."""

    config: FourComponentsConfig  # the settings it ran with
    loss: tuple[float, ...]  # training loss after each step
    train_accuracy: float  # accuracy on the samples it learned from
    test_accuracy: float  # accuracy on held-out samples
    baseline_accuracy: float  # always guessing the most frequent training class
    n_train: int  # training samples
    n_test: int  # test samples
    n_parameters: int  # learnable numbers in the model


def run_four_components(
    config: FourComponentsConfig, *, progress: bool = False
) -> FourComponentsResult:
    r"""Train a linear softmax classifier on handwritten digits, one line per component.

    - **Data**: scikit-learn's 8×8 digits, 75% for training, 25% held out.
    - **Model**: :math:`\hat{y} = \mathrm{softmax}(W x + b)`, a single ``nn.Linear(64, 10)``.
    - **Loss**: cross-entropy, :math:`-\frac{1}{N}\sum_i \log \hat{y}_{i, y_i}`.
    - **Algorithm**: plain gradient descent,
      :math:`\theta \leftarrow \theta - \eta \nabla_\theta \mathcal{L}`.

    Args:
        config: settings; the defaults train in well under a second.
        progress: show a progress bar over the training steps.

    Returns:
        A :class:`FourComponentsResult`.

    Example:
        >>> r = run_four_components(FourComponentsConfig(steps=100))
        >>> r.test_accuracy > 0.85 > 0.15 > r.baseline_accuracy
        True
    """
    set_seed(config.seed)
    data = load_digits_split(seed=config.seed)  # Data
    model = nn.Linear(64, 10)  # Model
    loss_fn = nn.CrossEntropyLoss()  # Loss
    optimizer = torch.optim.SGD(model.parameters(), lr=config.lr)  # Algorithm
    history = fit(
        model, loss_fn, optimizer, data.x_train, data.y_train, steps=config.steps, progress=progress
    )
    majority = torch.bincount(data.y_train).argmax()
    return FourComponentsResult(
        config=config,
        loss=history.loss,
        train_accuracy=accuracy(predict(model, data.x_train), data.y_train),
        test_accuracy=accuracy(predict(model, data.x_test), data.y_test),
        baseline_accuracy=accuracy(majority.expand_as(data.y_test), data.y_test),
        n_train=len(data.y_train),
        n_test=len(data.y_test),
        n_parameters=sum(p.numel() for p in model.parameters()),
    )


CLAIMS: Claims[FourComponentsResult] = Claims("intro/components")


@CLAIMS.claim("… 번 갱신되는 동안 Loss는 …에서 …로, 처음의 5분의 1 아래로 줄었고, …")
def loss_falls_below_a_fifth(r: FourComponentsResult) -> bool:
    return r.loss[-1] < r.loss[0] / 5


@CLAIMS.claim("… 처음 보는 test 숫자의 …, 열에 아홉 넘게 맞혔습니다.")
def reads_nine_test_digits_in_ten(r: FourComponentsResult) -> bool:
    return r.test_accuracy > 0.9


@CLAIMS.claim("가장 많은 class만 답하는 baseline은 …로, 열에 하나쯤입니다.")
def baseline_reads_about_one_in_ten(r: FourComponentsResult) -> bool:
    return 0.05 < r.baseline_accuracy < 0.15


@CLAIMS.claim("학습 step에 따라 training loss가 크게 줄어드는 곡선 (log scale).")
def loss_curve_falls_far(r: FourComponentsResult) -> bool:
    return r.loss[-1] < r.loss[0] / 5
