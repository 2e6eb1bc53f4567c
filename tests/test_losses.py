"""Tests for dlbasics.losses: torch twins (value and gradient), stability, MLE identities."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
import torch
import torch.nn.functional as F

from dlbasics.losses import (
    cross_entropy,
    gaussian_log_likelihood,
    gaussian_nll,
    huber,
    log_softmax,
    mae,
    mse,
    naive_cross_entropy,
    nll_loss,
)

LossFn = Callable[..., torch.Tensor]
SHAPES = [(5,), (3, 4), (2, 3, 4)]
CLASS_SHAPES = [(1, 2), (8, 5), (16, 10)]
SEEDS = [0, 1, 2]


def assert_twins(ours: LossFn, theirs: LossFn, *inputs: torch.Tensor) -> None:
    """``ours(*inputs)`` equals ``theirs(*inputs)``, and so do the gradients of its float inputs."""
    leaves = [x.detach().clone().requires_grad_(x.dtype.is_floating_point) for x in inputs]
    grad_of = [x for x in leaves if x.requires_grad]
    results = []
    for fn in (ours, theirs):
        value = fn(*leaves)
        grads = torch.autograd.grad(value.sum(), grad_of)
        results.append((value.detach(), grads))
    (v_ours, g_ours), (v_theirs, g_theirs) = results
    torch.testing.assert_close(v_ours, v_theirs)
    for a, b in zip(g_ours, g_theirs, strict=True):
        torch.testing.assert_close(a, b)


def regression_pair(shape: tuple[int, ...], seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return 2 * torch.randn(shape, generator=g), 2 * torch.randn(shape, generator=g)


def classification_pair(shape: tuple[int, int], seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    n, k = shape
    return 3 * torch.randn(n, k, generator=g), torch.randint(0, k, (n,), generator=g)


# --------------------------------------------------------------------------- torch twins


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("ours", "theirs"), [(mse, F.mse_loss), (mae, F.l1_loss)])
def test_regression_losses_equal_torch(
    ours: LossFn, theirs: LossFn, shape: tuple[int, ...], seed: int
) -> None:
    assert_twins(ours, theirs, *regression_pair(shape, seed))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("delta", [0.5, 1.0, 2.5])
def test_huber_equals_torch(shape: tuple[int, ...], seed: int, delta: float) -> None:
    assert_twins(
        lambda p, t: huber(p, t, delta=delta),
        lambda p, t: F.huber_loss(p, t, delta=delta),
        *regression_pair(shape, seed),
    )


def test_huber_hand_computed_and_default_delta() -> None:
    pred, target = torch.zeros(3), torch.tensor([0.5, -3.0, 1.0])
    # 0.5 * 0.25, 1 * (3 - 0.5), 0.5 * 1 -> mean of [0.125, 2.5, 0.5]
    torch.testing.assert_close(huber(pred, target), torch.tensor((0.125 + 2.5 + 0.5) / 3))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", [*CLASS_SHAPES, (2, 3, 4)])
@pytest.mark.parametrize("dim", [0, -1])
def test_log_softmax_equals_torch(shape: tuple[int, ...], seed: int, dim: int) -> None:
    logits = 3 * torch.randn(shape, generator=torch.Generator().manual_seed(seed))
    assert_twins(lambda z: log_softmax(z, dim), lambda z: torch.log_softmax(z, dim), logits)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", CLASS_SHAPES)
def test_cross_entropy_equals_torch(shape: tuple[int, int], seed: int) -> None:
    assert_twins(cross_entropy, F.cross_entropy, *classification_pair(shape, seed))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", CLASS_SHAPES)
def test_nll_loss_equals_torch(shape: tuple[int, int], seed: int) -> None:
    logits, target = classification_pair(shape, seed)
    assert_twins(nll_loss, F.nll_loss, torch.log_softmax(logits, dim=1), target)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", CLASS_SHAPES)
def test_cross_entropy_is_nll_of_log_softmax(shape: tuple[int, int], seed: int) -> None:
    logits, target = classification_pair(shape, seed)
    torch.testing.assert_close(
        cross_entropy(logits, target), nll_loss(log_softmax(logits, dim=1), target)
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("full", [False, True])
def test_gaussian_nll_equals_torch(shape: tuple[int, ...], seed: int, full: bool) -> None:
    mean, target = regression_pair(shape, seed)
    var = torch.rand(shape, generator=torch.Generator().manual_seed(seed + 100)) + 0.1
    assert_twins(
        lambda m, t, v: gaussian_nll(m, t, v, full=full),
        lambda m, t, v: F.gaussian_nll_loss(m, t, v, full=full),
        mean,
        target,
        var,
    )


def test_gaussian_nll_clamps_tiny_var_like_torch() -> None:
    mean, target = torch.zeros(4), torch.tensor([0.0, 1e-4, 0.5, 1.0])
    var = torch.tensor([0.0, 1e-8, 1e-6, 1.0])  # the first three are clamped to 1e-6
    assert_twins(gaussian_nll, F.gaussian_nll_loss, mean, target, var)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("sigma", [0.5, 1.0, 3.0])
def test_gaussian_log_likelihood_equals_torch_normal(seed: int, sigma: float) -> None:
    y, mean = regression_pair((3, 4), seed)
    assert_twins(
        lambda a, b: gaussian_log_likelihood(a, b, sigma),
        lambda a, b: torch.distributions.Normal(b, sigma).log_prob(a),
        y,
        mean,
    )


# --------------------------------------------------------------------------- stability

HUGE = torch.tensor([[1e4, -1e4, 0.0], [-1e4, 1e4, 5.0], [-1e4, -1e4, -1e4]])
HUGE_TARGET = torch.tensor([1, 0, 2])


def test_log_softmax_is_finite_for_huge_logits() -> None:
    z = HUGE.clone().requires_grad_()
    out = log_softmax(z)
    (grad,) = torch.autograd.grad(out[:, 0].sum(), z)
    assert torch.isfinite(out).all()
    assert torch.isfinite(grad).all()
    torch.testing.assert_close(out, torch.log_softmax(HUGE, dim=-1))


def test_cross_entropy_is_finite_for_huge_logits() -> None:
    assert_twins(cross_entropy, F.cross_entropy, HUGE, HUGE_TARGET)  # torch is finite too
    z = HUGE.clone().requires_grad_()
    loss = cross_entropy(z, HUGE_TARGET)
    (grad,) = torch.autograd.grad(loss, z)
    assert torch.isfinite(loss)
    assert torch.isfinite(grad).all()


@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_naive_cross_entropy_breaks_for_huge_logits(scale: float) -> None:
    logits = torch.tensor([[scale, 0.0, 0.0]]) if scale > 0 else torch.full((1, 3), scale)
    assert torch.isfinite(cross_entropy(logits, torch.tensor([1])))
    assert not torch.isfinite(naive_cross_entropy(logits, torch.tensor([1])))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("shape", CLASS_SHAPES)
def test_naive_cross_entropy_agrees_on_small_logits(shape: tuple[int, int], seed: int) -> None:
    assert_twins(naive_cross_entropy, cross_entropy, *classification_pair(shape, seed))


# --------------------------------------------------------------------------- MLE identities


@pytest.mark.parametrize("seed", SEEDS)
def test_negative_gaussian_log_likelihood_is_half_squared_error_plus_constant(seed: int) -> None:
    y, y_hat = regression_pair((4, 5), seed)
    expected = 0.5 * (y - y_hat) ** 2 + 0.5 * math.log(2 * math.pi)
    torch.testing.assert_close(-gaussian_log_likelihood(y, y_hat, 1.0), expected)


@pytest.mark.parametrize("seed", SEEDS)
def test_gaussian_nll_gradient_is_half_the_mse_gradient(seed: int) -> None:
    y, y_hat = regression_pair((4, 5), seed)
    y_hat.requires_grad_()
    (grad_nll,) = torch.autograd.grad(-gaussian_log_likelihood(y, y_hat, 1.0).mean(), y_hat)
    (grad_mse,) = torch.autograd.grad(mse(y_hat, y), y_hat)
    torch.testing.assert_close(grad_nll, 0.5 * grad_mse)
    # Same story for gaussian_nll with a fixed unit variance: half the MSE, no constant.
    torch.testing.assert_close(gaussian_nll(y_hat, y, torch.ones(4, 5)), 0.5 * mse(y_hat, y))


# --------------------------------------------------------------------------- bad input

X3 = torch.zeros(3)
LOGITS = torch.zeros(2, 3)
TARGET = torch.tensor([0, 2])
CLASSIFIERS = [cross_entropy, naive_cross_entropy]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: mse([0.0, 1.0], X3), TypeError, "pred must be a torch.Tensor, got list"),
        (lambda: mae(X3, 1.0), TypeError, "target must be a torch.Tensor, got float"),
        (lambda: mse(torch.zeros(3, dtype=torch.int64), X3), TypeError, "pred must be a float"),
        (
            lambda: mse(X3, torch.zeros(2)),
            ValueError,
            re.escape("target must have the same shape as pred (3,), got (2,)"),
        ),
        (
            lambda: huber(torch.zeros(2, 3), torch.zeros(3, 2)),
            ValueError,
            re.escape("target must have the same shape as pred (2, 3), got (3, 2)"),
        ),
        (lambda: mae(torch.zeros(0), torch.zeros(0)), ValueError, "pred must not be empty"),
        (lambda: huber(X3, X3, delta=0.0), ValueError, "delta must be > 0, got 0.0"),
        (lambda: huber(X3, X3, delta=-1.0), ValueError, "delta must be > 0"),
        (lambda: huber(X3, X3, delta="1"), TypeError, "delta must be a real number"),
        (lambda: log_softmax("z"), TypeError, "logits must be a torch.Tensor"),
        (lambda: log_softmax(torch.zeros(2, 0)), ValueError, "logits must not be empty"),
        (lambda: nll_loss(torch.zeros(2, 3, 1), TARGET), ValueError, "log_probs must have shape"),
        (lambda: nll_loss(LOGITS, torch.tensor([0, 3])), ValueError, "target must hold class"),
        (
            lambda: gaussian_nll(X3, X3, torch.tensor([1.0, -0.5, 1.0])),
            ValueError,
            "var must be non-negative",
        ),
        (
            lambda: gaussian_nll(X3, X3, torch.ones(3, 1)),
            ValueError,
            re.escape("var must have the same shape as mean (3,), got (3, 1)"),
        ),
        (lambda: gaussian_nll(X3, torch.zeros(4), X3), ValueError, "target must have the same"),
        (lambda: gaussian_nll(X3, X3, None), TypeError, "var must be a torch.Tensor"),
        (lambda: gaussian_log_likelihood(X3, X3, 0.0), ValueError, "sigma must be > 0"),
        (lambda: gaussian_log_likelihood(X3, X3, True), TypeError, "sigma must be a real number"),
        (lambda: gaussian_log_likelihood(X3, torch.zeros(2)), ValueError, "mean must have"),
    ],
)
def test_bad_input_raises(call: Callable[[], object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize("loss", CLASSIFIERS)
@pytest.mark.parametrize(
    ("logits", "target", "error", "match"),
    [
        ([[0.0, 1.0]], TARGET[:1], TypeError, "logits must be a torch.Tensor, got list"),
        (LOGITS, [0, 2], TypeError, "target must be a torch.Tensor, got list"),
        (torch.zeros(3), TARGET, ValueError, re.escape("logits must have shape (N, K), got (3,)")),
        (torch.zeros(2, 3, 4), TARGET, ValueError, "logits must have shape"),
        (LOGITS.long(), TARGET, TypeError, "logits must be a floating-point tensor"),
        (LOGITS, TARGET.int(), TypeError, "target must be an int64 tensor"),
        (LOGITS, TARGET.float(), TypeError, "target must be an int64 tensor"),
        (LOGITS, TARGET[:1], ValueError, re.escape("target must have shape (2,), got (1,)")),
        (LOGITS, TARGET.unsqueeze(1), ValueError, "target must have shape"),
        (
            LOGITS,
            torch.tensor([0, 3]),
            ValueError,
            re.escape("target must hold class indices in [0, 3)"),
        ),
        (LOGITS, torch.tensor([-1, 0]), ValueError, "target must hold class indices"),
        (torch.zeros(0, 3), TARGET[:0], ValueError, "logits must not be empty"),
        (torch.zeros(2, 0), TARGET, ValueError, "logits must not be empty"),
    ],
)
def test_classification_bad_input_raises(
    loss: LossFn, logits: object, target: object, error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        loss(logits, target)
