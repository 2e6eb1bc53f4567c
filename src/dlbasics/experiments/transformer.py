r"""The Transformer page's experiments: attention equals torch's, and order needs positions.

A one-layer, attention-only Transformer learns to reverse token sequences when positions are
added to its input, and stays at the level of the best *order-blind* guess without them:
attention alone treats its input as a set (it is permutation-equivariant).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlbasics.data.reverse import reversal_task
from dlbasics.nn.attention import MultiHeadAttention, scaled_dot_product_attention
from dlbasics.nn.transformer import POSITIONS, Transformer
from dlbasics.seed import set_seed


@dataclass(frozen=True)
class AttentionCheck:
    """Largest absolute differences between our attention and PyTorch's, same inputs/weights."""

    sdpa: float  # scaled_dot_product_attention vs F.scaled_dot_product_attention (causal)
    mha: float  # MultiHeadAttention vs nn.MultiheadAttention (padding mask), outputs
    mha_weights: float  # the same, per-head attention weights


def attention_check(seed: int = 0) -> AttentionCheck:
    """Run both attentions on random inputs (float32) and compare with torch's.

    Example:
        >>> c = attention_check(0)
        >>> max(c.sdpa, c.mha, c.mha_weights) < 1e-5
        True
    """
    g = set_seed(seed)
    q, k, v = torch.randn(3, 2, 4, 6, 8, generator=g)  # each (B, nh, T, hs)
    ours, _ = scaled_dot_product_attention(q, k, v, is_causal=True)
    theirs = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    sdpa = (ours - theirs).abs().max().item()

    ref = nn.MultiheadAttention(16, 4, batch_first=True)
    mha = MultiHeadAttention(16, 4)
    mha.load_torch_weights(ref)
    x = torch.randn(2, 6, 16, generator=g)  # (B, T, E)
    pad = torch.tensor([[False] * 6, [False] * 4 + [True] * 2])  # (B, T): last 2 are padding
    out, w = mha(x, x, x, key_padding_mask=pad)
    out_ref, w_ref = ref(x, x, x, key_padding_mask=pad, average_attn_weights=False)
    return AttentionCheck(sdpa, (out - out_ref).abs().max().item(), (w - w_ref).abs().max().item())


