"""The Loss chapter's claims (each sentence of the page, as code) for seeds 0-4, and the configs."""

import pytest
import torch
import torch.nn.functional as F

from dlbasics.experiments.losses import (
    CLAIMS_CE_VS_MSE,
    CLAIMS_PROXY,
    CLAIMS_ROBUST,
    CLAIMS_SATURATION,
    CEvsMSEConfig,
    ProxyGapConfig,
    RobustRegressionConfig,
    _mse_on_probabilities,
    run_ce_vs_mse,
    run_proxy_gap,
    run_robust_regression,
    saturation,
)

SEEDS = range(5)


@pytest.fixture(scope="module", params=SEEDS)
def ce_vs_mse(request):
    return run_ce_vs_mse(CEvsMSEConfig(seed=request.param))


@pytest.fixture(scope="module", params=SEEDS)
def robust_fit(request):
    return run_robust_regression(RobustRegressionConfig(seed=request.param))


@pytest.fixture(scope="module", params=SEEDS)
def proxy(request):
    return run_proxy_gap(ProxyGapConfig(seed=request.param))


def test_mse_gradient_vanishes_where_cross_entropy_stays_large():
    CLAIMS_SATURATION.check(saturation())
    with pytest.raises(ValueError, match="points must be >= 1"):
        saturation(points=0)
    with pytest.raises(ValueError, match="z_max must be >="):
        saturation(z_min=1.0, z_max=0.0)


def test_the_experiments_mse_is_the_formula_on_the_page():
    g = torch.Generator().manual_seed(0)
    logits = torch.randn(7, 10, generator=g)
    one_hot = F.one_hot(torch.randint(0, 10, (7,), generator=g), 10).float()
    formula = ((one_hot - logits.softmax(1)) ** 2).sum(1).mean()  # sum over D, mean over N
    torch.testing.assert_close(_mse_on_probabilities(logits, one_hot), formula)


@pytest.mark.slow
def test_cross_entropy_tolerates_more_learning_rates_than_mse(ce_vs_mse):
    CLAIMS_CE_VS_MSE.check(ce_vs_mse)


def test_the_learning_rate_is_chosen_on_validation_data():
    r = run_ce_vs_mse(CEvsMSEConfig(steps=20, every=10, lrs=(0.01, 3.0)))
    for loss in ("ce", "mse"):
        best = max(range(2), key=lambda i: (r.val_accuracy[loss][i], -i))
        assert r.best_lr[loss] == r.config.lrs[best]
        assert (
            r.test_accuracy[loss][best] == (r.accuracy_ce if loss == "ce" else r.accuracy_mse)[-1]
        )


def test_mse_is_pulled_by_outliers_mae_and_huber_are_not(robust_fit):
    CLAIMS_ROBUST.check(robust_fit)


@pytest.mark.slow
def test_training_loss_falls_while_the_goal_stays(proxy):
    CLAIMS_PROXY.check(proxy)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: RobustRegressionConfig(outlier_fraction=1.0), ValueError, "outlier_fraction"),
        (lambda: RobustRegressionConfig(n=0), ValueError, "n must be >= 1"),
        (lambda: CEvsMSEConfig(lrs=(0.1, 0.0)), ValueError, "lrs must be > 0"),
        (lambda: CEvsMSEConfig(lrs=()), ValueError, "lrs must hold at least one"),
        (lambda: CEvsMSEConfig(val_fraction=0.0), ValueError, "val_fraction"),
        (lambda: CEvsMSEConfig(steps=True), TypeError, "steps must be an int"),
        (lambda: ProxyGapConfig(every=0), ValueError, "every must be >= 1"),
        (lambda: ProxyGapConfig(seed=-1), ValueError, "seed must be >= 0"),
    ],
)
def test_configs_reject_bad_settings(make, error, match):
    with pytest.raises(error, match=match):
        make()
