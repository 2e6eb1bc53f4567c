"""Figures of the Model chapter: accuracy against size, sequences, reconstructions, GAN samples.

Each takes the result of an experiment in :mod:`dlbasics.experiments.model_zoo` (or, for the
GAN, :mod:`dlbasics.experiments.gan`).
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from dlbasics._checks import check_int
from dlbasics.experiments.gan import GANResult
from dlbasics.experiments.model_zoo import (
    AutoEncoderResult,
    CNNComparisonResult,
    CNNRun,
    LSTMForecastResult,
)
from dlbasics.plot.basic import PALETTE, image_grid, series_color
from dlbasics.plot.gan import normal_density
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend, legend_outside
from dlbasics.plot.words import word


@bilingual
def accuracy_vs_params(result: CNNComparisonResult) -> Figure:
    """Each model as a point: parameters (log scale) against test accuracy.

    Example:
        >>> from dlbasics.experiments.model_zoo import (
        ...     CNNComparisonConfig,
        ...     run_cnn_comparison,
        ... )
        >>> r = run_cnn_comparison(
        ...     CNNComparisonConfig(models=("AlexNet", "ResNet"), steps=1)
        ... )
        >>> len(accuracy_vs_params(r).axes[0].texts)
        2
    """
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    runs = result.runs

    def close(a: CNNRun, b: CNNRun) -> bool:  # the two names would overlap
        near = abs(math.log10(a.params / b.params)) < 0.15
        return a is not b and near and abs(a.test_accuracy - b.test_accuracy) < 0.1

    for i, run in enumerate(runs):
        ax.scatter(run.params, run.test_accuracy, s=60, color=series_color(i), zorder=3)
        # Names go below their point; of two close points (GoogLeNet and DenseNet are of a
        # size and an accuracy), the higher one's name goes above instead.
        above = any(close(run, o) and run.test_accuracy >= o.test_accuracy for o in runs)
        ax.annotate(
            run.name,
            (run.params, run.test_accuracy),
            textcoords="offset points",
            xytext=(6, 5) if above else (6, -12),
            fontsize=9,
        )
    ax.set_xscale("log")
    ax.set_xlabel(word("models.params"))
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1.1)  # room for a name above a point near 1
    return fig


@bilingual
def sequence_figure(result: LSTMForecastResult, n: int = 3) -> Figure:
    """True next values (dots) and the LSTM's one-step predictions (line) of ``n`` sequences.

    Example:
        >>> from dlbasics.experiments.model_zoo import (
        ...     LSTMForecastConfig,
        ...     run_lstm_forecast,
        ... )
        >>> len(
        ...     sequence_figure(
        ...         run_lstm_forecast(LSTMForecastConfig(steps=1)), n=2
        ...     ).axes
        ... )
        2
    """
    check_int(n, "n", low=1)
    targets, predictions = result.targets, result.predictions  # (N, T, 1)
    n = min(n, len(targets))
    fig, axes = plt.subplots(1, n, figsize=(FULL_WIDTH, 2.8), squeeze=False, sharey=True)
    t = np.arange(1, targets.shape[1] + 1)
    for i, ax in enumerate(axes[0]):
        ax.plot(
            t, targets[i, :, 0].numpy(), "o", ms=3, color="#555555", label=word("models.true_next")
        )
        ax.plot(t, predictions[i, :, 0].numpy(), "-", color=PALETTE[0], label=word("models.lstm"))
        ax.set_xlabel("t")
    figure_legend(fig)
    return fig


@bilingual
def reconstruction_figure(result: AutoEncoderResult) -> Figure:
    """The test digits (top row) above their reconstructions (bottom row).

    Example:
        >>> from dlbasics.experiments.model_zoo import (
        ...     AutoEncoderConfig,
        ...     run_autoencoder,
        ... )
        >>> len(reconstruction_figure(run_autoencoder(AutoEncoderConfig(steps=1))).axes)
        20
    """
    images = torch.cat([result.inputs, result.reconstructions])  # (2n, 64)
    return image_grid(images, ncols=len(result.inputs))


@bilingual
def gan_histogram(result: GANResult) -> Figure:
    r"""Histogram of the trained generator's samples against the density of the data.

    Example:
        >>> from dlbasics.experiments.gan import GANConfig, run_gan
        >>> r = run_gan(GANConfig(steps=1, n_eval=100, snapshots=(0,)))
        >>> len(gan_histogram(r).axes[0].lines)
        1
    """
    mu, sigma = result.config.mu, result.config.sigma
    fig, ax = plt.subplots(figsize=(5.6, 3.2))
    ax.hist(
        result.samples.numpy(), bins=50, density=True, color=PALETTE[0], alpha=0.6, label="G(z)"
    )
    x = np.linspace(mu - 4 * sigma, mu + 4 * sigma, 200)
    ax.plot(
        x, normal_density(x, mu, sigma), color=PALETTE[2], lw=2, label=word("common.data_density")
    )
    legend_outside(ax)
    ax.set_xlabel("x")
    return fig