@dataclass(frozen=True)
class ReversalConfig:
    """The reversal experiment; defaults run in about a second on one CPU core."""

    length: int = 8  # T, tokens per sequence
    vocab_size: int = 10  # V, distinct tokens
    d_model: int = 32  # E, width
    n_heads: int = 2  # nh, attention heads
    n_layers: int = 1  # blocks
    ffn: bool = False  # attention-only blocks by default
    steps: int = 150  # Adam steps, each on a fresh random batch
    batch_size: int = 128
    lr: float = 3e-3
    n_test: int = 1000  # held-out sequences for accuracy and attention maps
    every: int = 20  # measure test accuracy every `every` steps

    def __post_init__(self) -> None:
        for name in ("length", "vocab_size", "d_model", "n_heads", "n_layers", "steps"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if self.length < 2 or self.vocab_size < 2:
            raise ValueError(f"length and vocab_size must be >= 2, got {self}")
        if self.batch_size < 1 or self.n_test < 1 or self.every < 1 or self.lr <= 0:
            raise ValueError(f"batch_size, n_test, every and lr must be positive, got {self}")


class TokenTagger(nn.Module):
    """A :class:`~dlbasics.nn.transformer.Transformer` and a linear head: one label per token.

    Shape:
        ``(B, T)`` token ids ``-> (B, T, V)`` logits.

    Example:
        >>> TokenTagger(ReversalConfig(), "none")(torch.zeros(2, 8, dtype=torch.long)).shape
        torch.Size([2, 8, 10])
    """

    def __init__(self, config: ReversalConfig, positions: str):
        super().__init__()
        c = config
        self.body = Transformer(
            c.vocab_size, c.d_model, c.n_heads, c.n_layers, c.length, positions, ffn=c.ffn
        )
        self.head = nn.Linear(c.d_model, c.vocab_size)

    def forward(self, idx: Tensor) -> Tensor:
        """Logits ``(B, T, V)`` for token ids ``(B, T)``."""
        return self.head(self.body(idx))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ReversalRun:
    """One training of the reversal task."""

    positions: str  # "sinusoidal", "learned" or "none"
    steps: tuple[int, ...]  # where test accuracy was measured
    accuracy: tuple[float, ...]  # test token accuracy at those steps
    token_accuracy: float  # final test token accuracy
    sequence_accuracy: float  # fraction of test sequences reversed without a mistake
    attention: Tensor  # (nh, T, T) last block's weights, averaged over the test set
    example: Tensor  # (T,) one test sequence
    prediction: Tensor  # (T,) the model's output for it


def train_reversal(
    positions: str = "sinusoidal",
    seed: int = 0,
    config: ReversalConfig | None = None,
    callback: Callable[[int], None] | None = None,
) -> ReversalRun:
    """Train a :class:`TokenTagger` to reverse random sequences with cross-entropy and Adam.

    Args:
        positions: ``"sinusoidal"``, ``"learned"`` or ``"none"``.
        seed: seeds the weights, the training batches and the test set.
        config: sizes and training length; :class:`ReversalConfig` defaults if None.
        callback: called with the step number after every step (a progress bar).

    Example:
        >>> run = train_reversal("none", config=ReversalConfig(steps=2, n_test=4, every=1))
        >>> run.steps, run.attention.shape
        ((1, 2), torch.Size([2, 8, 8]))
    """
    if positions not in POSITIONS:
        raise ValueError(f"positions must be one of {POSITIONS}, got {positions!r}")
    c = ReversalConfig() if config is None else config
    g = set_seed(seed)
    model = TokenTagger(c, positions)
    opt = torch.optim.Adam(model.parameters(), lr=c.lr)
    x_test, y_test = reversal_task(c.n_test, c.length, c.vocab_size, seed=seed + 10_000)

    def test_accuracy() -> float:
        with torch.no_grad():
            return float((model(x_test).argmax(-1) == y_test).float().mean())

    marks, accuracy = [], []
    for step in range(1, c.steps + 1):
        x = torch.randint(0, c.vocab_size, (c.batch_size, c.length), generator=g)  # (B, T)
        logits = model(x)  # (B, T, V)
        loss = F.cross_entropy(logits.flatten(0, 1), x.flip(1).flatten())  # target: reversed
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
        if step % c.every == 0 or step == c.steps:
            marks.append(step)
            accuracy.append(test_accuracy())
        if callback is not None:
            callback(step)
    with torch.no_grad():
        pred = model(x_test).argmax(-1)  # (N, T)
        attention = model.body.attention_maps()[-1].mean(0)  # (nh, T, T)
    correct = pred == y_test  # (N, T)
    return ReversalRun(
        positions=positions,
        steps=tuple(marks),
        accuracy=tuple(accuracy),
        token_accuracy=correct.float().mean().item(),
        sequence_accuracy=correct.all(1).float().mean().item(),
        attention=attention,
        example=x_test[0],
        prediction=pred[0],
    )


def order_blind_bound(x: Tensor) -> float:
    r"""The best expected token accuracy of any model that cannot see order, on sequences ``x``.

    An order-blind (permutation-equivariant) model's output at position :math:`t` depends only on
    the token :math:`x_t` and the *set* of tokens. For i.i.d. tokens, the target
    :math:`x_{T-1-t}` is then equally likely to be any of the other :math:`T - 1` tokens, so the
    best guess is the most frequent of them, right with probability
    :math:`\max_v n_v / (T - 1)`, where :math:`n_v` counts token :math:`v` among the others.

    Args:
        x: ``(N, T)`` int64 token ids, ``T`` even (no middle position that maps to itself).

    Example:
        >>> order_blind_bound(torch.tensor([[0, 0, 0, 1]]))  # 2/3 at the 0s, 3/3 at the 1
        0.75
    """
    if x.dim() != 2 or x.shape[1] % 2 or x.dtype != torch.long:
        raise ValueError(f"x must be int64 (N, T) with T even, got {x.dtype} {tuple(x.shape)}")
    v = int(x.max()) + 1
    counts = F.one_hot(x, v).sum(1)  # (N, V) how often each token occurs
    others = counts[:, None, :] - F.one_hot(x, v)  # (N, T, V) the same without x_t itself
    return (others.max(-1).values / (x.shape[1] - 1)).mean().item()


@dataclass(frozen=True)
class Equivariance:
    """How much ``f(x permuted)`` differs from ``f(x) permuted``, per kind of positions."""

    max_diff: dict[str, float]  # positions -> largest absolute difference


def permutation_equivariance(seed: int = 0, config: ReversalConfig | None = None) -> Equivariance:
    r"""Shuffle the tokens of a sequence and compare with shuffling the untrained model's output.

    Without positions every layer treats the tokens as a set, so
    :math:`f(P x) = P f(x)` for every permutation :math:`P`; with positions it does not.

    Example:
        >>> e = permutation_equivariance(0).max_diff
        >>> e["none"] < 1e-5 < e["sinusoidal"]
        True
    """
    c = ReversalConfig() if config is None else config
    g = set_seed(seed)
    x = torch.randint(0, c.vocab_size, (16, c.length), generator=g)  # (B, T)
    perm = torch.randperm(c.length, generator=g)  # P
    diffs = {}
    with torch.no_grad():
        for positions in POSITIONS:
            model = TokenTagger(c, positions)
            diff = model(x[:, perm]) - model(x)[:, perm]  # f(Px) - P f(x), (B, T, V)
            diffs[positions] = diff.abs().max().item()
    return Equivariance(diffs)
