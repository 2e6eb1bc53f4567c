r"""The GAN page: the Model chapter's 1-D GAN, watched while it learns.

:func:`train_gan` is :func:`dlbasics.experiments.model_zoo.run_gan` (same networks, same
optimizers, same seed, the same random draws in the same order) with measurements taken
along the way: the Wasserstein-1 distance to the target, the generated mean and spread,
and what the discriminator says about real and generated samples.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import torch

from dlbasics.models.gan import Discriminator, Generator, gan_step
from dlbasics.seed import set_seed


def wasserstein_1d(a: torch.Tensor, b: torch.Tensor) -> float:
    r"""Wasserstein-1 (earth mover's) distance between two 1-D samples.

    In one dimension the optimal transport pairs the samples in sorted order, so the
    distance is the area between the two empirical CDFs:

    .. math::
        W_1(P, Q) = \int_{-\infty}^{\infty} |F_P(x) - F_Q(x)|\, dx
        \;=\; \frac{1}{n} \sum_{i=1}^{n} |a_{(i)} - b_{(i)}| \quad \text{(equal sizes)},

    where :math:`a_{(i)}` is the :math:`i`-th smallest sample. Samples of different sizes
    are handled by the CDF form, as ``scipy.stats.wasserstein_distance`` does.

    Args:
        a: samples of :math:`P`.
        b: samples of :math:`Q`.

    Shape:
        ``a``: ``(N,)``; ``b``: ``(M,)``.

    Raises:
        TypeError: if ``a`` or ``b`` is not a tensor.
        ValueError: if either is not 1-D, empty, or not finite.

    Example:
        >>> wasserstein_1d(torch.tensor([0.0, 1.0]), torch.tensor([3.0, 2.0]))  # move each by 2
        2.0
        >>> wasserstein_1d(torch.tensor([0.0]), torch.tensor([0.0, 1.0]))
        0.5
    """
    for name, t in (("a", a), ("b", b)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")
        if t.dim() != 1 or t.numel() == 0:
            raise ValueError(f"{name} must have shape (N,) with N >= 1, got {tuple(t.shape)}")
        if not bool(torch.isfinite(t).all()):
            raise ValueError(f"{name} must be finite")
    a, b = a.double().sort().values, b.double().sort().values  # (N,), (M,)
    if a.numel() == b.numel():
        return (a - b).abs().mean().item()  # sorted samples paired one to one
    points = torch.cat([a, b]).sort().values  # (N + M,) where either CDF can jump
    cdf_a = torch.searchsorted(a, points[:-1], right=True) / a.numel()  # F_P between points
    cdf_b = torch.searchsorted(b, points[:-1], right=True) / b.numel()  # F_Q between points
    return ((cdf_a - cdf_b).abs() * points.diff()).sum().item()


def gaussian_quantiles(mu: float, sigma: float, n: int) -> torch.Tensor:
    r"""``n`` evenly spaced quantiles of :math:`\mathcal{N}(\mu, \sigma^2)`: a noise-free sample.

    Example:
        >>> [round(v, 3) for v in gaussian_quantiles(0.0, 1.0, 3).tolist()]
        [-0.967, 0.0, 0.967]
    """
    if n < 1 or not sigma > 0:
        raise ValueError(f"need n >= 1 and sigma > 0, got n={n}, sigma={sigma}")
    u = (torch.arange(n, dtype=torch.float64) + 0.5) / n  # (n,) in (0, 1)
    q: torch.Tensor = mu + sigma * torch.special.ndtri(u)  # (n,): mu + sigma Phi^{-1}(u)
    return q.float()


@dataclass(frozen=True)
class GANConfig:
    r"""The Model chapter's GAN (as in :func:`~dlbasics.experiments.model_zoo.run_gan`)."""

    mu: float = 3.0  # mean of the data N(mu, sigma^2)
    sigma: float = 0.5  # its standard deviation
    steps: int = 600  # alternating D/G updates (gan_step), 64 samples each
    every: int = 20  # measure every this many steps
    n_eval: int = 4000  # fixed noise draws z (and target quantiles) used to measure
    snapshots: tuple[int, ...] = (0, 100, 200, 600)  # steps whose samples G(z) are kept

    def __post_init__(self) -> None:
        for name in ("steps", "every", "n_eval"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an int >= 1, got {value!r}")
        if not self.sigma > 0:
            raise ValueError(f"sigma must be > 0, got {self.sigma}")
        if any(
            not 0 <= s <= self.steps or (s % self.every and s != self.steps) for s in self.snapshots
        ):
            raise ValueError(
                f"snapshots must be multiples of every={self.every} in [0, steps={self.steps}] "
                f"(or steps itself), got {self.snapshots}"
            )


@dataclass(frozen=True)
class GANHistory:
    """Measurements of one GAN run, taken on the same fixed noise every ``every`` steps."""

    config: GANConfig
    steps: tuple[int, ...]  # when the measurements were taken
    w1: tuple[float, ...]  # Wasserstein-1 distance from G(z) to the target
    mean: tuple[float, ...]  # mean of G(z)
    std: tuple[float, ...]  # standard deviation of G(z)
    d_real: tuple[float, ...]  # mean D(x) over the target's quantiles: E_data[D(x)]
    d_fake: tuple[float, ...]  # mean D(G(z)): E_z[D(G(z))]
    snapshots: dict[int, torch.Tensor]  # step -> (S,) samples G(z) at that step
    grid: torch.Tensor  # (K,) points x at which the final D is drawn
    d_grid: torch.Tensor  # (K,) the final D(x) at those points


@torch.no_grad()
def _measure(
    g: Generator, d: Discriminator, z: torch.Tensor, target: torch.Tensor
) -> tuple[torch.Tensor, float, float]:
    fake = g(z)[:, 0]  # (S, Z) -> (S,)
    d_real = torch.sigmoid(d(target[:, None])).mean().item()  # (S, 1) -> scalar
    d_fake = torch.sigmoid(d(fake[:, None])).mean().item()
    return fake, d_real, d_fake


def train_gan(seed: int = 0, config: GANConfig | None = None, progress: bool = False) -> GANHistory:
    r"""Train the Model chapter's GAN on :math:`\mathcal{N}(\mu, \sigma^2)`, measuring as it goes.

    The networks, optimizers and the order of every random draw are those of
    :func:`~dlbasics.experiments.model_zoo.run_gan`; its "before training" noise is kept
    as the fixed noise :math:`z` on which G is measured, so the trajectory is the same.

    Example:
        >>> h = train_gan(config=GANConfig(steps=20, every=10, n_eval=64, snapshots=(0, 20)))
        >>> h.steps, sorted(h.snapshots)
        ((0, 10, 20), [0, 20])
    """
    cfg = config or GANConfig()
    set_seed(seed)
    g, d = Generator(2, 16, 1), Discriminator(1, 16)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-3, betas=(0.5, 0.999))
    z = torch.randn(cfg.n_eval, 2)  # (S, Z) fixed noise, drawn where run_gan draws its "start"
    target = gaussian_quantiles(cfg.mu, cfg.sigma, cfg.n_eval)  # (S,)
    rows: list[tuple[int, float, float, float, float, float]] = []
    snapshots: dict[int, torch.Tensor] = {}
    steps: Iterable[int] = range(cfg.steps + 1)
    if progress:  # imported only when asked: tqdm.auto warns inside a widget-less kernel
        from tqdm.auto import tqdm

        steps = tqdm(steps, desc="GAN", leave=False)
    for step in steps:
        if step % cfg.every == 0 or step == cfg.steps:
            fake, d_real, d_fake = _measure(g, d, z, target)
            w1 = wasserstein_1d(fake, target)
            rows.append((step, w1, fake.mean().item(), fake.std().item(), d_real, d_fake))
            if step in cfg.snapshots:
                snapshots[step] = fake
        if step < cfg.steps:  # exactly run_gan's loop body
            real = cfg.mu + cfg.sigma * torch.randn(64, 1)  # (64, 1) a batch of data
            gan_step(g, d, real, opt_g, opt_d, torch.randn(64, 2))
    grid = torch.linspace(cfg.mu - 4 * cfg.sigma - 1, cfg.mu + 4 * cfg.sigma, 200)  # (K,)
    with torch.no_grad():
        d_grid = torch.sigmoid(d(grid[:, None]))[:, 0]  # (K, 1) -> (K,)
    return GANHistory(
        cfg,
        steps=tuple(r[0] for r in rows),
        w1=tuple(r[1] for r in rows),
        mean=tuple(r[2] for r in rows),
        std=tuple(r[3] for r in rows),
        d_real=tuple(r[4] for r in rows),
        d_fake=tuple(r[5] for r in rows),
        snapshots=snapshots,
        grid=grid,
        d_grid=d_grid,
    )
