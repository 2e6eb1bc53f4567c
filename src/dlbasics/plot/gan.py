"""Figures of the GAN page: the generated density over training, and what D says."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from dlbasics.experiments.gan import GANResult
from dlbasics.plot.basic import PALETTE
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, legend_outside
from dlbasics.plot.words import word


def normal_density(x: np.ndarray, mu: float, sigma: float) -> np.ndarray:
    r"""The density of :math:`\mathcal{N}(\mu, \sigma^2)` at ``x``, the curve drawn under samples.

    Example:
        >>> round(float(normal_density(np.array([0.0]), 0.0, 1.0)[0]), 4)
        0.3989
    """
    return np.exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * np.sqrt(2 * np.pi))


@bilingual
def gan_training_figure(result: GANResult) -> Figure:
    r"""Four panels of one GAN run.

    Top left: histograms of :math:`G(z)` at the snapshot steps against the data density.
    Top right: the Wasserstein-1 distance to the data (log scale). Bottom left: the mean
    :math:`D` on data and on generated samples, with the ½ of the theory. Bottom right: the
    final :math:`D(x)` over :math:`x`, beside the data density.

    Example:
        >>> from dlbasics.experiments.gan import GANConfig, run_gan
        >>> r = run_gan(GANConfig(steps=10, every=5, n_eval=32, snapshots=(0, 10)))
        >>> len(gan_training_figure(r).axes)
        4
    """
    if not result.snapshots:
        raise ValueError("result has no snapshots of G(z) to draw: give GANConfig snapshots")
    cfg = result.config
    fig, axes = plt.subplots(2, 2, figsize=(FULL_WIDTH, 6.4))
    dens, dist, dmean, dcurve = axes.flat

    lo = min(float(result.grid[0]), *(float(s.min()) for s in result.snapshots.values()))
    hi = cfg.mu + 6 * cfg.sigma  # a far tail of an early G(z) would squash the picture
    bins = np.linspace(lo, hi, 80)
    for i, (step, samples) in enumerate(sorted(result.snapshots.items())):
        color = PALETTE[(i + 1) % len(PALETTE)]
        last = step == max(result.snapshots)
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
    dens.plot(
        x,
        normal_density(x, cfg.mu, cfg.sigma),
        color="#222222",
        lw=2,
        label=word("common.data_density"),
    )
    dens.set_ylim(0, 2.2 / cfg.sigma)
    dens.set_xlabel("x")
    dens.set_ylabel(word("gan.density"))
    legend_outside(dens)

    dist.plot(result.steps, result.w1, color=PALETTE[0], lw=2)
    dist.set_yscale("log")
    dist.set_xlabel(word("common.training_step"))
    dist.set_ylabel(word("gan.w1"))

    dmean.plot(result.steps, result.d_real, color=PALETTE[2], lw=2, label=word("gan.d_real"))
    dmean.plot(result.steps, result.d_fake, color=PALETTE[0], lw=2, label=word("gan.d_fake"))
    dmean.axhline(0.5, ls="--", lw=1, color="#555555")
    dmean.set_ylim(0, 1)
    dmean.set_xlabel(word("common.training_step"))
    dmean.set_ylabel(word("gan.mean_d"))
    legend_outside(dmean, ncols=1)

    grid = result.grid.numpy()
    dcurve.fill_between(
        grid,
        0,
        normal_density(grid, cfg.mu, cfg.sigma) * cfg.sigma,
        color="#BBBBBB",
        alpha=0.6,
        label=word("gan.data_rescaled"),
    )
    dcurve.plot(
        grid,
        result.d_grid.numpy(),
        color=PALETTE[2],
        lw=2,
        label=word("gan.trained_d", step=result.steps[-1]),
    )
    dcurve.axhline(0.5, ls="--", lw=1, color="#555555")
    dcurve.set_ylim(0, 1)
    dcurve.set_xlabel("x")
    legend_outside(dcurve, ncols=1)
    return fig
