import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbasics.nn.attention import MultiHeadAttention, causal_mask, scaled_dot_product_attention
from dlbasics.nn.transformer import (
    Embeddings,
    Transformer,
    TransformerBlock,
    sinusoidal_positions,
)

# ---------------------------------------------------------------- scaled dot-product attention


def _qkv(seed=0, b=2, h=3, t=5, s=6, d_k=4, d_v=7):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(b, h, t, d_k, generator=g, dtype=torch.float64)
    k = torch.randn(b, h, s, d_k, generator=g, dtype=torch.float64)
    v = torch.randn(b, h, s, d_v, generator=g, dtype=torch.float64)
    return q, k, v


def _grads(fn, *tensors):
    leaves = [x.detach().clone().requires_grad_() for x in tensors]
    out = fn(*leaves)
    (out * torch.linspace(-1, 1, out.numel(), dtype=out.dtype).view_as(out)).sum().backward()
    return out, [x.grad for x in leaves]


def _ours(attn_mask=None, is_causal=False):
    def fn(q, k, v):
        return scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, is_causal=is_causal)[0]

    return fn


def _torch(attn_mask=None, is_causal=False):
    def fn(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask, is_causal=is_causal)

    return fn


def _masks():
    g = torch.Generator().manual_seed(1)
    bool_mask = torch.rand(5, 6, generator=g) > 0.3
    bool_mask[:, 0] = True  # every query keeps at least one key
    batched_bool = torch.rand(2, 1, 5, 6, generator=g) > 0.5
    batched_bool[..., 2] = True
    float_mask = torch.randn(2, 3, 5, 6, generator=g, dtype=torch.float64)
    inf_mask = torch.zeros(5, 6, dtype=torch.float64).masked_fill(~bool_mask, float("-inf"))
    return {
        "none": None,
        "bool": bool_mask,
        "bool-batched": batched_bool,
        "float": float_mask,
        "float-inf": inf_mask,
    }


@pytest.mark.parametrize("mask_name", ["none", "bool", "bool-batched", "float", "float-inf"])
def test_sdpa_equals_torch_values_and_gradients(mask_name):
    mask = _masks()[mask_name]
    q, k, v = _qkv()
    out, grads = _grads(_ours(mask), q, k, v)
    out_ref, grads_ref = _grads(_torch(mask), q, k, v)
    torch.testing.assert_close(out, out_ref)
    for got, want in zip(grads, grads_ref, strict=True):
        torch.testing.assert_close(got, want)


@pytest.mark.parametrize(("t", "s"), [(5, 5), (4, 6)])
def test_sdpa_is_causal_equals_torch(t, s):
    q, k, v = _qkv(seed=2, t=t, s=s)
    out, grads = _grads(_ours(is_causal=True), q, k, v)
    out_ref, grads_ref = _grads(_torch(is_causal=True), q, k, v)
    torch.testing.assert_close(out, out_ref)
    for got, want in zip(grads, grads_ref, strict=True):
        torch.testing.assert_close(got, want)


def test_sdpa_weights_are_the_softmax_of_scaled_scores():
    q, k, v = _qkv(seed=3)
    out, w = scaled_dot_product_attention(q, k, v)
    want = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1]), dim=-1)
    torch.testing.assert_close(w, want)
    torch.testing.assert_close(w.sum(-1), torch.ones(w.shape[:-1], dtype=w.dtype))
    torch.testing.assert_close(out, w @ v)


def test_sdpa_causal_weights_are_zero_above_the_diagonal():
    q, k, v = _qkv(seed=4, t=6, s=6)
    _, w = scaled_dot_product_attention(q, k, v, is_causal=True)
    assert torch.all(w.triu(diagonal=1) == 0)
    assert torch.equal(causal_mask(3, 4), torch.ones(3, 4, dtype=torch.bool).tril())


def test_sdpa_works_on_3d_and_float32_inputs():
    q = torch.randn(2, 5, 8)
    out, w = scaled_dot_product_attention(q, q, q)
    torch.testing.assert_close(out, F.scaled_dot_product_attention(q, q, q))
    assert w.shape == (2, 5, 5)


