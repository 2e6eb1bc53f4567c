"""Experiments: one module per page, each the same shape, so any page reads like any other.

The convention every page experiment follows:

- **A config**: ``XConfig``, a ``@dataclass(frozen=True, kw_only=True)`` with a comment per
  field and a ``seed: int = 0`` field. Its ``__post_init__`` checks every field once, with the
  one-line checks of :mod:`dlbasics._checks` (``TypeError``/``ValueError`` naming the field).
  Defaults are what the page shows; tests and doctests shrink them with keywords.
- **One entry point**: ``run_x(config: XConfig, *, progress: bool = False) -> XResult``. It
  seeds everything from ``config.seed``, trains, measures, and returns numbers. It never prints
  or plots; ``progress=True`` shows a bar (through :func:`dlbasics.progress.progress_bar`) for
  example scripts where a person waits. Where a page compares several runs (reversed source or
  not, six optimizers, plain or residual), the one call makes them all and the result holds
  them, so they share data and seed by construction.
- **A result**: ``XResult``, a ``@dataclass(frozen=True, kw_only=True)`` of plain numbers and
  tuples (and the small tensors a figure needs), with the config it came from. Always built
  with keywords, so a reordered field can never swap two curves.
- **Figures**: functions in :mod:`dlbasics.plot` that take the result (never train).

Helpers that a page shows on their own (a loss surface, a bias-correction curve, a table of
model sizes) are plain public functions with their own checks. Anything written once for two
pages lives once, in the lower layer (``data``, ``models``, ``optim``, ``train``), and both
import it.

Example:
    >>> from dlbasics.experiments.components import (
    ...     FourComponentsConfig,
    ...     run_four_components,
    ... )
    >>> result = run_four_components(FourComponentsConfig(steps=5))
    >>> len(result.loss)
    5
"""
