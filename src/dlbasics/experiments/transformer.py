r"""The Transformer page's experiments: attention equals torch's, and order needs positions.

A one-layer, attention-only Transformer learns to reverse token sequences when positions are
added to its input, and stays at the level of the best *order-blind* guess without them:
attention alone treats its input as a set (it is permutation-equivariant).

Three experiments, each a config, a ``run_`` function and a result:

- :func:`run_attention_check`: our attention against PyTorch's, on random inputs.
- :func:`run_equivariance`: :math:`f(Px)` against :math:`P f(x)` for untrained models.
- :func:`run_sequence_reversal`: train with and without positions on the reversal task.

The page's sentences about their outcomes are :data:`CLAIMS_ATTENTION`,
:data:`CLAIMS_EQUIVARIANCE` and :data:`CLAIMS` (see :mod:`dlbasics.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from dlbasics._checks import (
    check_bool,
    check_choice,
    check_int,
    check_positive,
    check_positive_ints,
)
from dlbasics.claims import Claims
from dlbasics.data.reverse import reversal_task
from dlbasics.nn.attention import MultiHeadAttention, scaled_dot_product_attention
from dlbasics.nn.transformer import POSITIONS, Transformer
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed

# ---------------------------------------------------------------- attention equals torch's


@dataclass(frozen=True, kw_only=True)
class AttentionCheckConfig:
    """Settings of :func:`run_attention_check`."""

    seed: int = 0  # seeds the random inputs and the reference module's weights

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)


@dataclass(frozen=True, kw_only=True)
class AttentionCheckResult:
    """Largest absolute differences between our attention and PyTorch's, same inputs/weights."""

    config: AttentionCheckConfig  # what was run
    sdpa: float  # scaled_dot_product_attention vs F.scaled_dot_product_attention (causal)
    mha: float  # MultiHeadAttention vs nn.MultiheadAttention (padding mask), outputs
    mha_weights: float  # the same, per-head attention weights


def run_attention_check(
    config: AttentionCheckConfig, *, progress: bool = False
) -> AttentionCheckResult:
    """Run both attentions on random inputs (float32) and compare with torch's.

    ``progress`` is accepted for the common signature; the check takes milliseconds.

    Example:
        >>> c = run_attention_check(AttentionCheckConfig(seed=0))
        >>> max(c.sdpa, c.mha, c.mha_weights) < 1e-5
        True
    """
    g = set_seed(config.seed)
    q, k, v = torch.randn(3, 2, 4, 6, 8, generator=g)  # each (B, nh, T, hs)
    ours, _ = scaled_dot_product_attention(q, k, v, is_causal=True)
    theirs = F.scaled_dot_product_attention(q, k, v, is_causal=True)

    ref = nn.MultiheadAttention(16, 4, batch_first=True)
    mha = MultiHeadAttention(16, 4)
    mha.load_torch_weights(ref)
    x = torch.randn(2, 6, 16, generator=g)  # (B, T, E)
    pad = torch.tensor([[False] * 6, [False] * 4 + [True] * 2])  # (B, T): last 2 are padding
    out, w = mha(x, x, x, key_padding_mask=pad)
    out_ref, w_ref = ref(x, x, x, key_padding_mask=pad, average_attn_weights=False)
    return AttentionCheckResult(
        config=config,
        sdpa=(ours - theirs).abs().max().item(),
        mha=(out - out_ref).abs().max().item(),
        mha_weights=(w - w_ref).abs().max().item(),
    )


# ---------------------------------------------------------------- the model of both experiments


@dataclass(frozen=True, kw_only=True)
class TaggerConfig:
    """Sizes of a :class:`TokenTagger`, shared by the equivariance and the reversal experiment."""

    length: int = 8  # T, tokens per sequence
    vocab_size: int = 10  # V, distinct tokens
    d_model: int = 32  # E, width
    n_heads: int = 2  # nh, attention heads
    n_layers: int = 1  # blocks
    ffn: bool = False  # attention-only blocks by default

    def __post_init__(self) -> None:
        check_int(self.length, "length", low=2)
        check_int(self.vocab_size, "vocab_size", low=2)
        check_positive_ints(d_model=self.d_model, n_heads=self.n_heads, n_layers=self.n_layers)
        check_bool(self.ffn, "ffn")


