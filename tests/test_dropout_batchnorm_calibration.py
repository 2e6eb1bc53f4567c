"""From-scratch Dropout and BatchNorm1d against torch, and the calibration metric."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from dlbasics.metrics.calibration import expected_calibration_error, reliability_bins
from dlbasics.nn.batchnorm import BatchNorm1d
from dlbasics.nn.dropout import Dropout


def test_dropout_keeps_the_mean_and_drops_the_right_share():
    torch.manual_seed(0)
    drop = Dropout(0.3)
    x = torch.ones(200, 500)
    y = drop(x)
    assert set(y.unique().tolist()) <= {0.0, torch.tensor(1 / 0.7).item()}
    assert (y == 0).float().mean().item() == pytest.approx(0.3, abs=0.01)
    assert y.mean().item() == pytest.approx(1.0, abs=0.02)
    assert torch.equal(drop.eval()(x), x)
    assert torch.equal(Dropout(0.0)(x), x)


def test_dropout_gradient_flows_only_through_kept_units():
    torch.manual_seed(1)
    x = torch.ones(4, 10, requires_grad=True)
    y = Dropout(0.5)(x)
    y.sum().backward()
    torch.testing.assert_close(x.grad, (y.detach() != 0).float() * 2.0)


@pytest.mark.parametrize("p", [-0.1, 1.0, 1.5])
def test_dropout_rejects_bad_p(p):
    with pytest.raises(ValueError, match=r"p must be in \[0, 1\)"):
        Dropout(p)


def test_batchnorm_matches_torch_in_training_and_evaluation():
    torch.manual_seed(0)
    ours, theirs = BatchNorm1d(6, momentum=0.2), nn.BatchNorm1d(6, momentum=0.2)
    with torch.no_grad():
        theirs.weight.uniform_(0.5, 1.5)
        theirs.bias.copy_(torch.linspace(-1, 1, 6))
        ours.gamma.copy_(theirs.weight)
        ours.beta.copy_(theirs.bias)
    for _ in range(3):
        x = torch.randn(16, 6) * 3 + 1
        xa, xb = x.clone().requires_grad_(), x.clone().requires_grad_()
        ya, yb = ours(xa), theirs(xb)
        torch.testing.assert_close(ya, yb)
        w = torch.randn(16, 6)
        (ya * w).sum().backward()
        (yb * w).sum().backward()
        torch.testing.assert_close(xa.grad, xb.grad)
        torch.testing.assert_close(ours.gamma.grad, theirs.weight.grad)
        ours.gamma.grad = theirs.weight.grad = None
        ours.beta.grad = theirs.bias.grad = None
    torch.testing.assert_close(ours.running_mean, theirs.running_mean)
    torch.testing.assert_close(ours.running_var, theirs.running_var)
    ours.eval()
    theirs.eval()
    x = torch.randn(5, 6)
    torch.testing.assert_close(ours(x), theirs(x))


def test_batchnorm_rejects_bad_input():
    with pytest.raises(ValueError, match="num_features"):
        BatchNorm1d(0)
    with pytest.raises(ValueError, match="momentum"):
        BatchNorm1d(3, momentum=0.0)
    with pytest.raises(ValueError, match=r"shape \(B, 3\)"):
        BatchNorm1d(3)(torch.zeros(4, 2))
    with pytest.raises(ValueError, match="at least 2 samples"):
        BatchNorm1d(3)(torch.zeros(1, 3))


def test_ece_is_zero_when_calibrated_and_catches_overconfidence():
    # 10 predictions at 70% confidence, 7 of them right: perfectly calibrated
    probs = torch.tensor([[0.7, 0.3]] * 10)
    y = torch.tensor([0] * 7 + [1] * 3)
    assert expected_calibration_error(probs, y) == pytest.approx(0.0, abs=1e-6)
    sure = torch.tensor([[1.0, 0.0]] * 10)
    assert expected_calibration_error(sure, y) == pytest.approx(0.3, abs=1e-6)
    b = reliability_bins(probs, y, n_bins=5)
    assert b.count.sum().item() == 10
    assert b.count[3].item() == 10


def test_ece_rejects_bad_input():
    with pytest.raises(ValueError, match="n_bins"):
        reliability_bins(torch.ones(2, 2) / 2, torch.zeros(2, dtype=torch.int64), n_bins=0)
    with pytest.raises(ValueError, match="probs and targets must hold the same"):
        reliability_bins(torch.ones(2, 2) / 2, torch.zeros(3, dtype=torch.int64))
    with pytest.raises(TypeError, match="integer"):
        reliability_bins(torch.ones(2, 2) / 2, torch.zeros(2))
