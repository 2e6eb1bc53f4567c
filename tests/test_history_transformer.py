"""The Transformer page: attention equals torch's, attention sees a set, reversing sequences."""

import pytest
import torch

from dlbasics.data.reverse import reversal_task
from dlbasics.experiments.transformer import (
    CLAIMS,
    CLAIMS_ATTENTION,
    CLAIMS_EQUIVARIANCE,
    AttentionCheckConfig,
    EquivarianceConfig,
    SequenceReversalConfig,
    TaggerConfig,
    TokenTagger,
    order_blind_bound,
    run_attention_check,
    run_equivariance,
    run_sequence_reversal,
)

SEEDS = range(5)


# --- the page's claims, for seeds 0-4 ----------------------------------------------------


@pytest.fixture(scope="module", params=SEEDS)
def reversal(request):
    """One run of the reversal experiment per seed, shared by the tests below."""
    return run_sequence_reversal(SequenceReversalConfig(seed=request.param))


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_from_scratch_equals_torch(seed):
    CLAIMS_ATTENTION.check(run_attention_check(AttentionCheckConfig(seed=seed)))


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_without_positions_is_permutation_equivariant(seed):
    CLAIMS_EQUIVARIANCE.check(run_equivariance(EquivarianceConfig(seed=seed)))


def test_the_page_claims_hold_for_the_reversal_experiment(reversal):
    CLAIMS.check(reversal)


def test_the_order_blind_bound_is_measured_on_the_test_sequences(reversal):
    c = reversal.config
    x_test, _ = reversal_task(c.n_test, c.model.length, c.model.vocab_size, seed=c.seed + 10_000)
    assert reversal.order_blind_bound == order_blind_bound(x_test)
    assert reversal.with_positions.positions == "sinusoidal"
    assert reversal.without_positions.positions == "none"
    for run in (reversal.with_positions, reversal.without_positions):
        torch.testing.assert_close(run.attention.sum(-1), torch.ones_like(run.attention.sum(-1)))


# --- units ---------------------------------------------------------------------------------


def test_order_blind_bound_counts_the_most_frequent_other_token():
    # t=0..2 (token 0): others {0, 0, 1} -> 2/3; t=3 (token 1): others {0, 0, 0} -> 1
    assert order_blind_bound(torch.tensor([[0, 0, 0, 1]])) == pytest.approx(0.75)
    assert order_blind_bound(torch.tensor([[3, 3]])) == pytest.approx(1.0)
    assert order_blind_bound(torch.tensor([[0, 1, 2, 3]])) == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="T even"):
        order_blind_bound(torch.tensor([[0, 1, 2]]))


def test_reversal_data_and_errors():
    x, y = reversal_task(5, length=6, vocab_size=4, seed=3)
    assert torch.equal(y, x.flip(1))
    assert x.min() >= 0
    assert x.max() < 4
    assert torch.equal(reversal_task(5, 6, 4, seed=3)[0], x)
    with pytest.raises(ValueError, match=r"length (must be )?>= 2"):
        reversal_task(5, length=1)
    with pytest.raises(TypeError, match="n must be an int"):
        reversal_task(2.0)
    with pytest.raises(ValueError, match="seed"):
        reversal_task(5, seed=-1)
    with pytest.raises(ValueError, match="positions must be one of"):
        SequenceReversalConfig(positions="rotary")
    with pytest.raises(ValueError, match="steps must be >= 1"):
        SequenceReversalConfig(steps=0)
    with pytest.raises(ValueError, match="lr"):
        SequenceReversalConfig(lr=0.0)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        SequenceReversalConfig(seed=-1)
    with pytest.raises(ValueError, match="length must be >= 2"):
        TaggerConfig(length=1)
    with pytest.raises(TypeError, match="model must be a TaggerConfig"):
        EquivarianceConfig(model={"length": 8})
    with pytest.raises(TypeError, match="seed must be an int"):
        AttentionCheckConfig(seed=0.5)
    assert TokenTagger(TaggerConfig(), "learned")(torch.zeros(1, 8, dtype=torch.long)).shape == (
        1,
        8,
        10,
    )
