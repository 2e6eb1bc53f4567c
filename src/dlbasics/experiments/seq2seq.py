"""The Encoder/Decoder page: a seq2seq LSTM translating a toy language, source reversed or not."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics.data.translation import LanguagePair, make_language_pair
from dlbasics.models.seq2seq import Seq2Seq
from dlbasics.seed import set_seed


@dataclass(frozen=True)
class Seq2SeqConfig:
    """Sizes of the miniature translation experiment."""

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
        for name in (
            "vocab_size",
            "length",
            "embed_dim",
            "hidden_size",
            "steps",
            "batch_size",
            "n_test",
            "every",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be an int >= 1, got {value!r}")
        if not self.lr > 0 or not self.clip > 0:
            raise ValueError(f"lr and clip must be > 0, got {self.lr} and {self.clip}")


@dataclass(frozen=True)
class Seq2SeqRun:
    """One training run, the source fed as written or reversed."""

    reverse_source: bool  # whether the encoder read the source back to front
    steps: tuple[int, ...]  # steps at which the test set was decoded
    loss: tuple[float, ...]  # teacher-forced training cross-entropy at each step
    accuracy: tuple[float, ...]  # greedy-decoded test token accuracy at ``steps``
    position_accuracy: tuple[float, ...]  # final test token accuracy per target position
    sequence_accuracy: float  # final fraction of test sentences decoded without a mistake
    example: tuple[
        torch.Tensor, torch.Tensor, torch.Tensor
    ]  # (src, tgt, decoded) of a test sentence

    @property
    def token_accuracy(self) -> float:
        """The final greedy-decoded test token accuracy."""
        return self.accuracy[-1]


@dataclass(frozen=True)
class ReversalResult:
    """The same model, data and seed trained twice: source as written, and reversed."""

    config: Seq2SeqConfig
    pair: LanguagePair
    forward: Seq2SeqRun
    reversed: Seq2SeqRun


def token_accuracy(decoded: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Fraction of correct words at each target position.

    Shape:
        ``(B, T)`` and ``(B, T)`` -> ``(T,)``.

    Example:
        >>> token_accuracy(torch.tensor([[1, 2], [1, 3]]), torch.tensor([[1, 2], [0, 2]])).tolist()
        [0.5, 0.5]
    """
    if decoded.shape != target.shape or decoded.dim() != 2:
        raise ValueError(
            f"decoded and target must have the same shape (B, T), got {tuple(decoded.shape)} "
            f"and {tuple(target.shape)}"
        )
    return (decoded == target).float().mean(dim=0)  # (T,)


def train_seq2seq(
    reverse_source: bool,
    config: Seq2SeqConfig | None = None,
    seed: int = 0,
    progress: bool = False,
) -> Seq2SeqRun:
    """Train :class:`~dlbasics.models.seq2seq.Seq2Seq` on the toy language pair of ``seed``.

    Every step draws fresh sentences; the test sentences are fixed. The only difference
    between ``reverse_source=False`` and ``True`` is ``src.flip(1)`` before the encoder: the
    initial weights and every batch are the same.

    Example:
        >>> run = train_seq2seq(True, Seq2SeqConfig(length=4, steps=2, n_test=8, every=1))
        >>> run.steps, len(run.position_accuracy)
        ((0, 1, 2), 4)
    """
    cfg = config or Seq2SeqConfig()
    set_seed(seed)
    pair = make_language_pair(cfg.vocab_size, seed)
    data = torch.Generator().manual_seed(seed)
    test_src, test_tgt = pair.sample(cfg.n_test, cfg.length, data)  # (N, T) each
    model = Seq2Seq(cfg.vocab_size, cfg.vocab_size, cfg.embed_dim, cfg.hidden_size)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)

    def read(src: torch.Tensor) -> torch.Tensor:
        return src.flip(1) if reverse_source else src  # (B, T): "c b a" instead of "a b c"

    marks, losses, accs = [], [], []
    decoded = test_tgt
    steps: Iterable[int] = range(cfg.steps + 1)
    if progress:  # imported only when asked: tqdm.auto warns inside a widget-less kernel
        from tqdm.auto import tqdm

        steps = tqdm(steps, desc="reversed" if reverse_source else "forward", leave=False)
    for step in steps:
        if step % cfg.every == 0 or step == cfg.steps:
            model.eval()
            decoded = model.greedy_decode(read(test_src), cfg.length)  # (N, T)
            model.train()
            marks.append(step)
            accs.append(token_accuracy(decoded, test_tgt).mean().item())
        if step == cfg.steps:
            break
        src, tgt = pair.sample(cfg.batch_size, cfg.length, data)  # (B, T) each
        logits = model(read(src), tgt)  # (B, T, V)
        loss = F.cross_entropy(logits.reshape(-1, cfg.vocab_size), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
        opt.step()
        losses.append(loss.item())
    per_position = token_accuracy(decoded, test_tgt)  # (T,)
    exact = (decoded == test_tgt).all(dim=1).float().mean().item()
    return Seq2SeqRun(
        reverse_source,
        tuple(marks),
        tuple(losses),
        tuple(accs),
        tuple(per_position.tolist()),
        exact,
        (test_src[0], test_tgt[0], decoded[0]),
    )


def reversal_experiment(
    seed: int = 0, config: Seq2SeqConfig | None = None, progress: bool = False
) -> ReversalResult:
    """Sutskever et al.'s trick in miniature: train once as written, once reversed.

    Example:
        >>> r = reversal_experiment(config=Seq2SeqConfig(length=4, steps=1, n_test=4))
        >>> r.forward.reverse_source, r.reversed.reverse_source
        (False, True)
    """
    cfg = config or Seq2SeqConfig()
    return ReversalResult(
        cfg,
        make_language_pair(cfg.vocab_size, seed),
        train_seq2seq(False, cfg, seed, progress),
        train_seq2seq(True, cfg, seed, progress),
    )
