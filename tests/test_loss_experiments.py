"""The Loss chapter's claims, over several seeds."""

import pytest

from dlbasics.experiments.losses import (
    CEvsMSEConfig,
    ProxyGapConfig,
    RobustRegressionConfig,
    run_ce_vs_mse,
    run_proxy_gap,
    run_robust_regression,
    saturation,
)


def test_mse_gradient_vanishes_where_cross_entropy_stays_large():
    s = saturation()
    wrong = s.z < -5  # confidently wrong
    assert float(s.grad_ce[wrong].abs().min()) > 0.98
    assert float(s.grad_mse[wrong].abs().max()) < 0.04
    with pytest.raises(ValueError, match="points must be >= 1"):
        saturation(points=0)
    with pytest.raises(ValueError, match="z_max must be >="):
        saturation(z_min=1.0, z_max=0.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cross_entropy_learns_faster_than_mse(seed):
    run = run_ce_vs_mse(CEvsMSEConfig(seed=seed))
    assert run.accuracy_ce[-1] > 0.9
    assert run.accuracy_ce[-1] > run.accuracy_mse[-1] + 0.2


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_mse_is_pulled_by_outliers_mae_and_huber_are_not(seed):
    fit = run_robust_regression(RobustRegressionConfig(seed=seed))
    assert abs(fit.lines["MSE"][1] - 1.0) > 0.7
    assert abs(fit.lines["MAE"][1] - 1.0) < 0.2
    assert abs(fit.lines["Huber"][1] - 1.0) < 0.25


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_training_loss_falls_while_the_goal_stays(seed):
    p = run_proxy_gap(ProxyGapConfig(seed=seed))
    mid = p.steps.index(300)
    assert p.train_loss[-1] < p.train_loss[mid] / 10  # the loss keeps falling
    assert p.test_loss[-1] > p.test_loss[mid] + 0.05  # held-out loss rises
    assert abs(p.test_accuracy[-1] - p.test_accuracy[mid]) <= 0.02  # what we want stays


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: RobustRegressionConfig(outlier_fraction=1.0), ValueError, "outlier_fraction"),
        (lambda: RobustRegressionConfig(n=0), ValueError, "n must be >= 1"),
        (lambda: CEvsMSEConfig(lr=0.0), ValueError, "lr must be > 0"),
        (lambda: CEvsMSEConfig(steps=True), TypeError, "steps must be an int"),
        (lambda: ProxyGapConfig(every=0), ValueError, "every must be >= 1"),
        (lambda: ProxyGapConfig(seed=-1), ValueError, "seed must be >= 0"),
    ],
)
def test_configs_reject_bad_settings(make, error, match):
    with pytest.raises(error, match=match):
        make()
