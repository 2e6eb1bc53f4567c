"""The Model chapter: the slide's seven models sized for a CPU, counted, and run in seconds.

:func:`model_table` and :func:`forward_flops` are page helpers (no training). The trainings
follow the experiment convention: :func:`run_cnn_comparison`, :func:`run_lstm_forecast` and
:func:`run_autoencoder`. The chapter's GAN is :func:`dlbasics.experiments.gan.run_gan`, the
same run the GAN page watches.

Each result type has the page's claims next to it: :data:`CLAIMS_TABLE`, :data:`CLAIMS_CNN`,
:data:`CLAIMS_LSTM` and :data:`CLAIMS_AUTOENCODER` (the GAN's are in
:mod:`dlbasics.experiments.gan`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from dlbasics._checks import check_choice, check_int, check_positive_ints, check_tensor
from dlbasics.claims import Claims
from dlbasics.data import load_digits_split
from dlbasics.data.sequences import noisy_sine
from dlbasics.metrics import accuracy
from dlbasics.models.alexnet import AlexNetConfig
from dlbasics.models.autoencoder import AutoEncoder
from dlbasics.models.densenet import DenseNetConfig
from dlbasics.models.gan import Discriminator, Generator
from dlbasics.models.googlenet import GoogLeNetConfig
from dlbasics.models.lstm import SequenceRegressor
from dlbasics.models.resnet import ResNetConfig
from dlbasics.models.summary import CNNConfig, build, count_parameters
from dlbasics.nn.conv import channels_last
from dlbasics.seed import set_seed
from dlbasics.train import History, LossFn, fit, predict

#: The four CNNs of the slide: (small config for 1×16×16 digits, the paper's ImageNet config).
CNNS: dict[str, tuple[CNNConfig, CNNConfig]] = {
    "AlexNet": (AlexNetConfig.small(), AlexNetConfig.imagenet()),
    "GoogLeNet": (GoogLeNetConfig.small(), GoogLeNetConfig.imagenet()),
    "ResNet": (ResNetConfig.small(), ResNetConfig.resnet18()),
    "DenseNet": (DenseNetConfig.small(), DenseNetConfig.densenet121()),
}


@dataclass(frozen=True, kw_only=True)
class ModelRow:
    """One row of the model table (``paper_*`` are 0 where no paper-size model is built)."""

    name: str  # model name as on the slide
    params: int  # parameters of the small model used in the book
    input_shape: tuple[int, ...]  # the small model's input, batch of one
    output_shape: tuple[int, ...]  # its output
    flops: int  # forward FLOPs of the small model on that input
    paper_params: int = 0  # parameters of the paper-size model
    paper_flops: int = 0  # its forward FLOPs on one 3×224×224 image


def forward_flops(model: nn.Module, x: torch.Tensor) -> tuple[int, tuple[int, ...]]:
    """Count the FLOPs of ``model(x)`` with ``torch.utils.flop_counter``; also return its shape.

    Example:
        >>> forward_flops(nn.Linear(3, 2), torch.zeros(1, 3))
        (12, (1, 2))
    """
    check_tensor(x, "x")
    model.eval()
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        out = model(x)
    shape = tuple((out[0] if isinstance(out, tuple) else out).shape)
    return int(counter.get_total_flops()), shape


def model_table() -> list[ModelRow]:
    """Parameters, output shape and FLOPs of all seven models; paper sizes for the CNNs.

    The paper-size CNNs are built on the meta device: no memory, counted in milliseconds.
    """
    rows = []
    for name, (small, paper) in CNNS.items():
        row = _row(name, build(small, device="cpu"), torch.zeros(1, 1, 16, 16))
        big = build(paper)
        big_flops, _ = forward_flops(big, torch.zeros(1, 3, 224, 224, device="meta"))
        rows.append(replace(row, paper_params=count_parameters(big), paper_flops=big_flops))
    others: list[tuple[str, nn.Module, torch.Tensor]] = [
        ("LSTM", SequenceRegressor(16), torch.zeros(1, 20, 1)),
        ("Deep AutoEncoder", AutoEncoder(64, hidden=(32,), bottleneck=8), torch.zeros(1, 64)),
        ("GAN (generator)", Generator(2, 16, 1), torch.zeros(1, 2)),
        ("GAN (discriminator)", Discriminator(1, 16), torch.zeros(1, 1)),
    ]
    rows += [_row(name, model, x) for name, model, x in others]
    return rows


CLAIMS_TABLE: Claims[list[ModelRow]] = Claims("components/model")


@CLAIMS_TABLE.claim(
    "같은 CNN이라도 ResNet-18은 … 개로 (AlexNet의 4분의 1 아래로) 훨씬 적고, 대신 층이 깊어서 "
    "연산은 더 많습니다."
)
def resnet18_has_fewer_parameters_but_more_flops(rows: list[ModelRow]) -> bool:
    r = {row.name: row for row in rows}
    return (
        r["ResNet"].paper_params < r["AlexNet"].paper_params / 4
        and r["ResNet"].paper_flops > r["AlexNet"].paper_flops
    )


def _row(name: str, model: nn.Module, x: torch.Tensor) -> ModelRow:
    """The table row of ``model`` on input ``x``, without paper sizes."""
    flops, shape = forward_flops(model, x)
    return ModelRow(
        name=name,
        params=count_parameters(model),
        input_shape=tuple(x.shape),
        output_shape=shape,
        flops=flops,
    )


@dataclass(frozen=True, kw_only=True)
class CNNComparisonConfig:
    """Settings of :func:`run_cnn_comparison`."""

    seed: int = 0  # seeds the split, each model's weights and its minibatch draws
    models: tuple[str, ...] = tuple(CNNS)  # which of the small CNNs to train, in this order
    steps: int = 200  # Adam steps (minibatches of 64 digits) of each model

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        if not self.models:
            raise ValueError("models must name at least one CNN")
        for name in self.models:
            check_choice(name, "models", CNNS)
        check_int(self.steps, "steps", low=1)


@dataclass(frozen=True, kw_only=True)
class CNNRun:
    """A small CNN trained on 16×16 digits."""

    name: str  # which CNN
    params: int  # its parameters
    test_accuracy: float  # on held-out digits
    loss: tuple[float, ...]  # training loss per step


@dataclass(frozen=True, kw_only=True)
class CNNComparisonResult:
    """The small CNNs, each trained the same way on the same digits."""

    config: CNNComparisonConfig  # the settings of the runs
    runs: tuple[CNNRun, ...]  # one per model, in the order of ``config.models``


def _fit_adam(
    model: nn.Module,
    loss_fn: LossFn,
    x: torch.Tensor,
    y: torch.Tensor,
    *,
    lr: float,
    batch_size: int,
    config: CNNComparisonConfig | LSTMForecastConfig | AutoEncoderConfig,
    progress: bool,
) -> History:
    """:func:`~dlbasics.train.fit` with Adam, ``config.steps`` minibatches drawn from its seed."""
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    g = torch.Generator().manual_seed(config.seed)
    return fit(
        model,
        loss_fn,
        opt,
        x,
        y,
        steps=config.steps,
        batch_size=batch_size,
        generator=g,
        progress=progress,
    )


def _digits_16(seed: int) -> tuple[torch.Tensor, ...]:
    """scikit-learn's digits upsampled to ``(N, 1, 16, 16)``: x_train, y_train, x_test, y_test."""
    s = load_digits_split(seed=seed, flatten=False)
    up = [
        F.interpolate(x, size=16, mode="bilinear", align_corners=False)
        for x in (s.x_train, s.x_test)
    ]
    return up[0], s.y_train, up[1], s.y_test


