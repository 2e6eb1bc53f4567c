"""Close every matplotlib figure after each test and doctest.

Plot functions return figures and leave closing to the caller; without this, a pytest-xdist
worker running many of them hits matplotlib's "more than 20 figures" warning, an error here.
"""

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
