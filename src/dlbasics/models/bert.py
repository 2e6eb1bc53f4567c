r"""BERT (Devlin et al., 2019): pre-train an encoder to fill in masked words, then fine-tune it.

The encoder is the book's shared :class:`~dlbasics.nn.transformer.Transformer` with
``causal=False`` (every word sees both sides, hence "bidirectional"). Two heads read its
hidden states: :class:`MaskedLM` predicts the words hidden by :func:`mask_tokens`, and
:class:`SequenceClassifier` predicts a label of the whole sequence from the ``[CLS]`` position
or the mean of all positions.

Token ids: words are ``0 .. n_words - 1``, then ``[CLS] = n_words`` and
``[MASK] = n_words + 1`` (see :class:`BertConfig`).
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import Tensor, nn

from dlbasics._checks import (
    check_choice,
    check_divisible,
    check_int,
    check_positive_ints,
    check_real,
    check_tensor,
)
from dlbasics.nn.transformer import Transformer

#: labels at positions the loss ignores (``F.cross_entropy``'s default ``ignore_index``)
IGNORE = -100


@dataclass(frozen=True, kw_only=True)
class BertConfig:
    """Sizes of a small BERT encoder."""

    n_words: int  # V, ordinary words; [CLS] and [MASK] are added after them
    max_len: int  # longest input, [CLS] included
    d_model: int = 32  # E, width
    n_heads: int = 2  # nh, heads per block
    n_layers: int = 2  # L, blocks
    d_ff: int | None = None  # hidden width of each block's FFN; 4 * d_model if None
    dropout: float = 0.0  # dropout in embeddings and blocks

    def __post_init__(self) -> None:
        check_positive_ints(
            n_words=self.n_words,
            max_len=self.max_len,
            d_model=self.d_model,
            n_heads=self.n_heads,
            n_layers=self.n_layers,
        )
        check_divisible(self.d_model, "d_model", by=self.n_heads, by_name="n_heads")

    @property
    def cls_id(self) -> int:
        """Id of ``[CLS]``, the token put in front of every sequence."""
        return self.n_words

    @property
    def mask_id(self) -> int:
        """Id of ``[MASK]``."""
        return self.n_words + 1

    @property
    def vocab_size(self) -> int:
        """Words plus the two special tokens."""
        return self.n_words + 2

    def encoder(self) -> Transformer:
        """A fresh bidirectional encoder of these sizes (learned positions, as in BERT)."""
        return Transformer(
            self.vocab_size,
            self.d_model,
            self.n_heads,
            self.n_layers,
            self.max_len,
            positions="learned",
            d_ff=self.d_ff,
            dropout=self.dropout,
            causal=False,
        )


def add_cls(tokens: Tensor, cls_id: int) -> Tensor:
    """Put ``[CLS]`` in front of every sequence.

    Shape:
        ``(B, T) -> (B, T + 1)``

    Example:
        >>> add_cls(torch.tensor([[3, 4]]), cls_id=9).tolist()
        [[9, 3, 4]]
    """
    check_tensor(tokens, "tokens", shape=("B", "T"))
    cls = torch.full((tokens.shape[0], 1), cls_id, dtype=tokens.dtype)  # (B, 1)
    return torch.cat([cls, tokens], dim=1)  # (B, T + 1)


def mask_tokens(
    tokens: Tensor,
    mask_id: int,
    n_words: int,
    p: float = 0.15,
    generator: torch.Generator | None = None,
) -> tuple[Tensor, Tensor]:
    r"""BERT's masking: choose 15% of the words; hide 80% of those, swap 10%, keep 10%.

    Every word position is chosen independently with probability ``p``. A chosen word becomes
    ``[MASK]`` with probability 0.8, a uniformly random word with 0.1, and stays itself with
    0.1, so the model cannot learn that only ``[MASK]`` positions matter. The label is the
    original word at chosen positions and :data:`IGNORE` elsewhere. Special tokens
    (ids ``>= n_words``, e.g. ``[CLS]``) are never chosen.

    Args:
        tokens: ``(B, T)`` int64 ids.
        mask_id: id of ``[MASK]``.
        n_words: V; ids below it are words, random replacements are drawn from them.
        p: share of words chosen, in (0, 1).
        generator: source of the random choices.

    Returns:
        ``(inputs, labels)``: the corrupted tokens and the prediction targets.

    Shape:
        - ``inputs``, ``labels``: ``(B, T)`` int64.

    Example:
        >>> g = torch.Generator().manual_seed(0)
        >>> inputs, labels = mask_tokens(
        ...     torch.zeros(4, 1000, dtype=torch.long), 5, 4, generator=g
        ... )
        >>> chosen = labels != IGNORE
        >>> masked = (inputs[chosen] == 5).float().mean()
        >>> f"{chosen.float().mean():.2f} chosen, {masked:.1f} masked"
        '0.15 chosen, 0.8 masked'
    """
    if tokens.dim() != 2 or tokens.dtype != torch.long:
        got = f"{tokens.dtype} {tuple(tokens.shape)}"
        raise ValueError(f"tokens must be int64 of shape (B, T), got {got}")
    check_real(p, "p", low=0, high=1, low_open=True, high_open=True)
    check_int(n_words, "n_words", low=1)
    check_int(mask_id, "mask_id")
    if 0 <= mask_id < n_words:
        raise ValueError(f"mask_id must not be a word id (< {n_words}), got {mask_id}")
    u = torch.rand(tokens.shape, generator=generator)  # (B, T) chooses the positions
    chosen = (u < p) & (tokens < n_words)  # (B, T)
    labels = torch.where(chosen, tokens, torch.full_like(tokens, IGNORE))  # (B, T)
    action = torch.rand(tokens.shape, generator=generator)  # (B, T) what to do
    random_words = torch.randint(n_words, tokens.shape, generator=generator)
    masks = torch.full_like(tokens, mask_id)  # (B, T)
    inputs = torch.where(chosen & (action < 0.8), masks, tokens)
    swap = chosen & (action >= 0.8) & (action < 0.9)
    inputs = torch.where(swap, random_words, inputs)
    return inputs, labels  # the last 10% of the chosen keep their word


class MaskedLM(nn.Module):
    r"""Encoder plus the masked-language-model head: word logits at every position.

    The head is BERT's: :math:`\mathrm{LN}(\mathrm{GELU}(W h))` then a linear map to the
    ``n_words`` words (special tokens are never targets).

    Args:
        config: the sizes.
        encoder: an existing encoder to train; a fresh one from ``config`` if ``None``.

    Shape:
        ``(B, T)`` int64 ``-> (B, T, n_words)`` logits.

    Example:
        >>> cfg = BertConfig(n_words=6, max_len=9)
        >>> MaskedLM(cfg)(torch.randint(0, 8, (4, 9))).shape
        torch.Size([4, 9, 6])
    """

    def __init__(self, config: BertConfig, encoder: Transformer | None = None) -> None:
        super().__init__()
        self.config = config
        self.encoder = config.encoder() if encoder is None else encoder
        e = config.d_model
        self.head = nn.Sequential(
            nn.Linear(e, e), nn.GELU(), nn.LayerNorm(e), nn.Linear(e, config.n_words)
        )

    def forward(self, idx: Tensor) -> Tensor:
        h = self.encoder(idx)  # (B, T, E)
        return self.head(h)  # (B, T, V)


class SequenceClassifier(nn.Module):
    """Encoder plus a linear layer on one vector per sequence: fine-tuning's model.

    Args:
        config: the sizes.
        n_classes: K, at least 2.
        encoder: a pre-trained encoder to fine-tune, or ``None`` for a fresh one (from scratch).
        pooling: ``"cls"`` reads the hidden state of ``[CLS]`` (position 0), ``"mean"`` averages
            all positions.

    Shape:
        ``(B, T)`` int64, ``[CLS]`` first ``-> (B, K)`` logits.

    Example:
        >>> cfg = BertConfig(n_words=6, max_len=9)
        >>> SequenceClassifier(cfg, n_classes=3)(torch.randint(0, 8, (4, 9))).shape
        torch.Size([4, 3])
    """

    def __init__(
        self,
        config: BertConfig,
        n_classes: int,
        encoder: Transformer | None = None,
        pooling: str = "mean",
    ) -> None:
        super().__init__()
        check_int(n_classes, "n_classes", low=2)
        check_choice(pooling, "pooling", ("cls", "mean"))
        self.config, self.pooling = config, pooling
        self.encoder = config.encoder() if encoder is None else encoder
        self.head = nn.Linear(config.d_model, n_classes)

    def forward(self, idx: Tensor) -> Tensor:
        h = self.encoder(idx)  # (B, T, E)
        pooled = h[:, 0] if self.pooling == "cls" else h.mean(dim=1)  # (B, E)
        return self.head(pooled)  # (B, K)
