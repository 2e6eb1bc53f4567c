r"""The 1-D GAN of the Model chapter and the GAN page, watched while it learns.

:func:`run_gan` is the one training of both pages: a generator against a discriminator on
:math:`\mathcal{N}(\mu, \sigma^2)`, with measurements taken along the way (the
Wasserstein-1 distance to the target, the generated mean and spread, and what the
discriminator says about real and generated samples) and fresh samples of the trained
generator at the end. Measuring draws no random numbers, so it does not change the training.

The pages' claims about it: :data:`CLAIMS` (the GAN page, one run), :data:`CLAIMS_SEEDS` (the
GAN page's table of several seeds) and :data:`CLAIMS_MODEL_CHAPTER` (the Model chapter).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from dlbasics._checks import (
    check_int,
    check_positive,
    check_positive_ints,
    check_real,
    check_tensor,
)
from dlbasics.claims import Claims
from dlbasics.models.gan import Discriminator, Generator, gan_step
from dlbasics.progress import progress_bar
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
        >>> wasserstein_1d(
        ...     torch.tensor([0.0, 1.0]), torch.tensor([3.0, 2.0])
        ... )  # move each by 2
        2.0
        >>> wasserstein_1d(torch.tensor([0.0]), torch.tensor([0.0, 1.0]))
        0.5
    """
    for name, t in (("a", a), ("b", b)):
        check_tensor(t, name, dim=1)
        if t.numel() == 0 or not bool(torch.isfinite(t).all()):
            raise ValueError(f"{name} must hold at least one sample, all finite")
    a, b = a.double().sort().values, b.double().sort().values  # (N,), (M,)
    if a.numel() == b.numel():
        return (a - b).abs().mean().item()  # sorted samples paired one to one
    points = torch.cat([a, b]).sort().values  # (N + M,) where either CDF can jump
    # F_P and F_Q between consecutive points
    cdf_a = torch.searchsorted(a, points[:-1], right=True) / a.numel()
    cdf_b = torch.searchsorted(b, points[:-1], right=True) / b.numel()
    return ((cdf_a - cdf_b).abs() * points.diff()).sum().item()


def gaussian_quantiles(mu: float, sigma: float, n: int) -> torch.Tensor:
    r"""``n`` evenly spaced quantiles of :math:`\mathcal{N}(\mu, \sigma^2)`: a noise-free sample.

    Example:
        >>> [round(v, 3) for v in gaussian_quantiles(0.0, 1.0, 3).tolist()]
        [-0.967, 0.0, 0.967]
    """
    check_real(mu, "mu")
    check_positive(sigma, "sigma")
    check_int(n, "n", low=1)
    u = (torch.arange(n, dtype=torch.float64) + 0.5) / n  # (n,) in (0, 1)
    return (mu + sigma * torch.special.ndtri(u)).float()  # (n,): mu + sigma Phi^{-1}(u)


@dataclass(frozen=True, kw_only=True)
class GANConfig:
    """Settings of :func:`run_gan`; the defaults are both pages' run."""

    seed: int = 0  # seeds the weights, the fixed noise and every batch
    mu: float = 3.0  # mean of the data N(mu, sigma^2)
    sigma: float = 0.5  # its standard deviation
    steps: int = 600  # alternating D/G updates (gan_step), 64 samples each
    every: int = 20  # measure every this many steps
    n_eval: int = 4000  # noise draws z (and target quantiles) to measure with; also the samples
    snapshots: tuple[int, ...] = (0, 100, 200, 600)  # steps whose samples G(z) are kept

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_real(self.mu, "mu")
        check_positive(self.sigma, "sigma")
        check_positive_ints(steps=self.steps, every=self.every, n_eval=self.n_eval)
        if any(
            not 0 <= s <= self.steps or (s % self.every and s != self.steps) for s in self.snapshots
        ):
            raise ValueError(
                f"snapshots must be multiples of every={self.every} in [0, steps={self.steps}] "
                f"(or steps itself), got {self.snapshots}"
            )


