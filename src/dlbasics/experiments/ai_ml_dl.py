"""AI ⊃ ML ⊃ DL on one task: a written-down rule, learning from chosen features, deep learning.

A fourth model, linear like the ML one but on the raw pixels, shows where the gap between ML and
DL comes from: mostly from what the 16 hand-made features throw away.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import check_int, check_positive_ints, check_tensor
from dlbasics.claims import Claims
from dlbasics.data import load_digits_split
from dlbasics.data.glyphs import font_digit_templates
from dlbasics.metrics import accuracy
from dlbasics.seed import set_seed
from dlbasics.train import fit, predict


@dataclass(frozen=True, kw_only=True)
class AiMlDlConfig:
    """Settings of :func:`run_ai_ml_dl`.

    Example:
        >>> AiMlDlConfig(hidden=0)
        Traceback (most recent call last):
        ...
        ValueError: hidden must be >= 1, got 0
    """

    seed: int = 0  # seeds the split and the initial weights
    steps: int = 300  # full-batch Adam steps for each of the three learned models
    hidden: int = 128  # hidden units of the deep model

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0, high=2**32 - 1)
        check_positive_ints(steps=self.steps, hidden=self.hidden)


@dataclass(frozen=True, kw_only=True)
class AiMlDlResult:
    """Test accuracy of the three approaches on held-out digits."""

    config: AiMlDlConfig  # the settings it ran with
    rule_accuracy: float  # AI without learning: nearest font template
    ml_accuracy: float  # ML: a linear classifier on 16 hand-made ink-profile features
    pixel_accuracy: float  # the same linear classifier on the 64 raw pixels
    dl_accuracy: float  # DL: a neural network (one hidden layer) on the raw pixels
    chance_accuracy: float  # 1 / number of classes
    n_test: int  # held-out samples

    @property
    def gap_closed(self) -> float:
        """The share of the ML→DL gap that the linear model on raw pixels already closes."""
        return (self.pixel_accuracy - self.ml_accuracy) / (self.dl_accuracy - self.ml_accuracy)


def ink_profile(x: torch.Tensor) -> torch.Tensor:
    """Hand-made features: how much ink each row and each column of an 8×8 digit holds.

    Shape:
        - Input: ``(N, 64)`` flattened digits.
        - Output: ``(N, 16)``: 8 row sums, then 8 column sums, divided by 8.

    Example:
        >>> ink_profile(torch.ones(2, 64)).shape
        torch.Size([2, 16])
    """
    check_tensor(x, "x", floating=True)
    if x.dim() != 2 or x.shape[1] != 64:
        raise ValueError(f"x must have shape (N, 64), got {tuple(x.shape)}")
    img = x.view(-1, 8, 8)  # (N, H, W)
    return torch.cat([img.sum(dim=2), img.sum(dim=1)], dim=1) / 8  # (N, 16)


def run_ai_ml_dl(config: AiMlDlConfig, *, progress: bool = False) -> AiMlDlResult:
    r"""Classify handwritten digits three ways, from no learning to deep learning.

    - **Rule (AI)**: people wrote down what digits look like, as a font. Predict the
      digit whose font template is most similar (cosine) to the image. No data is used.
    - **ML**: people choose the features (:func:`ink_profile`); a linear classifier
      learns from data how to weigh them.
    - **Linear on pixels**: the same linear classifier, fed the 64 raw pixels instead of
      the 16 features. It separates the two things DL changes: what the model sees
      (pixels, not chosen features) and what the model is (a hidden layer, not linear).
    - **DL**: a neural network with one hidden layer learns from the raw pixels.

    All three learned models see the same split (seeded by ``config.seed``), train with
    full-batch Adam for ``config.steps`` steps and are scored on the same test digits.

    Args:
        config: settings; the defaults train both models in about a second.
        progress: show a progress bar over each model's training steps.

    Returns:
        An :class:`AiMlDlResult`.

    Example:
        >>> r = run_ai_ml_dl(AiMlDlConfig(steps=150))
        >>> r.chance_accuracy < r.rule_accuracy < r.ml_accuracy < r.pixel_accuracy
        True
    """
    set_seed(config.seed)
    data = load_digits_split(seed=config.seed)
    templates = F.normalize(font_digit_templates(), dim=1)  # (10, 64)
    rule_scores = F.normalize(data.x_test, dim=1) @ templates.T  # (N, 10) cosine similarity

    linear = nn.Linear(16, 10)
    fit(
        linear,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(linear.parameters(), lr=0.05),
        ink_profile(data.x_train),
        data.y_train,
        steps=config.steps,
        progress=progress,
    )

    pixel_linear = nn.Linear(64, 10)
    fit(
        pixel_linear,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(pixel_linear.parameters(), lr=0.01),
        data.x_train,
        data.y_train,
        steps=config.steps,
        progress=progress,
    )

    mlp = nn.Sequential(nn.Linear(64, config.hidden), nn.ReLU(), nn.Linear(config.hidden, 10))
    fit(
        mlp,
        nn.CrossEntropyLoss(),
        torch.optim.Adam(mlp.parameters(), lr=0.01),
        data.x_train,
        data.y_train,
        steps=config.steps,
        progress=progress,
    )

    return AiMlDlResult(
        config=config,
        rule_accuracy=accuracy(rule_scores, data.y_test),
        ml_accuracy=accuracy(predict(linear, ink_profile(data.x_test)), data.y_test),
        pixel_accuracy=accuracy(predict(pixel_linear, data.x_test), data.y_test),
        dl_accuracy=accuracy(predict(mlp, data.x_test), data.y_test),
        chance_accuracy=1 / data.num_classes,
        n_test=len(data.y_test),
    )


CLAIMS: Claims[AiMlDlResult] = Claims("intro/ai-ml-dl")


@CLAIMS.claim("데이터를 전혀 보지 않은 규칙도 찍기(…)의 네 배가 넘는 …를 얻습니다.")
def rule_beats_chance_four_times(r: AiMlDlResult) -> bool:
    return r.rule_accuracy > 4 * r.chance_accuracy


@CLAIMS.claim("16개 특징에 가중치를 학습하는 Machine Learning은 …로, 규칙보다 0.2 넘게 높습니다.")
def learned_weights_beat_the_rule_by_0_2(r: AiMlDlResult) -> bool:
    return r.ml_accuracy > r.rule_accuracy + 0.2


@CLAIMS.claim("같은 linear model에 16개 특징 대신 raw pixel 64개를 주면 …로 오르고, …")
def pixels_beat_hand_made_features(r: AiMlDlResult) -> bool:
    return r.pixel_accuracy > r.ml_accuracy


@CLAIMS.claim("… Machine Learning과 Deep Learning 사이 차이의 절반 넘게(…)를 메웁니다.")
def pixels_close_most_of_the_gap(r: AiMlDlResult) -> bool:
    return r.gap_closed > 0.5


@CLAIMS.claim(
    "hidden layer 하나를 더한 Deep Learning과 raw pixel의 linear model은 0.06 안으로 가깝습니다."
)
def hidden_layer_adds_little(r: AiMlDlResult) -> bool:
    return abs(r.dl_accuracy - r.pixel_accuracy) < 0.06


@CLAIMS.claim(
    "글꼴 규칙이 가장 낮고, 16개 특징의 linear model이 그 다음이며, raw pixel을 보는 두 model은 "
    "그보다 높고 서로 비슷하다."
)
def bars_in_the_order_the_figure_shows(r: AiMlDlResult) -> bool:
    lowest_two = r.rule_accuracy < r.ml_accuracy < min(r.pixel_accuracy, r.dl_accuracy)
    return lowest_two and abs(r.dl_accuracy - r.pixel_accuracy) < 0.06
