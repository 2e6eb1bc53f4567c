"""The BERT page: topics as Markov chains, BERT's masking rule, and pre-training's benefit."""

from functools import cache

import pytest
import torch

from dlbasics.data.markov import random_topics, sample_documents, stationary, words_to_text
from dlbasics.experiments.bert import CLAIMS, BertPretrainingConfig, run_bert_pretraining
from dlbasics.models.bert import (
    IGNORE,
    BertConfig,
    MaskedLM,
    SequenceClassifier,
    add_cls,
    mask_tokens,
)

SEEDS = range(5)


# --- data --------------------------------------------------------------------------------


def test_topics_are_seeded_stochastic_and_stationary():
    a, b, c = random_topics(4, 16, seed=3), random_topics(4, 16, seed=3), random_topics(4, 16)
    torch.testing.assert_close(a.transitions, b.transitions)
    assert not torch.equal(a.transitions, c.transitions)
    torch.testing.assert_close(a.transitions.sum(-1), torch.ones(4, 16))
    assert (a.transitions >= 0).all()
    # pi P = pi: the first word is distributed like every other word
    pi = a.start.unsqueeze(1)  # (K, 1, V)
    torch.testing.assert_close((pi @ a.transitions).squeeze(1), a.start, atol=1e-5, rtol=0)
    assert (a.n_topics, a.n_words) == (4, 16)


def test_a_small_concentration_makes_a_peaked_grammar():
    peaked = random_topics(4, 16, concentration=0.1).transitions.max(-1).values.mean()
    flat = random_topics(4, 16, concentration=10.0).transitions.max(-1).values.mean()
    assert peaked > 0.4 > 0.15 > flat


def test_documents_follow_their_chain():
    topics = random_topics(2, 6, seed=1)
    docs = sample_documents(topics, 2000, 30, seed=5)
    again = sample_documents(topics, 2000, 30, seed=5)
    assert torch.equal(docs.tokens, again.tokens)
    assert docs.tokens.shape == (2000, 30)
    assert docs.tokens.dtype == torch.int64
    assert torch.bincount(docs.topics).tolist() == [1000, 1000]
    for k in range(2):
        words = docs.tokens[docs.topics == k]
        pairs = torch.zeros(6, 6)
        pairs.index_put_(
            (words[:, :-1].flatten(), words[:, 1:].flatten()), torch.ones(1), accumulate=True
        )
        seen = pairs.sum(-1) > 1000  # rows of words visited often enough to estimate
        assert seen.sum() >= 3
        empirical = pairs[seen] / pairs[seen].sum(-1, keepdim=True)
        torch.testing.assert_close(empirical, topics.transitions[k][seen], atol=0.05, rtol=0)


def test_stationary_of_a_known_chain():
    p = torch.tensor([[[0.9, 0.1], [0.5, 0.5]]])
    torch.testing.assert_close(stationary(p), torch.tensor([[5 / 6, 1 / 6]]))
    with pytest.raises(ValueError, match=r"\(K, V, V\)"):
        stationary(torch.ones(2, 3))


@pytest.mark.parametrize(
    ("kwargs", "err", "match"),
    [
        ({"n_topics": 1, "n_words": 5}, ValueError, "n_topics must be >= 2"),
        ({"n_topics": 2, "n_words": 27}, ValueError, "n_words must be <= 26"),
        ({"n_topics": 2, "n_words": 5, "concentration": 0.0}, ValueError, "concentration"),
        ({"n_topics": 2.0, "n_words": 5}, TypeError, "n_topics must be an int"),
        ({"n_topics": 2, "n_words": 5, "seed": -1}, ValueError, "seed must be >= 0"),
    ],
)
def test_topics_reject_bad_arguments(kwargs, err, match):
    with pytest.raises(err, match=match):
        random_topics(**kwargs)


def test_documents_reject_bad_sizes_and_print_as_letters():
    topics = random_topics(2, 5)
    with pytest.raises(ValueError, match="length must be >= 1"):
        sample_documents(topics, 3, 0)
    with pytest.raises(TypeError, match="n must be an int"):
        sample_documents(topics, 3.0, 4)
    assert words_to_text(torch.tensor([0, 25, 30]), {30: "[MASK]"}) == "a z [MASK]"
    with pytest.raises(ValueError, match="neither a word"):
        words_to_text(torch.tensor([26]))


# --- BERT's masking rule ---------------------------------------------------------------


