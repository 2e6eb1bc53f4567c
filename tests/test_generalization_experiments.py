"""The Optimization chapter's generalization experiments: the page's claims on seeds 0-4.

Every run is the page's: the noisy-digits baseline plus one technique, its hyperparameter
chosen on the validation split. Each experiment runs once per seed (module-scoped fixtures).
"""

from __future__ import annotations

import pytest

from dlbasics.experiments.generalization import (
    BASELINE,
    CLAIMS,
    BaselineConfig,
    GeneralizationConfig,
    TechniquesConfig,
    TechniquesResult,
    run_generalization,
    run_techniques,
    select_on_validation,
)
from dlbasics.experiments.regularizers import CLAIMS_ENSEMBLE, EnsembleConfig, run_ensembles

SEEDS = range(5)


@pytest.fixture(scope="module", params=SEEDS)
def techniques(request: pytest.FixtureRequest) -> TechniquesResult:
    return run_techniques(TechniquesConfig(seed=request.param))


@pytest.mark.slow
def test_the_page_claims_about_each_technique_hold(techniques):
    CLAIMS.check(techniques)


@pytest.mark.slow
def test_the_choice_looks_at_validation_only(techniques):
    for selection in (techniques.dropout, techniques.l2, techniques.adamw, techniques.mixup):
        scores = list(zip(selection.val_accuracy, (-v for v in selection.val_loss), strict=True))
        assert scores[selection.index] == max(scores)
        assert selection.chosen.final_val_accuracy == selection.val_accuracy[selection.index]
    assert techniques.stop.config.patience == techniques.config.patience


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_page_claims_about_ensembles_hold(seed):
    result = run_ensembles(EnsembleConfig(n_members=5, seed=seed))
    CLAIMS_ENSEMBLE.check(result)


def test_ensemble_member_zero_is_the_baseline():
    tiny = BaselineConfig(steps=3, every=1, hidden=8)
    result = run_ensembles(EnsembleConfig(n_members=1, baseline=tiny, seed=2))
    base = run_generalization(GeneralizationConfig(baseline=tiny, seed=2))
    assert result.plain.member_accuracy[0] == base.final_test_accuracy


def test_selection_rejects_mismatched_candidates():
    tiny = BaselineConfig(steps=1, every=1, hidden=4)
    with pytest.raises(ValueError, match="len"):
        select_on_validation((0.1, 0.2), [GeneralizationConfig(baseline=tiny)])
    with pytest.raises(ValueError, match="dropout"):
        TechniquesConfig(dropout=(1.0,))
    with pytest.raises(ValueError, match="len"):
        TechniquesConfig(l2=())


def test_adamw_default_decay_is_almost_nothing_here():
    s = BASELINE
    assert (1 - s.lr * 0.01) ** s.steps > 0.99
    assert (1 - s.lr * 3.0) ** s.steps < 0.2
