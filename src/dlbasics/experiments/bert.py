"""BERT in miniature: pre-train on unlabeled Markov "documents", fine-tune with a few labels.

Every document is a walk along one of a few random Markov chains (its topic). Step 1 trains a
small bidirectional encoder to fill in masked words on unlabeled documents; step 2 fine-tunes it
with a classifier head on a handful of labelled documents (4 per topic by default). A second
encoder of the same sizes is trained on the same few labels from scratch, the same way.
What the page says about the outcome is :data:`CLAIMS` (see :mod:`dlbasics.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from dlbasics._checks import check_choice, check_int, check_positive, check_positive_ints
from dlbasics.claims import Claims
from dlbasics.data.markov import random_topics, sample_documents
from dlbasics.models.bert import (
    IGNORE,
    BertConfig,
    MaskedLM,
    SequenceClassifier,
    add_cls,
    mask_tokens,
)
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed
from dlbasics.train import fit


@dataclass(frozen=True, kw_only=True)
class BertPretrainingConfig:
    """Data, model and training sizes of :func:`run_bert_pretraining`."""

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
    pretrain_steps: int = 500  # masked-LM steps (Adam); fewer leave some seeds' grammar unlearnt
    batch_size: int = 64  # documents per pre-training step
    pretrain_lr: float = 6e-3  # Adam's step size while pre-training
    finetune_steps: int = 100  # full-batch steps on the few labels, for both models
    finetune_lr: float = 1e-3  # Adam's step size while fine-tuning
    eval_every: int = 25  # fine-tuning steps between test-accuracy measurements
    pooling: str = "mean"  # "mean" or "cls"

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_int(self.n_topics, "n_topics", low=2)
        check_int(self.n_words, "n_words", low=2, high=26)  # printed as the letters a..z
        check_positive(self.concentration, "concentration")
        check_positive_ints(
            length=self.length,
            n_unlabeled=self.n_unlabeled,
            labels_per_topic=self.labels_per_topic,
            n_test=self.n_test,
            pretrain_steps=self.pretrain_steps,
            batch_size=self.batch_size,
            finetune_steps=self.finetune_steps,
            eval_every=self.eval_every,
        )
        check_positive(self.pretrain_lr, "pretrain_lr")
        check_positive(self.finetune_lr, "finetune_lr")
        check_choice(self.pooling, "pooling", ("mean", "cls"))
        _ = self.model  # BertConfig checks d_model, n_heads and n_layers

    @property
    def model(self) -> BertConfig:
        """The encoder's sizes."""
        return BertConfig(
            n_words=self.n_words,
            max_len=self.length + 1,
            d_model=self.d_model,
            n_heads=self.n_heads,
            n_layers=self.n_layers,
            d_ff=self.d_ff,
        )


@dataclass(frozen=True, kw_only=True)
class FilledMasks:
    """One test document with some words masked, and what the pre-trained model put there.

    Shape:
        - ``tokens``: ``(T + 1,)`` the document, ``[CLS]`` first.
        - ``inputs``: ``(T + 1,)`` the same with ``[MASK]`` at the masked positions.
        - ``predicted``: ``(T + 1,)`` the most likely word at every position.
        - ``confidence``: ``(T + 1,)`` its probability.
    """

    topic: int  # the document's chain
    tokens: torch.Tensor
    inputs: torch.Tensor
    predicted: torch.Tensor
    confidence: torch.Tensor


@dataclass(frozen=True, kw_only=True)
class BertPretrainingResult:
    """What the page, the example and the tests read."""

    config: BertPretrainingConfig  # what was run
    pretrain_loss: tuple[float, ...]  # masked-LM cross-entropy at every pre-training step
    mlm_accuracy: float  # top-1 accuracy on test words replaced by [MASK]
    unigram_accuracy: float  # the same, always guessing the most frequent training word
    steps: tuple[int, ...]  # fine-tuning steps at which test accuracy was measured
    accuracy_pretrained: tuple[float, ...]  # test topic accuracy, pre-trained encoder
    accuracy_scratch: tuple[float, ...]  # test topic accuracy, encoder trained from scratch
    example: FilledMasks  # one test document filled in by the pre-trained model

    @property
    def gain(self) -> float:
        """Final test accuracy of pre-trained minus from-scratch (fraction, not points)."""
        return self.accuracy_pretrained[-1] - self.accuracy_scratch[-1]