def test_mask_tokens_follows_15_percent_and_80_10_10():
    n_words, mask_id = 20, 21
    g = torch.Generator().manual_seed(0)
    tokens = add_cls(torch.randint(n_words, (400, 250), generator=g), cls_id=20)  # (B, T + 1)
    inputs, labels = mask_tokens(tokens, mask_id, n_words, generator=g)
    chosen = labels != IGNORE
    assert not chosen[:, 0].any()  # [CLS] is never chosen
    assert (inputs[:, 0] == 20).all()
    words = chosen[:, 1:]
    assert abs(words.float().mean().item() - 0.15) < 0.005
    assert torch.equal(labels[chosen], tokens[chosen])  # labels are the original words
    assert torch.equal(inputs[~chosen], tokens[~chosen])  # nothing else is touched
    n = chosen.sum().item()
    masked = (inputs[chosen] == mask_id).sum().item() / n
    kept = (inputs[chosen] == tokens[chosen]).sum().item() / n
    # a random replacement equals the original word with probability 1 / n_words
    swapped = ((inputs[chosen] != mask_id) & (inputs[chosen] != tokens[chosen])).sum().item() / n
    assert abs(masked - 0.8) < 0.01
    assert abs(kept - (0.1 + 0.1 / n_words)) < 0.01
    assert abs(swapped - 0.1 * (1 - 1 / n_words)) < 0.01
    assert (inputs[chosen & (inputs != mask_id)] < n_words).all()  # swaps draw words only


def test_mask_tokens_is_reproducible_and_checks_its_arguments():
    x = torch.randint(5, (3, 10))
    a = mask_tokens(x, 6, 5, generator=torch.Generator().manual_seed(1))
    b = mask_tokens(x, 6, 5, generator=torch.Generator().manual_seed(1))
    assert all(torch.equal(u, v) for u, v in zip(a, b, strict=True))
    with pytest.raises(ValueError, match="mask_id must not be a word"):
        mask_tokens(x, 3, 5)
    with pytest.raises(ValueError, match="p must be"):
        mask_tokens(x, 6, 5, p=1.5)
    with pytest.raises(ValueError, match=r"tokens must be int64 of shape \(B, T\)"):
        mask_tokens(x.float(), 6, 5)


# --- the models ------------------------------------------------------------------------


def test_heads_share_one_encoder_and_pooling_differs():
    cfg = BertConfig(n_words=6, max_len=9, d_model=16)
    assert (cfg.cls_id, cfg.mask_id, cfg.vocab_size) == (6, 7, 8)
    mlm = MaskedLM(cfg)
    clf = SequenceClassifier(cfg, 3, encoder=mlm.encoder, pooling="cls")
    assert clf.encoder is mlm.encoder  # fine-tuning starts from the pre-trained weights
    idx = add_cls(torch.randint(6, (4, 8)), cfg.cls_id)
    assert mlm(idx).shape == (4, 9, 6)
    h = mlm.encoder(idx)
    torch.testing.assert_close(clf(idx), clf.head(h[:, 0]))
    mean = SequenceClassifier(cfg, 3, encoder=mlm.encoder, pooling="mean")
    torch.testing.assert_close(mean(idx), mean.head(h.mean(1)))
    with pytest.raises(ValueError, match="pooling"):
        SequenceClassifier(cfg, 3, pooling="max")
    with pytest.raises(ValueError, match="n_classes"):
        SequenceClassifier(cfg, 1)
    with pytest.raises(ValueError, match="n_heads must divide d_model"):
        BertConfig(n_words=6, max_len=9, d_model=10, n_heads=4)


def test_the_encoder_is_bidirectional():
    cfg = BertConfig(n_words=6, max_len=9, d_model=16)
    mlm = MaskedLM(cfg)
    a = add_cls(torch.randint(6, (1, 8)), cfg.cls_id)
    b = a.clone()
    b[0, -1] = (a[0, -1] + 1) % 6  # change the last word only
    assert not torch.allclose(mlm(a)[0, 1], mlm(b)[0, 1])  # the first word sees it


def test_experiment_rejects_bad_configs():
    with pytest.raises(ValueError, match="labels_per_topic must be >= 1"):
        BertPretrainingConfig(labels_per_topic=0)
    with pytest.raises(ValueError, match="pretrain_lr"):
        BertPretrainingConfig(pretrain_lr=0.0)
    with pytest.raises(ValueError, match="n_heads must divide d_model"):
        BertPretrainingConfig(d_model=30, n_heads=4)
    with pytest.raises(ValueError, match="pooling"):
        BertPretrainingConfig(pooling="max")
    with pytest.raises(TypeError, match="seed must be an int"):
        BertPretrainingConfig(seed=None)


# --- the page's claims, for seeds 0-4 ----------------------------------------------------


@cache
def result(seed):
    """One run of the page's experiment per seed, shared by the tests below."""
    return run_bert_pretraining(BertPretrainingConfig(seed=seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_page_claims_hold(seed):
    CLAIMS.check(result(seed))


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_filled_in_example_masks_words_and_gives_probabilities(seed):
    r = result(seed)
    e = r.example
    assert (e.inputs == r.config.model.mask_id).any()
    assert ((e.confidence > 0) & (e.confidence <= 1)).all()
    assert len(r.pretrain_loss) == r.config.pretrain_steps


def test_a_seed_gives_the_same_numbers():
    small = BertPretrainingConfig(
        n_unlabeled=64, n_test=32, pretrain_steps=3, finetune_steps=2, eval_every=1, d_model=8
    )
    a, b = run_bert_pretraining(small), run_bert_pretraining(small)
    assert a.pretrain_loss == b.pretrain_loss
    assert a.accuracy_pretrained == b.accuracy_pretrained
    assert a.steps == (0, 1, 2)
