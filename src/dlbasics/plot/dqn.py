"""Figures of the DQN page: Catch's screens, learning curves and Q-values along a game."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import torch
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from dlbasics.experiments.dqn import CatchResult, Trajectory
from dlbasics.plot.basic import PALETTE
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, legend_outside
from dlbasics.plot.words import word
from dlbasics.rl.catch import ACTIONS

#: The :func:`~dlbasics.plot.words.word` key of each variant's name in the legend (the variants
#: of :data:`dlbasics.experiments.dqn.VARIANTS`).
LABEL_KEYS = {"dqn": "dqn.dqn", "no_replay": "dqn.no_replay", "no_target": "dqn.no_target"}

_ARROWS = ("←", "=", "→")  # left, stay, right
_BALL, _PADDLE = PALETTE[2], PALETTE[0]


@bilingual
def catch_frames(trajectory: Trajectory) -> Figure:
    """Screens of one Catch game side by side: the ball in red, the paddle in blue.

    Args:
        trajectory: one game, from :func:`dlbasics.experiments.dqn.rollout`; each screen's
            title is its step and the action taken after it.

    Example:
        >>> from dlbasics.experiments.dqn import rollout
        >>> len(catch_frames(rollout(None, height=4, width=3)).axes[0].texts)
        4
    """
    frames = trajectory.frames  # (N, H, W)
    n, h, w = frames.shape
    cell = min(0.13, (FULL_WIDTH - 0.2) / (n * (w + 1)))  # inches per pixel, within the column
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
        paddle = trajectory.paddle_columns[t]
        ball = frames[t].clone()
        ball[h - 1, paddle] = 0.0  # what is left is the ball, unless it sits on the paddle
        rows, cols = torch.nonzero(ball, as_tuple=True)
        y, x = (int(rows[0]), int(cols[0])) if len(rows) else (h - 1, paddle)
        ball_xy.append((x0 + x, y))
        ax.add_patch(Rectangle((x0 + paddle - 0.5, h - 1.5), 1, 1, color=_PADDLE))
        label = f"t={t}"
        if t < n - 1:
            label += f" {_ARROWS[trajectory.actions[t]]}"
        ax.text(x0 + (w - 1) / 2, -0.9, label, ha="center", va="bottom", fontsize=8)
    ax.scatter([x for x, _ in ball_xy], [y for _, y in ball_xy], s=30, color=_BALL, zorder=3)
    ax.set_ylim(h - 0.5, -2.3)  # room above the frames for their titles
    ax.set_axis_off()
    return fig


@bilingual
def learning_curves(result: CatchResult, labels: Mapping[str, str] | None = None) -> Figure:
    """Greedy return against training episodes, one line per run, and a random policy's level.

    Args:
        result: what :func:`dlbasics.experiments.dqn.run_catch` returned.
        labels: the legend's name of each variant (default: the words of :data:`LABEL_KEYS`).

    Example:
        >>> from dlbasics.experiments.dqn import CatchConfig, run_catch
        >>> result = run_catch(
        ...     CatchConfig(episodes=10, variants=("dqn",), random_episodes=10)
        ... )
        >>> len(learning_curves(result).axes[0].lines)
        2
    """
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    for i, (name, run) in enumerate(result.runs.items()):
        ax.plot(
            run.eval_episodes,
            run.eval_returns,
            color=PALETTE[i % len(PALETTE)],
            lw=2,
            marker="o",
            ms=3,
            label=labels[name] if labels is not None else word(LABEL_KEYS[name]),
        )
    ax.axhline(
        result.random_return, ls="--", color="#555555", lw=1, label=word("dqn.random_policy")
    )
    ax.set_xlabel(word("dqn.episodes"))
    ax.set_ylabel(word("dqn.greedy_return"))
    ax.set_ylim(-1.1, 1.1)
    legend_outside(ax)
    return fig


@bilingual
def q_values_figure(trajectory: Trajectory) -> Figure:
    """Q(s_t, a) of each action along one game; a ring marks the action taken.

    Args:
        trajectory: one game of a Q-network, from :func:`dlbasics.experiments.dqn.rollout`.

    Example:
        >>> from dlbasics.experiments.dqn import rollout
        >>> from dlbasics.rl.dqn import QNetwork
        >>> game = rollout(QNetwork((4, 3), 3), height=4, width=3)
        >>> len(q_values_figure(game).axes[0].lines)
        4
    """
    q_values, actions = trajectory.q_values, trajectory.actions
    steps = list(range(q_values.shape[0]))
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    for a, name in enumerate(ACTIONS):
        ax.plot(steps, q_values[:, a].numpy(), color=PALETTE[a], lw=2, label=f"{_ARROWS[a]} {name}")
    taken = q_values[torch.arange(len(actions)), torch.tensor(list(actions))]  # (T,)
    ax.plot(
        steps, taken.numpy(), "o", mfc="none", mec="#000000", ms=10, label=word("dqn.action_taken")
    )
    ax.set_xlabel(word("dqn.rows_fallen"))
    ax.set_ylabel("$Q(s_t, a)$")
    ax.set_ylim(-1.4, 1.4)
    legend_outside(ax, ncols=4)
    return fig
