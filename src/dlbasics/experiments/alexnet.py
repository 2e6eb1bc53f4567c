r"""AlexNet (2012) in miniature: a small CNN against pixel-wise models on moving digits.

AlexNet's recipe (convolution with ReLU, max-pooling, dropout, trained on a GPU) won
ILSVRC-2012. At CPU scale its core idea still shows where it matters most, translation:
digits pasted at random places on a larger canvas. Logistic regression and an MLP see each
pixel position as a separate input; a convolution applies the same filters everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch
from torch import nn

from dlbasics._checks import (
    check_choice,
    check_fraction,
    check_int,
    check_int_tuple,
    check_positive,
)
from dlbasics.claims import Claims
from dlbasics.data.canvas import load_canvas_digits
from dlbasics.metrics import accuracy
from dlbasics.models.alexnet import AlexNetConfig
from dlbasics.models.summary import build, count_parameters
from dlbasics.nn.conv import ConvEncoder
from dlbasics.seed import set_seed
from dlbasics.train import fit, predict

#: The three models compared, in the order of the result tuples.
MODELS: tuple[str, ...] = ("logistic regression", "MLP", "CNN")


@dataclass(frozen=True, kw_only=True)
class CanvasConfig:
    """Settings of :func:`run_canvas`; the defaults run in about ten seconds on one core."""

    seed: int = 0  # seeds the split, the positions, the weights and the minibatches
    canvas_size: int = 16  # side of the canvas the 8×8 digits are pasted on
    steps: int = 300  # Adam steps, the same for every model
    batch_size: int = 64  # digits per step
    lr: float = 5e-3  # Adam's learning rate, the same for every model
    widths: tuple[int, ...] = (16, 64)  # CNN channels per conv-ReLU-max-pool stage
    hidden: int = 128  # the MLP's hidden units
    dropout: float = 0.5  # dropout before the last layer of the MLP and of the CNN

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_int(self.canvas_size, "canvas_size", low=8, high=64)
        check_int(self.steps, "steps", low=1)
        check_int(self.batch_size, "batch_size", low=1)
        check_positive(self.lr, "lr")
        check_int_tuple(self.widths, "widths", low=1)
        check_int(self.hidden, "hidden", low=1)
        check_fraction(self.dropout, "dropout")
        if self.canvas_size % 2 ** len(self.widths):  # one halving per stage
            raise ValueError(
                f"canvas_size must be divisible by {2 ** len(self.widths)}, got {self.canvas_size}"
            )


def canvas_cnn(
    widths: tuple[int, ...] = (16, 64), dropout: float = 0.5, num_classes: int = 10
) -> nn.Sequential:
    r"""AlexNet's ingredients in miniature: conv-ReLU and max-pool stages, dropout, a classifier.

    The stages are :class:`~dlbasics.nn.conv.ConvEncoder`'s. At the end a max over all
    positions keeps, for every filter, its strongest response *wherever* it is: the features
    no longer depend on where the digit was pasted. This global max-pool is this page's
    choice, not AlexNet's: AlexNet flattens its last 6×6 map into fully connected layers
    (ImageNet objects fill most of the picture).

    Args:
        widths: output channels of each 3×3 conv-ReLU + 2×2 max-pool stage.
        dropout: drop probability before the last linear layer, in [0, 1).
        num_classes: number of outputs.

    Shape:
        ``(B, 1, H, W) -> (B, num_classes)``, with H and W divisible by ``2 ** len(widths)``.

    Example:
        >>> canvas_cnn((8, 16))(torch.zeros(2, 1, 16, 16)).shape
        torch.Size([2, 10])
    """
    check_fraction(dropout, "dropout")
    stages = ConvEncoder(1, widths).features  # (B, 1, H, W) -> (B, C, H / 2^s, W / 2^s)
    return nn.Sequential(
        stages,
        nn.AdaptiveMaxPool2d(1),  # (B, C, 1, 1): the strongest response anywhere
        nn.Flatten(),  # (B, C)
        nn.Dropout(dropout),
        nn.Linear(widths[-1], num_classes),  # (B, num_classes)
    )


def canvas_models(config: CanvasConfig) -> dict[str, nn.Module]:
    """The three models of :data:`MODELS` for ``config``'s canvas, freshly initialized.

    Example:
        >>> [type(m[-1]).__name__ for m in canvas_models(CanvasConfig()).values()]
        ['Linear', 'Linear', 'Linear']
    """
    pixels = config.canvas_size**2
    return {
        "logistic regression": nn.Sequential(nn.Flatten(), nn.Linear(pixels, 10)),
        "MLP": nn.Sequential(
            nn.Flatten(),
            nn.Linear(pixels, config.hidden),
            nn.ReLU(),
            nn.Dropout(config.dropout),
            nn.Linear(config.hidden, 10),
        ),
        "CNN": canvas_cnn(config.widths, config.dropout),
    }


@dataclass(frozen=True, kw_only=True)
class CanvasResult:
    """Three models trained the same way on digits at random places (order of :data:`MODELS`)."""

    config: CanvasConfig  # the settings of the run
    names: tuple[str, ...]  # the models
    params: tuple[int, ...]  # their parameter counts
    train_accuracy: tuple[float, ...]  # on the canvases they learned from
    test_accuracy: tuple[float, ...]  # on held-out digits at new random places
    loss: tuple[tuple[float, ...], ...]  # training loss per step, one tuple per model
    examples: torch.Tensor  # (8, 1, S, S) test canvases, for a figure
    example_labels: tuple[int, ...]  # their true classes
    example_predictions: tuple[tuple[int, ...], ...]  # each model's classes for them

    def accuracy_of(self, name: str) -> float:
        """Test accuracy of the model called ``name``."""
        return self.test_accuracy[self.names.index(check_choice(name, "name", self.names))]


def run_canvas(config: CanvasConfig, *, progress: bool = False) -> CanvasResult:
    r"""Train logistic regression, an MLP and a small CNN on digits at random places.

    The data is :func:`~dlbasics.data.canvas.load_canvas_digits`. Same data, same Adam, same
    learning rate, steps and minibatches for all three; only the Model differs.

    Args:
        config: settings; the defaults give the book's numbers.
        progress: show a progress bar over each model's steps.

    Returns:
        A :class:`CanvasResult`.

    Example:
        >>> result = run_canvas(CanvasConfig(steps=5, widths=(4,), hidden=8))
        >>> result.names, len(result.loss[2])
        (('logistic regression', 'MLP', 'CNN'), 5)
    """
    if not isinstance(config, CanvasConfig):
        raise TypeError(f"config must be a CanvasConfig, got {type(config).__name__}")
    set_seed(config.seed)
    data = load_canvas_digits(config.canvas_size, seed=config.seed)
    loss_fn = nn.CrossEntropyLoss()
    params, train_acc, test_acc, losses, picks = [], [], [], [], []
    for model in canvas_models(config).values():  # in the order of MODELS
        set_seed(config.seed)  # the same minibatches for every model
        optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
        history = fit(
            model,
            loss_fn,
            optimizer,
            data.x_train,
            data.y_train,
            config.steps,
            config.batch_size,
            torch.Generator().manual_seed(config.seed),
            progress=progress,
        )
        test_scores = predict(model, data.x_test)  # (M, 10)
        params.append(count_parameters(model))
        train_acc.append(accuracy(predict(model, data.x_train), data.y_train))
        test_acc.append(accuracy(test_scores, data.y_test))
        losses.append(history.loss)
        picks.append(tuple(test_scores[:8].argmax(1).tolist()))
    return CanvasResult(
        config=config,
        names=MODELS,
        params=tuple(params),
        train_accuracy=tuple(train_acc),
        test_accuracy=tuple(test_acc),
        loss=tuple(losses),
        examples=data.x_test[:8],
        example_labels=tuple(data.y_test[:8].tolist()),
        example_predictions=tuple(picks),
    )


#: The AlexNet page's sentences about :func:`run_canvas`, each with its predicate.
CLAIMS: Claims[CanvasResult] = Claims("history/alexnet")


def _train_test_gap(r: CanvasResult, name: str) -> float:
    """Training minus test accuracy of the model called ``name``."""
    i = r.names.index(name)
    return r.train_accuracy[i] - r.test_accuracy[i]


@CLAIMS.claim("pixel마다 따로 보는 model은 위치가 바뀌면 알아보지 못하고, CNN은 알아봅니다.")
def only_the_cnn_reads_moved_digits(r: CanvasResult) -> bool:
    """Caption: the CNN above 0.9, both pixel-wise models below 0.7."""
    pixel_models = ("logistic regression", "MLP")
    return r.accuracy_of("CNN") > 0.9 and max(r.accuracy_of(n) for n in pixel_models) < 0.7


@CLAIMS.claim("CNN은 MLP보다 0.3 넘게 높습니다.")
def cnn_beats_mlp_by_over_0_3(r: CanvasResult) -> bool:
    return r.accuracy_of("CNN") > r.accuracy_of("MLP") + 0.3


@CLAIMS.claim("열 class 중 찍으면 0.1이니, logistic regression과 MLP도 찍기보다는 낫습니다.")
def pixel_models_beat_guessing(r: CanvasResult) -> bool:
    return min(r.accuracy_of("logistic regression"), r.accuracy_of("MLP")) > 0.1


@CLAIMS.claim("CNN의 parameter는 …개로 MLP의 …개보다 적습니다.")
def cnn_has_fewer_parameters_than_mlp(r: CanvasResult) -> bool:
    return r.params[r.names.index("CNN")] < r.params[r.names.index("MLP")]


@CLAIMS.claim("logistic regression은 training 숫자조차 절반도 맞히지 못합니다 (…).")
def logistic_regression_fits_under_half_the_training_digits(r: CanvasResult) -> bool:
    return r.train_accuracy[r.names.index("logistic regression")] < 0.5


@CLAIMS.claim(
    "MLP의 training accuracy는 …이지만 … 새 자리의 test 숫자에서는 …로, 0.2 넘게 떨어집니다."
)
def mlp_drops_over_0_2_on_new_places(r: CanvasResult) -> bool:
    return _train_test_gap(r, "MLP") > 0.2


@CLAIMS.claim("그래서 CNN의 training (…)과 test (…)는 0.1 안쪽으로 같습니다.")
def cnn_train_and_test_within_0_1(r: CanvasResult) -> bool:
    return abs(_train_test_gap(r, "CNN")) < 0.1


@dataclass(frozen=True, kw_only=True)
class AlexNetSizeResult:
    """AlexNet's parameter count at ImageNet size, next to the miniature CNN's."""

    params: int  # single-tower widths 64-192-384-256-256, as torchvision builds it
    params_paper_widths: int  # the paper's widths 96-256-384-384-256, without GPU grouping
    small_params: int  # the miniature CNN of :func:`canvas_cnn` with default widths


def count_alexnet_parameters() -> AlexNetSizeResult:
    """Count AlexNet's parameters at paper size on the meta device (no memory, milliseconds).

    Example:
        >>> count_alexnet_parameters().params
        61100840
    """
    single = AlexNetConfig.imagenet()
    paper = replace(single, widths=(96, 256, 384, 384, 256))
    return AlexNetSizeResult(
        params=count_parameters(build(single)),
        params_paper_widths=count_parameters(build(paper)),
        small_params=count_parameters(canvas_cnn()),
    )
