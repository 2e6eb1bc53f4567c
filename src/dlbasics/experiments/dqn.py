r"""The DQN page's experiments: Catch learned from pixels, and what experience replay is for.

:func:`catch_experiment` trains DQN (:func:`dlbasics.rl.dqn.train_dqn`) and the same agent with
one of the paper's two tricks removed, and measures a random policy for comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import torch
from torch import nn

from dlbasics.rl.catch import Catch
from dlbasics.rl.dqn import DQNConfig, DQNResult, train_dqn

#: The agents :func:`catch_experiment` can train, and what each one changes.
VARIANTS = {
    "dqn": "DQN as in the papers: a large replay memory and a target network",
    "no_replay": "no experience replay: the memory holds only the last minibatch of transitions",
    "no_target": "no target network: theta^- is refreshed after every gradient step",
}


def variant_config(name: str, base: DQNConfig) -> DQNConfig:
    """``base`` with one of DQN's tricks removed (``"no_replay"``, ``"no_target"``) or kept.

    Without replay the memory holds only the last ``batch_size`` transitions, so every minibatch
    is the agent's most recent, strongly correlated experience. Without a target network
    :math:`\\theta^-` is refreshed after every gradient step, i.e. the target moves with
    :math:`\\theta`.

    Example:
        >>> variant_config("no_replay", DQNConfig()).buffer_capacity
        32
    """
    if name not in VARIANTS:
        raise ValueError(f"variant must be one of {sorted(VARIANTS)}, got {name!r}")
    if name == "no_replay":
        return replace(base, buffer_capacity=base.batch_size, learning_starts=base.batch_size)
    if name == "no_target":
        return replace(base, target_update=1)
    return base


def random_policy_return(
    height: int = 10, width: int = 5, episodes: int = 1000, seed: int = 0
) -> float:
    r"""Average return of uniformly random actions, measured by playing ``episodes`` games.

    The ball's column is uniform and independent of where a random paddle ends up, so the
    paddle is under it with probability :math:`1/W` and the expected return is
    :math:`\frac{1}{W}(+1) + (1 - \frac{1}{W})(-1) = \frac{2}{W} - 1` (:math:`-0.6` for ``W = 5``).

    Example:
        >>> abs(random_policy_return(width=5, episodes=500) - (2 / 5 - 1)) < 0.15
        True
    """
    if isinstance(episodes, bool) or not isinstance(episodes, int) or episodes < 1:
        raise ValueError(f"episodes must be an int >= 1, got {episodes!r}")
    env = Catch(height, width, seed=seed)
    g = torch.Generator().manual_seed(seed)
    total = 0.0
    for _ in range(episodes):
        env.reset()
        done = False
        while not done:
            _, reward, done = env.step(int(torch.randint(env.n_actions, (1,), generator=g)))
            total += reward
    return total / episodes


@dataclass(frozen=True)
class Trajectory:
    """One episode: the screens, the actions and the network's Q-values along the way."""

    frames: torch.Tensor  # (T + 1, H, W) screens s_0 ... s_T
    paddle_columns: tuple[int, ...]  # where the paddle is in each frame, T + 1 of them
    actions: tuple[int, ...]  # a_0 ... a_{T-1}
    q_values: torch.Tensor  # (T, A) Q(s_t, .) of the network (zeros for a random policy)
    episode_return: float  # the final reward, +1 or -1


@torch.no_grad()
def rollout(
    q_network: nn.Module | None,
    height: int = 10,
    width: int = 5,
    ball_column: int = 0,
    seed: int = 0,
) -> Trajectory:
    """Play one game greedily with ``q_network``, or with random actions if it is ``None``.

    Example:
        >>> t = rollout(None, height=4, width=3)
        >>> t.frames.shape, len(t.actions), t.episode_return in (-1.0, 1.0)
        (torch.Size([4, 4, 3]), 3, True)
    """
    env = Catch(height, width, seed=seed)
    g = torch.Generator().manual_seed(seed)
    frames = [env.reset(ball_column=ball_column)]
    paddles = [env.paddle]
    actions: list[int] = []
    qs: list[torch.Tensor] = []
    reward, done = 0.0, False
    while not done:
        if q_network is None:
            q = torch.zeros(env.n_actions)  # (A,)
            action = int(torch.randint(env.n_actions, (1,), generator=g))
        else:
            q = q_network(frames[-1][None])[0]  # (1, H, W) -> (A,)
            action = int(q.argmax())
        obs, reward, done = env.step(action)
        frames.append(obs)
        paddles.append(env.paddle)
        actions.append(action)
        qs.append(q)
    return Trajectory(torch.stack(frames), tuple(paddles), tuple(actions), torch.stack(qs), reward)


@torch.no_grad()
def decision_spread(q_network: nn.Module, height: int = 10, width: int = 5) -> torch.Tensor:
    r"""How much the action matters to the network at each step: :math:`\max_a Q - \min_a Q`.

    Averaged over greedy games from every start column. Early in the fall the paddle still has
    time to fix any move, so a good Q-network scores all actions alike; at the last step one move
    catches (+1) and another misses (-1).

    Returns:
        ``(T,)`` the mean spread at each step ``t = 0 ... T - 1``.

    Example:
        >>> from dlbasics.rl.dqn import QNetwork
        >>> decision_spread(QNetwork((4, 3), 3), 4, 3).shape
        torch.Size([3])
    """
    spreads = []
    for column in range(width):
        q = rollout(q_network, height, width, ball_column=column).q_values  # (T, A)
        spreads.append(q.max(dim=1).values - q.min(dim=1).values)  # (T,)
    return torch.stack(spreads).mean(dim=0)  # (W, T) -> (T,)


@dataclass(frozen=True)
class CatchExperiment:
    """DQN and its ablations on Catch, against a random policy."""

    runs: dict[str, DQNResult]  # variant name -> training result, in the order asked for
    random_return: float  # a random policy's average return, measured by playing ...
    random_episodes: int  # ... this many games
    expected_random_return: float  # its exact value, 2 / W - 1


def catch_experiment(
    seed: int = 0,
    episodes: int = 300,
    variants: Sequence[str] = ("dqn",),
    progress: bool = False,
    random_episodes: int = 1000,
) -> CatchExperiment:
    """Train each variant of :data:`VARIANTS` with the same seed, and play a random policy.

    Args:
        seed: seeds every run (network, game, exploration and minibatches).
        episodes: training episodes of each run.
        variants: names from :data:`VARIANTS`.
        progress: show a progress bar for each run.
        random_episodes: games the random policy plays.

    Example:
        >>> e = catch_experiment(episodes=10, variants=("dqn", "no_replay"), random_episodes=50)
        >>> list(e.runs), e.expected_random_return
        (['dqn', 'no_replay'], -0.6)
    """
    if not variants:
        raise ValueError("variants must name at least one of " + ", ".join(VARIANTS))
    if isinstance(random_episodes, bool) or not isinstance(random_episodes, int):
        raise TypeError(f"random_episodes must be an int, got {type(random_episodes).__name__}")
    if random_episodes < 1:
        raise ValueError(f"random_episodes must be >= 1, got {random_episodes}")
    base = DQNConfig(episodes=episodes, seed=seed, eval_every=min(10, episodes))
    configs = {name: variant_config(name, base) for name in variants}  # validates the names
    runs = {name: train_dqn(c, progress, desc=name) for name, c in configs.items()}
    return CatchExperiment(
        runs=runs,
        random_return=random_policy_return(base.height, base.width, random_episodes, seed),
        random_episodes=random_episodes,
        expected_random_return=2 / base.width - 1,
    )