class TokenTagger(nn.Module):
    """A :class:`~dlbasics.nn.transformer.Transformer` and a linear head: one label per token.

    Shape:
        ``(B, T)`` token ids ``-> (B, T, V)`` logits.

    Example:
        >>> TokenTagger(TaggerConfig(), "none")(
        ...     torch.zeros(2, 8, dtype=torch.long)
        ... ).shape
        torch.Size([2, 8, 10])
    """

    def __init__(self, config: TaggerConfig, positions: str):
        super().__init__()
        c = config
        self.body = Transformer(
            c.vocab_size, c.d_model, c.n_heads, c.n_layers, c.length, positions, ffn=c.ffn
        )
        self.head = nn.Linear(c.d_model, c.vocab_size)

    def forward(self, idx: Tensor) -> Tensor:
        """Logits ``(B, T, V)`` for token ids ``(B, T)``."""
        return self.head(self.body(idx))


# ---------------------------------------------------------------- attention sees a set


@dataclass(frozen=True, kw_only=True)
class EquivarianceConfig:
    """Settings of :func:`run_equivariance`."""

    seed: int = 0  # seeds the sequences, the permutation and the untrained weights
    model: TaggerConfig = field(default_factory=TaggerConfig)  # sizes of the untrained models
    n_sequences: int = 16  # B, random sequences permuted

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        if not isinstance(self.model, TaggerConfig):
            raise TypeError(f"model must be a TaggerConfig, got {type(self.model).__name__}")
        check_int(self.n_sequences, "n_sequences", low=1)


@dataclass(frozen=True, kw_only=True)
class EquivarianceResult:
    """How much ``f(x permuted)`` differs from ``f(x) permuted``, per kind of positions."""

    config: EquivarianceConfig  # what was run
    max_diff: dict[str, float]  # positions -> largest absolute difference


def run_equivariance(config: EquivarianceConfig, *, progress: bool = False) -> EquivarianceResult:
    r"""Shuffle the tokens of a sequence and compare with shuffling the untrained model's output.

    Without positions every layer treats the tokens as a set, so
    :math:`f(P x) = P f(x)` for every permutation :math:`P`; with positions it does not.
    ``progress`` is accepted for the common signature; the check takes milliseconds.

    Example:
        >>> e = run_equivariance(EquivarianceConfig(seed=0)).max_diff
        >>> e["none"] < 1e-5 < e["sinusoidal"]
        True
    """
    c = config.model
    g = set_seed(config.seed)
    x = torch.randint(0, c.vocab_size, (config.n_sequences, c.length), generator=g)  # (B, T)
    perm = torch.randperm(c.length, generator=g)  # P
    diffs = {}
    with torch.no_grad():
        for positions in POSITIONS:
            model = TokenTagger(c, positions)
            diff = model(x[:, perm]) - model(x)[:, perm]  # f(Px) - P f(x), (B, T, V)
            diffs[positions] = diff.abs().max().item()
    return EquivarianceResult(config=config, max_diff=diffs)


# ---------------------------------------------------------------- reversing sequences


@dataclass(frozen=True, kw_only=True)
class SequenceReversalConfig:
    """The reversal experiment of :func:`run_sequence_reversal`; about a second per model."""

    seed: int = 0  # seeds the weights, the training batches and (plus 10 000) the test set
    model: TaggerConfig = field(default_factory=TaggerConfig)  # sizes of both models
    positions: str = "sinusoidal"  # the positional encoding compared with none
    steps: int = 150  # Adam steps, each on a fresh random batch
    batch_size: int = 128  # sequences per step
    lr: float = 3e-3  # Adam's step size
    n_test: int = 1000  # held-out sequences for accuracy and attention maps
    every: int = 20  # measure test accuracy every `every` steps

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        if not isinstance(self.model, TaggerConfig):
            raise TypeError(f"model must be a TaggerConfig, got {type(self.model).__name__}")
        check_choice(self.positions, "positions", ("sinusoidal", "learned"))
        check_positive_ints(
            steps=self.steps, batch_size=self.batch_size, n_test=self.n_test, every=self.every
        )
        check_positive(self.lr, "lr")


@dataclass(frozen=True, kw_only=True)
class SequenceReversalRun:
    """One training of the reversal task."""

    positions: str  # "sinusoidal", "learned" or "none"
    steps: tuple[int, ...]  # where test accuracy was measured
    accuracy: tuple[float, ...]  # test token accuracy at those steps
    token_accuracy: float  # final test token accuracy
    sequence_accuracy: float  # fraction of test sequences reversed without a mistake
    attention: Tensor  # (nh, T, T) last block's weights, averaged over the test set
    example: Tensor  # (T,) one test sequence
    prediction: Tensor  # (T,) the model's output for it