@dataclass(frozen=True, kw_only=True)
class GANResult:
    """One GAN run: measurements on the same fixed noise every ``every`` steps, then samples."""

    config: GANConfig  # the settings of the run
    steps: tuple[int, ...]  # when the measurements were taken
    w1: tuple[float, ...]  # Wasserstein-1 distance from G(z) to the target
    mean: tuple[float, ...]  # mean of G(z); mean[0] is before training
    std: tuple[float, ...]  # standard deviation of G(z)
    d_real: tuple[float, ...]  # mean D(x) over the target's quantiles: E_data[D(x)]
    d_fake: tuple[float, ...]  # mean D(G(z)): E_z[D(G(z))]
    snapshots: dict[int, torch.Tensor]  # step -> (S,) samples G(z) at that step
    grid: torch.Tensor  # (K,) points x at which the final D is drawn
    d_grid: torch.Tensor  # (K,) the final D(x) at those points
    samples: torch.Tensor  # (S,) the trained G on fresh noise (not the fixed z)
    sample_mean: float  # mean of those samples
    sample_std: float  # their standard deviation


@torch.no_grad()
def _measure(
    g: Generator, d: Discriminator, z: torch.Tensor, target: torch.Tensor
) -> tuple[torch.Tensor, float, float]:
    fake = g(z)[:, 0]  # (S, Z) -> (S,)
    d_real = torch.sigmoid(d(target[:, None])).mean().item()  # (S, 1) -> scalar
    d_fake = torch.sigmoid(d(fake[:, None])).mean().item()
    return fake, d_real, d_fake


def run_gan(config: GANConfig, *, progress: bool = False) -> GANResult:
    r"""Train a GAN on :math:`\mathcal{N}(\mu, \sigma^2)`, measuring as it goes.

    G maps 2-D noise through an MLP of width 16, D is an MLP of width 16; both use Adam
    (lr 0.002, betas (0.5, 0.999)). The fixed noise :math:`z` is drawn once before training;
    each step then draws a batch of 64 data points and 64 noise vectors for
    :func:`~dlbasics.models.gan.gan_step`. After training, G runs on ``n_eval`` fresh draws.

    Example:
        >>> r = run_gan(GANConfig(steps=20, every=10, n_eval=64, snapshots=(0, 20)))
        >>> r.steps, sorted(r.snapshots), r.samples.shape
        ((0, 10, 20), [0, 20], torch.Size([64]))
    """
    set_seed(config.seed)
    g, d = Generator(2, 16, 1), Discriminator(1, 16)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-3, betas=(0.5, 0.999))
    z = torch.randn(config.n_eval, 2)  # (S, Z) fixed noise for the measurements
    target = gaussian_quantiles(config.mu, config.sigma, config.n_eval)  # (S,)
    rows: list[tuple[int, float, float, float, float, float]] = []
    snapshots: dict[int, torch.Tensor] = {}
    for step in progress_bar(range(config.steps + 1), desc="GAN", enabled=progress):
        if step % config.every == 0 or step == config.steps:
            fake, d_real, d_fake = _measure(g, d, z, target)
            w1 = wasserstein_1d(fake, target)
            rows.append((step, w1, fake.mean().item(), fake.std().item(), d_real, d_fake))
            if step in config.snapshots:
                snapshots[step] = fake
        if step < config.steps:
            real = config.mu + config.sigma * torch.randn(64, 1)  # (64, 1) a batch of data
            gan_step(g, d, real, opt_g, opt_d, torch.randn(64, 2))
    grid = torch.linspace(config.mu - 4 * config.sigma - 1, config.mu + 4 * config.sigma, 200)
    with torch.no_grad():
        d_grid = torch.sigmoid(d(grid[:, None]))[:, 0]  # (K, 1) -> (K,)
        samples = g(torch.randn(config.n_eval, 2))[:, 0]  # (S,) fresh noise
    return GANResult(
        config=config,
        steps=tuple(r[0] for r in rows),
        w1=tuple(r[1] for r in rows),
        mean=tuple(r[2] for r in rows),
        std=tuple(r[3] for r in rows),
        d_real=tuple(r[4] for r in rows),
        d_fake=tuple(r[5] for r in rows),
        snapshots=snapshots,
        grid=grid,
        d_grid=d_grid,
        samples=samples,
        sample_mean=samples.mean().item(),
        sample_std=samples.std().item(),
    )


