"""The Model chapter: the slide's seven models sized for a CPU, counted, and run in seconds."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from dlbasics.data import load_digits_split
from dlbasics.data.sequences import noisy_sine
from dlbasics.metrics import accuracy
from dlbasics.models.alexnet import AlexNetConfig
from dlbasics.models.autoencoder import AutoEncoder
from dlbasics.models.densenet import DenseNetConfig
from dlbasics.models.gan import Discriminator, Generator, gan_step
from dlbasics.models.googlenet import GoogLeNetConfig
from dlbasics.models.lstm import SequenceRegressor
from dlbasics.models.resnet import ResNetConfig
from dlbasics.models.summary import CNNConfig, build, count_parameters
from dlbasics.seed import set_seed
from dlbasics.train import fit, predict

#: The four CNNs of the slide: (small config for 1×16×16 digits, the paper's ImageNet config).
CNNS: dict[str, tuple[CNNConfig, CNNConfig]] = {
    "AlexNet": (AlexNetConfig.small(), AlexNetConfig.imagenet()),
    "GoogLeNet": (GoogLeNetConfig.small(), GoogLeNetConfig.imagenet()),
    "ResNet": (ResNetConfig.small(), ResNetConfig.resnet18()),
    "DenseNet": (DenseNetConfig.small(), DenseNetConfig.densenet121()),
}


@dataclass(frozen=True)
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
        x = torch.zeros(1, 1, 16, 16)
        model = build(small, device="cpu")
        flops, shape = forward_flops(model, x)
        big = build(paper)
        big_flops, _ = forward_flops(big, torch.zeros(1, 3, 224, 224, device="meta"))
        rows.append(
            ModelRow(
                name,
                count_parameters(model),
                tuple(x.shape),
                shape,
                flops,
                count_parameters(big),
                big_flops,
            )
        )
    others: list[tuple[str, nn.Module, torch.Tensor]] = [
        ("LSTM", SequenceRegressor(16), torch.zeros(1, 20, 1)),
        ("Deep AutoEncoder", AutoEncoder(64, hidden=(32,), bottleneck=8), torch.zeros(1, 64)),
        ("GAN (generator)", Generator(2, 16, 1), torch.zeros(1, 2)),
        ("GAN (discriminator)", Discriminator(1, 16), torch.zeros(1, 1)),
    ]
    for name, model, x in others:
        flops, shape = forward_flops(model, x)
        rows.append(ModelRow(name, count_parameters(model), tuple(x.shape), shape, flops))
    return rows


@dataclass(frozen=True)
class CNNRun:
    """A small CNN trained on 16×16 digits."""

    name: str  # which CNN
    params: int  # its parameters
    test_accuracy: float  # on held-out digits
    loss: tuple[float, ...]  # training loss per step


def digits_16(seed: int = 0) -> tuple[torch.Tensor, ...]:
    """scikit-learn's digits upsampled to ``(N, 1, 16, 16)``: x_train, y_train, x_test, y_test."""
    s = load_digits_split(seed=seed, flatten=False)
    up = [
        F.interpolate(x, size=16, mode="bilinear", align_corners=False)
        for x in (s.x_train, s.x_test)
    ]
    return up[0], s.y_train, up[1], s.y_test


def train_cnn(name: str, seed: int = 0, steps: int = 200, progress: bool = False) -> CNNRun:
    """Train the small ``name`` CNN with Adam for ``steps`` minibatches of 64 digits.

    Example:
        >>> train_cnn("AlexNet", steps=20).test_accuracy > 0.1
        True
    """
    if name not in CNNS:
        raise ValueError(f"name must be one of {list(CNNS)}, got {name!r}")
    set_seed(seed)
    x, y, xt, yt = digits_16(seed)
    model = build(CNNS[name][0], device="cpu")
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    g = torch.Generator().manual_seed(seed)
    history = fit(model, nn.CrossEntropyLoss(), opt, x, y, steps, 64, g, progress=progress)
    return CNNRun(name, count_parameters(model), accuracy(predict(model, xt), yt), history.loss)


@dataclass(frozen=True)
class ReconstructionRun:
    """A model scored by mean squared error against a baseline that learns nothing."""

    mse: float  # test MSE of the trained model
    baseline_mse: float  # test MSE of the baseline
    inputs: torch.Tensor  # a few test inputs
    outputs: torch.Tensor  # the model's outputs for them


def run_lstm(seed: int = 0, steps: int = 100) -> ReconstructionRun:
    r"""Predict the next value of noisy sines.

    Baseline: repeat the last value, :math:`\hat{s}_{t+1} = s_t`.
    """
    set_seed(seed)
    x, y = noisy_sine(256, 20, noise=0.1, seed=seed)
    xt, yt = noisy_sine(128, 20, noise=0.1, seed=seed + 1000)
    model = SequenceRegressor(16)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    fit(model, F.mse_loss, opt, x, y, steps, 64, torch.Generator().manual_seed(seed))
    pred = predict(model, xt)  # (N, T, 1)
    return ReconstructionRun(
        F.mse_loss(pred, yt).item(), F.mse_loss(xt, yt).item(), yt[:3], pred[:3]
    )


def run_autoencoder(seed: int = 0, steps: int = 250, bottleneck: int = 8) -> ReconstructionRun:
    """Squeeze digits through a ``bottleneck``-number code and back; baseline: the mean image."""
    set_seed(seed)
    s = load_digits_split(seed=seed)
    model = AutoEncoder(64, hidden=(32,), bottleneck=bottleneck)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    fit(
        model,
        F.mse_loss,
        opt,
        s.x_train,
        s.x_train,
        steps,
        128,
        torch.Generator().manual_seed(seed),
    )
    recon = predict(model, s.x_test)  # (N, 64)
    mean_image = s.x_train.mean(0).expand_as(s.x_test)
    return ReconstructionRun(
        F.mse_loss(recon, s.x_test).item(),
        F.mse_loss(mean_image, s.x_test).item(),
        s.x_test[:10],
        recon[:10],
    )


@dataclass(frozen=True)
class GANRun:
    """A GAN learning the 1-D Gaussian :math:`\\mathcal{N}(\\mu, \\sigma^2)`."""

    target_mean: float  # mu of the data
    target_std: float  # sigma of the data
    start_mean: float  # mean of G(z) before training
    start_std: float  # std of G(z) before training
    mean: float  # mean of G(z) after training
    std: float  # std of G(z) after training
    samples: torch.Tensor  # (S,) samples of the trained generator


def run_gan(seed: int = 0, steps: int = 600, mu: float = 3.0, sigma: float = 0.5) -> GANRun:
    """Train a generator against a discriminator until G(z) looks like N(mu, sigma²)."""
    set_seed(seed)
    g, d = Generator(2, 16, 1), Discriminator(1, 16)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-3, betas=(0.5, 0.999))
    with torch.no_grad():
        start = g(torch.randn(4000, 2))[:, 0]  # (S,)
    for _ in range(steps):
        gan_step(g, d, mu + sigma * torch.randn(64, 1), opt_g, opt_d, torch.randn(64, 2))
    with torch.no_grad():
        samples = g(torch.randn(4000, 2))[:, 0]  # (S,)
    return GANRun(
        mu,
        sigma,
        start.mean().item(),
        start.std().item(),
        samples.mean().item(),
        samples.std().item(),
        samples,
    )
