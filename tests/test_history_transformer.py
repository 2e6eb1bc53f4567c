"""The Transformer page's claims, over seeds 0, 1, 2."""

import pytest
import torch

from dlbasics.data.reverse import reversal_task
from dlbasics.experiments.transformer import (
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

SEEDS = [0, 1, 2]


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_from_scratch_equals_torch(seed):
    check = run_attention_check(AttentionCheckConfig(seed=seed))
    assert check.sdpa < 1e-5
    assert check.mha < 1e-5
    assert check.mha_weights < 1e-5


@pytest.fixture(scope="module")
def results():
    return {seed: run_sequence_reversal(SequenceReversalConfig(seed=seed)) for seed in SEEDS}


@pytest.mark.parametrize("seed", SEEDS)
def test_positions_let_attention_reverse_sequences(results, seed):
    run = results[seed].with_positions
    assert run.positions == "sinusoidal"
    assert run.token_accuracy >= 0.95
    assert run.sequence_accuracy >= 0.8


@pytest.mark.parametrize("seed", SEEDS)
def test_without_positions_attention_is_stuck_at_the_order_blind_best(results, seed):
    result = results[seed]
    run = result.without_positions
    assert run.positions == "none"
    c = result.config
    x_test, _ = reversal_task(c.n_test, c.model.length, c.model.vocab_size, seed=seed + 10_000)
    bound = order_blind_bound(x_test)
    assert result.order_blind_bound == bound  # measured on the same test sequences
    assert 0.28 < bound < 0.36  # "about 0.3"
    assert run.token_accuracy < bound + 0.02  # cannot beat it (up to sampling noise)
    assert run.token_accuracy > bound - 0.03  # and learns to reach it
    assert run.sequence_accuracy < 0.01


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_map_is_the_anti_diagonal(results, seed):
    for run in (results[seed].with_positions, results[seed].without_positions):
        maps = run.attention.mean(0)  # (T, T), averaged over heads
        t = maps.shape[0]
        mirrored = maps[torch.arange(t), torch.arange(t - 1, -1, -1)]
        if run.positions == "sinusoidal":
            assert torch.equal(maps.argmax(1), torch.arange(t - 1, -1, -1))
            assert mirrored.mean() > 0.5
        else:  # no position, no structure: about uniform 1/T
            assert mirrored.mean() < 2 / t
        torch.testing.assert_close(maps.sum(1), torch.ones(t))


@pytest.mark.parametrize("seed", SEEDS)
def test_attention_without_positions_is_permutation_equivariant(seed):
    diffs = run_equivariance(EquivarianceConfig(seed=seed)).max_diff
    assert diffs["none"] < 1e-5
    assert diffs["sinusoidal"] > 1e-2
    assert diffs["learned"] > 1e-2


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
