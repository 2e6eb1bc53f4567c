"""The SimCLR page's claims: NT-Xent as the paper writes it, augmentations, and the probe."""

import math

import pytest
import torch

from dlbasics.contrastive import nt_xent
from dlbasics.data.augment import (
    AugmentConfig,
    augment,
    intensity_jitter,
    random_erase,
    random_shift,
)
from dlbasics.experiments.simclr import (
    CLAIMS,
    SimCLRConfig,
    few_labels,
    linear_probe,
    run_simclr,
)
from dlbasics.models.simclr import SimCLR


def nt_xent_by_the_formula(z1, z2, tau):
    """The paper's Eq. 1, one pair at a time: views 2k-1 and 2k (1-based) are one image's."""
    n = len(z1)
    views = [v for pair in zip(z1, z2, strict=True) for v in pair]  # z_1, z_2, ..., z_2N

    def sim(u, v):
        return float(u @ v) / (math.sqrt(float(u @ u)) * math.sqrt(float(v @ v)))

    def ell(i, j):
        numerator = math.exp(sim(views[i], views[j]) / tau)
        denominator = sum(math.exp(sim(views[i], views[k]) / tau) for k in range(2 * n) if k != i)
        return -math.log(numerator / denominator)

    return sum(ell(2 * k, 2 * k + 1) + ell(2 * k + 1, 2 * k) for k in range(n)) / (2 * n)


@pytest.mark.parametrize(("n", "d", "tau"), [(2, 3, 0.5), (5, 4, 0.1), (7, 2, 1.0)])
def test_nt_xent_equals_the_formula_computed_pair_by_pair(n, d, tau):
    g = torch.Generator().manual_seed(n)
    z1 = torch.randn(n, d, generator=g, dtype=torch.float64)
    z2 = torch.randn(n, d, generator=g, dtype=torch.float64)
    assert nt_xent(z1, z2, tau).item() == pytest.approx(
        nt_xent_by_the_formula(z1, z2, tau), rel=1e-10
    )


def test_nt_xent_is_low_when_views_agree_and_has_finite_gradients():
    g = torch.Generator().manual_seed(0)
    z = torch.randn(16, 8, generator=g)
    other = torch.randn(16, 8, generator=g)
    assert nt_xent(z, z + 0.01 * other) < nt_xent(z, other) - 1.0
    torch.testing.assert_close(nt_xent(3 * z, other), nt_xent(z, other))  # cosine: scale-free
    z1 = z.clone().requires_grad_()
    nt_xent(z1, other, tau=0.2).backward()
    assert torch.isfinite(z1.grad).all()
    assert z1.grad.abs().sum() > 0


def test_nt_xent_rejects_bad_inputs():
    z = torch.randn(4, 3)
    with pytest.raises(ValueError, match=r"shape \(N, d\)"):
        nt_xent(z, torch.randn(5, 3))
    with pytest.raises(ValueError, match="N >= 2"):
        nt_xent(z[:1], z[:1])
    with pytest.raises(ValueError, match="tau"):
        nt_xent(z, z, tau=0.0)
    with pytest.raises(TypeError, match="z1"):
        nt_xent(torch.ones(4, 3, dtype=torch.int64), z)


def test_shift_moves_each_image_by_at_most_max_shift_and_covers_every_offset():
    x = torch.zeros(400, 1, 8, 8)
    x[:, 0, 4, 4] = 1.0  # one dot in the middle, far from the border
    y = random_shift(x, 2, torch.Generator().manual_seed(0))
    assert torch.equal(y.sum(dim=(1, 2, 3)), torch.ones(400))  # nothing is lost
    where = y[:, 0].flatten(1).argmax(dim=1)
    rows, cols = where // 8 - 4, where % 8 - 4
    assert rows.abs().max() <= 2
    assert cols.abs().max() <= 2
    assert len(set(zip(rows.tolist(), cols.tolist(), strict=True))) == 25  # all 5×5 offsets
    assert torch.equal(random_shift(x, 0, torch.Generator()), x)


def test_erase_and_jitter_do_what_they_say():
    g = torch.Generator().manual_seed(0)
    ones = torch.ones(200, 1, 8, 8)
    erased_pixels = (random_erase(ones, 1.0, 3, g) == 0).sum(dim=(1, 2, 3))
    assert erased_pixels.min() >= 1
    assert erased_pixels.max() <= 9
    assert torch.equal(random_erase(ones, 0.0, 3, g), ones)
    half = torch.full((200, 1, 8, 8), 0.5)
    scaled = intensity_jitter(half, 0.4, 0.0, g) / half  # (1 + u) per image, no noise
    assert torch.equal(scaled.amin(dim=(1, 2, 3)), scaled.amax(dim=(1, 2, 3)))
    assert scaled.min() >= 0.6
    assert scaled.max() <= 1.4
    noisy = intensity_jitter(half, 0.0, 0.5, g)
    assert noisy.min() >= 0
    assert noisy.max() <= 1