def run_cnn_comparison(
    config: CNNComparisonConfig, *, progress: bool = False
) -> CNNComparisonResult:
    """Train each small CNN with Adam (lr 0.003) on 16×16 digits and score it on held-out ones.

    Every model starts from ``set_seed(config.seed)`` and draws the same minibatches.

    Example:
        >>> r = run_cnn_comparison(CNNComparisonConfig(models=("AlexNet",), steps=20))
        >>> r.runs[0].name, r.runs[0].test_accuracy > 0.1
        ('AlexNet', True)
    """
    x, y, xt, yt = _digits_16(config.seed)
    runs = []
    for name in config.models:
        set_seed(config.seed)
        model = channels_last(build(CNNS[name][0], device="cpu"))  # NHWC: faster on a CPU
        history = _fit_adam(
            model,
            nn.CrossEntropyLoss(),
            x,
            y,
            lr=3e-3,
            batch_size=64,
            config=config,
            progress=progress,
        )
        runs.append(
            CNNRun(
                name=name,
                params=count_parameters(model),
                test_accuracy=accuracy(predict(model, xt), yt),
                loss=history.loss,
            )
        )
    return CNNComparisonResult(config=config, runs=tuple(runs))


CLAIMS_CNN: Claims[CNNComparisonResult] = Claims("components/model")
WITH_BATCH_NORM = ("GoogLeNet", "ResNet", "DenseNet")  # the three CNNs that use batch norm


@CLAIMS_CNN.claim(
    "batch normalization을 쓰는 세 network는 평균 …로, AlexNet보다 0.05 넘게 높습니다."
)
def batch_norm_networks_beat_alexnet_on_average(r: CNNComparisonResult) -> bool:
    acc = {run.name: run.test_accuracy for run in r.runs}
    return sum(acc[n] for n in WITH_BATCH_NORM) / 3 > acc["AlexNet"] + 0.05


@CLAIMS_CNN.claim("AlexNet의 parameter가 (… 개) 넷 중 가장 많습니다.")
def alexnet_has_the_most_parameters(r: CNNComparisonResult) -> bool:
    params = {run.name: run.params for run in r.runs}
    return params["AlexNet"] == max(params.values())


