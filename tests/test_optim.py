"""Tests for dlbasics.optim: each optimizer follows its torch.optim twin step by step."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import torch
from torch import nn

from dlbasics.optim import SGD, Adagrad, Adam, Momentum, Nesterov, RMSprop

OptFactory = Callable[[Any], torch.optim.Optimizer]
STEPS = 100

# (id, ours, torch's twin); every pair is built with the same hyper-parameters.
TWINS: list[tuple[str, OptFactory, OptFactory]] = [
    ("sgd", lambda p: SGD(p, lr=0.05), lambda p: torch.optim.SGD(p, lr=0.05)),
    (
        "sgd-wd",
        lambda p: SGD(p, lr=0.05, weight_decay=0.1),
        lambda p: torch.optim.SGD(p, lr=0.05, weight_decay=0.1),
    ),
    (
        "momentum",
        lambda p: Momentum(p, lr=0.02, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.9),
    ),
    (
        "momentum-wd",
        lambda p: Momentum(p, lr=0.02, momentum=0.8, weight_decay=0.1),
        lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.8, weight_decay=0.1),
    ),
    (
        "nesterov",
        lambda p: Nesterov(p, lr=0.02, momentum=0.9),
        lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.9, nesterov=True),
    ),
    (
        "nesterov-wd",
        lambda p: Nesterov(p, lr=0.02, momentum=0.8, weight_decay=0.1),
        lambda p: torch.optim.SGD(p, lr=0.02, momentum=0.8, nesterov=True, weight_decay=0.1),
    ),
    ("adagrad", lambda p: Adagrad(p, lr=0.05), lambda p: torch.optim.Adagrad(p, lr=0.05)),
    (
        "adagrad-wd",
        lambda p: Adagrad(p, lr=0.05, eps=1e-8, weight_decay=0.1),
        lambda p: torch.optim.Adagrad(p, lr=0.05, eps=1e-8, weight_decay=0.1),
    ),
    ("rmsprop", lambda p: RMSprop(p, lr=1e-3), lambda p: torch.optim.RMSprop(p, lr=1e-3)),
    (
        "rmsprop-wd",
        lambda p: RMSprop(p, lr=1e-3, alpha=0.9, eps=1e-6, weight_decay=0.1),
        lambda p: torch.optim.RMSprop(p, lr=1e-3, alpha=0.9, eps=1e-6, weight_decay=0.1),
    ),
    ("adam", lambda p: Adam(p, lr=1e-2), lambda p: torch.optim.Adam(p, lr=1e-2)),
    (
        "adam-l2",
        lambda p: Adam(p, lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
        lambda p: torch.optim.Adam(p, lr=1e-2, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1),
    ),
    (
        "adamw",
        lambda p: Adam(p, lr=1e-2, weight_decay=0.1, decoupled=True),
        lambda p: torch.optim.AdamW(p, lr=1e-2, weight_decay=0.1),
    ),
]


def make_mlp(seed: int = 0) -> nn.Module:
    """A small 2-layer MLP with seeded weights."""
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 16), nn.Tanh(), nn.Linear(16, 1))


def minibatches(seed: int = 0, n: int = STEPS) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """``n`` random regression minibatches ``(x, y)`` of 8 rows each."""
    gen = torch.Generator().manual_seed(seed)
    return [(torch.randn(8, 5, generator=gen), torch.randn(8, 1, generator=gen)) for _ in range(n)]


@pytest.mark.parametrize(("ours", "theirs"), [t[1:] for t in TWINS], ids=[t[0] for t in TWINS])
def test_matches_torch_twin_every_step(ours: OptFactory, theirs: OptFactory) -> None:
    model_a = make_mlp()
    model_b = copy.deepcopy(model_a)
    opt_a, opt_b = ours(model_a.parameters()), theirs(model_b.parameters())
    for step, (x, y) in enumerate(minibatches()):
        for model, opt in ((model_a, opt_a), (model_b, opt_b)):
            opt.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            opt.step()
        for (name, a), b in zip(model_a.named_parameters(), model_b.parameters(), strict=True):
            torch.testing.assert_close(a, b, msg=lambda m, s=step, n=name: f"step {s} {n}: {m}")


def test_parameters_actually_move() -> None:
    """Guard against a vacuous twin test: every optimizer changes the weights."""
    for _, ours, _ in TWINS:
        model = make_mlp()
        before = [p.detach().clone() for p in model.parameters()]
        opt = ours(model.parameters())
        x, y = minibatches(n=1)[0]
        nn.functional.mse_loss(model(x), y).backward()
        opt.step()
        assert all(not torch.equal(b, p) for b, p in zip(before, model.parameters(), strict=True))


@pytest.mark.parametrize("factory", [t[1] for t in TWINS], ids=[t[0] for t in TWINS])
def test_closure_returns_loss_and_params_without_grad_are_skipped(factory: OptFactory) -> None:
    w = torch.tensor([1.0, -2.0], requires_grad=True)
    frozen = torch.tensor([3.0], requires_grad=True)  # never gets a gradient
    opt = factory([w, frozen])

    def closure() -> float:
        opt.zero_grad()
        loss = (w**2).sum()
        loss.backward()
        return float(loss.detach())

    assert opt.step(closure) == pytest.approx(5.0)
    assert float((w.detach() ** 2).sum()) < 5.0
    assert frozen.detach().item() == 3.0


BAD_HYPERPARAMETERS: list[tuple[Callable[[list[torch.Tensor]], object], str]] = [
    (lambda p: SGD(p, lr=-0.1), "lr"),
    (lambda p: SGD(p, lr=0.1, weight_decay=-1.0), "weight_decay"),
    (lambda p: Momentum(p, lr=0.1, momentum=1.0), "momentum"),
    (lambda p: Momentum(p, lr=0.1, momentum=-0.1), "momentum"),
    (lambda p: Nesterov(p, lr=0.1, momentum=1.5), "momentum"),
    (lambda p: Nesterov(p, lr=-1.0), "lr"),
    (lambda p: Adagrad(p, eps=0.0), "eps"),
    (lambda p: Adagrad(p, weight_decay=-0.5), "weight_decay"),
    (lambda p: RMSprop(p, alpha=1.0), "alpha"),
    (lambda p: RMSprop(p, alpha=-0.01), "alpha"),
    (lambda p: RMSprop(p, eps=-1e-8), "eps"),
    (lambda p: Adam(p, lr=-1e-3), "lr"),
    (lambda p: Adam(p, betas=(1.0, 0.999)), "betas"),
    (lambda p: Adam(p, betas=(0.9, -0.1)), "betas"),
    (lambda p: Adam(p, eps=0.0), "eps"),
    (lambda p: Adam(p, weight_decay=-0.01, decoupled=True), "weight_decay"),
]


@pytest.mark.parametrize(("factory", "name"), BAD_HYPERPARAMETERS)
def test_bad_hyperparameters_raise(
    factory: Callable[[list[torch.Tensor]], object], name: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{name}\b.*(\[0, 1\)|>= 0|> 0)"):
        factory([torch.zeros(2, requires_grad=True)])


BAD_TYPES: list[tuple[Callable[[list[torch.Tensor]], object], str]] = [
    (lambda p: SGD(p, lr=True), "lr must be a real number, got bool"),
    (lambda p: Momentum(p, lr=0.1, momentum="0.9"), "momentum must be a real number, got str"),
    (lambda p: Adam(p, betas=(0.9,)), r"betas must be a pair"),
    (lambda p: Adam(p, decoupled=1), "decoupled must be a bool, got int"),
]


@pytest.mark.parametrize(("factory", "match"), BAD_TYPES)
def test_bad_hyperparameter_types_raise(
    factory: Callable[[list[torch.Tensor]], object], match: str
) -> None:
    with pytest.raises(TypeError, match=match):
        factory([torch.zeros(2, requires_grad=True)])


def test_adam_beats_sgd_on_ill_conditioned_quadratic() -> None:
    """Adam's per-coordinate scaling fixes what one global lr cannot on f = 1/2 sum_i h_i w_i^2.

    With lr = 1e-3, SGD's step on coordinate i is lr * h_i * w_i: the flat directions (h_i = 0.01)
    barely move in 200 steps. Adam's step is about lr whatever h_i, enough to cover |w_i| = 0.1.
    """
    h = torch.logspace(-2, 2, 10)  # curvatures from 1e-2 to 1e2: condition number 1e4

    def final_loss(make: Callable[[list[torch.Tensor]], torch.optim.Optimizer]) -> float:
        w = torch.full((10,), 0.1, requires_grad=True)
        opt = make([w])
        for _ in range(200):
            opt.zero_grad()
            (0.5 * (h * w**2).sum()).backward()
            opt.step()
        return float(0.5 * (h * w.detach() ** 2).sum())

    start = float(0.5 * h.sum() * 0.1**2)
    adam, sgd = final_loss(lambda p: Adam(p, lr=1e-3)), final_loss(lambda p: SGD(p, lr=1e-3))
    assert adam < sgd / 10
    assert sgd < start
