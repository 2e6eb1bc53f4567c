r"""GPT (Radford et al., 2018, 2019; Brown et al., 2020): a decoder-only Transformer language model.

The model is the book's shared :class:`~dlbasics.nn.transformer.Transformer` with
``causal=True`` (position :math:`t` sees only positions :math:`\le t`) and a linear
language-model head that turns every hidden state into logits of the next token. Trained with
the cross-entropy of the next token, it factorises the probability of a text as

.. math::

    p(x_1, \dots, x_T) = \prod_{t=1}^{T} p(x_t \mid x_{<t}),

and :meth:`GPT.generate` samples from it one token at a time. GPT-1, GPT-2 and GPT-3 differ
mostly in size and data, not in this recipe.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlbasics._checks import (
    check_divisible,
    check_int,
    check_positive,
    check_positive_ints,
    check_same_shape,
    check_tensor,
)
from dlbasics.nn.transformer import Transformer


@dataclass(frozen=True, kw_only=True)
class GPTConfig:
    """Sizes of a small GPT."""

    vocab_size: int  # V, tokens (characters here)
    block_size: int  # T_max, the longest context the model reads
    d_model: int = 32  # E, width
    n_heads: int = 2  # nh, heads per block
    n_layers: int = 2  # L, blocks
    dropout: float = 0.0  # dropout in embeddings and blocks

    def __post_init__(self) -> None:
        check_positive_ints(
            vocab_size=self.vocab_size,
            block_size=self.block_size,
            d_model=self.d_model,
            n_heads=self.n_heads,
            n_layers=self.n_layers,
        )
        check_divisible(self.d_model, "d_model", by=self.n_heads, by_name="n_heads")


class GPT(nn.Module):
    """Causal Transformer plus a language-model head: next-token logits at every position.

    Args:
        config: the sizes.

    Shape:
        ``(B, T)`` int64 with ``T <= block_size`` ``-> (B, T, V)`` logits, where the logits at
        position ``t`` are for token ``t + 1``.

    Example:
        >>> model = GPT(GPTConfig(vocab_size=10, block_size=8))
        >>> model(torch.randint(0, 10, (4, 8))).shape
        torch.Size([4, 8, 10])
    """

    def __init__(self, config: GPTConfig) -> None:
        super().__init__()
        self.config = config
        self.transformer = Transformer(
            config.vocab_size,
            config.d_model,
            config.n_heads,
            config.n_layers,
            config.block_size,
            positions="learned",
            dropout=config.dropout,
            causal=True,
        )
        self.lm_head = nn.Linear(config.d_model, config.vocab_size, bias=False)

    def forward(self, idx: Tensor) -> Tensor:
        h = self.transformer(idx)  # (B, T, E)
        return self.lm_head(h)  # (B, T, V)

    def loss(self, idx: Tensor, targets: Tensor) -> Tensor:
        """Mean cross-entropy of the next tokens ``targets`` ``(B, T)`` given ``idx`` ``(B, T)``."""
        check_same_shape(idx=idx, targets=targets)
        logits = self(idx)  # (B, T, V)
        return F.cross_entropy(logits.flatten(0, 1), targets.flatten())

    def n_params(self) -> int:
        """Number of parameters, embeddings and head included."""
        return sum(p.numel() for p in self.parameters())

    @torch.no_grad()
    def generate(
        self,
        idx: Tensor,
        max_new_tokens: int,
        temperature: float = 1.0,
        generator: torch.Generator | None = None,
    ) -> Tensor:
        r"""Continue ``idx`` one token at a time, sampling from :math:`\mathrm{softmax}(z / \tau)`.

        The model reads at most the last ``block_size`` tokens. A temperature :math:`\tau`
        below 1 sharpens the distribution (safer, more repetitive text), above 1 flattens it.

        Args:
            idx: ``(B, T)`` int64 prompt, ``T >= 1``.
            max_new_tokens: how many tokens to add, ``>= 0``.
            temperature: :math:`\tau > 0`.
            generator: source of the samples.

        Returns:
            ``(B, T + max_new_tokens)``: the prompt and its continuation.

        Example:
            >>> model = GPT(GPTConfig(vocab_size=5, block_size=4))
            >>> model.generate(torch.zeros(2, 1, dtype=torch.long), 6).shape
            torch.Size([2, 7])
        """
        check_tensor(idx, "idx", shape=("B", "T"), floating=False, nonempty=True)
        check_int(max_new_tokens, "max_new_tokens", low=0)
        check_positive(temperature, "temperature")
        was_training = self.training
        self.eval()
        for _ in range(max_new_tokens):
            context = idx[:, -self.config.block_size :]  # (B, T') with T' <= block_size
            logits = self(context)[:, -1] / temperature  # (B, V): the next token only
            nxt = torch.multinomial(logits.softmax(-1), 1, generator=generator)  # (B, 1)
            idx = torch.cat([idx, nxt], dim=1)  # (B, T + 1)
        self.train(was_training)
        return idx
