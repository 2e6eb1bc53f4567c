"""Figures of the GAN page: the generated density over training, and what D says."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from dlbasics.experiments.gan import GANHistory
from dlbasics.plot.basic import PALETTE


def _target_density(x: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    density: np.ndarray = np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))
    return density


def gan_training_figure(history: GANHistory) -> Figure:
    r"""Four panels of one GAN run.

    Top left: histograms of :math:`G(z)` at the snapshot steps against the data density.
    Top right: the Wasserstein-1 distance to the data (log scale). Bottom left: the mean
    :math:`D` on data and on generated samples, with the ½ of the theory. Bottom right: the
    final :math:`D(x)` over :math:`x`, beside the data density.

    Example:
        >>> from dlbasics.experiments.gan import GANConfig, train_gan
        >>> h = train_gan(config=GANConfig(steps=10, every=5, n_eval=32, snapshots=(0, 10)))
        >>> len(gan_training_figure(h).axes)
        4
    """
    if not history.snapshots:
        raise ValueError("history has no snapshots of G(z) to draw")
    cfg = history.config
    fig, axes = plt.subplots(2, 2, figsize=(8.4, 6.0))
    dens, dist, dmean, dcurve = axes.flat

    lo = min(float(history.grid[0]), *(float(s.min()) for s in history.snapshots.values()))
    hi = cfg.mu + 6 * cfg.sigma  # a far tail of an early G(z) would squash the picture
    bins = np.linspace(lo, hi, 80)
    for i, (step, samples) in enumerate(sorted(history.snapshots.items())):
        color = PALETTE[(i + 1) % len(PALETTE)]
        last = step == max(history.snapshots)
        dens.hist(
            samples.numpy(),
            bins=bins,
            density=True,
            histtype="stepfilled" if last else "step",
            alpha=0.45 if last else 1.0,
            lw=1.5,
            color=color,
            label=f"G(z), step {step}",
        )
    x = np.linspace(lo, hi, 300)
    dens.plot(x, _target_density(x, cfg.mu, cfg.sigma), color="#222222", lw=2, label="데이터 분포")
    dens.set_ylim(0, 2.2 / cfg.sigma)
    dens.set_xlabel("x")
    dens.set_ylabel("밀도")
    dens.legend(fontsize=7, loc="upper left")

    dist.plot(history.steps, history.w1, color=PALETTE[0], lw=2)
    dist.set_yscale("log")
    dist.set_xlabel("학습 step")
    dist.set_ylabel("Wasserstein-1 (G(z), 데이터)")

    dmean.plot(history.steps, history.d_real, color=PALETTE[2], lw=2, label="D(x), 진짜 데이터")
    dmean.plot(history.steps, history.d_fake, color=PALETTE[0], lw=2, label="D(G(z)), 가짜")
    dmean.axhline(0.5, ls="--", lw=1, color="#555555")
    dmean.set_ylim(0, 1)
    dmean.set_xlabel("학습 step")
    dmean.set_ylabel("D의 평균 출력")
    dmean.legend(fontsize=7, loc="lower right")

    grid = history.grid.numpy()
    dcurve.fill_between(
        grid,
        0,
        _target_density(grid, cfg.mu, cfg.sigma) * cfg.sigma,
        color="#BBBBBB",
        alpha=0.6,
        label="데이터 분포 (크기 조정)",
    )
    dcurve.plot(
        grid,
        history.d_grid.numpy(),
        color=PALETTE[2],
        lw=2,
        label=f"학습 후 D(x), step {history.steps[-1]}",
    )
    dcurve.axhline(0.5, ls="--", lw=1, color="#555555")
    dcurve.set_ylim(0, 1)
    dcurve.set_xlabel("x")
    dcurve.legend(fontsize=7, loc="upper left")
    return fig
