"""The Optimization chapter's k-fold and batch-normalization experiments: the page's claims on
seeds 0-4, each experiment run once per seed."""

from __future__ import annotations

import math

import pytest

from dlbasics.experiments.regularizers import (
    CLAIMS_BATCHNORM,
    CLAIMS_KFOLD,
    BatchNormConfig,
    BatchNormResult,
    KFoldConfig,
    KFoldResult,
    run_batchnorm,
    run_kfold,
)

SEEDS = range(5)


@pytest.fixture(scope="module", params=SEEDS)
def kfold(request: pytest.FixtureRequest) -> KFoldResult:
    return run_kfold(KFoldConfig(k=5, seed=request.param))


@pytest.fixture(scope="module", params=SEEDS)
def batchnorm(request: pytest.FixtureRequest) -> BatchNormResult:
    return run_batchnorm(BatchNormConfig(seed=request.param))


@pytest.mark.slow
def test_kfold_shapes_and_summary_statistics(kfold):
    assert len(kfold.val_accuracy) == 5
    assert kfold.fold_size == 60
    assert min(kfold.val_accuracy) <= kfold.mean <= max(kfold.val_accuracy)
    assert kfold.stderr == pytest.approx(kfold.std / math.sqrt(5))


@pytest.mark.slow
def test_the_page_claims_about_kfold_hold(kfold):
    CLAIMS_KFOLD.check(kfold)


@pytest.mark.slow
def test_the_page_claims_about_batchnorm_hold(batchnorm):
    assert batchnorm.lrs == (0.01, 0.1, 1.0)
    CLAIMS_BATCHNORM.check(batchnorm)