def test_augment_is_seeded_batched_and_in_range():
    x = torch.rand(32, 1, 8, 8)
    a = augment(x, torch.Generator().manual_seed(3))
    assert torch.equal(a, augment(x, torch.Generator().manual_seed(3)))
    assert not torch.equal(a, augment(x, torch.Generator().manual_seed(4)))
    assert a.shape == x.shape
    assert a.min() >= 0
    assert a.max() <= 1
    calm = AugmentConfig(max_shift=0, erase_p=0.0, jitter=0.0, noise=0.0)
    assert torch.equal(augment(x, torch.Generator(), calm), x)  # no change asked, none made


def test_augmentations_reject_bad_inputs():
    g = torch.Generator()
    x = torch.rand(2, 1, 8, 8)
    with pytest.raises(ValueError, match="max_shift"):
        random_shift(x, -1, g)
    with pytest.raises(ValueError, match="x must have"):
        random_shift(torch.rand(8, 8), 1, g)
    with pytest.raises(TypeError, match=r"torch\.Tensor"):
        random_shift([[0.0]], 1, g)
    with pytest.raises(ValueError, match="p must"):
        random_erase(x, 1.5, 2, g)
    with pytest.raises(ValueError, match="max_size"):
        random_erase(x, 0.5, 9, g)
    with pytest.raises(ValueError, match="strength"):
        intensity_jitter(x, 2.0, 0.0, g)
    with pytest.raises(ValueError, match="noise"):
        intensity_jitter(x, 0.1, -1.0, g)
    with pytest.raises(TypeError, match="AugmentConfig"):
        augment(x, g, {"max_shift": 1})
    with pytest.raises(TypeError, match="generator"):
        augment(x, 0)


def test_simclr_model_projects_its_representation():
    model = SimCLR(widths=(4, 8), proj_hidden=6, proj_dim=3)
    x = torch.rand(5, 1, 8, 8)
    h = model.encode(x)
    assert h.shape == (5, 8)
    torch.testing.assert_close(model(x), model.head(h))
    with pytest.raises(ValueError, match="proj_dim"):
        SimCLR(proj_dim=0)


def test_batched_probes_equal_probes_solved_one_by_one():
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3, 20, 5, generator=g)
    y = torch.randint(0, 4, (3, 20), generator=g)
    x_test, y_test = torch.randn(50, 5, generator=g), torch.randint(0, 4, (50,), generator=g)
    together = linear_probe(x, y, x_test, y_test, steps=50)
    for r in range(3):
        alone = linear_probe(x[r : r + 1], y[r : r + 1], x_test, y_test, steps=50)
        assert together[r] == alone[0]
    mask = torch.ones(3, 20, dtype=torch.bool)
    mask[1, 12:] = False  # problem 1 has only 12 examples; the padding must not count
    padded = linear_probe(x, y, x_test, y_test, mask, steps=50)
    short = linear_probe(x[1:2, :12], y[1:2, :12], x_test, y_test, steps=50)
    assert padded[1] == short[0]
    with pytest.raises(ValueError, match="mask"):
        linear_probe(x, y, x_test, y_test, torch.zeros(3, 20, dtype=torch.bool))


def test_few_labels_picks_k_distinct_examples_of_every_class():
    y = torch.arange(10).repeat(7)
    idx = few_labels(y, 5, torch.Generator().manual_seed(0))
    assert len(set(idx.tolist())) == 50
    assert torch.equal(torch.bincount(y[idx]), torch.full((10,), 5))
    with pytest.raises(ValueError, match="fewer than k=8"):
        few_labels(y, 8, torch.Generator())


def test_bad_configs_raise():
    with pytest.raises(ValueError, match="batch_size"):
        SimCLRConfig(batch_size=1)
    with pytest.raises(ValueError, match="tau"):
        SimCLRConfig(tau=0.0)
    with pytest.raises(ValueError, match="labels_per_class"):
        SimCLRConfig(labels_per_class=(0, 5))
    with pytest.raises(ValueError, match="labels_per_class"):
        SimCLRConfig(labels_per_class=())
    with pytest.raises(TypeError, match="steps must be an int"):
        SimCLRConfig(steps=True)
    with pytest.raises(ValueError, match="probe_weight_decay"):
        SimCLRConfig(probe_weight_decay=-1e-3)
    with pytest.raises(TypeError, match="AugmentConfig"):
        SimCLRConfig(augment={"max_shift": 1})
    with pytest.raises(ValueError, match="seed"):
        SimCLRConfig(seed=-1)
    with pytest.raises(TypeError, match="SimCLRConfig"):
        run_simclr("fast")


@pytest.fixture(scope="module", params=range(5))
def simclr(request):
    """The page's experiment, run once per seed 0-4."""
    return run_simclr(SimCLRConfig(seed=request.param))


@pytest.mark.slow
def test_simclr_features_beat_pixels_and_a_random_encoder_with_few_labels(simclr):
    CLAIMS.check(simclr)  # every sentence of the page about the loss and the probes