@dataclass(frozen=True, kw_only=True)
class LSTMForecastConfig:
    """Settings of :func:`run_lstm_forecast`."""

    seed: int = 0  # seeds the sines (test sines: seed + 1000), the weights and the minibatches
    steps: int = 100  # Adam steps on minibatches of 64 sequences

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_int(self.steps, "steps", low=1)


@dataclass(frozen=True, kw_only=True)
class LSTMForecastResult:
    """One-step-ahead predictions of noisy sines, scored against repeating the last value."""

    config: LSTMForecastConfig  # the settings of the run
    mse: float  # test MSE of the LSTM
    baseline_mse: float  # test MSE of repeating the last value
    targets: torch.Tensor  # (3, T, 1) true next values of three test sequences
    predictions: torch.Tensor  # (3, T, 1) the LSTM's predictions of them


def run_lstm_forecast(config: LSTMForecastConfig, *, progress: bool = False) -> LSTMForecastResult:
    r"""Predict the next value of noisy sines with an LSTM of 16 features.

    Baseline: repeat the last value, :math:`\hat{s}_{t+1} = s_t`.

    Example:
        >>> r = run_lstm_forecast(LSTMForecastConfig(steps=2))
        >>> r.targets.shape == r.predictions.shape == (3, 20, 1)
        True
    """
    set_seed(config.seed)
    x, y = noisy_sine(256, 20, noise=0.1, seed=config.seed)
    xt, yt = noisy_sine(128, 20, noise=0.1, seed=config.seed + 1000)
    model = SequenceRegressor(16)
    _fit_adam(model, F.mse_loss, x, y, lr=1e-2, batch_size=64, config=config, progress=progress)
    pred = predict(model, xt)  # (N, T, 1)
    return LSTMForecastResult(
        config=config,
        mse=F.mse_loss(pred, yt).item(),
        baseline_mse=F.mse_loss(xt, yt).item(),
        targets=yt[:3],
        predictions=pred[:3],
    )


CLAIMS_LSTM: Claims[LSTMForecastResult] = Claims("components/model")


@CLAIMS_LSTM.claim("LSTM의 test MSE는 …로, 전 값을 되풀이하는 baseline …의 절반이 안 됩니다.")
def lstm_halves_the_baseline_error(r: LSTMForecastResult) -> bool:
    return r.mse < 0.5 * r.baseline_mse


@dataclass(frozen=True, kw_only=True)
class AutoEncoderConfig:
    """Settings of :func:`run_autoencoder`."""

    seed: int = 0  # seeds the split, the weights and the minibatches
    steps: int = 250  # Adam steps on minibatches of 128 digits
    bottleneck: int = 8  # numbers in the code between encoder and decoder

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_positive_ints(steps=self.steps, bottleneck=self.bottleneck)


@dataclass(frozen=True, kw_only=True)
class AutoEncoderResult:
    """Digits squeezed through a code and back, scored against answering the mean image."""

    config: AutoEncoderConfig  # the settings of the run
    mse: float  # test MSE of the reconstructions
    baseline_mse: float  # test MSE of the mean training image
    inputs: torch.Tensor  # (10, 64) the first ten test digits
    reconstructions: torch.Tensor  # (10, 64) the autoencoder's output for them


def run_autoencoder(config: AutoEncoderConfig, *, progress: bool = False) -> AutoEncoderResult:
    """Squeeze digits through a ``bottleneck``-number code and back; baseline: the mean image.

    Example:
        >>> r = run_autoencoder(AutoEncoderConfig(steps=2))
        >>> r.inputs.shape == r.reconstructions.shape == (10, 64)
        True
    """
    set_seed(config.seed)
    s = load_digits_split(seed=config.seed)
    model = AutoEncoder(64, hidden=(32,), bottleneck=config.bottleneck)
    _fit_adam(
        model,
        F.mse_loss,
        s.x_train,
        s.x_train,
        lr=1e-2,
        batch_size=128,
        config=config,
        progress=progress,
    )
    recon = predict(model, s.x_test)  # (N, 64)
    mean_image = s.x_train.mean(0).expand_as(s.x_test)
    return AutoEncoderResult(
        config=config,
        mse=F.mse_loss(recon, s.x_test).item(),
        baseline_mse=F.mse_loss(mean_image, s.x_test).item(),
        inputs=s.x_test[:10],
        reconstructions=recon[:10],
    )


CLAIMS_AUTOENCODER: Claims[AutoEncoderResult] = Claims("components/model")


@CLAIMS_AUTOENCODER.claim(
    "64개 pixel을 8개 숫자로 줄였다 되살린 test MSE는 …로, 모든 숫자에 평균 이미지를 답하는 "
    "baseline …의 절반이 안 됩니다."
)
def autoencoder_halves_the_mean_image_error(r: AutoEncoderResult) -> bool:
    return r.mse < 0.5 * r.baseline_mse
