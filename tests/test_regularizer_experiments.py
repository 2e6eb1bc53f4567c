"""The Optimization chapter's k-fold and batch-normalization claims, over seeds 0, 1 and 2."""

from __future__ import annotations

import math

import pytest

from dlbasics.experiments.regularizers import (
    BatchNormConfig,
    KFoldConfig,
    run_batchnorm,
    run_kfold,
)

SEEDS = [0, 1, 2]


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_kfold_estimate_and_what_wrong_labels_cost(seed):
    r = run_kfold(KFoldConfig(k=5, seed=seed))
    assert len(r.val_accuracy) == 5
    assert r.fold_size == 60
    assert min(r.val_accuracy) <= r.mean <= max(r.val_accuracy)
    assert r.stderr == pytest.approx(r.std / math.sqrt(5))
    assert r.mean_test - r.mean > 0.05  # the noisy validation labels understate accuracy...
    assert r.mean_true - r.mean > 0.05  # ...because of the labels: true labels score higher
    assert abs(r.mean_true - r.mean_test) < 0.05  # and then agree with the test set


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_batchnorm_trains_faster_and_at_a_higher_learning_rate(seed):
    r = run_batchnorm(BatchNormConfig(seed=seed))
    assert r.lrs == (0.01, 0.1, 1.0)
    assert r.final_bn[0] < r.final_plain[0]  # lr 0.01: lower after 100 steps
    plain_steps, bn_steps = r.steps_to(0.5)
    i = r.lrs.index(0.1)
    assert bn_steps[i] < plain_steps[i] <= 100  # lr 0.1: below 0.5 sooner
    assert max(r.final_plain[i], r.final_bn[i]) < 0.1  # after 100 steps both got there
    assert r.final_plain[-1] >= 2.0  # lr 1 without BN: diverged or stuck at chance
    assert r.final_bn[-1] < 0.01  # with BN: the best of all
    best_plain = min(range(3), key=r.final_plain.__getitem__)
    best_bn = min(range(3), key=r.final_bn.__getitem__)
    assert r.lrs[best_bn] > r.lrs[best_plain]
    assert min(r.final_bn) < min(r.final_plain) / 5
