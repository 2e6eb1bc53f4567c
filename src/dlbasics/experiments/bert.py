"""BERT in miniature: pre-train on unlabeled Markov "documents", fine-tune with a few labels.

Every document is a walk along one of a few random Markov chains (its topic). Step 1 trains a
small bidirectional encoder to fill in masked words on unlabeled documents; step 2 fine-tunes it
with a classifier head on a handful of labelled documents (4 per topic by default). A second
encoder of the same sizes is trained on the same few labels from scratch, the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from dlbasics.data.markov import random_topics, sample_documents
from dlbasics.models.bert import (
    IGNORE,
    BertConfig,
    MaskedLM,
    SequenceClassifier,
    add_cls,
    mask_tokens,
)
from dlbasics.seed import set_seed


@dataclass(frozen=True)
class BertExperiment:
    """Data, model and training sizes of the BERT experiment."""

    seed: int = 0  # seeds the chains, the documents, the masks and the weights
    n_topics: int = 4  # K, chains (labels)
    n_words: int = 16  # V, words shared by all chains
    length: int = 24  # T, words per document ([CLS] comes in front)
    concentration: float = 0.1  # Dirichlet alpha of each transition row; small = peaked grammar
    n_unlabeled: int = 2000  # documents for pre-training (their topics are never used)
    labels_per_topic: int = 4  # labelled documents per topic for fine-tuning
    n_test: int = 1000  # held-out documents for every accuracy
    d_model: int = 32  # E
    n_heads: int = 2  # nh
    n_layers: int = 2  # L
    d_ff: int | None = 64  # FFN width (BERT uses 4 * d_model; 2 * d_model is cheaper here)
    pretrain_steps: int = 300  # masked-LM steps (Adam)
    batch_size: int = 64  # documents per pre-training step
    pretrain_lr: float = 6e-3
    finetune_steps: int = 40  # full-batch steps on the few labels, for both models
    finetune_lr: float = 1e-3
    eval_every: int = 20  # fine-tuning steps between test-accuracy measurements
    pooling: str = "mean"  # "mean" or "cls"

    def __post_init__(self) -> None:
        for name in (
            "n_topics",
            "n_words",
            "length",
            "n_unlabeled",
            "labels_per_topic",
            "n_test",
            "pretrain_steps",
            "batch_size",
            "finetune_steps",
            "eval_every",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {self.seed!r}")
        for name in ("pretrain_lr", "finetune_lr"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be > 0, got {getattr(self, name)!r}")

    @property
    def model(self) -> BertConfig:
        """The encoder's sizes (this validates ``d_model``/``n_heads`` too)."""
        return BertConfig(
            self.n_words, self.length + 1, self.d_model, self.n_heads, self.n_layers, self.d_ff
        )


@dataclass(frozen=True)
class FilledMasks:
    """One test document with some words masked, and what the pre-trained model put there.

    Shape:
        - ``tokens``: ``(T + 1,)`` the document, ``[CLS]`` first.
        - ``inputs``: ``(T + 1,)`` the same with ``[MASK]`` at the masked positions.
        - ``predicted``: ``(T + 1,)`` the most likely word at every position.
        - ``confidence``: ``(T + 1,)`` its probability.
    """

    topic: int
    tokens: torch.Tensor
    inputs: torch.Tensor
    predicted: torch.Tensor
    confidence: torch.Tensor


@dataclass(frozen=True)
class BertResult:
    """What the page, the example and the tests read."""

    config: BertExperiment
    pretrain_loss: tuple[float, ...]  # masked-LM cross-entropy at every pre-training step
    mlm_accuracy: float  # top-1 accuracy on test words replaced by [MASK]
    unigram_accuracy: float  # the same, always guessing the most frequent training word
    steps: tuple[int, ...]  # fine-tuning steps at which test accuracy was measured
    accuracy_pretrained: tuple[float, ...]  # test topic accuracy, pre-trained encoder
    accuracy_scratch: tuple[float, ...]  # test topic accuracy, encoder trained from scratch
    example: FilledMasks

    @property
    def gain(self) -> float:
        """Final test accuracy of pre-trained minus from-scratch (fraction, not points)."""
        return self.accuracy_pretrained[-1] - self.accuracy_scratch[-1]


