"""The GAN page's claims (and the Model chapter's GAN claim) for seeds 0-4, and W1 in 1-D."""

import math
from functools import cache

import pytest
import torch
from scipy.stats import wasserstein_distance

from dlbasics.experiments.gan import (
    CLAIMS,
    CLAIMS_MODEL_CHAPTER,
    CLAIMS_SEEDS,
    GANConfig,
    gaussian_quantiles,
    run_gan,
    wasserstein_1d,
)
from dlbasics.models.gan import Discriminator, Generator, gan_step
from dlbasics.seed import set_seed

SEEDS = (0, 1, 2, 3, 4)  # the seeds of the page's table

# ---------------------------------------------------------------- Wasserstein-1 in 1-D


@pytest.mark.parametrize(("n", "m"), [(50, 50), (37, 80), (1, 9)])
def test_wasserstein_1d_matches_scipy(n, m):
    g = torch.Generator().manual_seed(n + m)
    a, b = torch.randn(n, generator=g), 2 + 3 * torch.rand(m, generator=g)
    assert wasserstein_1d(a, b) == pytest.approx(
        wasserstein_distance(a.numpy(), b.numpy()), rel=1e-6
    )


def test_wasserstein_1d_properties():
    g = torch.Generator().manual_seed(0)
    a, b = torch.randn(300, generator=g), torch.randn(200, generator=g)
    assert wasserstein_1d(a, a) == 0.0
    assert wasserstein_1d(a, a + 2.5) == pytest.approx(2.5)  # a shift moves every sample
    assert wasserstein_1d(a, b) == pytest.approx(wasserstein_1d(b, a))  # symmetric
    assert wasserstein_1d(a[torch.randperm(300)], b) == pytest.approx(wasserstein_1d(a, b))


def test_wasserstein_between_two_gaussians_is_the_spread_gap():
    # same mean: W1(N(m, s1^2), N(m, s2^2)) = |s1 - s2| E|Z| = |s1 - s2| sqrt(2 / pi)
    a, b = gaussian_quantiles(3.0, 0.5, 20000), gaussian_quantiles(3.0, 0.3, 20000)
    assert wasserstein_1d(a, b) == pytest.approx(0.2 * math.sqrt(2 / math.pi), rel=1e-3)
    assert float(a.mean()) == pytest.approx(3.0, abs=1e-4)
    assert float(a.std()) == pytest.approx(0.5, rel=1e-3)


def test_inputs_are_validated():
    with pytest.raises(ValueError, match="a must have 1 dimensions"):
        wasserstein_1d(torch.zeros(2, 2), torch.zeros(3))
    with pytest.raises(ValueError, match="b must hold at least one sample"):
        wasserstein_1d(torch.zeros(2), torch.zeros(0))
    with pytest.raises(TypeError, match=r"b must be a torch\.Tensor"):
        wasserstein_1d(torch.zeros(2), [0.0])
    with pytest.raises(ValueError, match="finite"):
        wasserstein_1d(torch.tensor([0.0, float("nan")]), torch.zeros(2))
    with pytest.raises(ValueError, match="sigma must be > 0"):
        gaussian_quantiles(0.0, 0.0, 3)
    with pytest.raises(ValueError, match="n must be >= 1"):
        gaussian_quantiles(0.0, 1.0, 0)
    with pytest.raises(ValueError, match="snapshots"):
        GANConfig(snapshots=(0, 15))
    with pytest.raises(ValueError, match="steps must be >= 1"):
        GANConfig(steps=0)
    with pytest.raises(ValueError, match="sigma must be > 0"):
        GANConfig(sigma=0.0)
    with pytest.raises(TypeError, match="seed must be an int"):
        GANConfig(seed=1.0)


# ---------------------------------------------------------------- the page's claims


@cache
def trained(seed):
    """One run per seed for the whole module."""
    return run_gan(GANConfig(seed=seed))


@pytest.fixture(params=SEEDS)
def run(request):
    return trained(request.param)


def plain_gan(seed, steps=600, mu=3.0, sigma=0.5):
    """The Model chapter's GAN written out without measurements: G(z) before and after."""
    set_seed(seed)
    g, d = Generator(2, 16, 1), Discriminator(1, 16)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-3, betas=(0.5, 0.999))
    with torch.no_grad():
        start = g(torch.randn(4000, 2))[:, 0]
    for _ in range(steps):
        gan_step(g, d, mu + sigma * torch.randn(64, 1), opt_g, opt_d, torch.randn(64, 2))
    with torch.no_grad():
        return start, g(torch.randn(4000, 2))[:, 0]


@pytest.mark.slow
def test_measuring_does_not_change_the_training():
    h = trained(0)
    start, samples = plain_gan(0)
    assert h.mean[0] == start.mean().item()  # the same noise, the same untrained G
    assert h.std[0] == start.std().item()
    assert torch.equal(h.samples, samples)  # the same trained G on the same fresh noise
    assert h.mean[-1] == pytest.approx(h.sample_mean, abs=0.05)  # the fixed z agrees
    assert h.std[-1] == pytest.approx(h.sample_std, abs=0.05)


def test_a_short_run_is_the_plain_loop():
    h = run_gan(GANConfig(steps=20, snapshots=(0, 20)))
    start, samples = plain_gan(0, steps=20)
    assert h.mean[0] == start.mean().item()
    assert torch.equal(h.samples, samples)


@pytest.mark.slow
def test_g_finds_the_data_and_d_goes_to_one_half(run):
    CLAIMS.check(run)


@pytest.mark.slow
def test_the_model_chapter_gan_finds_the_place_of_the_data(run):
    CLAIMS_MODEL_CHAPTER.check(run)


@pytest.mark.slow
def test_the_spread_misses_more_than_the_mean_and_differs_between_seeds():
    CLAIMS_SEEDS.check(tuple(trained(s) for s in SEEDS))
