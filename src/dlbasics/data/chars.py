r"""Character-level text that ships with Python itself: a few standard-library source files.

Nothing is downloaded: the files are located with :func:`inspect.getsourcefile`, so every
machine with Python 3.11 reads the same modules (their text may differ by a few lines between
patch releases). The text is Python code with long English docstrings, enough for a small
character-level language model to learn indentation, keywords and common words.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass
from pathlib import Path

import torch

from dlbasics._checks import check_positive_ints, check_real, check_tensor

#: The standard-library modules whose source makes the corpus, in this order.
STDLIB_MODULES: tuple[str, ...] = (
    "heapq",
    "textwrap",
    "bisect",
    "string",
    "queue",
    "sched",
    "graphlib",
    "colorsys",
    "fnmatch",
    "reprlib",
    "numbers",
)


def stdlib_source(modules: tuple[str, ...] = STDLIB_MODULES) -> str:
    """Read the source of standard-library modules and join it, ASCII only.

    Tabs become four spaces and every other non-ASCII or control character (except the
    newline) becomes ``?``, so the vocabulary stays small and printable.

    Args:
        modules: module names; each must have a ``.py`` source file.

    Returns:
        The files' text joined by blank lines.

    Raises:
        ValueError: if ``modules`` is empty or a module has no source file.

    Example:
        >>> stdlib_source(("bisect",)).splitlines()[0][3:-3]
        'Bisection algorithms.'
    """
    if not modules:
        raise ValueError("modules must name at least one module")
    texts = []
    for name in modules:
        try:
            path = inspect.getsourcefile(importlib.import_module(name))
        except TypeError:  # a built-in module, written in C
            path = None
        if path is None or not path.endswith(".py"):
            raise ValueError(f"module {name!r} has no Python source file")
        text = Path(path).read_text(encoding="utf-8").replace("\t", "    ")
        texts.append("".join(c if c == "\n" or " " <= c <= "~" else "?" for c in text))
    return "\n\n".join(texts)


@dataclass(frozen=True, kw_only=True)
class CharVocab:
    """The characters of a text, one id each, in sorted order.

    Example:
        >>> v = CharVocab.from_text("hello")
        >>> v.chars, v.encode("hole").tolist(), v.decode(v.encode("hole"))
        ('ehlo', [1, 3, 2, 0], 'hole')
    """

    chars: str  # the distinct characters, sorted; a character's id is its index here

    @classmethod
    def from_text(cls, text: str) -> CharVocab:
        """Build the vocabulary of ``text`` (which must not be empty)."""
        if not text:
            raise ValueError("text must not be empty")
        return cls(chars="".join(sorted(set(text))))

    @property
    def size(self) -> int:
        """Number of distinct characters."""
        return len(self.chars)

    def encode(self, text: str) -> torch.Tensor:
        """Characters to ids, ``(len(text),)`` int64; unknown characters raise ``ValueError``."""
        index = {c: i for i, c in enumerate(self.chars)}
        unknown = sorted(set(text) - index.keys())
        if unknown:
            raise ValueError(f"characters not in the vocabulary: {unknown!r}")
        return torch.tensor([index[c] for c in text], dtype=torch.int64)

    def decode(self, ids: torch.Tensor) -> str:
        """Ids ``(T,)`` back to text."""
        check_tensor(ids, "ids", shape=("T",))
        return "".join(self.chars[i] for i in ids.tolist())


@dataclass(frozen=True, kw_only=True)
class CharCorpus:
    """A text split into training and validation ids.

    Shape:
        - ``train``: ``(N_train,)`` int64 character ids.
        - ``val``: ``(N_val,)`` int64 character ids.
    """

    vocab: CharVocab
    train: torch.Tensor
    val: torch.Tensor


def char_corpus(text: str | None = None, val_fraction: float = 0.1) -> CharCorpus:
    """Encode a text (by default :func:`stdlib_source`) and hold out its last part.

    The vocabulary is built from the whole text, so validation has no unknown characters.

    Args:
        text: the text; ``None`` reads the standard-library corpus.
        val_fraction: share of characters held out at the end, in (0, 1).

    Returns:
        A :class:`CharCorpus`.

    Example:
        >>> c = char_corpus("abcabcabca", val_fraction=0.2)
        >>> c.vocab.size, c.train.shape, c.val.tolist()
        (3, torch.Size([8]), [2, 0])
    """
    check_real(val_fraction, "val_fraction", low=0, high=1, low_open=True, high_open=True)
    text = stdlib_source() if text is None else text
    vocab = CharVocab.from_text(text)
    ids = vocab.encode(text)  # (N,)
    n_val = max(1, round(val_fraction * len(ids)))
    if n_val >= len(ids):
        raise ValueError(f"text of {len(ids)} characters is too short to split")
    return CharCorpus(vocab=vocab, train=ids[:-n_val], val=ids[-n_val:])


def random_windows(
    ids: torch.Tensor, batch_size: int, block_size: int, generator: torch.Generator | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """Cut ``batch_size`` random windows of ``block_size`` characters and their next characters.

    Args:
        ids: ``(N,)`` character ids, ``N > block_size``.
        batch_size: B, at least 1.
        block_size: T, at least 1.
        generator: where the window starts come from.

    Returns:
        ``(x, y)`` with ``y[:, t] == ids[start + t + 1]``, the character after ``x[:, t]``.

    Shape:
        - ``x``, ``y``: ``(B, T)`` int64.

    Example:
        >>> x, y = random_windows(
        ...     torch.arange(10), 2, 4, torch.Generator().manual_seed(0)
        ... )
        >>> x.shape, bool((y == x + 1).all())
        (torch.Size([2, 4]), True)
    """
    check_positive_ints(batch_size=batch_size, block_size=block_size)
    if ids.dim() != 1 or len(ids) <= block_size:
        raise ValueError(f"ids must have shape (N,) with N > block_size={block_size}")
    starts = torch.randint(len(ids) - block_size, (batch_size,), generator=generator)  # (B,)
    offsets = torch.arange(block_size)  # (T,)
    x = ids[starts[:, None] + offsets]  # (B, T)
    y = ids[starts[:, None] + offsets + 1]  # (B, T)
    return x, y
