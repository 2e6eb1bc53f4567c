"""Figures of the DQN page: Catch's screens, learning curves and Q-values along a game."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlbasics.plot.basic import PALETTE
from dlbasics.rl.catch import ACTIONS
from dlbasics.rl.dqn import DQNResult

_ARROWS = ("←", "=", "→")  # left, stay, right
_BALL, _PADDLE = PALETTE[2], PALETTE[0]


def catch_frames(
    frames: torch.Tensor, paddle_columns: Sequence[int], actions: Sequence[int] = ()
) -> Figure:
    """Screens of one Catch game side by side: the ball in red, the paddle in blue.

    Args:
        frames: ``(N, H, W)`` screens.
        paddle_columns: the paddle's column in each screen (N of them), to tell it from the ball.
        actions: the action taken after each screen but the last (N - 1 of them), or none.

    Example:
        >>> len(catch_frames(torch.zeros(3, 4, 3), [1, 1, 1], [1, 1]).axes[0].texts)
        3
    """
    if frames.dim() != 3 or frames.shape[0] == 0:
        raise ValueError(f"frames must have shape (N, H, W) with N > 0, got {tuple(frames.shape)}")
    n, h, w = frames.shape
    if len(paddle_columns) != n:
        raise ValueError(f"paddle_columns must have {n} entries, got {len(paddle_columns)}")
    if actions and len(actions) != n - 1:
        raise ValueError(f"actions must have {n - 1} entries, got {len(actions)}")
    cell = 0.13  # inches per pixel
    fig, ax = plt.subplots(figsize=(n * (w + 1) * cell + 0.2, (h + 1.8) * cell + 0.2))
    left = [t * (w + 1) for t in range(n)]  # x of each frame's first column
    board = torch.zeros(h, n * (w + 1) - 1)  # (H, N*(W+1)-1): frames with a blank gap between
    for x0 in left:
        board[:, x0 : x0 + w] = 0.04
    ax.imshow(board.numpy(), cmap="Greys", vmin=0, vmax=1)
    xs = [x0 + k - 0.5 for x0 in left for k in range(w + 1)]
    ax.vlines(xs, -0.5, h - 0.5, color="#bbbbbb", lw=0.5)
    for x0 in left:
        ax.hlines([y - 0.5 for y in range(h + 1)], x0 - 0.5, x0 + w - 0.5, color="#bbbbbb", lw=0.5)
    ball_xy = []
    for t, x0 in enumerate(left):
        paddle = paddle_columns[t]
        ball = frames[t].clone()
        ball[h - 1, paddle] = 0.0  # what is left is the ball, unless it sits on the paddle
        rows, cols = torch.nonzero(ball, as_tuple=True)
        y, x = (int(rows[0]), int(cols[0])) if len(rows) else (h - 1, paddle)
        ball_xy.append((x0 + x, y))
        ax.add_patch(Rectangle((x0 + paddle - 0.5, h - 1.5), 1, 1, color=_PADDLE))
        label = f"t={t}"
        if actions and t < n - 1:
            label += f" {_ARROWS[actions[t]]}"
        ax.text(x0 + (w - 1) / 2, -0.9, label, ha="center", va="bottom", fontsize=8)
    ax.scatter([x for x, _ in ball_xy], [y for _, y in ball_xy], s=30, color=_BALL, zorder=3)
    ax.set_ylim(h - 0.5, -2.3)  # room above the frames for their titles
    ax.set_axis_off()
    return fig


def learning_curves(runs: Mapping[str, DQNResult], random_return: float) -> Figure:
    """Greedy return against training episodes, one line per run, and a random policy's level.

    Example:
        >>> from dlbasics.rl.dqn import DQNConfig, train_dqn
        >>> run = train_dqn(DQNConfig(episodes=10, eval_every=5))
        >>> len(learning_curves({"DQN": run}, -0.6).axes[0].lines)
        2
    """
    if not runs:
        raise ValueError("runs must not be empty")
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    for i, (name, run) in enumerate(runs.items()):
        ax.plot(
            run.eval_episodes,
            run.eval_returns,
            color=PALETTE[i % len(PALETTE)],
            lw=2,
            marker="o",
            ms=3,
            label=name,
        )
    ax.axhline(random_return, ls="--", color="#555555", lw=1, label="무작위 policy")
    ax.set_xlabel("학습 episode")
    ax.set_ylabel("greedy return (모든 시작 열의 평균)")
    ax.set_ylim(-1.1, 1.1)
    ax.legend(loc="lower right")
    return fig


def q_values_figure(q_values: torch.Tensor, actions: Sequence[int]) -> Figure:
    """Q(s_t, a) of each action along one game; a ring marks the action taken.

    Example:
        >>> len(q_values_figure(torch.zeros(4, 3), [0, 1, 2, 1]).axes[0].lines)
        4
    """
    if q_values.dim() != 2 or q_values.shape[1] != len(ACTIONS):
        raise ValueError(f"q_values must have shape (T, {len(ACTIONS)}), got {q_values.shape}")
    if len(actions) != q_values.shape[0]:
        raise ValueError(f"actions must have {q_values.shape[0]} entries, got {len(actions)}")
    steps = list(range(q_values.shape[0]))
    fig, ax = plt.subplots(figsize=(6.0, 3.4))
    for a, name in enumerate(ACTIONS):
        ax.plot(steps, q_values[:, a].numpy(), color=PALETTE[a], lw=2, label=f"{_ARROWS[a]} {name}")
    taken = q_values[torch.arange(len(actions)), torch.tensor(list(actions))]  # (T,)
    ax.plot(steps, taken.numpy(), "o", mfc="none", mec="#000000", ms=10, label="고른 action")
    ax.set_xlabel("step t (공이 떨어진 줄 수)")
    ax.set_ylabel("$Q(s_t, a)$")
    ax.set_ylim(-1.4, 1.4)
    ax.legend(loc="lower left", ncol=2, fontsize=8)
    return fig
