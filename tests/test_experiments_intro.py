"""The claims that the book's first part makes, checked over several seeds."""

import pytest

from dlbasics.experiments.ai_ml_dl import AiMlDlConfig, ink_profile, run_ai_ml_dl
from dlbasics.experiments.components import FourComponentsConfig, run_four_components

SEEDS = [0, 1, 2, 3]


@pytest.mark.parametrize("seed", SEEDS)
def test_four_components_learns_far_beyond_the_baseline(seed):
    r = run_four_components(FourComponentsConfig(seed=seed))
    assert r.test_accuracy >= 0.93  # the page says the linear model reads most digits
    assert r.baseline_accuracy <= 0.11
    assert r.loss[-1] < 0.15 * r.loss[0]  # the Algorithm drives the Loss down
    assert r.n_parameters == 64 * 10 + 10
    assert (r.n_train, r.n_test) == (1347, 450)


def test_four_components_is_deterministic():
    assert run_four_components(FourComponentsConfig()) == run_four_components(
        FourComponentsConfig()
    )


@pytest.mark.parametrize(("kwargs", "err", "match"), [
    ({"steps": 0}, ValueError, "steps must be >= 1"),
    ({"lr": 0.0}, ValueError, "lr must be > 0"),
    ({"lr": -1.0}, ValueError, "lr must be > 0"),
    ({"steps": 1.5}, TypeError, "steps must be an int"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
])  # fmt: skip
def test_four_components_config_is_checked(kwargs, err, match):
    with pytest.raises(err, match=match):
        FourComponentsConfig(**kwargs)


def test_configs_take_keywords_only():
    with pytest.raises(TypeError):
        FourComponentsConfig(0)
    with pytest.raises(TypeError):
        AiMlDlConfig(0)


@pytest.mark.parametrize("seed", SEEDS)
def test_rule_then_ml_then_dl(seed):
    r = run_ai_ml_dl(AiMlDlConfig(seed=seed))
    # The page's claim: no-data rule beats chance; learning beats the rule; deep beats shallow.
    assert r.rule_accuracy > r.chance_accuracy + 0.3
    assert r.ml_accuracy > r.rule_accuracy + 0.15
    assert r.dl_accuracy > r.ml_accuracy + 0.04
    assert r.dl_accuracy > 0.95


@pytest.mark.parametrize(("kwargs", "err", "match"), [
    ({"steps": 0}, ValueError, "steps must be >= 1"),
    ({"hidden": 0}, ValueError, "hidden must be >= 1"),
    ({"hidden": True}, TypeError, "hidden must be an int"),
    ({"seed": 2**32}, ValueError, "seed must be <="),
])  # fmt: skip
def test_ai_ml_dl_config_is_checked(kwargs, err, match):
    with pytest.raises(err, match=match):
        AiMlDlConfig(**kwargs)


def test_ink_profile_shape_check():
    import torch

    with pytest.raises(ValueError, match=r"shape \(N, 64\)"):
        ink_profile(torch.zeros(3, 8, 8))
    with pytest.raises(TypeError, match="x must be a floating-point tensor"):
        ink_profile(torch.zeros(3, 64, dtype=torch.long))
