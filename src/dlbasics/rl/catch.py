r"""Catch: a tiny pixel game for DQN, small enough to learn in seconds on a CPU.

A ball appears in a random column of the top row of an ``H × W`` grid and falls one row per
step. A one-pixel paddle sits in the middle of the bottom row and moves left, stays or moves
right (actions 0, 1, 2). After ``H - 1`` steps the ball reaches the bottom row: the reward is
:math:`+1` if the paddle is under it and :math:`-1` if not; every other step gives 0. The agent
sees only the screen, an ``(H, W)`` tensor with 1 at the ball and at the paddle, as DQN saw only
Atari's pixels.
"""

from __future__ import annotations

from typing import NamedTuple

import torch

from dlbasics._checks import check_int

#: Action names in index order: 0 moves the paddle left, 1 keeps it, 2 moves it right.
ACTIONS = ("left", "stay", "right")


class Step(NamedTuple):
    """What :meth:`Catch.step` returns."""

    observation: torch.Tensor  #: the screen after the move, shape ``(H, W)``
    reward: float  #: +1 caught, -1 missed (last step only), else 0
    done: bool  #: the ball has reached the bottom row


class Catch:
    r"""The Catch game: catch a falling ball with a paddle, seeing only pixels.

    Args:
        height: H, rows of the screen (the ball falls ``H - 1`` rows), at least 3.
        width: W, columns of the screen, at least 2.
        seed: seeds the environment's own generator, which picks the ball's column.

    Shape:
        observations are ``(H, W)`` float tensors with exactly two ones (ball and paddle),
        or one when the paddle catches the ball in the last frame.

    Example:
        >>> env = Catch(height=3, width=3, seed=0)
        >>> env.reset(ball_column=0).shape
        torch.Size([3, 3])
        >>> env.step(0)  # left: the paddle goes from column 1 to column 0
        Step(observation=tensor([[0., 0., 0.],
                [1., 0., 0.],
                [1., 0., 0.]]), reward=0.0, done=False)
        >>> env.step(1).reward, env.done  # stay under the ball: caught
        (1.0, True)
    """

    def __init__(self, height: int = 10, width: int = 5, seed: int = 0) -> None:
        self.height = check_int(height, "height", low=3)
        self.width = check_int(width, "width", low=2)
        self.generator = torch.Generator().manual_seed(check_int(seed, "seed", low=0))
        self.ball_row = self.ball_column = self.paddle = 0
        self.done = True  # no episode until reset()

    @property
    def n_actions(self) -> int:
        """Number of actions, 3: left, stay, right."""
        return len(ACTIONS)

    @property
    def steps_per_episode(self) -> int:
        """Every episode lasts exactly ``H - 1`` steps."""
        return self.height - 1

    def reset(self, ball_column: int | None = None) -> torch.Tensor:
        """Start an episode: the ball at the top (random column), the paddle in the middle.

        Args:
            ball_column: put the ball in this column instead of a random one (for evaluation).

        Returns:
            The first observation, ``(H, W)``.
        """
        if ball_column is None:
            ball_column = int(torch.randint(self.width, (1,), generator=self.generator))
        else:
            check_int(ball_column, "ball_column", low=0, high=self.width - 1)
        self.ball_row, self.ball_column = 0, ball_column
        self.paddle = self.width // 2
        self.done = False
        return self.observation()

    def observation(self) -> torch.Tensor:
        """The screen: 1 at the ball and at the paddle, 0 elsewhere; ``(H, W)``."""
        screen = torch.zeros(self.height, self.width)  # (H, W)
        screen[self.ball_row, self.ball_column] = 1.0
        screen[self.height - 1, self.paddle] = 1.0
        return screen

    def step(self, action: int | torch.Tensor) -> Step:
        """Move the paddle by ``action - 1`` (clipped at the walls), then let the ball fall a row.

        Raises:
            TypeError: if ``action`` is not an int (a 0-d integer tensor is accepted).
            ValueError: if ``action`` is not 0, 1 or 2.
            RuntimeError: if the episode is over (call :meth:`reset`).
        """
        if (
            isinstance(action, torch.Tensor)
            and action.dim() == 0
            and not action.is_floating_point()
            and action.dtype != torch.bool
        ):
            action = int(action)
        action = check_int(action, "action")
        if not 0 <= action < self.n_actions:
            raise ValueError(f"action must be 0 (left), 1 (stay) or 2 (right), got {action}")
        if self.done:
            raise RuntimeError("the episode is over; call reset() first")
        self.paddle = min(max(self.paddle + action - 1, 0), self.width - 1)
        self.ball_row += 1
        self.done = self.ball_row == self.height - 1
        reward = (1.0 if self.paddle == self.ball_column else -1.0) if self.done else 0.0
        return Step(self.observation(), reward, self.done)