CLAIMS: Claims[GANResult] = Claims("history/gan")


@CLAIMS.claim("Wasserstein-1 거리는 … 에서 … 로, 처음의 5분의 1 아래로 줄었습니다.")
def distance_falls_below_a_fifth(r: GANResult) -> bool:
    return r.w1[-1] < r.w1[0] / 5


@CLAIMS.claim("G(z)의 평균은 … 에서 … 로, 목표 3과 0.15 이내로 왔습니다.")
def mean_comes_from_far_to_the_target(r: GANResult) -> bool:
    mu = r.config.mu
    return abs(r.mean[0] - mu) > 2 and abs(r.mean[-1] - mu) <= 0.15


@CLAIMS.claim(
    "학습이 시작되면 D가 먼저 진짜와 가짜를 가려냅니다 (평균 출력이 0.05 넘게 벌어집니다)."
)
def discriminator_first_separates(r: GANResult) -> bool:
    return max(a - b for a, b in zip(r.d_real, r.d_fake, strict=True)) > 0.05


@CLAIMS.claim(
    "step … 이후로는 진짜와 가짜 모두에서 D의 평균 출력이 ½과 0.03 넘게 차이 나지 않습니다."
)
def discriminator_says_one_half_in_the_second_half(r: GANResult) -> bool:
    half = len(r.steps) // 2
    return all(abs(v - 0.5) <= 0.03 for v in r.d_real[half:] + r.d_fake[half:])


@CLAIMS.claim("데이터가 있는 곳 (3 ± 2σ) 에서 학습 후의 D(x)는 ½에서 0.03 이내입니다.")
def discriminator_is_flat_where_the_data_is(r: GANResult) -> bool:
    in_data = (r.grid - r.config.mu).abs() <= 2 * r.config.sigma
    return (r.d_grid[in_data] - 0.5).abs().max().item() <= 0.03


@CLAIMS.claim("퍼짐의 차이만으로 …가 설명됩니다. 남은 거리 …의 절반이 넘습니다.")
def most_of_the_remaining_distance_is_the_spread(r: GANResult) -> bool:
    return abs(r.std[-1] - r.config.sigma) * math.sqrt(2 / math.pi) > 0.5 * r.w1[-1]


CLAIMS_SEEDS: Claims[tuple[GANResult, ...]] = Claims("history/gan")


@CLAIMS_SEEDS.claim("표준편차는 목표에서 최대 … 어긋나, 평균의 가장 큰 어긋남의 두 배가 넘습니다.")
def spread_misses_more_than_twice_the_mean(runs: tuple[GANResult, ...]) -> bool:
    std_miss = max(abs(r.std[-1] - r.config.sigma) for r in runs)
    return std_miss > 2 * max(abs(r.mean[-1] - r.config.mu) for r in runs)


@CLAIMS_SEEDS.claim(
    "얼마나 좁거나 넓은지는 seed마다 크게 다릅니다 (표준편차가 0.1 넘게 흩어집니다)."
)
def spread_differs_between_seeds(runs: tuple[GANResult, ...]) -> bool:
    return max(r.std[-1] for r in runs) - min(r.std[-1] for r in runs) > 0.1


CLAIMS_MODEL_CHAPTER: Claims[GANResult] = Claims("components/model")


@CLAIMS_MODEL_CHAPTER.claim(
    "G는 진짜 데이터를 한 번도 보지 않고 D의 판정만으로 분포의 자리를 찾아갔습니다 "
    "(학습 전 2 넘게 떨어져 있던 평균이 목표와 0.15 이내)."
)
def generator_finds_the_place_of_the_data(r: GANResult) -> bool:
    mu = r.config.mu
    return abs(r.mean[0] - mu) > 2 and abs(r.sample_mean - mu) <= 0.15
