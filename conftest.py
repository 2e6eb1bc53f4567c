"""Close every matplotlib figure after each test and doctest.

Plot functions return figures and leave closing to the caller; without this, a pytest-xdist
worker running many of them hits matplotlib's "more than 20 figures" warning, an error here.
"""

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt = sys.modules.get("matplotlib.pyplot")  # only if a test used it (the browser
    if plt is not None:  # tests' environment has no matplotlib at all)
        plt.close("all")
