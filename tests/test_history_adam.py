"""The Adam page's claims: per-coordinate steps win on badly scaled features, not on good ones."""

import math

import pytest
import torch
import torch.nn.functional as F

from dlbasics.experiments.adam import (
    CLAIMS_BIAS,
    CLAIMS_SCALING,
    LEARNING_RATES,
    BiasCorrectionConfig,
    FeatureScalingConfig,
    rescaled_digits,
    run_bias_correction,
    run_feature_scaling,
)
from dlbasics.milestones import get
from dlbasics.optim import OPTIMIZERS


def test_rescaled_digits_spread_the_features_over_four_decades():
    split, scale = rescaled_digits(seed=3, log10_spread=2.0)
    assert scale.shape == (64,)
    assert float(scale.min()) >= 1e-2
    assert float(scale.max()) <= 1e2
    assert float(scale.max() / scale.min()) > 1e3  # 64 draws cover most of the range
    plain, ones = rescaled_digits(seed=3, log10_spread=0.0)
    assert torch.equal(ones, torch.ones(64))
    torch.testing.assert_close(split.x_train, plain.x_train * scale)
    torch.testing.assert_close(split.x_test, plain.x_test * scale)
    assert torch.equal(rescaled_digits(3)[1], scale)  # a seed fixes the scales


@pytest.mark.parametrize(
    ("spread", "error"), [(-1.0, ValueError), (7.0, ValueError), ("2", TypeError)]
)
def test_rescaled_digits_reject_bad_spreads(spread, error):
    with pytest.raises(error, match="log10_spread"):
        rescaled_digits(0, spread)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"steps": 0}, ValueError, "steps"),
        ({"seed": -1}, ValueError, "seed"),
        ({"every": 0}, ValueError, "every"),
        ({"batch_size": 1.5}, TypeError, "batch_size"),
        ({"lrs": ()}, ValueError, "lrs"),
        ({"lrs": (0.1, 0.0)}, ValueError, "lrs"),
        ({"optimizers": ("Adamax",)}, ValueError, "optimizers"),
        ({"optimizers": ()}, ValueError, "optimizers"),
        ({"log10_spread": 0.0}, ValueError, "log10_spread"),
        ({"log10_spread": 7.0}, ValueError, "log10_spread"),
    ],
)
def test_feature_scaling_config_rejects_bad_values(kwargs, error, match):
    with pytest.raises(error, match=match):
        FeatureScalingConfig(**kwargs)


def test_side_by_side_training_equals_training_each_run_alone():
    config = FeatureScalingConfig(
        seed=1, steps=15, lrs=(0.01, 0.3), optimizers=("Nesterov", "Adam")
    )
    result = run_feature_scaling(config).rescaled
    data, _ = rescaled_digits(config.seed, config.log10_spread)
    x = F.pad(data.x_train, (0, 1), value=1.0)  # (N, 65)
    for name in config.optimizers:
        for j, lr in enumerate(config.lrs):
            w = torch.zeros(65, 10, requires_grad=True)
            opt = OPTIMIZERS[name]([w], lr=lr)
            g = torch.Generator().manual_seed(config.seed)
            for _ in range(config.steps):
                idx = torch.randint(0, len(x), (config.batch_size,), generator=g)
                loss = F.cross_entropy(x[idx] @ w, data.y_train[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
            alone = F.cross_entropy(x @ w, data.y_train).item()
            assert math.isclose(result.final_loss[name][j], alone, rel_tol=1e-4), (name, lr)
    assert result.steps == (0, 10, 15)
    assert len(result.curves["Adam"]) == 3
    assert result.curves["Adam"][0] == pytest.approx(math.log(10))  # W = 0: uniform guess
    assert result.loss_at("Adam", 0.28) == result.final_loss["Adam"][1]
    with pytest.raises(ValueError, match="name"):
        result.loss_at("Adamax", 0.1)


def test_bias_correction_keeps_every_step_at_the_learning_rate():
    b = run_bias_correction(BiasCorrectionConfig(steps=3000))
    assert max(abs(c - 1) for c in b.corrected) < 1e-6
    beta1, beta2 = 0.9, 0.999
    for t in (1, 12, 100, 3000):
        expected = (1 - beta1**t) / math.sqrt(1 - beta2**t)
        assert b.uncorrected[t - 1] == pytest.approx(expected, rel=1e-5)
    peak = max(range(len(b.t)), key=lambda i: b.uncorrected[i])
    assert b.t[peak] == 12
    assert b.uncorrected[peak] > 6
    assert b.uncorrected[0] == pytest.approx(math.sqrt(10))
    assert 1 < b.uncorrected[-1] < 1.05
    assert "β₁=0.9, β₂=0.999" in get("Adam").headline  # the defaults the experiment uses
    with pytest.raises(ValueError, match="steps"):
        BiasCorrectionConfig(steps=0)
    with pytest.raises(ValueError, match="beta2"):
        BiasCorrectionConfig(beta2=1.0)


def test_adam_steps_do_not_depend_on_the_scale_of_the_gradient():
    def trajectory(optimizer, factor):
        w = torch.tensor([1.0, -2.0], requires_grad=True)
        opt = OPTIMIZERS[optimizer]([w], lr=0.05)
        for _ in range(20):
            opt.zero_grad()
            (factor * ((w - 3) ** 2).sum()).backward()
            opt.step()
        return w.detach()

    torch.testing.assert_close(trajectory("Adam", 1.0), trajectory("Adam", 1000.0))
    assert not torch.allclose(trajectory("SGD", 1.0), trajectory("SGD", 1000.0))


def test_adam_milestone_is_cited_with_its_venue_and_arxiv_id():
    m = get("Adam")
    assert (m.note_year, m.venue, m.bibkey) == (2014, "ICLR 2015", "kingma2015adam")
    assert m.arxiv == "1412.6980"  # December 2014: the note's year is the first appearance


def test_the_bias_correction_claims_hold():
    CLAIMS_BIAS.check(run_bias_correction(BiasCorrectionConfig()))


@pytest.fixture(scope="module", params=range(5))
def scaling(request):
    """The page's race, once per seed."""
    return run_feature_scaling(FeatureScalingConfig(seed=request.param, log10_spread=2.0))


@pytest.mark.slow
def test_every_best_learning_rate_lies_inside_the_grid(scaling):
    for r in (scaling.rescaled, scaling.original):  # a fair race
        for name in r.optimizers:
            assert LEARNING_RATES[0] < r.best_lr[name] < LEARNING_RATES[-1], (name, r.best_lr)


@pytest.mark.slow
def test_adam_wins_on_bad_scaling_and_the_gap_disappears_on_good_scaling(scaling):
    CLAIMS_SCALING.check(scaling)
