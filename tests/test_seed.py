import random

import numpy as np
import pytest
import torch

from dlbasics import set_seed


def test_same_seed_same_numbers_everywhere():
    set_seed(123)
    first = (random.random(), np.random.rand(), torch.rand(3))
    set_seed(123)
    second = (random.random(), np.random.rand(), torch.rand(3))
    assert first[0] == second[0]
    assert first[1] == second[1]
    torch.testing.assert_close(first[2], second[2])


def test_different_seeds_differ():
    set_seed(1)
    a = torch.rand(5)
    set_seed(2)
    assert not torch.equal(a, torch.rand(5))


def test_returned_generator_is_seeded():
    a = torch.rand(4, generator=set_seed(7))
    b = torch.rand(4, generator=set_seed(7))
    torch.testing.assert_close(a, b)


@pytest.mark.parametrize("bad", [1.5, "3", None, True])
def test_rejects_non_int(bad):
    with pytest.raises(TypeError, match="seed must be an int"):
        set_seed(bad)


@pytest.mark.parametrize("bad", [-1, 2**32])
def test_rejects_out_of_range(bad):
    with pytest.raises(ValueError, match=r"seed must be (>= 0|<= 4294967295)"):
        set_seed(bad)
