"""The Encoder/Decoder page: the toy language, the model, and reversing the source."""

import pytest
import torch

from dlbasics.data.translation import make_language_pair, swap_pairs_order
from dlbasics.experiments.seq2seq import (
    CLAIMS,
    SourceReversalConfig,
    run_source_reversal,
    token_accuracy,
)
from dlbasics.models.lstm import LSTM
from dlbasics.models.seq2seq import Decoder, Encoder, Seq2Seq

# ---------------------------------------------------------------- the toy language pair


def test_translation_is_lexicon_then_pair_swap():
    pair = make_language_pair(8, seed=3)
    src, tgt = pair.sample(50, 7, torch.Generator().manual_seed(0))
    assert src.shape == tgt.shape == (50, 7)
    words = pair.lexicon[src]
    assert torch.equal(tgt[:, 0::2][:, :3], words[:, 1::2])  # positions 1, 3, 5 moved left
    assert torch.equal(tgt[:, 1::2], words[:, 0:6:2])  # positions 0, 2, 4 moved right
    assert torch.equal(tgt[:, 6], words[:, 6])  # odd length: the last word stays
    assert swap_pairs_order(4).tolist() == [1, 0, 3, 2]
    assert sorted(pair.lexicon.tolist()) == list(range(8))  # one-to-one


def test_language_pair_is_deterministic_per_seed():
    a, b = make_language_pair(8, seed=1), make_language_pair(8, seed=1)
    assert torch.equal(a.lexicon, b.lexicon)
    assert not torch.equal(a.lexicon, make_language_pair(8, seed=2).lexicon)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"vocab_size": 1}, ValueError, "vocab_size"),
        ({"vocab_size": 17}, ValueError, "vocab_size"),
        ({"vocab_size": 8.0}, TypeError, "vocab_size"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_language_pair_validates_its_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        make_language_pair(**kwargs)


def test_translate_and_sample_validate_their_inputs():
    pair = make_language_pair(4)
    g = torch.Generator()
    with pytest.raises(ValueError, match=r"src .*in \[0, 4\)"):
        pair.translate(torch.tensor([[0, 4]]))
    with pytest.raises(TypeError, match=r"src must be an (int64|integer)"):
        pair.translate(torch.zeros(1, 3))
    with pytest.raises(ValueError, match="shape"):
        pair.translate(torch.zeros(3, dtype=torch.int64))
    with pytest.raises(ValueError, match="length"):
        pair.sample(2, 0, g)
    with pytest.raises(TypeError, match="generator"):
        pair.sample(2, 3, 0)


# ---------------------------------------------------------------- the model


def test_seq2seq_shapes_and_teacher_forcing_shift():
    torch.manual_seed(0)
    model = Seq2Seq(8, 6, embed_dim=4, hidden_size=5)
    src = torch.randint(8, (3, 7))
    tgt = torch.randint(6, (3, 4))
    logits = model(src, tgt)
    assert logits.shape == (3, 4, 6)
    # the decoder reads <s>, y_1 .. y_{T-1}: changing the last target word changes nothing
    changed = tgt.clone()
    changed[:, -1] = (changed[:, -1] + 1) % 6
    torch.testing.assert_close(model(src, changed), logits)
    changed[:, 0] = (changed[:, 0] + 1) % 6
    assert not torch.allclose(model(src, changed)[:, 1:], logits[:, 1:])


def test_greedy_decoding_feeds_back_its_own_argmax():
    torch.manual_seed(0)
    model = Seq2Seq(8, 6, embed_dim=4, hidden_size=5).eval()
    src = torch.randint(8, (3, 7))
    decoded = model.greedy_decode(src, max_len=5)
    assert decoded.shape == (3, 5)
    assert int(decoded.max()) < 6
    # teacher-forcing the decoded words reproduces them as each step's argmax
    torch.testing.assert_close(model(src, decoded).argmax(-1), decoded)


def test_the_fixed_vector_is_the_model_chapters_lstm():
    torch.manual_seed(0)
    enc = Encoder(8, 4, 6)
    src = torch.randint(8, (3, 9))
    h, c = enc(src)
    ours = LSTM(4, 6).load_from_torch(enc.lstm)
    _, (h2, c2) = ours(enc.embed(src))
    torch.testing.assert_close(h[0], h2)
    torch.testing.assert_close(c[0], c2)


def test_model_inputs_are_validated():
    model = Seq2Seq(8, 6, embed_dim=4, hidden_size=5)
    with pytest.raises(ValueError, match=r"src .*in \[0, 8\)"):
        model(torch.tensor([[8]]), torch.tensor([[0]]))
    with pytest.raises(ValueError, match=r"tgt .*in \[0, 6\)"):
        model(torch.tensor([[0]]), torch.tensor([[6]]))  # the <s> id is not a target word
    with pytest.raises(TypeError, match=r"src must be an (int64|integer)"):
        model(torch.zeros(1, 2), torch.tensor([[0]]))
    with pytest.raises(ValueError, match="max_len"):
        model.greedy_decode(torch.tensor([[0]]), 0)
    with pytest.raises(ValueError, match="hidden_size"):
        Encoder(8, 4, 0)
    with pytest.raises(TypeError, match="vocab_size"):
        Decoder(8.5, 4, 4)
    with pytest.raises(ValueError, match="steps"):
        SourceReversalConfig(steps=0)
    with pytest.raises(ValueError, match="lr"):
        SourceReversalConfig(lr=0.0)
    with pytest.raises(ValueError, match="vocab_size"):
        SourceReversalConfig(vocab_size=17)
    with pytest.raises(TypeError, match="seed"):
        SourceReversalConfig(seed=1.0)
    with pytest.raises(ValueError, match="same shape"):
        token_accuracy(torch.zeros(2, 3), torch.zeros(2, 4))


def test_the_two_runs_differ_only_in_reading_order():
    cfg = SourceReversalConfig(seed=1, length=4, steps=3, n_test=16, every=3)
    first, again = run_source_reversal(cfg), run_source_reversal(cfg)
    a, r = first.forward, first.reversed
    assert a.loss == again.forward.loss  # deterministic
    assert r.loss == again.reversed.loss
    assert r.loss[0] != a.loss[0]  # same weights and batch, the source read back to front
    assert torch.equal(r.example[0], a.example[0])  # the same test sentences


# ---------------------------------------------------------------- the page's claims


@pytest.fixture(scope="module", params=range(5))
def reversal(request):
    """One run of the page's experiment per seed 0-4, shared by the tests below."""
    return run_source_reversal(SourceReversalConfig(seed=request.param))


@pytest.mark.slow
def test_the_page_claims_hold(reversal):
    CLAIMS.check(reversal)


@pytest.mark.slow
def test_both_runs_decode_the_same_test_sentences(reversal):
    fwd, rev = reversal.forward, reversal.reversed
    assert fwd.steps == rev.steps
    assert torch.equal(fwd.example[1], rev.example[1])
    assert len(fwd.position_accuracy) == reversal.config.length
