r"""Claims as code: each sentence of a page that states a comparison or a range, as a predicate.

A page experiment module keeps its page's claims next to the experiment, one predicate per
sentence, registered on a :class:`Claims` object for its result type:

.. code-block:: python

    CLAIMS = Claims("history/seq2seq")


    @CLAIMS.claim("The reversed model is more accurate at every position.")
    def reversed_wins_at_every_position(r: SourceReversalResult) -> bool:
        return all(
            b > a
            for a, b in zip(
                r.forward.position_accuracy, r.reversed.position_accuracy
            )
        )

The page checks them for the seed it shows (``CLAIMS.check(result)`` in a hidden cell: a false
claim fails the build), the tests check them for seeds 0-4, and the book lists them all
(:func:`claims_list`), so a reader can see what is checked.

Example:
    >>> claims = Claims("demo")
    >>> @claims.claim("The two add up to less than three.")
    ... def small_sum(r: tuple[int, int]) -> bool:
    ...     return sum(r) < 3
    >>> claims.evaluate((1, 1))
    {'small_sum': True}
    >>> claims.check((2, 2))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dlbasics.claims.ClaimError: demo: 1 of 1 claims fail: small_sum (The two ...)
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

R = TypeVar("R")


class ClaimError(AssertionError):
    """A page states something its own run does not show."""


@dataclass(frozen=True, kw_only=True)
class Claim(Generic[R]):
    """One sentence of a page and the predicate on the experiment's result that makes it true."""

    page: str  # the page's Sphinx docname, e.g. "history/seq2seq"
    sentence: str  # what the page says, in the page's words (numbers may be left out)
    predicate: Callable[[R], bool]  # the result -> whether the sentence holds

    @property
    def name(self) -> str:
        """The predicate's name, e.g. ``reversed_wins_at_every_position``."""
        return self.predicate.__name__

    @property
    def code(self) -> str:
        """The predicate's body (its returned expression), for the list of claims."""
        tree = ast.parse(textwrap.dedent(inspect.getsource(self.predicate)))
        function = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))
        body = [
            n
            for n in function.body
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))  # docstring
        ]
        if len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None:
            return ast.unparse(body[0].value)
        return "; ".join(ast.unparse(n) for n in body)


class Claims(Generic[R]):
    """The claims one page makes about one kind of result."""

    def __init__(self, page: str) -> None:
        self.page = page
        self._claims: list[Claim[R]] = []

    def claim(self, sentence: str) -> Callable[[Callable[[R], bool]], Callable[[R], bool]]:
        """Register the decorated predicate as the claim that ``sentence`` makes."""

        def register(predicate: Callable[[R], bool]) -> Callable[[R], bool]:
            if any(c.name == predicate.__name__ for c in self._claims):
                raise ValueError(f"{self.page}: a claim named {predicate.__name__} exists")
            self._claims.append(Claim(page=self.page, sentence=sentence, predicate=predicate))
            return predicate

        return register

    def __iter__(self) -> Iterator[Claim[R]]:
        return iter(self._claims)

    def __len__(self) -> int:
        return len(self._claims)

    def evaluate(self, result: R) -> dict[str, bool]:
        """Each claim's name and whether it holds for ``result``."""
        return {c.name: bool(c.predicate(result)) for c in self._claims}

    def check(self, result: R) -> None:
        """Raise :class:`ClaimError` naming every claim that ``result`` does not support."""
        failed = [c for c in self._claims if not c.predicate(result)]
        if failed:
            names = "; ".join(f"{c.name} ({c.sentence})" for c in failed)
            raise ClaimError(f"{self.page}: {len(failed)} of {len(self)} claims fail: {names}")


def all_claims() -> list[Claims[Any]]:
    """Every :class:`Claims` defined in the modules of :mod:`dlbasics.experiments`."""
    import dlbasics.experiments as package

    found: list[Claims[Any]] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found += [v for v in vars(module).values() if isinstance(v, Claims) and v not in found]
    return sorted(found, key=lambda claims: claims.page)


def claims_list(groups: list[Claims[Any]] | None = None) -> str:
    """MyST Markdown listing every claim under its page: the sentence, then its predicate.

    A list, not a table: the predicates are long code, which a table would squeeze into a
    narrow column (and a phone into single characters).

    Example:
        >>> claims = Claims("history/example")
        >>> @claims.claim("One is less than two.")
        ... def one_is_less(r: int) -> bool:
        ...     return r < 2
        >>> print(claims_list([claims]))
        **{doc}`/history/example`**
        <BLANKLINE>
        - One is less than two. `r < 2`
    """
    by_page: dict[str, list[str]] = {}
    for claims in all_claims() if groups is None else groups:
        items = by_page.setdefault(claims.page, [])
        items += [f"- {c.sentence} `{' '.join(c.code.split())}`" for c in claims]
    return "\n\n".join(
        f"**{{doc}}`/{page}`**\n\n" + "\n".join(items) for page, items in by_page.items()
    )
