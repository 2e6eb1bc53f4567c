"""The GPT page: Python's own source as a character corpus, a causal LM, a scaling curve."""

from functools import cache

import pytest
import torch
import torch.nn.functional as F

from dlbasics.data.chars import (
    STDLIB_MODULES,
    CharVocab,
    char_corpus,
    random_windows,
    stdlib_source,
)
from dlbasics.experiments.gpt import CLAIMS, ScalingConfig, run_scaling, validation_windows
from dlbasics.models.gpt import GPT, GPTConfig

SEEDS = range(5)


# --- the corpus ------------------------------------------------------------------------


def test_the_corpus_is_python_source_ascii_and_the_same_every_time():
    text = stdlib_source()
    assert text == stdlib_source()
    assert 80_000 < len(text) < 200_000
    assert all(c == "\n" or " " <= c <= "~" for c in text)
    assert text.count("def ") > 100
    assert "class " in text
    assert len(STDLIB_MODULES) == len(set(STDLIB_MODULES))


def test_corpus_split_and_vocabulary():
    c = char_corpus()
    assert 80 < c.vocab.size <= 96  # printable ASCII and the newline
    assert len(c.val) == round(0.1 * (len(c.train) + len(c.val)))
    text = stdlib_source()
    assert c.vocab.decode(c.train[:200]) == text[:200]
    assert c.vocab.decode(c.val) == text[-len(c.val) :]


def test_vocab_round_trip_and_errors():
    v = CharVocab.from_text("hello world")
    assert v.decode(v.encode("low held")) == "low held"
    with pytest.raises(ValueError, match="not in the vocabulary"):
        v.encode("xyz")
    with pytest.raises(ValueError, match="must not be empty"):
        CharVocab.from_text("")
    with pytest.raises(ValueError, match="has no Python source"):
        stdlib_source(("sys",))  # built in: no .py file
    with pytest.raises(ValueError, match="at least one module"):
        stdlib_source(())
    with pytest.raises(ValueError, match="val_fraction"):
        char_corpus("abc", val_fraction=1.0)


def test_windows_are_shifted_by_one_and_seeded():
    ids = torch.arange(100)
    x, y = random_windows(ids, 8, 10, torch.Generator().manual_seed(0))
    x2, _ = random_windows(ids, 8, 10, torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (8, 10)
    assert torch.equal(y, x + 1)
    assert torch.equal(x, x2)
    with pytest.raises(ValueError, match="N > block_size"):
        random_windows(torch.arange(5), 2, 5)
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        random_windows(ids, 0, 5)
    vx, vy = validation_windows(ids, 3, 10)
    assert torch.equal(vx.flatten(), torch.arange(30))
    assert torch.equal(vy, vx + 1)


# --- the model -------------------------------------------------------------------------


def test_gpt_is_causal():
    model = GPT(GPTConfig(vocab_size=11, block_size=12, d_model=16))
    a = torch.randint(11, (2, 12))
    b = a.clone()
    b[:, 7:] = (a[:, 7:] + 1) % 11  # change the future from position 7 on
    la, lb = model(a), model(b)
    assert torch.equal(la[:, :7], lb[:, :7])  # the past cannot see it, not even by rounding
    assert not torch.allclose(la[:, 7:], lb[:, 7:])
    assert model.transformer.causal


def test_loss_is_next_token_cross_entropy():
    model = GPT(GPTConfig(vocab_size=7, block_size=6))
    x, y = torch.randint(7, (3, 6)), torch.randint(7, (3, 6))
    expected = F.cross_entropy(model(x).reshape(-1, 7), y.reshape(-1))
    torch.testing.assert_close(model.loss(x, y), expected)
    with pytest.raises(ValueError, match="same shape"):
        model.loss(x, y[:, :5])


def test_generate_is_seeded_and_temperature_sharpens():
    torch.manual_seed(0)
    model = GPT(GPTConfig(vocab_size=5, block_size=4, d_model=8))
    start = torch.zeros(1, 1, dtype=torch.long)
    a = model.generate(start, 10, generator=torch.Generator().manual_seed(3))
    b = model.generate(start, 10, generator=torch.Generator().manual_seed(3))
    assert torch.equal(a, b)
    assert a.shape == (1, 11)
    assert torch.equal(a[:, :1], start)
    # a very low temperature is greedy decoding
    cold = model.generate(start, 6, temperature=1e-4, generator=torch.Generator().manual_seed(9))
    idx = start
    for _ in range(6):
        idx = torch.cat([idx, model(idx[:, -4:])[:, -1].argmax(-1, keepdim=True)], dim=1)
    assert torch.equal(cold, idx)
    with pytest.raises(ValueError, match="temperature"):
        model.generate(start, 3, temperature=0.0)
    with pytest.raises(ValueError, match="max_new_tokens"):
        model.generate(start, -1)


def test_configs_reject_bad_sizes():
    with pytest.raises(ValueError, match="n_heads must divide d_model"):
        GPTConfig(vocab_size=5, block_size=4, d_model=10, n_heads=4)
    with pytest.raises(ValueError, match=r"block_size must be (>= 1|a positive int)"):
        GPTConfig(vocab_size=5, block_size=0)
    with pytest.raises(ValueError, match="increasing"):
        ScalingConfig(widths=(32, 16))
    with pytest.raises(ValueError, match="multiple of n_heads"):
        ScalingConfig(widths=(8, 15))
    with pytest.raises(ValueError, match="steps must be >= 1"):
        ScalingConfig(steps=0)
    with pytest.raises(ValueError, match="temperature"):
        ScalingConfig(temperature=0.0)
    with pytest.raises(TypeError, match="seed must be an int"):
        ScalingConfig(seed="0")


# --- the page's claims, for seeds 0-4 ----------------------------------------------------


@cache
def result(seed):
    """One run of the page's experiment per seed, shared by the tests below."""
    return run_scaling(ScalingConfig(seed=seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_page_claims_hold(seed):
    CLAIMS.check(result(seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_models_grow_and_the_sample_has_its_length(seed):
    r = result(seed)
    assert list(r.n_params) == sorted(r.n_params)
    assert r.n_params[-1] > 10 * r.n_params[0]
    assert len(r.sample) == r.config.sample_chars


def test_a_seed_gives_the_same_numbers():
    text = "def f(x):\n    return x\n" * 20
    cfg = ScalingConfig(widths=(2, 4), block_size=8, steps=3, sample_chars=5, text=text)
    a, b = run_scaling(cfg), run_scaling(cfg)
    assert a.val_loss == b.val_loss
    assert a.sample == b.sample
    assert a.prompt == "def "
    with pytest.raises(ValueError, match="not in the vocabulary"):
        run_scaling(ScalingConfig(widths=(2,), block_size=8, steps=1, prompt="@", text=text))