def pretrain(
    model: MaskedLM,
    tokens: torch.Tensor,
    steps: int,
    batch_size: int,
    lr: float,
    generator: torch.Generator,
    callback: Callable[[int, float], None] | None = None,
) -> list[float]:
    """Masked-LM pre-training: random batches, fresh masks each step, Adam.

    Args:
        model: the encoder with its masked-LM head.
        tokens: ``(N, T)`` unlabeled documents, ``[CLS]`` first.
        steps: number of steps.
        batch_size: documents per step.
        lr: Adam's step size.
        generator: source of the batches and the masks.
        callback: called as ``callback(step, loss)`` after every step (e.g. a progress bar).

    Returns:
        The loss of every step.
    """
    cfg = model.config
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for step in range(steps):
        batch = tokens[torch.randint(len(tokens), (batch_size,), generator=generator)]  # (B, T)
        inputs, labels = mask_tokens(batch, cfg.mask_id, cfg.n_words, generator=generator)
        logits = model(inputs)  # (B, T, V)
        loss = F.cross_entropy(logits.flatten(0, 1), labels.flatten(), ignore_index=IGNORE)
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
        losses.append(loss.item())
        if callback is not None:
            callback(step, losses[-1])
    return losses


def finetune(
    model: SequenceClassifier,
    tokens: torch.Tensor,
    labels: torch.Tensor,
    test_tokens: torch.Tensor,
    test_labels: torch.Tensor,
    steps: int,
    lr: float,
    eval_every: int,
) -> tuple[list[int], list[float]]:
    """Full-batch Adam on the few labelled documents; test accuracy every ``eval_every`` steps.

    Returns:
        ``(steps, accuracies)``, measured at step 0 (before training) and every ``eval_every``.
    """
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    marks, accs = [], []
    for step in range(steps + 1):
        if step % eval_every == 0 or step == steps:
            with torch.no_grad():
                pred = model(test_tokens).argmax(-1)  # (M,)
            marks.append(step)
            accs.append((pred == test_labels).float().mean().item())
        if step == steps:
            break
        loss = F.cross_entropy(model(tokens), labels)
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
    return marks, accs


def run_bert(
    config: BertExperiment | None = None, callback: Callable[[int, float], None] | None = None
) -> BertResult:
    """Pre-train, then fine-tune the pre-trained and a from-scratch encoder on the same labels.

    Args:
        config: the sizes; the defaults if ``None``.
        callback: passed to :func:`pretrain` (the example script's progress bar).

    Returns:
        A :class:`BertResult`.
    """
    c = BertExperiment() if config is None else config
    cfg = c.model
    g = set_seed(c.seed)
    topics = random_topics(c.n_topics, c.n_words, c.concentration, seed=c.seed)
    unlabeled = sample_documents(topics, c.n_unlabeled, c.length, seed=c.seed + 1000)
    labelled = sample_documents(topics, c.labels_per_topic * c.n_topics, c.length, c.seed + 2000)
    test = sample_documents(topics, c.n_test, c.length, seed=c.seed + 3000)
    x_unl = add_cls(unlabeled.tokens, cfg.cls_id)  # (N, T + 1)
    x_lab = add_cls(labelled.tokens, cfg.cls_id)  # (n, T + 1)
    x_test = add_cls(test.tokens, cfg.cls_id)  # (M, T + 1)

    # 1. pre-training: fill in masked words, no labels
    mlm = MaskedLM(cfg)
    losses = pretrain(mlm, x_unl, c.pretrain_steps, c.batch_size, c.pretrain_lr, g, callback)
    with torch.no_grad():
        inputs, targets = mask_tokens(x_test, cfg.mask_id, cfg.n_words, generator=g)
        masked = inputs == cfg.mask_id  # (M, T + 1) positions shown as [MASK]
        pred = mlm(inputs).argmax(-1)  # (M, T + 1)
        mlm_acc = (pred[masked] == targets[masked]).float().mean().item()
        common = torch.bincount(unlabeled.tokens.flatten(), minlength=c.n_words).argmax()
        unigram_acc = (targets[masked] == common).float().mean().item()
        probs = mlm(inputs[:1]).softmax(-1)[0]  # (T + 1, V)
        confidence, predicted = probs.max(-1)  # (T + 1,)
    example = FilledMasks(int(test.topics[0]), x_test[0], inputs[0], predicted, confidence)

    # 2. fine-tuning on the few labels: the pre-trained encoder vs a fresh one, same recipe
    curves = {}
    for name in ("pretrained", "scratch"):
        torch.manual_seed(c.seed + 1)  # the same fresh weights, and so the same head, for both
        clf = SequenceClassifier(cfg, c.n_topics, pooling=c.pooling)
        if name == "pretrained":
            clf.encoder.load_state_dict(mlm.encoder.state_dict())
        curves[name] = finetune(
            clf,
            x_lab,
            labelled.topics,
            x_test,
            test.topics,
            c.finetune_steps,
            c.finetune_lr,
            c.eval_every,
        )
    marks = tuple(curves["pretrained"][0])
    return BertResult(
        c,
        tuple(losses),
        mlm_acc,
        unigram_acc,
        marks,
        tuple(curves["pretrained"][1]),
        tuple(curves["scratch"][1]),
        example,
    )