def test_sdpa_dropout_changes_output_but_not_weights():
    torch.manual_seed(0)
    q, k, v = _qkv(seed=5)
    out0, w0 = scaled_dot_product_attention(q, k, v)
    out1, w1 = scaled_dot_product_attention(q, k, v, dropout_p=0.5)
    torch.testing.assert_close(w0, w1)
    assert not torch.allclose(out0, out1)


def test_sdpa_rejects_bad_inputs():
    q, k, v = _qkv()
    with pytest.raises(ValueError, match="d_k"):
        scaled_dot_product_attention(q, k[..., :3], v)
    with pytest.raises(ValueError, match="share S"):
        scaled_dot_product_attention(q, k, v[..., :2, :])
    with pytest.raises(ValueError, match="not both"):
        scaled_dot_product_attention(
            q, k, v, attn_mask=torch.ones(5, 6, dtype=torch.bool), is_causal=True
        )
    with pytest.raises(TypeError, match="attn_mask"):
        scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(5, 6, dtype=torch.long))
    with pytest.raises(TypeError, match=r"q must be a torch\.Tensor"):
        scaled_dot_product_attention([1.0], k, v)
    with pytest.raises(ValueError, match="shape"):
        scaled_dot_product_attention(torch.ones(3), k, v)
    with pytest.raises(ValueError, match="dropout_p"):
        scaled_dot_product_attention(q, k, v, dropout_p=1.0)
    with pytest.raises(ValueError, match="t must be >= 1"):
        causal_mask(0)
    with pytest.raises(ValueError, match="s must be >= 1"):
        causal_mask(2, 0)


# ---------------------------------------------------------------- multi-head attention


def _pair(e=12, nh=3, bias=True, seed=0):
    torch.manual_seed(seed)
    ref = nn.MultiheadAttention(e, nh, bias=bias, batch_first=True).double()
    ours = MultiHeadAttention(e, nh, bias=bias).double()
    ours.load_torch_weights(ref)
    return ours, ref


