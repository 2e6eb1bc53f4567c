r"""Experience replay (Mnih et al., 2013): remember transitions, learn from random minibatches.

Consecutive frames of one episode are strongly correlated, and learning from them in order
makes the Q-network chase its own latest experience. DQN stores every transition
:math:`(s, a, r, s', \text{done})` in a fixed-size memory and trains on minibatches drawn
uniformly from it, which breaks the correlation and reuses each experience many times.
"""

from __future__ import annotations

from typing import NamedTuple

import torch

from dlbasics._checks import check_int, check_tensor


class Batch(NamedTuple):
    """A minibatch of transitions, ``B`` of each."""

    observations: torch.Tensor  #: the states s, shape ``(B, *obs_shape)``
    actions: torch.Tensor  #: the actions a, shape ``(B,)``, int64
    rewards: torch.Tensor  #: the rewards r, shape ``(B,)``, float
    next_observations: torch.Tensor  #: the next states s', shape ``(B, *obs_shape)``
    dones: torch.Tensor  #: 1.0 where s' ended the episode, else 0.0; shape ``(B,)``, float


class ReplayBuffer:
    r"""A ring buffer of the last ``capacity`` transitions, sampled uniformly.

    Args:
        capacity: N, how many transitions to keep; the oldest is overwritten first.
        obs_shape: the shape of one observation, e.g. ``(H, W)``.

    Shape:
        :meth:`push` takes observations of shape ``obs_shape``; :meth:`sample` returns a
        :class:`Batch` of ``B`` transitions.

    Example:
        >>> buffer = ReplayBuffer(capacity=2, obs_shape=(1,))
        >>> for t in range(3):  # the third push overwrites the first
        ...     buffer.push(
        ...         torch.tensor([t]), 0, float(t), torch.tensor([t + 1]), False
        ...     )
        >>> len(buffer), sorted(buffer.rewards.tolist())
        (2, [1.0, 2.0])
        >>> buffer.sample(4, torch.Generator().manual_seed(0)).observations.shape
        torch.Size([4, 1])
    """

    def __init__(self, capacity: int, obs_shape: tuple[int, ...]) -> None:
        check_int(capacity, "capacity", low=1)
        if not obs_shape or not all(isinstance(d, int) and d >= 1 for d in obs_shape):
            raise ValueError(f"obs_shape must be a non-empty tuple of ints >= 1, got {obs_shape!r}")
        self.capacity = capacity
        self.obs_shape = tuple(obs_shape)
        self.observations = torch.zeros(capacity, *obs_shape)  # (N, *obs_shape)
        self.actions = torch.zeros(capacity, dtype=torch.int64)  # (N,)
        self.rewards = torch.zeros(capacity)  # (N,)
        self.next_observations = torch.zeros(capacity, *obs_shape)  # (N, *obs_shape)
        self.dones = torch.zeros(capacity)  # (N,)
        self._next = 0  # where the next push goes
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def push(
        self,
        observation: torch.Tensor,
        action: int,
        reward: float,
        next_observation: torch.Tensor,
        done: bool,
    ) -> None:
        """Store one transition, overwriting the oldest when full.

        Raises:
            TypeError: if an observation is not a tensor or ``action`` not an int.
            ValueError: if an observation does not have shape ``obs_shape`` or ``action < 0``.
        """
        check_tensor(observation, "observation", shape=self.obs_shape)
        check_tensor(next_observation, "next_observation", shape=self.obs_shape)
        check_int(action, "action", low=0)
        i = self._next
        self.observations[i] = observation
        self.actions[i] = action
        self.rewards[i] = float(reward)
        self.next_observations[i] = next_observation
        self.dones[i] = float(done)
        self._next = (i + 1) % self.capacity
        self._size = min(self._size + 1, self.capacity)

    def sample(self, batch_size: int, generator: torch.Generator | None = None) -> Batch:
        """Draw ``batch_size`` stored transitions uniformly at random, with replacement.

        Raises:
            TypeError: if ``batch_size`` is not an int.
            ValueError: if ``batch_size < 1`` or the buffer is empty.
        """
        check_int(batch_size, "batch_size", low=1)
        if self._size == 0:
            raise ValueError("cannot sample from an empty replay buffer; push transitions first")
        idx = torch.randint(self._size, (batch_size,), generator=generator)  # (B,)
        return Batch(
            self.observations[idx],  # (B, *obs_shape)
            self.actions[idx],
            self.rewards[idx],
            self.next_observations[idx],
            self.dones[idx],
        )
