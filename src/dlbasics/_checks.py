"""Argument checks for the whole library: one line each, at a public boundary (private module).

Every check returns the value it checked (a number as ``int``/``float``, a tensor as is) or
raises ``TypeError`` for the wrong kind of value and ``ValueError`` for a value out of range,
naming the argument and what was expected. Configs call them in ``__post_init__``, public
functions once on entry; code inside the library trusts what has been checked.

Example:
    >>> check_int(3, "steps", low=1)
    3
    >>> check_int(True, "steps")
    Traceback (most recent call last):
    ...
    TypeError: steps must be an int, got bool
    >>> check_real(0.0, "lr", low=0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: lr must be > 0, got 0.0
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TypeVar

import torch

T = TypeVar("T")


def check_int(value: object, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` if it is an ``int`` (not a ``bool``) in ``[low, high]``, else raise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if low is not None and value < low:
        raise ValueError(f"{name} must be >= {low}, got {value}")
    if high is not None and value > high:
        raise ValueError(f"{name} must be <= {high}, got {value}")
    return value


def check_positive_ints(**values: object) -> None:
    """Check that every keyword's value is an ``int >= 1`` (sizes, counts, steps).

    Example:
        >>> check_positive_ints(steps=10, batch_size=0)
        Traceback (most recent call last):
        ...
        ValueError: batch_size must be >= 1, got 0
    """
    for name, value in values.items():
        check_int(value, name, low=1)


def check_int_tuple(values: tuple[object, ...], name: str, *, low: int | None = None) -> None:
    """Check that ``values`` holds at least one ``int``, each ``>= low`` (stage widths, sizes).

    Example:
        >>> check_int_tuple((16, 0), "widths", low=1)
        Traceback (most recent call last):
        ...
        ValueError: widths must be >= 1, got 0
    """
    if not values:
        raise ValueError(f"{name} must hold at least one int, got {values!r}")
    for value in values:
        check_int(value, name, low=low)


def check_divisible(value: int, name: str, *, by: int, by_name: str) -> int:
    """Return ``value`` if ``by`` divides it (heads into a width), else raise ``ValueError``.

    Example:
        >>> check_divisible(10, "d_model", by=4, by_name="n_heads")
        Traceback (most recent call last):
        ...
        ValueError: n_heads must divide d_model, got d_model=10, n_heads=4
    """
    if value % by:
        raise ValueError(f"{by_name} must divide {name}, got {name}={value}, {by_name}={by}")
    return value


def check_real(
    value: object,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a ``float`` if it is a real number (not NaN) in the given interval.

    ``low``/``high`` are inclusive unless ``low_open``/``high_open``. With both ends given, the
    message names the interval.

    Example:
        >>> check_real(1.0, "momentum", low=0, high=1, high_open=True)
        Traceback (most recent call last):
        ...
        ValueError: momentum must be in [0, 1), got 1.0
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    x = float(value)
    if x != x:
        raise ValueError(f"{name} must be a number, got nan")
    above_low = low is None or (x > low if low_open else x >= low)
    below_high = high is None or (x < high if high_open else x <= high)
    if above_low and below_high:
        return x
    if low is not None and high is not None:
        interval = f"{'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
        raise ValueError(f"{name} must be in {interval}, got {value}")
    if low is not None:
        raise ValueError(f"{name} must be {'>' if low_open else '>='} {low}, got {value}")
    raise ValueError(f"{name} must be {'<' if high_open else '<='} {high}, got {value}")


def check_positive(value: object, name: str) -> float:
    """Return ``value`` as a ``float`` if it is a real number ``> 0`` (a rate, a scale)."""
    return check_real(value, name, low=0, low_open=True)


def check_fraction(value: object, name: str, *, open_high: bool = True) -> float:
    """Return ``value`` if it lies in ``[0, 1)`` (or ``[0, 1]`` with ``open_high=False``)."""
    return check_real(value, name, low=0, high=1, high_open=open_high)


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is a ``bool``, else raise ``TypeError``."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def check_choice(value: T, name: str, choices: Collection[T]) -> T:
    """Return ``value`` if it is one of ``choices``, else raise ``ValueError`` listing them.

    Example:
        >>> check_choice("adam", "optimizer", ("sgd", "adam"))
        'adam'
        >>> check_choice("lbfgs", "optimizer", ("sgd", "adam"))
        Traceback (most recent call last):
        ...
        ValueError: optimizer must be one of ['sgd', 'adam'], got 'lbfgs'
    """
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def check_tensor(
    x: object,
    name: str,
    *,
    dim: int | None = None,
    shape: tuple[int | str, ...] | None = None,
    floating: bool | None = None,
    nonempty: bool = False,
) -> torch.Tensor:
    """Return ``x`` if it is a tensor of the asked dimensions, shape, kind of dtype and size.

    ``shape`` lists the sizes: an ``int`` must match, a ``str`` (``"N"``) matches any size and
    only names it in the message. ``floating=True`` asks for a floating-point dtype, ``False``
    for an integer one (not ``bool``), ``None`` for any. ``nonempty`` refuses zero elements.

    Example:
        >>> check_tensor(torch.zeros(2, 3), "x", dim=3)
        Traceback (most recent call last):
        ...
        ValueError: x must have 3 dimensions, got shape (2, 3)
        >>> check_tensor(torch.zeros(2, 3), "boxes", shape=("N", 4))
        Traceback (most recent call last):
        ...
        ValueError: boxes must have shape (N, 4), got (2, 3)
    """
    if not isinstance(x, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if dim is not None and x.dim() != dim:
        raise ValueError(f"{name} must have {dim} dimensions, got shape {tuple(x.shape)}")
    if shape is not None and (
        x.dim() != len(shape)
        or any(isinstance(s, int) and n != s for n, s in zip(x.shape, shape, strict=True))
    ):
        want = "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"
        raise ValueError(f"{name} must have shape {want}, got {tuple(x.shape)}")
    if floating is True and not x.dtype.is_floating_point:
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {x.dtype}")
    if floating is False and (
        x.dtype.is_floating_point or x.dtype.is_complex or x.dtype == torch.bool
    ):
        raise TypeError(f"{name} must be an integer tensor, got dtype {x.dtype}")
    if nonempty and x.numel() == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(x.shape)}")
    return x


def check_same_shape(**tensors: torch.Tensor) -> None:
    """Raise ``ValueError`` unless every tensor has the shape of the first one.

    Example:
        >>> check_same_shape(pred=torch.zeros(3), target=torch.zeros(2))
        Traceback (most recent call last):
        ...
        ValueError: target must have the same shape as pred (3,), got (2,)
    """
    (first, ref), *rest = tensors.items()
    for name, t in rest:
        if t.shape != ref.shape:
            raise ValueError(
                f"{name} must have the same shape as {first} {tuple(ref.shape)}, "
                f"got {tuple(t.shape)}"
            )


def check_class_range(x: torch.Tensor, name: str, num_classes: int) -> torch.Tensor:
    """Return ``x`` if every entry is a class index in ``[0, num_classes)``, else raise.

    Example:
        >>> check_class_range(torch.tensor([0, 3]), "target", 3)
        Traceback (most recent call last):
        ...
        ValueError: target must hold class indices in [0, 3), got values in [0, 3]
    """
    if x.numel() > 0 and (int(x.min()) < 0 or int(x.max()) >= num_classes):
        raise ValueError(
            f"{name} must hold class indices in [0, {num_classes}), "
            f"got values in [{int(x.min())}, {int(x.max())}]"
        )
    return x


def check_same_length(**tensors: torch.Tensor) -> int:
    """Return the common, positive first-dimension size of ``tensors``, else raise ``ValueError``.

    Example:
        >>> check_same_length(x=torch.zeros(4, 2), y=torch.zeros(3))
        Traceback (most recent call last):
        ...
        ValueError: x and y must hold the same positive number of samples, got 4 and 3
    """
    sizes = [t.shape[0] if t.dim() else 0 for t in tensors.values()]
    if len(set(sizes)) != 1 or sizes[0] == 0:
        names = " and ".join(tensors)
        got = " and ".join(str(s) for s in sizes)
        raise ValueError(f"{names} must hold the same positive number of samples, got {got}")
    return sizes[0]
