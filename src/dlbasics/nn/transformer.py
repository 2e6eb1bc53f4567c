r"""The Transformer's pieces: positions, embeddings, the pre-LN block and the stack of blocks.

One set shared by the Transformer, BERT and GPT pages: an encoder (BERT) is the stack with
``causal=False``, a decoder-only language model (GPT) the same stack with ``causal=True``; the
heads that read the hidden states live in the models that use them.
"""

from __future__ import annotations

import torch
from torch import Tensor, nn

from dlbasics._checks import check_choice, check_int, check_positive_ints, check_tensor
from dlbasics.nn.attention import MultiHeadAttention

POSITIONS = ("learned", "sinusoidal", "none")


def sinusoidal_positions(max_len: int, d_model: int) -> Tensor:
    r"""The fixed positional encoding of Vaswani et al. (2017).

    .. math::

        PE_{(pos, 2i)} &= \sin\!\left(pos / 10000^{2i / d_{model}}\right), \\
        PE_{(pos, 2i+1)} &= \cos\!\left(pos / 10000^{2i / d_{model}}\right)

    Each pair of columns is a sine and cosine of one frequency, from one cycle per
    :math:`2\pi` positions down to one per :math:`10000 \cdot 2\pi`; for a fixed offset
    :math:`k`, :math:`PE_{pos+k}` is a linear (rotation) function of :math:`PE_{pos}`.

    Args:
        max_len: T, number of positions.
        d_model: E, width; an odd width drops the last cosine column.

    Returns:
        ``(T, E)`` float32 table, values in ``[-1, 1]``.

    Example:
        >>> pe = sinusoidal_positions(50, 16)
        >>> pe.shape, pe[0, :4].tolist()
        (torch.Size([50, 16]), [0.0, 1.0, 0.0, 1.0])
    """
    check_positive_ints(max_len=max_len, d_model=d_model)
    pos = torch.arange(max_len, dtype=torch.float32)[:, None]  # (T, 1)
    two_i = torch.arange(0, d_model, 2, dtype=torch.float32)  # (ceil(E/2),)
    angle = pos / 10000 ** (two_i / d_model)  # (T, ceil(E/2))
    pe = torch.zeros(max_len, d_model)  # (T, E)
    pe[:, 0::2] = torch.sin(angle)
    pe[:, 1::2] = torch.cos(angle[:, : d_model // 2])
    return pe


class Embeddings(nn.Module):
    r"""Token embedding plus position embedding, then dropout: :math:`x_t = W_e[i_t] + p_t`.

    Attention treats its input as a set; the position term :math:`p_t` is the only place the
    order of the tokens enters the model.

    Args:
        vocab_size: V, number of token ids.
        d_model: E, width.
        max_len: longest sequence accepted.
        positions: ``"learned"`` (a trained table, as BERT and GPT), ``"sinusoidal"`` (the fixed
            table of :func:`sinusoidal_positions`, as the 2017 paper) or ``"none"`` (no order).
        dropout: dropout after the sum.

    Shape:
        ``(B, T)`` int64 ids ``-> (B, T, E)``, with ``T <= max_len``.

    Example:
        >>> emb = Embeddings(
        ...     vocab_size=10, d_model=8, max_len=6, positions="sinusoidal"
        ... )
        >>> emb(torch.zeros(2, 6, dtype=torch.long)).shape
        torch.Size([2, 6, 8])
    """

    pe: Tensor

    def __init__(
        self,
        vocab_size: int,
        d_model: int,
        max_len: int,
        positions: str = "learned",
        dropout: float = 0.0,
    ):
        super().__init__()
        check_positive_ints(vocab_size=vocab_size, d_model=d_model, max_len=max_len)
        check_choice(positions, "positions", POSITIONS)
        self.max_len, self.positions = max_len, positions
        self.tok = nn.Embedding(vocab_size, d_model)  # W_e, (V, E)
        self.pos = nn.Embedding(max_len, d_model) if positions == "learned" else None
        self.register_buffer("pe", sinusoidal_positions(max_len, d_model), persistent=False)
        self.drop = nn.Dropout(dropout)

    def forward(self, idx: Tensor) -> Tensor:
        """Embed token ids ``idx`` ``(B, T)`` into ``(B, T, E)``."""
        check_tensor(idx, "idx", shape=("B", "T"), floating=False)
        t = idx.shape[1]
        if t > self.max_len:
            raise ValueError(f"sequence length {t} exceeds max_len={self.max_len}")
        x = self.tok(idx)  # (B, T, E)
        if self.pos is not None:
            x = x + self.pos(torch.arange(t, device=idx.device))  # + (T, E)
        elif self.positions == "sinusoidal":
            x = x + self.pe[:t]  # + (T, E)
        return self.drop(x)


class TransformerBlock(nn.Module):
    r"""One pre-LN Transformer block: attention, then a position-wise feed-forward network.

    .. math::

        x &\leftarrow x + \mathrm{MHA}(\mathrm{LN}(x)), \\
        x &\leftarrow x + \mathrm{FFN}(\mathrm{LN}(x)), \\
        \mathrm{FFN}(x) &= W_2\, \mathrm{GELU}(W_1 x + b_1) + b_2

    The 2017 paper put LayerNorm after each residual sum (post-LN); GPT-2 and most models since
    put it before (pre-LN), which trains stably without learning-rate warm-up.

    Args:
        d_model: E, width.
        n_heads: nh, attention heads; must divide ``d_model``.
        d_ff: hidden width of the FFN, ``4 * d_model`` by default as in the paper.
        dropout: dropout on attention weights and on both residual branches.
        ffn: ``False`` gives an attention-only block (no FFN, no second LayerNorm).

    Attributes:
        attn_weights: the last forward's attention weights ``(B, nh, T, T)``, detached,
            or None before the first forward.

    Shape:
        ``(B, T, E) -> (B, T, E)``; masks as in :class:`~dlbasics.nn.attention.MultiHeadAttention`.

    Example:
        >>> block = TransformerBlock(d_model=16, n_heads=2)
        >>> block(torch.randn(3, 7, 16), is_causal=True).shape, block.attn_weights.shape
        (torch.Size([3, 7, 16]), torch.Size([3, 2, 7, 7]))
    """

    def __init__(
        self,
        d_model: int,
        n_heads: int,
        d_ff: int | None = None,
        dropout: float = 0.0,
        ffn: bool = True,
    ):
        super().__init__()
        d_ff = 4 * d_model if d_ff is None else d_ff
        check_int(d_ff, "d_ff", low=1)
        self.ln1 = nn.LayerNorm(d_model)
        self.attn = MultiHeadAttention(d_model, n_heads, dropout=dropout)
        self.ln2 = nn.LayerNorm(d_model) if ffn else None
        self.ffn = (
            nn.Sequential(nn.Linear(d_model, d_ff), nn.GELU(), nn.Linear(d_ff, d_model))
            if ffn
            else None
        )
        self.drop = nn.Dropout(dropout)
        self.attn_weights: Tensor | None = None

    def forward(
        self,
        x: Tensor,
        attn_mask: Tensor | None = None,
        key_padding_mask: Tensor | None = None,
        is_causal: bool = False,
    ) -> Tensor:
        """Apply the block to ``x`` ``(B, T, E)``."""
        h = self.ln1(x)  # (B, T, E)
        a, w = self.attn(h, h, h, attn_mask, key_padding_mask, is_causal)  # (B, T, E)
        self.attn_weights = w.detach()  # (B, nh, T, T)
        x = x + self.drop(a)  # (B, T, E)
        if self.ffn is not None and self.ln2 is not None:
            x = x + self.drop(self.ffn(self.ln2(x)))  # (B, T, E)
        return x


class Transformer(nn.Module):
    r"""Embeddings, ``n_layers`` :class:`TransformerBlock`\ s and a final LayerNorm.

    Returns hidden states; the heads (a language-model head, a classifier) live in the models
    that use it. ``causal=True`` applies the causal mask in every block (GPT); ``False`` lets
    every token see every other (BERT, the 2017 encoder).

    Args:
        vocab_size: V, number of token ids.
        d_model: E, width.
        n_heads: nh, heads per block.
        n_layers: L, number of blocks.
        max_len: longest sequence accepted.
        positions: ``"learned"``, ``"sinusoidal"`` or ``"none"``; see :class:`Embeddings`.
        d_ff: FFN hidden width, ``4 * d_model`` by default.
        dropout: dropout in the embeddings and blocks.
        causal: mask the future in every block.
        ffn: ``False`` gives attention-only blocks.

    Shape:
        ``idx`` ``(B, T)`` int64, ``key_padding_mask`` ``(B, T)`` bool (True = padding)
        ``-> (B, T, E)``.

    Example:
        >>> model = Transformer(
        ...     vocab_size=12, d_model=16, n_heads=2, n_layers=2, max_len=8
        ... )
        >>> h = model(torch.randint(0, 12, (4, 8)))
        >>> h.shape, [m.shape for m in model.attention_maps()]
        (torch.Size([4, 8, 16]), [torch.Size([4, 2, 8, 8]), torch.Size([4, 2, 8, 8])])
    """

    def __init__(
        self,
        vocab_size: int,
        d_model: int,
        n_heads: int,
        n_layers: int,
        max_len: int,
        positions: str = "learned",
        d_ff: int | None = None,
        dropout: float = 0.0,
        causal: bool = False,
        ffn: bool = True,
    ):
        super().__init__()
        check_int(n_layers, "n_layers", low=1)
        self.causal = causal
        self.embed = Embeddings(vocab_size, d_model, max_len, positions, dropout)
        self.blocks = nn.ModuleList(
            TransformerBlock(d_model, n_heads, d_ff, dropout, ffn) for _ in range(n_layers)
        )
        self.ln_f = nn.LayerNorm(d_model)

    def forward(self, idx: Tensor, key_padding_mask: Tensor | None = None) -> Tensor:
        """Hidden states ``(B, T, E)`` of token ids ``idx`` ``(B, T)``."""
        x = self.embed(idx)  # (B, T, E)
        for block in self.blocks:
            x = block(x, key_padding_mask=key_padding_mask, is_causal=self.causal)  # (B, T, E)
        return self.ln_f(x)

    def attention_maps(self) -> list[Tensor]:
        """Each block's attention weights ``(B, nh, T, T)`` from the last forward.

        Raises:
            RuntimeError: before the first forward.
        """
        maps = [block.attn_weights for block in self.blocks]
        if not all(isinstance(m, Tensor) for m in maps):
            raise RuntimeError("no attention maps yet: run a forward pass first")
        return [m for m in maps if isinstance(m, Tensor)]

    def n_params(self) -> int:
        """Number of parameters (the position table included when learned)."""
        return sum(p.numel() for p in self.parameters())
