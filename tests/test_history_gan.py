"""The GAN page's claims: the distance, the mean, D -> 1/2, and the spread that does not settle."""

import math
from functools import cache

import pytest
import torch
from scipy.stats import wasserstein_distance

from dlbasics.experiments.gan import GANConfig, gaussian_quantiles, run_gan, wasserstein_1d
from dlbasics.models.gan import Discriminator, Generator, gan_step
from dlbasics.seed import set_seed

SEEDS = [0, 1, 2, 3, 4]  # the seeds of the page's table

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
    return run_gan(GANConfig(seed=seed))


@pytest.fixture(params=SEEDS)
def run(request):
    return request.param, trained(request.param)


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
@pytest.mark.parametrize("seed", [0, 1])
def test_measuring_does_not_change_the_training(seed):
    h = trained(seed)
    start, samples = plain_gan(seed)
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
def test_the_distance_to_the_data_falls_from_about_3_to_below_0_2(run):
    _, h = run
    assert 2.5 <= h.w1[0] <= 3.5
    assert h.w1[-1] <= 0.2


@pytest.mark.slow
def test_the_generated_mean_lands_on_the_target(run):
    _, h = run
    assert abs(h.mean[0] - 3.0) > 2.5
    assert abs(h.mean[-1] - 3.0) <= 0.1


@pytest.mark.slow
def test_the_discriminator_first_separates_then_says_one_half(run):
    _, h = run
    gap = [r - f for r, f in zip(h.d_real, h.d_fake, strict=True)]
    assert max(gap) >= 0.05  # early on D tells data from fakes
    half = len(h.steps) // 2
    assert all(abs(v - 0.5) <= 0.03 for v in h.d_real[half:] + h.d_fake[half:])
    data_range = (h.grid - 3.0).abs() <= 2 * 0.5  # where 95% of the data lives
    assert float((h.d_grid[data_range] - 0.5).abs().max()) <= 0.03


@pytest.mark.slow
def test_most_of_what_remains_is_the_spread(run):
    _, h = run
    spread_part = abs(h.std[-1] - 0.5) * math.sqrt(2 / math.pi)
    assert spread_part >= 0.5 * h.w1[-1]


@pytest.mark.slow
def test_the_spread_misses_more_than_the_mean_and_in_either_direction():
    runs = [trained(s) for s in SEEDS]
    std_miss = max(abs(r.std[-1] - 0.5) for r in runs)
    mean_miss = max(abs(r.mean[-1] - 3.0) for r in runs)
    assert std_miss > 0.1
    assert std_miss > 2 * mean_miss  # "several times the mean's miss"
    assert min(r.std[-1] for r in runs) < 0.5 < max(r.std[-1] for r in runs)  # narrow and wide
