"""Tests for dlbasics._checks: each check accepts good input and names the argument on bad input.

For every check: good input comes back (numbers converted), the wrong kind of value is a
``TypeError`` (``bool`` is not an ``int`` nor a real number), a value out of range a
``ValueError``, and every message starts with the argument's name.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
import torch

from dlbasics._checks import (
    check_bool,
    check_choice,
    check_class_range,
    check_divisible,
    check_fraction,
    check_int,
    check_int_tuple,
    check_positive,
    check_positive_ints,
    check_real,
    check_same_length,
    check_same_shape,
    check_tensor,
)

# ------------------------------------------------------------------------------ good input


def test_numbers_come_back_checked_and_converted() -> None:
    assert check_int(3, "steps", low=1, high=3) == 3
    assert check_int(-5, "offset") == -5
    assert check_positive_ints(steps=1, batch_size=64) is None
    x = check_real(2, "lr", low=0)
    assert x == 2.0
    assert isinstance(x, float)
    assert check_real(math.inf, "limit", low=0) == math.inf  # only NaN is refused
    assert check_real(1.0, "p", low=0, high=1) == 1.0  # both ends inclusive by default
    assert check_positive(1e-8, "eps") == 1e-8
    assert check_fraction(0, "p") == 0.0
    assert check_fraction(1, "p", open_high=False) == 1.0
    assert check_bool(False, "flag") is False
    assert check_choice("adam", "optimizer", ("sgd", "adam")) == "adam"
    assert check_int_tuple((16, 64), "widths", low=1) is None
    assert check_divisible(32, "d_model", by=4, by_name="n_heads") == 32


def test_tensors_come_back_unchanged() -> None:
    x = torch.zeros(2, 4)
    assert check_tensor(x, "boxes", dim=2, shape=("N", 4), floating=True, nonempty=True) is x
    ids = torch.tensor([0, 2, 1])
    assert check_tensor(ids, "ids", shape=(3,), floating=False) is ids
    assert check_tensor(torch.zeros(0, 3), "x", shape=("N", 3)).shape == (0, 3)  # may be empty
    assert check_same_length(x=x, y=torch.zeros(2)) == 2
    assert check_same_shape(pred=x, target=torch.ones(2, 4), var=torch.ones(2, 4)) is None
    assert check_class_range(ids, "target", 3) is ids
    assert check_class_range(ids[:0], "target", 1).numel() == 0  # nothing to check


# ------------------------------------------------------------------------------ wrong kind

WRONG_KIND: list[tuple[Callable[[], object], str]] = [
    (lambda: check_int(True, "steps"), "steps must be an int, got bool"),
    (lambda: check_int(2.0, "steps"), "steps must be an int, got float"),
    (lambda: check_int("2", "steps"), "steps must be an int, got str"),
    (lambda: check_positive_ints(steps=10, batch_size=False), "batch_size must be an int"),
    (lambda: check_int_tuple((16, 2.0), "widths"), "widths must be an int, got float"),
    (lambda: check_real(True, "lr"), "lr must be a real number, got bool"),
    (lambda: check_real("0.1", "lr"), "lr must be a real number, got str"),
    (lambda: check_real(torch.tensor(0.1), "lr"), "lr must be a real number, got Tensor"),
    (lambda: check_positive(None, "eps"), "eps must be a real number, got NoneType"),
    (lambda: check_fraction(False, "p"), "p must be a real number, got bool"),
    (lambda: check_bool(1, "decoupled"), "decoupled must be a bool, got int"),
    (lambda: check_bool("yes", "decoupled"), "decoupled must be a bool, got str"),
    (lambda: check_tensor([1.0, 2.0], "x"), "x must be a torch.Tensor, got list"),
    (
        lambda: check_tensor(torch.zeros(2, dtype=torch.long), "x", floating=True),
        "x must be a floating-point tensor, got dtype torch.int64",
    ),
    (
        lambda: check_tensor(torch.zeros(2), "ids", floating=False),
        "ids must be an integer tensor, got dtype torch.float32",
    ),
    (
        lambda: check_tensor(torch.zeros(2, dtype=torch.bool), "ids", floating=False),
        "ids must be an integer tensor, got dtype torch.bool",
    ),
]


@pytest.mark.parametrize(("call", "message"), WRONG_KIND)
def test_wrong_kind_is_a_type_error_naming_the_argument(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(TypeError, match="^" + re.escape(message)):
        call()


# ---------------------------------------------------------------------------- out of range

OUT_OF_RANGE: list[tuple[Callable[[], object], str]] = [
    (lambda: check_int(0, "steps", low=1), "steps must be >= 1, got 0"),
    (lambda: check_int(27, "n_words", high=26), "n_words must be <= 26, got 27"),
    (lambda: check_positive_ints(steps=10, batch_size=0), "batch_size must be >= 1, got 0"),
    (lambda: check_int_tuple((), "widths", low=1), "widths must hold at least one int, got ()"),
    (lambda: check_int_tuple((16, 0), "widths", low=1), "widths must be >= 1, got 0"),
    (
        lambda: check_divisible(10, "d_model", by=4, by_name="n_heads"),
        "n_heads must divide d_model, got d_model=10, n_heads=4",
    ),
    (lambda: check_real(math.nan, "lr"), "lr must be a number, got nan"),
    (lambda: check_real(-0.1, "lr", low=0), "lr must be >= 0, got -0.1"),
    (lambda: check_real(0.0, "lr", low=0, low_open=True), "lr must be > 0, got 0.0"),
    (lambda: check_real(2.0, "x", high=1), "x must be <= 1, got 2.0"),
    (lambda: check_real(1.0, "x", high=1, high_open=True), "x must be < 1, got 1.0"),
    (
        lambda: check_real(0, "iou_threshold", low=0, high=1, low_open=True),
        "iou_threshold must be in (0, 1], got 0",
    ),
    (lambda: check_real(1.5, "p", low=0, high=1), "p must be in [0, 1], got 1.5"),
    (lambda: check_positive(0, "eps"), "eps must be > 0, got 0"),
    (lambda: check_positive(-1e-8, "eps"), "eps must be > 0, got -1e-08"),
    (lambda: check_fraction(1.0, "momentum"), "momentum must be in [0, 1), got 1.0"),
    (lambda: check_fraction(-0.1, "momentum"), "momentum must be in [0, 1), got -0.1"),
    (lambda: check_fraction(1.1, "p", open_high=False), "p must be in [0, 1], got 1.1"),
    (
        lambda: check_choice("lbfgs", "optimizer", ("sgd", "adam")),
        "optimizer must be one of ['sgd', 'adam'], got 'lbfgs'",
    ),
    (
        lambda: check_tensor(torch.zeros(2, 3), "x", dim=3),
        "x must have 3 dimensions, got shape (2, 3)",
    ),
    (
        lambda: check_tensor(torch.zeros(2, 3), "boxes", shape=("N", 4)),
        "boxes must have shape (N, 4), got (2, 3)",
    ),
    (
        lambda: check_tensor(torch.zeros(2, 4, 1), "boxes", shape=("N", 4)),
        "boxes must have shape (N, 4), got (2, 4, 1)",
    ),
    (
        lambda: check_tensor(torch.zeros(3), "target", shape=(2,)),
        "target must have shape (2,), got (3,)",
    ),
    (
        lambda: check_tensor(torch.zeros(2, 0), "logits", nonempty=True),
        "logits must not be empty, got shape (2, 0)",
    ),
    (
        lambda: check_same_length(x=torch.zeros(4, 2), y=torch.zeros(3)),
        "x and y must hold the same positive number of samples, got 4 and 3",
    ),
    (
        lambda: check_same_length(x=torch.zeros(0, 2), y=torch.zeros(0)),
        "x and y must hold the same positive number of samples, got 0 and 0",
    ),
    (
        lambda: check_same_shape(pred=torch.zeros(3), target=torch.zeros(3), var=torch.zeros(1, 3)),
        "var must have the same shape as pred (3,), got (1, 3)",
    ),
    (
        lambda: check_class_range(torch.tensor([0, 3]), "target", 3),
        "target must hold class indices in [0, 3), got values in [0, 3]",
    ),
    (
        lambda: check_class_range(torch.tensor([-1, 0]), "preds", 2),
        "preds must hold class indices in [0, 2), got values in [-1, 0]",
    ),
]


@pytest.mark.parametrize(("call", "message"), OUT_OF_RANGE)
def test_out_of_range_is_a_value_error_naming_the_argument(
    call: Callable[[], object], message: str
) -> None:
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        call()
