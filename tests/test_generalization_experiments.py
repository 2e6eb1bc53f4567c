"""The Optimization chapter's generalization claims, each over seeds 0, 1 and 2.

Every run is the page's: the noisy-digits baseline plus one technique.
"""

from __future__ import annotations

import functools

import pytest

from dlbasics.experiments.generalization import (
    BASELINE,
    GeneralizationConfig,
    GeneralizationResult,
    run_generalization,
)
from dlbasics.experiments.regularizers import EnsembleConfig, EnsembleRun, run_ensembles

SEEDS = [0, 1, 2]
TECHNIQUES = {  # GeneralizationConfig keywords added to the baseline
    "base": {},
    "dropout": {"dropout": 0.5},
    "stop": {"patience": 5},
    "l2": {"weight_decay": 0.01},
    "adamw": {"weight_decay": 3.0, "decoupled": True},
    "mixup": {"mixup_alpha": 0.4},
}


@functools.cache
def runs(seed: int) -> dict[str, GeneralizationResult]:
    return {
        name: run_generalization(GeneralizationConfig(**kwargs, seed=seed))
        for name, kwargs in TECHNIQUES.items()
    }


@functools.cache
def ensembles(seed: int) -> tuple[EnsembleRun, EnsembleRun]:
    result = run_ensembles(EnsembleConfig(n_members=5, seed=seed))
    return result.plain, result.bagged


@pytest.mark.parametrize("seed", SEEDS)
def test_baseline_memorizes_and_test_accuracy_falls_from_its_peak(seed):
    base = runs(seed)["base"]
    assert base.final_train_accuracy >= 0.99
    assert base.memorized >= 0.95  # the wrong labels are learned as they are
    peak = max(base.test_accuracy)
    assert base.steps[base.test_accuracy.index(peak)] <= 60
    assert peak - base.final_test_accuracy >= 0.08
    assert base.gap > 0.2
    assert min(base.test_loss) < base.final_test_loss / 1.5  # test loss turns back up


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_dropout_raises_test_accuracy_and_shrinks_the_gap(seed):
    r = runs(seed)
    base, drop = r["base"], r["dropout"]
    assert drop.final_test_accuracy > base.final_test_accuracy + 0.03
    assert drop.gap < base.gap
    assert drop.loss_gap < base.loss_gap
    assert 0.7 <= drop.memorized < base.memorized  # slowed down, not prevented


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_early_stopping_restores_the_best_weights_early(seed):
    r = runs(seed)
    base, stop = r["base"], r["stop"]
    assert stop.best_step is not None
    assert stop.stopped_at is not None
    assert stop.best_step < stop.stopped_at < BASELINE.steps
    assert stop.stopped_at - stop.best_step == 5 * BASELINE.every  # patience 5 evaluations
    assert stop.stopped_at / BASELINE.steps <= 0.5
    assert stop.final_test_accuracy > base.final_test_accuracy + 0.05
    peak_step = base.steps[base.test_accuracy.index(max(base.test_accuracy))]
    assert abs(stop.best_step - peak_step) <= 20  # validation finds the test peak


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_weight_decay_shrinks_weights_and_gap_both_ways(seed):
    r = runs(seed)
    base = r["base"]
    for name in ("l2", "adamw"):
        assert r[name].weight_norm < base.weight_norm, name
        assert r[name].gap < base.gap, name
        assert r[name].final_test_accuracy > base.final_test_accuracy + 0.02, name
    l2 = r["l2"]
    assert l2.final_train_accuracy < 0.95
    assert l2.memorized < 0.6
    assert l2.final_test_accuracy > r["adamw"].final_test_accuracy  # in this setting


def test_adamw_default_decay_is_almost_nothing_here():
    s = BASELINE
    assert (1 - s.lr * 0.01) ** s.steps > 0.99
    assert (1 - s.lr * 3.0) ** s.steps < 0.2


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_mixup_calibrates_and_helps_a_little(seed):
    r = runs(seed)
    base, mix = r["base"], r["mixup"]
    assert mix.ece < base.ece / 2
    assert mix.wrong_confidence < base.wrong_confidence - 0.1
    assert mix.final_test_accuracy > base.final_test_accuracy


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_ensembles_beat_the_average_member_bagging_by_far(seed):
    plain, bagged = ensembles(seed)
    base = runs(seed)["base"]
    assert plain.member_accuracy[0] == base.final_test_accuracy  # member 0 is the baseline
    assert plain.ensemble_accuracy[-1] >= plain.mean_member
    assert plain.ensemble_accuracy[-1] - plain.mean_member < 0.02  # small: members agree
    assert bagged.mean_member < plain.mean_member  # each bagged member is weaker...
    assert bagged.ensemble_accuracy[-1] > max(bagged.member_accuracy)  # ...the average is not
    assert bagged.ensemble_accuracy[-1] > plain.ensemble_accuracy[-1]


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_every_technique_beats_the_baseline(seed):
    r = runs(seed)
    base = r["base"].final_test_accuracy
    assert all(r[n].final_test_accuracy > base for n in TECHNIQUES if n != "base")
    assert ensembles(seed)[1].ensemble_accuracy[-1] > base
