"""Opt-in progress bars for loops where a person waits (example scripts), silent otherwise."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def progress_bar(
    items: Iterable[T], *, desc: str, enabled: bool, total: int | None = None
) -> Iterable[T]:
    """Wrap ``items`` in a ``tqdm.auto`` bar when ``enabled``, else return them unchanged.

    Every experiment's ``progress`` flag ends here, so a page (``progress=False``) never
    imports tqdm, which warns inside a widget-less notebook kernel.

    Example:
        >>> list(progress_bar(range(3), desc="train", enabled=False))
        [0, 1, 2]
    """
    if not enabled:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, total=total, leave=False)