@dataclass(frozen=True, kw_only=True)
class SequenceReversalResult:
    """The same task, seed and batches learned with positions and without."""

    config: SequenceReversalConfig  # what was run
    with_positions: SequenceReversalRun  # positions given by ``config.positions``
    without_positions: SequenceReversalRun  # positions "none": attention sees a set
    order_blind_bound: float  # the best expected accuracy without order on the test set


def run_sequence_reversal(
    config: SequenceReversalConfig, *, progress: bool = False
) -> SequenceReversalResult:
    """Train a :class:`TokenTagger` with positions and one without to reverse random sequences.

    Both start from ``set_seed(config.seed)`` and see the same batches; the test sequences
    come from seed ``config.seed + 10_000``.

    Example:
        >>> small = SequenceReversalConfig(steps=2, n_test=4, every=1)
        >>> r = run_sequence_reversal(small)
        >>> r.with_positions.steps, r.without_positions.attention.shape
        ((1, 2), torch.Size([2, 8, 8]))
    """
    m = config.model
    x_test, y_test = reversal_task(config.n_test, m.length, m.vocab_size, seed=config.seed + 10_000)
    return SequenceReversalResult(
        config=config,
        with_positions=_train(config, config.positions, x_test, y_test, progress),
        without_positions=_train(config, "none", x_test, y_test, progress),
        order_blind_bound=order_blind_bound(x_test),
    )