def run_bert_pretraining(
    config: BertPretrainingConfig, *, progress: bool = False
) -> BertPretrainingResult:
    """Pre-train, then fine-tune the pre-trained and a from-scratch encoder on the same labels.

    Example:
        >>> small = BertPretrainingConfig(
        ...     n_unlabeled=64,
        ...     n_test=32,
        ...     d_model=8,
        ...     pretrain_steps=2,
        ...     finetune_steps=2,
        ...     eval_every=1,
        ... )
        >>> r = run_bert_pretraining(small)
        >>> len(r.pretrain_loss), r.steps
        (2, (0, 1, 2))
    """
    c = config
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
    losses = _pretrain(mlm, x_unl, c, g, progress)
    with torch.no_grad():
        inputs, targets = mask_tokens(x_test, cfg.mask_id, cfg.n_words, generator=g)
        masked = inputs == cfg.mask_id  # (M, T + 1) positions shown as [MASK]
        pred = mlm(inputs).argmax(-1)  # (M, T + 1)
        mlm_acc = (pred[masked] == targets[masked]).float().mean().item()
        common = torch.bincount(unlabeled.tokens.flatten(), minlength=c.n_words).argmax()
        unigram_acc = (targets[masked] == common).float().mean().item()
        probs = mlm(inputs[:1]).softmax(-1)[0]  # (T + 1, V)
        confidence, predicted = probs.max(-1)  # (T + 1,)
    example = FilledMasks(
        topic=int(test.topics[0]),
        tokens=x_test[0],
        inputs=inputs[0],
        predicted=predicted,
        confidence=confidence,
    )

    # 2. fine-tuning on the few labels: the pre-trained encoder vs a fresh one, same recipe
    accuracy = {}
    for name in ("pretrained", "scratch"):
        torch.manual_seed(c.seed + 1)  # the same fresh weights, and so the same head, for both
        clf = SequenceClassifier(cfg, c.n_topics, pooling=c.pooling)
        if name == "pretrained":
            clf.encoder.load_state_dict(mlm.encoder.state_dict())
        accuracy[name] = _finetune(clf, x_lab, labelled.topics, x_test, test.topics, c)
    return BertPretrainingResult(
        config=c,
        pretrain_loss=tuple(losses),
        mlm_accuracy=mlm_acc,
        unigram_accuracy=unigram_acc,
        steps=(*range(0, c.finetune_steps, c.eval_every), c.finetune_steps),
        accuracy_pretrained=accuracy["pretrained"],
        accuracy_scratch=accuracy["scratch"],
        example=example,
    )


def _pretrain(
    model: MaskedLM,
    tokens: torch.Tensor,
    config: BertPretrainingConfig,
    generator: torch.Generator,
    progress: bool,
) -> list[float]:
    """Masked-LM pre-training on ``(N, T)`` documents: random batches, Adam; the step losses.

    Written out rather than :func:`dlbasics.train.fit`: every step draws fresh masks.
    """
    cfg = model.config
    opt = torch.optim.Adam(model.parameters(), lr=config.pretrain_lr)
    losses = []
    steps = range(config.pretrain_steps)
    for _ in progress_bar(steps, desc="pre-training (masked LM)", enabled=progress):
        batch = tokens[torch.randint(len(tokens), (config.batch_size,), generator=generator)]
        inputs, labels = mask_tokens(batch, cfg.mask_id, cfg.n_words, generator=generator)
        logits = model(inputs)  # (B, T, V)
        loss = F.cross_entropy(logits.flatten(0, 1), labels.flatten(), ignore_index=IGNORE)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def _finetune(
    model: SequenceClassifier,
    tokens: torch.Tensor,
    labels: torch.Tensor,
    test_tokens: torch.Tensor,
    test_labels: torch.Tensor,
    config: BertPretrainingConfig,
) -> tuple[float, ...]:
    """Full-batch Adam on the few labels; test accuracy at step 0 and every ``eval_every``."""
    opt = torch.optim.Adam(model.parameters(), lr=config.finetune_lr)
    accuracy = [_accuracy(model, test_tokens, test_labels)]
    for done in range(0, config.finetune_steps, config.eval_every):
        steps = min(config.eval_every, config.finetune_steps - done)
        fit(model, F.cross_entropy, opt, tokens, labels, steps=steps)
        accuracy.append(_accuracy(model, test_tokens, test_labels))
    return tuple(accuracy)


@torch.no_grad()
def _accuracy(model: SequenceClassifier, tokens: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of ``(M, T)`` documents whose topic ``model`` gets right."""
    return (model(tokens).argmax(-1) == labels).float().mean().item()


# ---------------------------------------------------------------- what the page says about it

CLAIMS: Claims[BertPretrainingResult] = Claims("history/bert")


@CLAIMS.claim("(그림) label 없이 하는 pre-training 동안 masked LM loss가 내려간다.")
def masked_lm_loss_falls(r: BertPretrainingResult) -> bool:
    """The last 20 pre-training losses, averaged, are below the first one."""
    last = r.pretrain_loss[-20:]
    return sum(last) / len(last) < r.pretrain_loss[0]


@CLAIMS.claim("pre-training한 쪽이 3 point 넘게 앞섭니다.")
def pretraining_helps_by_over_3_points(r: BertPretrainingResult) -> bool:
    """Final test topic accuracy: pre-trained minus from scratch is more than 0.03."""
    return r.gain > 0.03


@CLAIMS.claim(
    "(그림 설명) label 없는 문서로 빈칸 채우기를 배운 encoder가 label 몇 개로 더 잘 맞춥니다."
)
def pretrained_ends_higher(r: BertPretrainingResult) -> bool:
    """After fine-tuning, the pre-trained encoder's test accuracy is the higher one."""
    return r.gain > 0


@CLAIMS.claim(
    "(그림) 끝에서 pre-trained에서 시작한 파란 선이 처음부터 학습한 빨간 선보다 위에 있고, "
    "둘 다 찍기 수준을 뜻하는 점선보다 훨씬 높다."
)
def both_learn_and_pretrained_ends_higher(r: BertPretrainingResult) -> bool:
    """Both final accuracies are far (over 0.2) above chance; the pre-trained one is higher."""
    chance = 1 / r.config.n_topics
    final = (r.accuracy_pretrained[-1], r.accuracy_scratch[-1])
    return min(final) > chance + 0.2 and r.gain > 0


@CLAIMS.claim(
    "[MASK] 자리를 맞힌 비율은 …로, 가장 흔한 단어 하나만 대는 방법 (…)의 두 배가 넘습니다."
)
def masked_words_twice_the_frequency_guess(r: BertPretrainingResult) -> bool:
    """The masked-LM accuracy is more than twice that of always guessing the commonest word."""
    return r.mlm_accuracy > 2 * r.unigram_accuracy
