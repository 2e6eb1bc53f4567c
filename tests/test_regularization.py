"""Tests for dlbasics.regularization: early stopping, k-fold, mixup, ensembles, L2."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbasics.regularization import (
    EarlyStopping,
    ensemble_average,
    kfold_indices,
    l2_penalty,
    mixup,
    soft_cross_entropy,
)


def _set_weight(model: nn.Linear, value: float) -> None:
    with torch.no_grad():
        model.weight.fill_(value)
        model.bias.fill_(value)


def test_early_stopping_stops_after_patience_and_restores_best() -> None:
    model = nn.Linear(2, 1)
    stopper = EarlyStopping(patience=3)
    values = [5.0, 4.0, 3.0, 3.5, 3.0, 4.0]  # best at epoch 2; then 3 non-improving steps
    decisions = []
    for epoch, v in enumerate(values):
        _set_weight(model, float(epoch))
        decisions.append(stopper.step(v, model))
    assert decisions == [False, False, False, False, False, True]
    assert stopper.best_epoch == 2
    assert stopper.best_value == 3.0
    stopper.restore(model)
    assert torch.equal(model.weight, torch.full_like(model.weight, 2.0))
    assert torch.equal(model.bias, torch.full_like(model.bias, 2.0))


def test_early_stopping_counter_resets_and_min_delta() -> None:
    model = nn.Linear(1, 1)
    stopper = EarlyStopping(patience=2, min_delta=0.1)
    # 1.95 is not better than 2.0 by more than 0.1; 1.5 is, and resets the counter.
    assert [stopper.step(v, model) for v in [2.0, 1.95, 1.5, 1.45, 1.6]] == [
        False,
        False,
        False,
        False,
        True,
    ]
    assert stopper.best_epoch == 2


def test_early_stopping_keeps_a_copy_not_a_reference() -> None:
    model = nn.Linear(1, 1)
    stopper = EarlyStopping(patience=1)
    _set_weight(model, 1.0)
    stopper.step(1.0, model)
    _set_weight(model, 7.0)  # in-place change after the save
    stopper.restore(model)
    assert model.weight.item() == 1.0


@pytest.mark.parametrize(("patience", "min_delta"), [(0, 0.0), (-1, 0.0), (1, -0.5)])
def test_early_stopping_rejects_bad_arguments(patience: int, min_delta: float) -> None:
    with pytest.raises(ValueError, match=r"patience|min_delta"):
        EarlyStopping(patience, min_delta)


def test_early_stopping_rejects_bad_types_and_nan() -> None:
    with pytest.raises(TypeError, match="patience must be an int, got bool"):
        EarlyStopping(True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="value must be a number, got nan"):
        EarlyStopping(1).step(float("nan"), nn.Linear(1, 1))


def test_early_stopping_restore_before_step_raises() -> None:
    with pytest.raises(RuntimeError, match="step"):
        EarlyStopping(1).restore(nn.Linear(1, 1))


@pytest.mark.parametrize(("n", "k"), [(10, 2), (10, 3), (7, 7), (23, 5)])
def test_kfold_covers_every_sample_once(n: int, k: int) -> None:
    folds = kfold_indices(n, k, seed=1)
    assert len(folds) == k
    vals = torch.cat([va for _, va in folds])
    assert sorted(vals.tolist()) == list(range(n))
    sizes = [len(va) for _, va in folds]
    assert max(sizes) - min(sizes) <= 1
    for tr, va in folds:
        assert set(tr.tolist()).isdisjoint(va.tolist())
        assert len(tr) + len(va) == n


def test_kfold_is_deterministic_per_seed() -> None:
    a, b, c = kfold_indices(20, 4, seed=3), kfold_indices(20, 4, seed=3), kfold_indices(20, 4)
    assert all(torch.equal(x[1], y[1]) for x, y in zip(a, b, strict=True))
    assert not all(torch.equal(x[1], y[1]) for x, y in zip(a, c, strict=True))


@pytest.mark.parametrize(("n", "k"), [(10, 1), (10, 11), (5, 0)])
def test_kfold_rejects_bad_k(n: int, k: int) -> None:
    with pytest.raises(ValueError, match="k must be"):
        kfold_indices(n, k)


def test_kfold_rejects_non_int() -> None:
    with pytest.raises(TypeError, match="k must be an int"):
        kfold_indices(10, 2.0)  # type: ignore[arg-type]


@pytest.mark.parametrize("alpha", [0.2, 1.0, 5.0])
def test_mixup_shapes_lambda_and_labels(alpha: float) -> None:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(8, 3, 4, 4, generator=g)
    y = F.one_hot(torch.arange(8) % 3, 3).float()
    xm, ym, lam = mixup(x, y, alpha, generator=g)
    assert xm.shape == x.shape
    assert ym.shape == y.shape
    assert 0.0 <= lam <= 1.0
    torch.testing.assert_close(ym.sum(dim=1), torch.ones(8))
    # every mixed row is lam * (its own row) + (1 - lam) * (some row of the batch)
    rest = (ym - lam * y) / (1 - lam) if lam < 1 else y
    assert all(any(torch.allclose(r, yy, atol=1e-5) for yy in y) for r in rest)


def test_mixup_is_deterministic_with_seeded_generator() -> None:
    x, y = torch.randn(6, 2), torch.eye(6)
    a = mixup(x, y, 0.4, generator=torch.Generator().manual_seed(5))
    b = mixup(x, y, 0.4, generator=torch.Generator().manual_seed(5))
    c = mixup(x, y, 0.4, generator=torch.Generator().manual_seed(6))
    assert a[2] == b[2]
    assert torch.equal(a[0], b[0])
    assert torch.equal(a[1], b[1])
    assert a[2] != c[2]


@pytest.mark.parametrize("alpha", [0.0, -1.0])
def test_mixup_rejects_non_positive_alpha(alpha: float) -> None:
    with pytest.raises(ValueError, match="alpha"):
        mixup(torch.randn(2, 2), torch.eye(2), alpha)


def test_mixup_rejects_bad_shapes() -> None:
    with pytest.raises(ValueError, match="same positive number of samples"):
        mixup(torch.randn(3, 2), torch.eye(2), 1.0)
    with pytest.raises(ValueError, match="y_onehot"):
        mixup(torch.randn(2, 2), torch.ones(2), 1.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_soft_cross_entropy_matches_torch_value_and_gradient(seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    z = torch.randn(5, 4, generator=g, dtype=torch.float64)
    q = torch.softmax(torch.randn(5, 4, generator=g, dtype=torch.float64), dim=1)
    z1, z2 = z.clone().requires_grad_(), z.clone().requires_grad_()
    ours, ref = soft_cross_entropy(z1, q), F.cross_entropy(z2, q)
    torch.testing.assert_close(ours, ref)
    ours.backward()
    ref.backward()
    torch.testing.assert_close(z1.grad, z2.grad)


def test_soft_cross_entropy_rejects_shape_mismatch() -> None:
    with pytest.raises(ValueError, match="target_probs must have the same shape as logits"):
        soft_cross_entropy(torch.randn(2, 3), torch.rand(2, 4))


def test_ensemble_average() -> None:
    p1 = torch.tensor([[0.9, 0.1], [0.2, 0.8]])
    p2 = torch.tensor([[0.5, 0.5], [0.4, 0.6]])
    torch.testing.assert_close(ensemble_average([p1, p2]), torch.tensor([[0.7, 0.3], [0.3, 0.7]]))
    torch.testing.assert_close(ensemble_average((p1,)), p1)
    with pytest.raises(ValueError, match="at least one"):
        ensemble_average([])
    with pytest.raises(ValueError, match=r"prob_list\[1\] must have the same shape"):
        ensemble_average([p1, torch.ones(3, 2)])


def test_l2_penalty_value_and_gradient_is_weight_decay_times_theta() -> None:
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2))
    wd = 0.05
    penalty = l2_penalty(model, wd)
    expected = 0.5 * wd * sum(float((p.detach() ** 2).sum()) for p in model.parameters())
    assert penalty.item() == pytest.approx(expected, rel=1e-6)
    penalty.backward()
    for p in model.parameters():
        assert p.grad is not None
        torch.testing.assert_close(p.grad, wd * p.detach())
    with pytest.raises(ValueError, match="weight_decay"):
        l2_penalty(model, -1.0)
