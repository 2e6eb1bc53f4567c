"""The Encoder/Decoder page: a seq2seq LSTM translating a toy language, source reversed or not.

What the page says about the outcome is :data:`CLAIMS` (see :mod:`dlbasics.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import check_int, check_positive, check_positive_ints
from dlbasics.claims import Claims
from dlbasics.data.translation import SOURCE_WORDS, LanguagePair, make_language_pair
from dlbasics.models.seq2seq import Seq2Seq
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed


@dataclass(frozen=True, kw_only=True)
class SourceReversalConfig:
    """Sizes of the miniature translation experiment of :func:`run_source_reversal`."""

    seed: int = 0  # seeds the lexicon, the sentences and the initial weights
    vocab_size: int = 8  # V, words in each language
    length: int = 12  # T, words per sentence (source and target)
    embed_dim: int = 32  # E, features of a word embedding
    hidden_size: int = 64  # H, the fixed vector between encoder and decoder
    steps: int = 300  # Adam updates, one fresh batch of sentences each
    batch_size: int = 64  # sentences per update
    lr: float = 2e-2  # Adam's learning rate
    clip: float = 1.0  # gradient-norm clipping, as the paper does
    n_test: int = 500  # held-out sentences, decoded greedily
    every: int = 50  # evaluate every this many steps

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_int(self.vocab_size, "vocab_size", low=2, high=len(SOURCE_WORDS))
        check_positive_ints(
            length=self.length,
            embed_dim=self.embed_dim,
            hidden_size=self.hidden_size,
            steps=self.steps,
            batch_size=self.batch_size,
            n_test=self.n_test,
            every=self.every,
        )
        check_positive(self.lr, "lr")
        check_positive(self.clip, "clip")


@dataclass(frozen=True, kw_only=True)
class Seq2SeqRun:
    """One training run, the source fed as written or reversed."""

    reverse_source: bool  # whether the encoder read the source back to front
    steps: tuple[int, ...]  # steps at which the test set was decoded
    loss: tuple[float, ...]  # teacher-forced training cross-entropy at each step
    accuracy: tuple[float, ...]  # greedy-decoded test token accuracy at ``steps``
    position_accuracy: tuple[float, ...]  # final test token accuracy per target position
    sequence_accuracy: float  # final fraction of test sentences decoded without a mistake
    example: tuple[torch.Tensor, torch.Tensor, torch.Tensor]  # (src, tgt, decoded), (T,) each

    @property
    def token_accuracy(self) -> float:
        """The final greedy-decoded test token accuracy."""
        return self.accuracy[-1]


@dataclass(frozen=True, kw_only=True)
class SourceReversalResult:
    """The same model, data and seed trained twice: source as written, and reversed."""

    config: SourceReversalConfig  # what was run
    pair: LanguagePair  # the toy language pair both runs translate
    forward: Seq2SeqRun  # the source read as written
    reversed: Seq2SeqRun  # the source read back to front


def token_accuracy(decoded: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Fraction of correct words at each target position.

    Shape:
        ``(B, T)`` and ``(B, T)`` -> ``(T,)``.

    Example:
        >>> token_accuracy(
        ...     torch.tensor([[1, 2], [1, 3]]), torch.tensor([[1, 2], [0, 2]])
        ... ).tolist()
        [0.5, 0.5]
    """
    if decoded.shape != target.shape or decoded.dim() != 2:
        raise ValueError(
            f"decoded and target must have the same shape (B, T), got {tuple(decoded.shape)} "
            f"and {tuple(target.shape)}"
        )
    return (decoded == target).float().mean(dim=0)  # (T,)


def run_source_reversal(
    config: SourceReversalConfig, *, progress: bool = False
) -> SourceReversalResult:
    """Sutskever et al.'s trick in miniature: train once as written, once reversed.

    Both runs start from the same weights and see the same batches; the only difference is
    ``src.flip(1)`` before the encoder.

    Example:
        >>> r = run_source_reversal(SourceReversalConfig(length=4, steps=1, n_test=4))
        >>> r.forward.reverse_source, r.reversed.reverse_source, r.forward.steps
        (False, True, (0, 1))
    """
    pair = make_language_pair(config.vocab_size, config.seed)
    return SourceReversalResult(
        config=config,
        pair=pair,
        forward=_train(pair, config, reverse_source=False, progress=progress),
        reversed=_train(pair, config, reverse_source=True, progress=progress),
    )


