"""AI ⊃ ML ⊃ DL on one task: a written-down rule, learning from chosen features, deep learning."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import check_int, check_positive_ints, check_tensor
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
    steps: int = 300  # full-batch Adam steps for both learned models
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
    dl_accuracy: float  # DL: a neural network on raw pixels
    chance_accuracy: float  # 1 / number of classes
    n_test: int  # held-out samples


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
    - **DL**: a neural network learns its own features from the raw pixels.

    Args:
        config: settings; the defaults train both models in about a second.
        progress: show a progress bar over each model's training steps.

    Returns:
        An :class:`AiMlDlResult`.

    Example:
        >>> r = run_ai_ml_dl(AiMlDlConfig(steps=150))
        >>> r.chance_accuracy < r.rule_accuracy < r.ml_accuracy < r.dl_accuracy
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
        dl_accuracy=accuracy(predict(mlp, data.x_test), data.y_test),
        chance_accuracy=1 / data.num_classes,
        n_test=len(data.y_test),
    )
