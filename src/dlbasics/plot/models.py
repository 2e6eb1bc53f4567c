"""Figures of the Model chapter: accuracy against size, sequences, reconstructions, GAN samples."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.figure import Figure

from dlbasics.plot.basic import PALETTE


def accuracy_vs_params(
    names: Sequence[str], params: Sequence[int], accs: Sequence[float]
) -> Figure:
    """Each model as a point: parameters (log scale) against test accuracy.

    Example:
        >>> len(accuracy_vs_params(["a", "b"], [10, 1000], [0.5, 0.9]).axes[0].texts)
        2
    """
    if not len(names) == len(params) == len(accs) or not names:
        raise ValueError("names, params and accs must be non-empty and of the same length")
    fig, ax = plt.subplots(figsize=(5.6, 3.6))
    for i, (name, p, a) in enumerate(zip(names, params, accs, strict=True)):
        ax.scatter(p, a, s=60, color=PALETTE[i % len(PALETTE)], zorder=3)
        ax.annotate(name, (p, a), textcoords="offset points", xytext=(6, -12), fontsize=9)
    ax.set_xscale("log")
    ax.set_xlabel("parameter 수 (log scale)")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1.05)
    return fig


def sequence_figure(targets: torch.Tensor, predictions: torch.Tensor, n: int = 3) -> Figure:
    """True next values (dots) and the model's one-step predictions (line) of ``n`` sequences.

    Shape:
        ``targets`` and ``predictions``: ``(N, T, 1)``.

    Example:
        >>> len(sequence_figure(torch.zeros(2, 5, 1), torch.zeros(2, 5, 1)).axes)
        2
    """
    if targets.shape != predictions.shape or targets.dim() != 3:
        raise ValueError(
            f"targets and predictions must share a (N, T, 1) shape, got "
            f"{tuple(targets.shape)} and {tuple(predictions.shape)}"
        )
    n = min(n, len(targets))
    fig, axes = plt.subplots(1, n, figsize=(3.0 * n, 2.6), squeeze=False, sharey=True)
    for i, ax in enumerate(axes[0]):
        t = np.arange(1, targets.shape[1] + 1)
        ax.plot(t, targets[i, :, 0].numpy(), "o", ms=3, color="#555555", label="실제 다음 값")
        ax.plot(t, predictions[i, :, 0].numpy(), "-", color=PALETTE[0], label="LSTM 예측")
        ax.set_xlabel("t")
    axes[0, 0].legend(fontsize=8, loc="lower left")
    return fig


def gan_histogram(samples: torch.Tensor, mu: float, sigma: float) -> Figure:
    r"""Histogram of generated samples against the density of :math:`\mathcal{N}(\mu, \sigma^2)`.

    Example:
        >>> len(gan_histogram(torch.randn(100) + 3, 3.0, 1.0).axes[0].lines)
        1
    """
    if samples.dim() != 1 or samples.numel() == 0:
        raise ValueError(f"samples must have shape (S,) with S > 0, got {tuple(samples.shape)}")
    fig, ax = plt.subplots(figsize=(5.6, 3.2))
    ax.hist(samples.numpy(), bins=50, density=True, color=PALETTE[0], alpha=0.6, label="G(z)")
    x = np.linspace(mu - 4 * sigma, mu + 4 * sigma, 200)
    density = np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))
    ax.plot(x, density, color=PALETTE[2], lw=2, label="데이터 분포")
    ax.legend(fontsize=9)
    ax.set_xlabel("x")
    return fig
