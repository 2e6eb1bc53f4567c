r"""Scaled dot-product and multi-head attention, written from scratch (Vaswani et al. 2017).

Mask conventions follow PyTorch exactly, which means they differ between the two pieces:

- :func:`scaled_dot_product_attention` is torch's ``F.scaled_dot_product_attention``: a bool
  ``attn_mask`` is True where a query **may** attend.
- :class:`MultiHeadAttention` is ``nn.MultiheadAttention``: a bool ``attn_mask`` or
  ``key_padding_mask`` is True where a query may **not** attend (masked, padding).

Float masks are added to the scores in both (``0`` keeps, ``-inf`` removes).
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlbasics._checks import check_divisible, check_fraction, check_positive_ints, check_tensor


def causal_mask(t: int, s: int | None = None, device: torch.device | None = None) -> Tensor:
    r"""Bool mask, True where query :math:`i` may attend to key :math:`j \le i` (top-left aligned).

    Args:
        t: T, number of queries.
        s: S, number of keys; defaults to ``t``.
        device: where to make the mask.

    Returns:
        ``(T, S)`` bool, lower triangle (diagonal included) True, as ``is_causal=True`` in torch.

    Example:
        >>> causal_mask(3).int()
        tensor([[1, 0, 0],
                [1, 1, 0],
                [1, 1, 1]], dtype=torch.int32)
    """
    s = t if s is None else s
    check_positive_ints(t=t, s=s)
    return torch.ones(t, s, dtype=torch.bool, device=device).tril()  # (T, S)


def scaled_dot_product_attention(
    q: Tensor,
    k: Tensor,
    v: Tensor,
    attn_mask: Tensor | None = None,
    is_causal: bool = False,
    dropout_p: float = 0.0,
) -> tuple[Tensor, Tensor]:
    r"""Attention of every query to every key, the core of the Transformer.

    .. math::

        \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_k}}
        + M\right) V

    Each query :math:`q_i` scores every key :math:`k_j` by the dot product
    :math:`q_i \cdot k_j / \sqrt{d_k}` (divided so the scores do not grow with :math:`d_k` and
    saturate the softmax); the softmax over :math:`j` turns scores into weights that sum to 1;
    the output is the weighted mean of the values. :math:`M` is the mask: ``0`` where a query
    may attend and :math:`-\infty` where it may not.

    Args:
        q: queries.
        k: keys.
        v: values.
        attn_mask: bool (True = **may** attend, as in ``F.scaled_dot_product_attention``) or
            float (added to the scores), broadcastable to ``(..., T, S)``.
        is_causal: query :math:`i` attends only to keys :math:`j \le i`; not with ``attn_mask``.
        dropout_p: dropout on the weights (used for the output only; pass 0 in eval mode).

    Returns:
        ``(out, weights)``: the output and the softmax weights (before dropout).

    Shape:
        - ``q``: ``(..., T, d_k)``, ``k``: ``(..., S, d_k)``, ``v``: ``(..., S, d_v)``.
        - ``out``: ``(..., T, d_v)``, ``weights``: ``(..., T, S)``, rows sum to 1.

    Raises:
        TypeError: if an input is not a Tensor or the mask is neither bool nor float.
        ValueError: if shapes do not match, or both ``attn_mask`` and ``is_causal`` are given.

    Example:
        >>> q = k = v = torch.randn(2, 5, 8)
        >>> out, w = scaled_dot_product_attention(q, k, v, is_causal=True)
        >>> out.shape, w.shape, w[0, 0].tolist()
        (torch.Size([2, 5, 8]), torch.Size([2, 5, 5]), [1.0, 0.0, 0.0, 0.0, 0.0])
    """
    for name, x in (("q", q), ("k", k), ("v", v)):
        if check_tensor(x, name).dim() < 2:
            raise ValueError(f"{name} must have shape (..., T, d), got {tuple(x.shape)}")
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q and k must share d_k, got {tuple(q.shape)} and {tuple(k.shape)}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"k and v must share S, got {tuple(k.shape)} and {tuple(v.shape)}")
    check_fraction(dropout_p, "dropout_p")
    if is_causal and attn_mask is not None:
        raise ValueError("give attn_mask or is_causal=True, not both")
    if attn_mask is not None and check_tensor(attn_mask, "attn_mask").dtype != torch.bool:
        check_tensor(attn_mask, "attn_mask", floating=True)  # not bool: added to the scores
    t, s, d_k = q.shape[-2], k.shape[-2], q.shape[-1]

    scores = q @ k.transpose(-2, -1) / math.sqrt(d_k)  # (..., T, S)
    if is_causal:
        attn_mask = causal_mask(t, s, device=q.device)  # (T, S)
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))  # (..., T, S)
        else:
            scores = scores + attn_mask  # (..., T, S)
    weights = scores.softmax(dim=-1)  # (..., T, S)
    dropped = F.dropout(weights, p=dropout_p) if dropout_p > 0 else weights
    return dropped @ v, weights  # (..., T, d_v), (..., T, S)


class MultiHeadAttention(nn.Module):
    r"""Multi-head attention: ``n_heads`` attentions side by side, each in its own subspace.

    .. math::

        \mathrm{MultiHead}(Q, K, V) &= \mathrm{Concat}(\mathrm{head}_1, \dots,
        \mathrm{head}_h) W^O, \\
        \mathrm{head}_i &= \mathrm{Attention}(Q W_i^Q, K W_i^K, V W_i^V)

    with :math:`d_k = d_v = d_{model} / h`. One ``nn.Linear(d_model, d_model)`` per projection
    holds all heads' :math:`W_i` side by side; reshaping splits them into heads. Batch-first and
    numerically equal to ``nn.MultiheadAttention(batch_first=True)`` with the same weights
    (see :meth:`load_torch_weights`), masks included.

    Args:
        d_model: E, model width.
        n_heads: nh, number of heads; must divide ``d_model``.
        dropout: dropout on the attention weights in training mode.
        bias: whether the four projections have biases.

    Shape:
        - ``query``: ``(B, T, E)``, ``key`` and ``value``: ``(B, S, E)``.
        - ``attn_mask``: ``(T, S)``, ``(B * nh, T, S)`` or ``(B, nh, T, S)``; bool True =
          **masked** (as in ``nn.MultiheadAttention``), or float added to the scores.
        - ``key_padding_mask``: ``(B, S)``; bool True = padding (ignored), or float added.
        - Output: ``(out, weights)`` with ``out`` ``(B, T, E)`` and ``weights``
          ``(B, nh, T, S)`` (or ``(B, T, S)`` with ``average_attn_weights=True``).

    Example:
        >>> mha = MultiHeadAttention(d_model=16, n_heads=4)
        >>> x = torch.randn(2, 5, 16)
        >>> out, w = mha(x, x, x, is_causal=True)
        >>> out.shape, w.shape
        (torch.Size([2, 5, 16]), torch.Size([2, 4, 5, 5]))
    """

    def __init__(self, d_model: int, n_heads: int, dropout: float = 0.0, bias: bool = True):
        super().__init__()
        check_positive_ints(d_model=d_model, n_heads=n_heads)
        check_divisible(d_model, "d_model", by=n_heads, by_name="n_heads")
        check_fraction(dropout, "dropout")
        self.d_model, self.n_heads, self.dropout = d_model, n_heads, dropout
        self.w_q = nn.Linear(d_model, d_model, bias=bias)  # W^Q of all heads
        self.w_k = nn.Linear(d_model, d_model, bias=bias)  # W^K
        self.w_v = nn.Linear(d_model, d_model, bias=bias)  # W^V
        self.w_o = nn.Linear(d_model, d_model, bias=bias)  # W^O

    def _merged_mask(
        self,
        b: int,
        t: int,
        s: int,
        attn_mask: Tensor | None,
        key_padding_mask: Tensor | None,
        is_causal: bool,
        like: Tensor,
    ) -> Tensor | None:
        """All masks as one float mask (0 keep, -inf drop) broadcastable to (B, nh, T, S)."""
        if is_causal and attn_mask is not None:
            raise ValueError("give attn_mask or is_causal=True, not both")
        if is_causal:
            attn_mask = ~causal_mask(t, s, device=like.device)  # (T, S), True = masked
        masks: list[Tensor] = []
        if attn_mask is not None:
            if check_tensor(attn_mask, "attn_mask").dtype != torch.bool:
                check_tensor(attn_mask, "attn_mask", floating=True)  # not bool: added
            if attn_mask.dim() == 2 and attn_mask.shape == (t, s):
                m = attn_mask[None, None]  # (1, 1, T, S)
            elif attn_mask.dim() == 3 and attn_mask.shape == (b * self.n_heads, t, s):
                m = attn_mask.view(b, self.n_heads, t, s)  # (B, nh, T, S)
            elif attn_mask.dim() == 4 and attn_mask.shape == (b, self.n_heads, t, s):
                m = attn_mask
            else:
                raise ValueError(
                    f"attn_mask must have shape (T, S)={(t, s)}, (B*nh, T, S) or (B, nh, T, S), "
                    f"got {tuple(attn_mask.shape)}"
                )
            masks.append(m)
        if key_padding_mask is not None:
            if check_tensor(key_padding_mask, "key_padding_mask").dtype != torch.bool:
                check_tensor(key_padding_mask, "key_padding_mask", floating=True)  # added
            if key_padding_mask.shape != (b, s):
                raise ValueError(
                    f"key_padding_mask must have shape (B, S)={(b, s)}, "
                    f"got {tuple(key_padding_mask.shape)}"
                )
            masks.append(key_padding_mask[:, None, None, :])  # (B, 1, 1, S)
        if not masks:
            return None
        merged = torch.zeros((), dtype=like.dtype, device=like.device)
        for m in masks:
            if m.dtype == torch.bool:
                m = torch.zeros_like(m, dtype=like.dtype).masked_fill(m, float("-inf"))
            merged = merged + m  # broadcasts to (B, nh, T, S)
        return merged

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        attn_mask: Tensor | None = None,
        key_padding_mask: Tensor | None = None,
        is_causal: bool = False,
        average_attn_weights: bool = False,
    ) -> tuple[Tensor, Tensor]:
        """Attend from ``query`` to ``key``/``value``; see the class docstring for shapes."""
        for name, x in (("query", query), ("key", key), ("value", value)):
            check_tensor(x, name, shape=("B", "L", self.d_model))
        if key.shape[:2] != value.shape[:2] or key.shape[0] != query.shape[0]:
            raise ValueError(
                f"query (B, T, E), key and value (B, S, E) disagree: {tuple(query.shape)}, "
                f"{tuple(key.shape)}, {tuple(value.shape)}"
            )
        (b, t, e), s, nh = query.shape, key.shape[1], self.n_heads
        mask = self._merged_mask(b, t, s, attn_mask, key_padding_mask, is_causal, like=query)
        q = self.w_q(query).view(b, t, nh, e // nh).transpose(1, 2)  # (B, nh, T, hs)
        k = self.w_k(key).view(b, s, nh, e // nh).transpose(1, 2)  # (B, nh, S, hs)
        v = self.w_v(value).view(b, s, nh, e // nh).transpose(1, 2)  # (B, nh, S, hs)
        p = self.dropout if self.training else 0.0
        out, weights = scaled_dot_product_attention(q, k, v, attn_mask=mask, dropout_p=p)
        out = out.transpose(1, 2).reshape(b, t, e)  # (B, T, E): heads side by side
        out = self.w_o(out)  # (B, T, E)
        if average_attn_weights:
            weights = weights.mean(dim=1)  # (B, T, S)
        return out, weights

    @torch.no_grad()
    def load_torch_weights(self, mha: nn.MultiheadAttention) -> None:
        """Copy the weights of a ``nn.MultiheadAttention`` of the same size into this module.

        Its ``in_proj_weight`` ``(3E, E)`` stacks :math:`W^Q, W^K, W^V`; ``out_proj`` is
        :math:`W^O`.

        Raises:
            TypeError: if ``mha`` is not an ``nn.MultiheadAttention``.
            ValueError: if sizes, heads or bias differ, or it uses options this class lacks
                (separate k/v sizes, ``add_bias_kv``).
        """
        if not isinstance(mha, nn.MultiheadAttention):
            raise TypeError(f"mha must be nn.MultiheadAttention, got {type(mha).__name__}")
        if (mha.embed_dim, mha.num_heads) != (self.d_model, self.n_heads):
            raise ValueError(
                f"sizes differ: torch has embed_dim={mha.embed_dim}, num_heads={mha.num_heads}; "
                f"this has d_model={self.d_model}, n_heads={self.n_heads}"
            )
        if mha.in_proj_weight is None or mha.bias_k is not None:
            raise ValueError("only nn.MultiheadAttention without kdim/vdim or add_bias_kv")
        if (mha.in_proj_bias is None) != (self.w_q.bias is None):
            raise ValueError("bias differs between the two modules")
        linears = (self.w_q, self.w_k, self.w_v)
        for lin, w in zip(linears, mha.in_proj_weight.chunk(3), strict=True):
            lin.weight.copy_(w)
        if mha.in_proj_bias is not None:
            for lin, bias in zip(linears, mha.in_proj_bias.chunk(3), strict=True):
                lin.bias.copy_(bias)
        self.w_o.weight.copy_(mha.out_proj.weight)
        if self.w_o.bias is not None:
            self.w_o.bias.copy_(mha.out_proj.bias)
