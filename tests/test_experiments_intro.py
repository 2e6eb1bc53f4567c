"""The book's first part: its pages' claims on seeds 0-4, and the experiments' checks."""

import pytest

from dlbasics.experiments import ai_ml_dl, components
from dlbasics.experiments.ai_ml_dl import AiMlDlConfig, AiMlDlResult, ink_profile, run_ai_ml_dl
from dlbasics.experiments.components import (
    FourComponentsConfig,
    FourComponentsResult,
    run_four_components,
)


@pytest.fixture(scope="module", params=range(5), ids=lambda s: f"seed{s}")
def four_components(request) -> FourComponentsResult:
    return run_four_components(FourComponentsConfig(seed=request.param))


@pytest.fixture(scope="module", params=range(5), ids=lambda s: f"seed{s}")
def ai_ml_dl_result(request) -> AiMlDlResult:
    return run_ai_ml_dl(AiMlDlConfig(seed=request.param))


def test_four_components_page_claims_hold(four_components):
    components.CLAIMS.check(four_components)


def test_four_components_sizes(four_components):
    assert four_components.n_parameters == 64 * 10 + 10
    assert (four_components.n_train, four_components.n_test) == (1347, 450)
    assert len(four_components.loss) == four_components.config.steps


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


def test_ai_ml_dl_page_claims_hold(ai_ml_dl_result):
    ai_ml_dl.CLAIMS.check(ai_ml_dl_result)


def test_ai_ml_dl_scores_every_model_on_the_same_test_set(ai_ml_dl_result):
    assert ai_ml_dl_result.n_test == 450
    assert ai_ml_dl_result.chance_accuracy == pytest.approx(0.1)
    for name in ("rule", "ml", "pixel", "dl"):
        acc = getattr(ai_ml_dl_result, f"{name}_accuracy")
        assert (acc * ai_ml_dl_result.n_test) == pytest.approx(round(acc * 450))


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
