"""The Loss chapter's claims, over several seeds."""

import pytest

from dlbasics.experiments.losses import ce_vs_mse, proxy_gap, robust_regression, saturation


def test_mse_gradient_vanishes_where_cross_entropy_stays_large():
    s = saturation()
    wrong = s.z < -5  # confidently wrong
    assert float(s.grad_ce[wrong].abs().min()) > 0.98
    assert float(s.grad_mse[wrong].abs().max()) < 0.04
    with pytest.raises(ValueError, match="points >= 1"):
        saturation(points=0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cross_entropy_learns_faster_than_mse(seed):
    run = ce_vs_mse(seed)
    assert run.accuracy_ce[-1] > 0.9
    assert run.accuracy_ce[-1] > run.accuracy_mse[-1] + 0.2


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_mse_is_pulled_by_outliers_mae_and_huber_are_not(seed):
    fit = robust_regression(seed)
    assert abs(fit.lines["MSE"][1] - 1.0) > 0.7
    assert abs(fit.lines["MAE"][1] - 1.0) < 0.2
    assert abs(fit.lines["Huber"][1] - 1.0) < 0.25
    with pytest.raises(ValueError, match="outlier_fraction"):
        robust_regression(outlier_fraction=1.0)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_training_loss_falls_while_the_goal_stays(seed):
    p = proxy_gap(seed)
    mid = p.steps.index(300)
    assert p.train_loss[-1] < p.train_loss[mid] / 10  # the loss keeps falling
    assert p.test_loss[-1] > p.test_loss[mid] + 0.05  # held-out loss rises
    assert abs(p.test_accuracy[-1] - p.test_accuracy[mid]) <= 0.02  # what we want stays