def _inputs(b=2, t=5, s=6, e=12, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (
        torch.randn(b, t, e, generator=g, dtype=torch.float64),
        torch.randn(b, s, e, generator=g, dtype=torch.float64),
        torch.randn(b, s, e, generator=g, dtype=torch.float64),
    )


def _mha_masks():
    g = torch.Generator().manual_seed(7)
    blocked = torch.rand(5, 6, generator=g) > 0.6  # True = masked, as in nn.MultiheadAttention
    blocked[:, 0] = False
    per_head = torch.rand(2 * 3, 5, 6, generator=g) > 0.6
    per_head[..., 1] = False
    padding = torch.zeros(2, 6, dtype=torch.bool)
    padding[0, 4:] = True
    padding[1, 5:] = True
    float_mask = torch.randn(5, 6, generator=g, dtype=torch.float64)
    float_padding = torch.zeros(2, 6, dtype=torch.float64).masked_fill(padding, float("-inf"))
    return {
        "none": {},
        "attn-bool": {"attn_mask": blocked},
        "attn-bool-per-head": {"attn_mask": per_head},
        "padding": {"key_padding_mask": padding},
        "attn-and-padding": {"attn_mask": blocked, "key_padding_mask": padding},
        "float": {"attn_mask": float_mask, "key_padding_mask": float_padding},
    }


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize(
    "mask_name",
    ["none", "attn-bool", "attn-bool-per-head", "padding", "attn-and-padding", "float"],
)
def test_mha_equals_torch_values_weights_and_gradients(mask_name, bias):
    masks = _mha_masks()[mask_name]
    ours, ref = _pair(bias=bias)
    q, k, v = _inputs()
    out, w = ours(q, k, v, **masks)
    out_ref, w_ref = ref(q, k, v, **masks)  # weights averaged over heads by default
    _, w_heads = ref(q, k, v, **masks, average_attn_weights=False)
    torch.testing.assert_close(out, out_ref)
    torch.testing.assert_close(w, w_heads)
    torch.testing.assert_close(w.mean(dim=1), w_ref)
    torch.testing.assert_close(ours(q, k, v, **masks, average_attn_weights=True)[1], w_ref)

    out.square().sum().backward()
    out_ref.square().sum().backward()
    pairs = [
        (
            torch.cat([ours.w_q.weight.grad, ours.w_k.weight.grad, ours.w_v.weight.grad]),
            ref.in_proj_weight.grad,
        ),
        (ours.w_o.weight.grad, ref.out_proj.weight.grad),
    ]
    if bias:
        pairs += [
            (
                torch.cat([ours.w_q.bias.grad, ours.w_k.bias.grad, ours.w_v.bias.grad]),
                ref.in_proj_bias.grad,
            ),
            (ours.w_o.bias.grad, ref.out_proj.bias.grad),
        ]
    for got, want in pairs:
        torch.testing.assert_close(got, want)


def test_mha_input_gradients_and_causal_equal_torch():
    ours, ref = _pair(seed=1)
    x = _inputs(t=6, s=6, seed=1)[0]
    blocked = ~causal_mask(6)  # nn.MultiheadAttention wants True = masked
    out, (gx,) = _grads(lambda x: ours(x, x, x, is_causal=True)[0], x)
    out_ref, (gx_ref,) = _grads(lambda x: ref(x, x, x, attn_mask=blocked)[0], x)
    torch.testing.assert_close(out, out_ref)
    torch.testing.assert_close(gx, gx_ref)


def test_mha_dropout_is_off_in_eval_mode():
    torch.manual_seed(0)
    mha = MultiHeadAttention(8, 2, dropout=0.5)
    x = torch.randn(2, 4, 8)
    mha.eval()
    torch.testing.assert_close(mha(x, x, x)[0], mha(x, x, x)[0])
    mha.train()
    assert not torch.allclose(mha(x, x, x)[0], mha(x, x, x)[0])


def test_mha_rejects_bad_inputs():
    with pytest.raises(ValueError, match="n_heads must divide d_model"):
        MultiHeadAttention(10, 3)
    with pytest.raises(ValueError, match="d_model must be >= 1"):
        MultiHeadAttention(0, 1)
    with pytest.raises(ValueError, match="dropout"):
        MultiHeadAttention(8, 2, dropout=1.5)
    mha = MultiHeadAttention(12, 3)
    q, k, v = (x.float() for x in _inputs())
    with pytest.raises(ValueError, match="query must have shape"):
        mha(q[..., :4], k, v)
    with pytest.raises(ValueError, match="disagree"):
        mha(q, k, v[:, :3])
    with pytest.raises(ValueError, match="attn_mask must have shape"):
        mha(q, k, v, attn_mask=torch.zeros(5, 5, dtype=torch.bool))
    with pytest.raises(ValueError, match="key_padding_mask must have shape"):
        mha(q, k, v, key_padding_mask=torch.zeros(2, 5, dtype=torch.bool))
    with pytest.raises(ValueError, match="not both"):
        mha(q, q, q, attn_mask=torch.zeros(5, 5, dtype=torch.bool), is_causal=True)
    with pytest.raises(TypeError, match="must be nn"):
        mha.load_torch_weights(nn.Linear(12, 12))
    with pytest.raises(ValueError, match="sizes differ"):
        mha.load_torch_weights(nn.MultiheadAttention(12, 4))
    with pytest.raises(ValueError, match="bias differs"):
        mha.load_torch_weights(nn.MultiheadAttention(12, 3, bias=False))
    with pytest.raises(ValueError, match="kdim"):
        mha.load_torch_weights(nn.MultiheadAttention(12, 3, kdim=5, vdim=5))


# ---------------------------------------------------------------- positions, embeddings, blocks


def test_sinusoidal_positions_follow_the_formula():
    pe = sinusoidal_positions(20, 6)
    pos, i = 7, 2
    assert pe[pos, 2 * i].item() == pytest.approx(math.sin(pos / 10000 ** (2 * i / 6)), abs=1e-6)
    assert pe[pos, 2 * i + 1].item() == pytest.approx(
        math.cos(pos / 10000 ** (2 * i / 6)), abs=1e-6
    )
    assert sinusoidal_positions(4, 5).shape == (4, 5)
    assert pe.abs().max() <= 1
    with pytest.raises(ValueError, match="max_len"):
        sinusoidal_positions(0, 4)


@pytest.mark.parametrize("positions", ["learned", "sinusoidal", "none"])
def test_embeddings_add_positions_or_not(positions):
    torch.manual_seed(0)
    emb = Embeddings(vocab_size=5, d_model=8, max_len=6, positions=positions)
    x = emb(torch.full((1, 6), 3, dtype=torch.long))  # the same token everywhere
    same_everywhere = torch.allclose(x[0, 0], x[0, 5])
    assert same_everywhere == (positions == "none")
    if positions == "sinusoidal":
        torch.testing.assert_close(x[0] - emb.tok.weight[3], sinusoidal_positions(6, 8))
    assert ("pos.weight" in dict(emb.named_parameters())) == (positions == "learned")


def test_embeddings_reject_bad_inputs():
    with pytest.raises(ValueError, match="positions must be one of"):
        Embeddings(5, 8, 6, positions="rotary")
    emb = Embeddings(5, 8, 6)
    with pytest.raises(ValueError, match="exceeds max_len"):
        emb(torch.zeros(1, 7, dtype=torch.long))
    with pytest.raises(TypeError, match="idx must be an integer tensor"):
        emb(torch.zeros(1, 3))
    with pytest.raises(ValueError, match=r"idx must have shape \(B, T\)"):
        emb(torch.zeros(3, dtype=torch.long))


def test_block_is_pre_ln_residual():
    torch.manual_seed(0)
    block = TransformerBlock(8, 2, d_ff=16)
    x = torch.randn(2, 5, 8)
    h = block.ln1(x)
    a, _ = block.attn(h, h, h)
    x1 = x + a
    want = x1 + block.ffn(block.ln2(x1))
    torch.testing.assert_close(block(x), want)
    assert block.ffn[0].out_features == 16
    assert TransformerBlock(8, 2).ffn[0].out_features == 32
    attn_only = TransformerBlock(8, 2, ffn=False)
    assert attn_only.ffn is None
    assert attn_only.ln2 is None
    h = attn_only.ln1(x)
    torch.testing.assert_close(attn_only(x), x + attn_only.attn(h, h, h)[0])
    assert attn_only.attn_weights.shape == (2, 2, 5, 5)
    assert not attn_only.attn_weights.requires_grad


def test_causal_transformer_does_not_look_ahead():
    torch.manual_seed(0)
    model = Transformer(vocab_size=10, d_model=16, n_heads=2, n_layers=2, max_len=8, causal=True)
    idx = torch.randint(0, 10, (2, 8))
    changed = idx.clone()
    changed[:, 5:] = (changed[:, 5:] + 1) % 10
    torch.testing.assert_close(model(idx)[:, :5], model(changed)[:, :5])
    assert not torch.allclose(model(idx)[:, 5:], model(changed)[:, 5:])
    for w in model.attention_maps():
        assert torch.all(w.triu(diagonal=1) == 0)


def test_transformer_padding_is_ignored():
    torch.manual_seed(0)
    model = Transformer(vocab_size=10, d_model=16, n_heads=2, n_layers=2, max_len=8)
    idx = torch.randint(1, 10, (1, 8))
    pad = torch.zeros(1, 8, dtype=torch.bool)
    pad[:, 6:] = True
    changed = idx.clone()
    changed[:, 6:] = 0
    torch.testing.assert_close(model(idx, pad)[:, :6], model(changed, pad)[:, :6])
    assert torch.all(model.attention_maps()[0][..., 6:] == 0)


def test_transformer_parts_and_errors():
    model = Transformer(10, 16, 2, 3, 8, positions="none", ffn=False)
    assert isinstance(model.embed, Embeddings)
    assert len(model.blocks) == 3
    assert isinstance(model.ln_f, nn.LayerNorm)
    assert model.n_params() == sum(p.numel() for p in model.parameters())
    with pytest.raises(RuntimeError, match="forward"):
        model.attention_maps()
    with pytest.raises(ValueError, match="n_layers"):
        Transformer(10, 16, 2, 0, 8)
    with pytest.raises(ValueError, match="n_heads must divide"):
        Transformer(10, 16, 3, 1, 8)
