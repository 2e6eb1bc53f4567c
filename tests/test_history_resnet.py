"""The ResNet page's claims: degradation of deep plain networks, fixed by identity shortcuts."""

import math

import pytest
import torch

from dlbasics.experiments.resnet import CLAIMS, DegradationConfig, run_degradation
from dlbasics.models.deep_mlp import PlainMLP, ResidualMLP, mlp_layer


def test_plain_and_residual_share_their_layers_and_differ_only_by_the_shortcut():
    torch.manual_seed(0)
    plain = PlainMLP(depth=6, width=8)
    torch.manual_seed(0)
    residual = ResidualMLP(depth=6, width=8)
    for (name, a), (_, b) in zip(
        plain.state_dict().items(), residual.state_dict().items(), strict=True
    ):
        assert torch.equal(a, b), name  # same seed, same initial weights
    assert len(plain.layers) == 4
    assert residual.alpha == pytest.approx(1 / math.sqrt(4))
    x = torch.randn(5, 64)
    h = residual.stem(x)
    for layer in residual.layers:
        h = h + layer(h) / 2.0  # the residual update written out by hand
    torch.testing.assert_close(residual(x), residual.head(h))


def test_bad_sizes_raise():
    with pytest.raises(ValueError, match="depth"):
        PlainMLP(depth=1)
    with pytest.raises(ValueError, match=r"depth must be .*\b3\b"):
        ResidualMLP(depth=2)
    with pytest.raises(ValueError, match="width"):
        PlainMLP(depth=4, width=0)
    with pytest.raises(ValueError, match="width"):
        mlp_layer(0)
    with pytest.raises(ValueError, match="deep must be >= 5"):
        DegradationConfig(deep=4, shallow=4)
    with pytest.raises(ValueError, match="shallow must be >= 2"):
        DegradationConfig(shallow=1)
    with pytest.raises(ValueError, match="steps"):
        DegradationConfig(steps=0)
    with pytest.raises(ValueError, match="lr"):
        DegradationConfig(lr=0.0)
    with pytest.raises(TypeError, match="width must be an int"):
        DegradationConfig(width=32.0)
    with pytest.raises(TypeError, match="DegradationConfig"):
        run_degradation({"deep": 30})
    with pytest.raises(ValueError, match="seed"):
        DegradationConfig(seed=-1)


def test_a_small_run_has_the_curves_it_promises():
    config = DegradationConfig(seed=1, deep=5, shallow=3, width=8, steps=7, every=3)
    result = run_degradation(config)
    assert result.config == config
    assert result.names == ("plain-5", "plain-3", "residual-5")
    assert result.steps == (0, 3, 6, 7)
    for name in result.names:
        assert len(result.train_loss[name]) == len(result.test_error[name]) == len(result.steps)
        assert 0 <= result.final_test_error(name) <= 1
    assert run_degradation(config) == result  # deterministic


@pytest.fixture(scope="module", params=range(5))
def degradation(request):
    """The page's experiment, run once per seed 0-4."""
    return run_degradation(DegradationConfig(seed=request.param))


@pytest.mark.slow
def test_deep_plain_trains_worst_and_the_same_depth_with_shortcuts_trains_best(degradation):
    CLAIMS.check(degradation)  # every sentence of the page that compares the three networks
