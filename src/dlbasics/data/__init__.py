"""Datasets made in code or shipped inside a pip package: nothing is downloaded.

``load_digits_split`` is loaded on first use (PEP 562), so the modules that make data in code
(``dlbasics.data.translation``, ``.markov``...) do not import scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dlbasics.data.digits import Split, load_digits_split

__all__ = ["Split", "load_digits_split"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from dlbasics.data import digits

        return getattr(digits, name)
    raise AttributeError(f"module 'dlbasics.data' has no attribute {name!r}")