def _train(
    config: SequenceReversalConfig, positions: str, x_test: Tensor, y_test: Tensor, progress: bool
) -> SequenceReversalRun:
    """Cross-entropy and Adam on fresh random sequences, the reversed sequence as the target.

    Written out rather than :func:`dlbasics.train.fit`: every step draws new sequences, and test
    accuracy is measured every ``config.every`` steps.
    """
    c = config
    g = set_seed(c.seed)
    model = TokenTagger(c.model, positions)
    opt = torch.optim.Adam(model.parameters(), lr=c.lr)

    def test_accuracy() -> float:
        with torch.no_grad():
            return float((model(x_test).argmax(-1) == y_test).float().mean())

    marks, accuracy = [], []
    for step in progress_bar(range(1, c.steps + 1), desc=positions, enabled=progress):
        x = torch.randint(0, c.model.vocab_size, (c.batch_size, c.model.length), generator=g)
        logits = model(x)  # (B, T, V)
        loss = F.cross_entropy(logits.flatten(0, 1), x.flip(1).flatten())  # target: reversed
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % c.every == 0 or step == c.steps:
            marks.append(step)
            accuracy.append(test_accuracy())
    with torch.no_grad():
        pred = model(x_test).argmax(-1)  # (N, T)
        attention = model.body.attention_maps()[-1].mean(0)  # (nh, T, T)
    correct = pred == y_test  # (N, T)
    return SequenceReversalRun(
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
        >>> order_blind_bound(
        ...     torch.tensor([[0, 0, 0, 1]])
        ... )  # 2/3 at the 0s, 3/3 at the 1
        0.75
    """
    if x.dim() != 2 or x.shape[1] % 2 or x.dtype != torch.long:
        raise ValueError(f"x must be int64 (N, T) with T even, got {x.dtype} {tuple(x.shape)}")
    v = int(x.max()) + 1
    counts = F.one_hot(x, v).sum(1)  # (N, V) how often each token occurs
    others = counts[:, None, :] - F.one_hot(x, v)  # (N, T, V) the same without x_t itself
    return (others.max(-1).values / (x.shape[1] - 1)).mean().item()


# ---------------------------------------------------------------- what the page says about them

#: float32 rounding: our attention and PyTorch's agree to this absolute difference.
ROUNDING = 1e-5

CLAIMS_ATTENTION: Claims[AttentionCheckResult] = Claims("history/transformer")


@CLAIMS_ATTENTION.claim("causal mask까지 넣어도 가장 큰 차이는 …로, float32의 반올림 오차입니다.")
def sdpa_equals_torch(r: AttentionCheckResult) -> bool:
    """Our scaled dot-product attention is PyTorch's up to rounding."""
    return r.sdpa < ROUNDING


@CLAIMS_ATTENTION.claim("출력과 head별 attention weight 모두 차이가 …로, 역시 반올림 오차입니다.")
def multi_head_attention_equals_torch(r: AttentionCheckResult) -> bool:
    """Our multi-head attention is PyTorch's up to rounding, outputs and weights."""
    return max(r.mha, r.mha_weights) < ROUNDING


CLAIMS_EQUIVARIANCE: Claims[EquivarianceResult] = Claims("history/transformer")


@CLAIMS_EQUIVARIANCE.claim(
    "위치 정보가 없으면 차이는 … (반올림 오차), sinusoidal encoding을 더하면 …, "
    "학습되는 위치 embedding이면 …입니다."
)
def only_positions_break_equivariance(r: EquivarianceResult) -> bool:
    """Without positions f(Px) = P f(x) up to rounding; with either kind, far from it."""
    d = r.max_diff
    return d["none"] < ROUNDING and min(d["sinusoidal"], d["learned"]) > 1e-2


CLAIMS: Claims[SequenceReversalResult] = Claims("history/transformer")


@CLAIMS.claim(
    "positional encoding이 있는 model은 token의 …를 맞히고 (95% 넘게), "
    "수열 전체를 틀림없이 뒤집은 비율도 …입니다 (80% 넘게)."
)
def positions_let_attention_reverse(r: SequenceReversalResult) -> bool:
    """With positions, nearly every token and most whole sequences come out reversed."""
    run = r.with_positions
    return run.token_accuracy > 0.95 and run.sequence_accuracy > 0.8


@CLAIMS.claim("위치 정보가 없는 model은 …에 머물고, 수열 전체를 맞힌 것은 …입니다.")
def without_positions_whole_sequences_fail(r: SequenceReversalResult) -> bool:
    """Without positions, (almost) no sequence comes out right: under 1%."""
    return r.without_positions.sequence_accuracy < 0.01


@CLAIMS.claim(
    "없는 쪽의 …은 순서를 모르는 model이 할 수 있는 최선, 곧 기댓값 …에 도달한 것입니다 "
    "(차이 …는 0.02보다 작은 흔들림입니다)."
)
def without_positions_reaches_the_order_blind_best(r: SequenceReversalResult) -> bool:
    """The order-blind model's accuracy is within 0.02 of the best any order-blind model has."""
    return abs(r.without_positions.token_accuracy - r.order_blind_bound) < 0.02


@CLAIMS.claim("무작위로 고르는 …보다는 낫지만, 그 이상은 어떤 학습으로도 불가능합니다.")
def the_order_blind_best_beats_chance(r: SequenceReversalResult) -> bool:
    """The bound is above guessing (1 / V); the model does not exceed it beyond 0.02 of noise."""
    chance = 1 / r.config.model.vocab_size
    return chance < r.order_blind_bound and r.without_positions.token_accuracy < (
        r.order_blind_bound + 0.02
    )


@CLAIMS.claim(
    "(그림) positional encoding이 있는 model은 거의 모두 맞히는 데까지 오르고, 없는 model은 "
    "순서를 모르는 model의 최선을 뜻하는 점선 근처에 머문다."
)
def the_learning_curves_end_apart(r: SequenceReversalResult) -> bool:
    """With positions above 0.95; without, within 0.02 of the order-blind best."""
    return r.with_positions.token_accuracy > 0.95 and (
        abs(r.without_positions.token_accuracy - r.order_blind_bound) < 0.02
    )


@CLAIMS.claim(
    "위치를 아는 model은 각 query가 거울 위치 7−t에 평균 …의 weight를 주어 "
    "반대 대각선이 선명합니다."
)
def positions_attend_to_the_mirror(r: SequenceReversalResult) -> bool:
    """Every query's largest weight is on its mirror position, and on average over half."""
    maps = r.with_positions.attention.mean(0)  # (T, T), averaged over heads
    mirror = torch.arange(maps.shape[0] - 1, -1, -1)  # T-1-t
    return bool(torch.equal(maps.argmax(1), mirror)) and bool(maps.flip(1).diagonal().mean() > 0.5)


@CLAIMS.claim("위치 정보가 없는 model의 map은 위치에 대해 아무 구조가 없습니다.")
def without_positions_the_map_is_flat(r: SequenceReversalResult) -> bool:
    """Without positions every weight of the averaged map lies within a factor 2 of 1/T."""
    maps = r.without_positions.attention.mean(0)  # (T, T)
    t = maps.shape[0]
    return bool(maps.max() < 2 / t) and bool(maps.min() > 0.5 / t)