def _train(
    pair: LanguagePair, config: SourceReversalConfig, *, reverse_source: bool, progress: bool
) -> Seq2SeqRun:
    """Train a :class:`~dlbasics.models.seq2seq.Seq2Seq` on fresh sentences of ``pair``.

    Written out rather than :func:`dlbasics.train.fit`: every step draws new sentences, clips
    the gradient norm, and the fixed test sentences are decoded every ``config.every`` steps.
    """
    c = config
    set_seed(c.seed)
    data = torch.Generator().manual_seed(c.seed)
    test_src, test_tgt = pair.sample(c.n_test, c.length, data)  # (N, T) each
    model = Seq2Seq(c.vocab_size, c.vocab_size, c.embed_dim, c.hidden_size)
    opt = torch.optim.Adam(model.parameters(), lr=c.lr)

    def read(src: torch.Tensor) -> torch.Tensor:
        return src.flip(1) if reverse_source else src  # (B, T): "c b a" instead of "a b c"

    marks, losses, accs = [], [], []
    decoded = test_tgt
    desc = "reversed" if reverse_source else "forward"
    for step in progress_bar(range(c.steps + 1), desc=desc, enabled=progress):
        if step % c.every == 0 or step == c.steps:
            model.eval()
            decoded = model.greedy_decode(read(test_src), c.length)  # (N, T)
            model.train()
            marks.append(step)
            accs.append(token_accuracy(decoded, test_tgt).mean().item())
        if step == c.steps:
            break
        src, tgt = pair.sample(c.batch_size, c.length, data)  # (B, T) each
        logits = model(read(src), tgt)  # (B, T, V)
        loss = F.cross_entropy(logits.reshape(-1, c.vocab_size), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), c.clip)
        opt.step()
        losses.append(loss.item())
    per_position = token_accuracy(decoded, test_tgt)  # (T,)
    return Seq2SeqRun(
        reverse_source=reverse_source,
        steps=tuple(marks),
        loss=tuple(losses),
        accuracy=tuple(accs),
        position_accuracy=tuple(per_position.tolist()),
        sequence_accuracy=(decoded == test_tgt).all(dim=1).float().mean().item(),
        example=(test_src[0], test_tgt[0], decoded[0]),
    )


# ---------------------------------------------------------------- what the page says about it

CLAIMS: Claims[SourceReversalResult] = Claims("history/seq2seq")


@CLAIMS.claim("뒤집어 읽은 model이 그대로 읽은 model보다 0.05 넘게 앞섭니다.")
def reversed_reads_clearly_better(r: SourceReversalResult) -> bool:
    """The reversed-source model's final test token accuracy is more than 0.05 higher."""
    return r.reversed.token_accuracy - r.forward.token_accuracy > 0.05


@CLAIMS.claim(
    "(그림) 둘 다 찍기 수준에서 시작해, 원문을 뒤집은 model이 그대로 읽은 model보다 높이 오른다."
)
def both_start_at_guessing_and_reversed_ends_higher(r: SourceReversalResult) -> bool:
    """Before training both decode at about guessing (1 / V, within 0.05); reversed ends ahead."""
    chance = 1 / r.config.vocab_size
    start = all(abs(run.accuracy[0] - chance) < 0.05 for run in (r.forward, r.reversed))
    return start and r.reversed.token_accuracy > r.forward.token_accuracy


@CLAIMS.claim("12단어를 하나도 틀리지 않은 문장의 비율도 뒤집어 읽은 쪽이 높습니다 (… 대 …).")
def reversed_gets_more_whole_sentences(r: SourceReversalResult) -> bool:
    """More test sentences come out without a mistake when the source is reversed."""
    return r.reversed.sequence_accuracy > r.forward.sequence_accuracy


@CLAIMS.claim("뒤집으면 번역문의 첫 단어는 …로 거의 다 (0.9 넘게) 맞고, 그대로 읽으면 …입니다.")
def reversed_gets_the_first_word(r: SourceReversalResult) -> bool:
    """Reversed, the first target word (from the source word read last) is right over 90%."""
    return r.reversed.position_accuracy[0] > 0.9


@CLAIMS.claim(
    "뒤집은 model은 거의 모든 위치에서 (위치의 3/4 이상에서) 더 정확하고, 가장 나쁜 위치끼리 "
    "비교해도 …로 그대로 읽은 model의 …보다 높습니다."
)
def reversed_wins_almost_everywhere(r: SourceReversalResult) -> bool:
    """Reversed is more accurate at 3/4 of the target positions or more, and at its worst one."""
    fwd, rev = r.forward.position_accuracy, r.reversed.position_accuracy
    wins = sum(b > a for a, b in zip(fwd, rev, strict=True))
    return wins >= 0.75 * len(fwd) and min(rev) > min(fwd)
