"""Figures of the Loss chapter."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure

from dlbasics.plot.basic import PALETTE


def saturation_figure(z: torch.Tensor, grad_mse: torch.Tensor, grad_ce: torch.Tensor) -> Figure:
    """Gradient magnitude against the correct-class margin for MSE and cross-entropy.

    Example:
        >>> len(saturation_figure(torch.zeros(3), torch.zeros(3), torch.ones(3)).axes[0].lines)
        2
    """
    if not z.shape == grad_mse.shape == grad_ce.shape:
        raise ValueError("z, grad_mse and grad_ce must have the same shape")
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    ax.plot(z.numpy(), grad_ce.abs().numpy(), color=PALETTE[0], lw=2, label="cross-entropy")
    ax.plot(z.numpy(), grad_mse.abs().numpy(), color=PALETTE[2], lw=2, label="MSE (softmax 확률)")
    ax.set_xlabel("정답 class의 logit 차이 z (왼쪽일수록 자신 있게 틀림)")
    ax.set_ylabel("|∂loss/∂z|")
    ax.legend()
    return fig


def accuracy_curves(steps: tuple[int, ...], curves: Mapping[str, tuple[float, ...]]) -> Figure:
    """Test accuracy against training steps, one line per named run.

    Example:
        >>> len(accuracy_curves((1, 2), {"a": (0.1, 0.2)}).axes[0].lines)
        1
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    for i, (name, values) in enumerate(curves.items()):
        if len(values) != len(steps):
            raise ValueError(f"curve {name!r} has {len(values)} points, steps has {len(steps)}")
        ax.plot(steps, values, color=PALETTE[i % len(PALETTE)], lw=2, marker="o", ms=3, label=name)
    ax.set_xlabel("step")
    ax.set_ylabel("test accuracy")
    ax.set_ylim(0, 1)
    ax.legend()
    return fig


def robust_fit_figure(
    x: torch.Tensor,
    y: torch.Tensor,
    outliers: torch.Tensor,
    lines: Mapping[str, tuple[float, float]],
) -> Figure:
    """Data (outliers marked) and the line each loss fitted.

    Example:
        >>> fig = robust_fit_figure(torch.zeros(2), torch.zeros(2), torch.tensor([False, True]),
        ...                         {"MSE": (1.0, 0.0)})
        >>> len(fig.axes[0].lines)
        1
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.8))
    ax.scatter(x[~outliers].numpy(), y[~outliers].numpy(), s=12, color="#777777", label="데이터")
    ax.scatter(
        x[outliers].numpy(), y[outliers].numpy(), s=22, marker="x", color="#000000", label="outlier"
    )
    grid = torch.linspace(float(x.min()), float(x.max()), 2)
    for i, (name, (w, b)) in enumerate(lines.items()):
        ax.plot(
            grid.numpy(),
            (w * grid + b).numpy(),
            lw=2,
            color=PALETTE[i % len(PALETTE)],
            label=f"{name}: y = {w:.2f}x + {b:.2f}",
        )
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(fontsize=8)
    return fig


def proxy_figure(
    steps: tuple[int, ...],
    train_loss: tuple[float, ...],
    test_loss: tuple[float, ...],
    test_accuracy: tuple[float, ...],
) -> Figure:
    """Left: training and test loss (log scale). Right: test accuracy.

    Example:
        >>> len(proxy_figure((0, 1), (1.0, 0.1), (1.0, 1.2), (0.5, 0.5)).axes)
        2
    """
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.0, 3.2))
    left.plot(steps, train_loss, color=PALETTE[0], lw=2, label="training loss")
    left.plot(steps, test_loss, color=PALETTE[2], lw=2, label="test loss")
    left.set_yscale("log")
    left.set_xlabel("step")
    left.legend()
    right.plot(steps, test_accuracy, color=PALETTE[1], lw=2)
    right.set_xlabel("step")
    right.set_ylabel("test accuracy")
    right.set_ylim(0, 1)
    return fig
