r"""The DQN page's experiments: Catch learned from pixels, and what experience replay is for.

:func:`run_catch` trains DQN (:func:`dlbasics.rl.dqn.train_dqn`) and the same agent with one of
the paper's two tricks removed, and measures a random policy for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import torch
from torch import nn

from dlbasics._checks import check_choice, check_int
from dlbasics.claims import Claims
from dlbasics.rl.catch import Catch
from dlbasics.rl.dqn import DQNConfig, DQNResult, train_dqn

#: The agents :func:`run_catch` can train, and what each one changes.
VARIANTS = {
    "dqn": "DQN as in the papers: a large replay memory and a target network",
    "no_replay": "no experience replay: the memory holds only the last minibatch of transitions",
    "no_target": "no target network: theta^- is refreshed after every gradient step",
}


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
    check_int(episodes, "episodes", low=1)
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


@dataclass(frozen=True, kw_only=True)
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
    return Trajectory(
        frames=torch.stack(frames),
        paddle_columns=tuple(paddles),
        actions=tuple(actions),
        q_values=torch.stack(qs),
        episode_return=reward,
    )


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


@dataclass(frozen=True, kw_only=True)
class CatchConfig:
    """Settings of :func:`run_catch`; the defaults give the page's numbers."""

    seed: int = 0  # seeds every run (network, game, exploration, minibatches), random games too
    episodes: int = 300  # training episodes of each run
    variants: tuple[str, ...] = ("dqn", "no_replay")  # agents to train, names from VARIANTS
    random_episodes: int = 1000  # games the random policy plays

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_int(self.episodes, "episodes", low=1)
        if not self.variants:
            raise ValueError(f"variants must name at least one of {list(VARIANTS)}, got ()")
        for name in self.variants:
            check_choice(name, "variants", VARIANTS)
        check_int(self.random_episodes, "random_episodes", low=1)


@dataclass(frozen=True, kw_only=True)
class CatchResult:
    """DQN and its ablations on Catch, against a random policy."""

    config: CatchConfig  # the settings of the experiment
    runs: dict[str, DQNResult]  # variant name -> training result, in the order of the config
    random_return: float  # a random policy's average return over config.random_episodes games
    expected_random_return: float  # its exact value, 2 / W - 1


def _variant_config(name: str, base: DQNConfig) -> DQNConfig:
    """``base`` with one of DQN's tricks removed, as :data:`VARIANTS` describes.

    Without replay the memory holds only the last ``batch_size`` transitions, so every minibatch
    is the agent's most recent, strongly correlated experience. Without a target network
    theta^- is refreshed after every gradient step, i.e. the target moves with theta.
    """
    if name == "no_replay":
        return replace(base, buffer_capacity=base.batch_size, learning_starts=base.batch_size)
    if name == "no_target":
        return replace(base, target_update=1)
    return base


def run_catch(config: CatchConfig, *, progress: bool = False) -> CatchResult:
    """Train each variant of :data:`VARIANTS` with the same seed, and play a random policy.

    Args:
        config: settings; the defaults give the page's numbers.
        progress: show a progress bar for each run.

    Returns:
        A :class:`CatchResult`.

    Example:
        >>> config = CatchConfig(
        ...     episodes=10, variants=("dqn", "no_replay"), random_episodes=50
        ... )
        >>> result = run_catch(config)
        >>> list(result.runs), result.runs["no_replay"].config.buffer_capacity
        (['dqn', 'no_replay'], 32)
        >>> result.expected_random_return
        -0.6
    """
    if not isinstance(config, CatchConfig):
        raise TypeError(f"config must be a CatchConfig, got {type(config).__name__}")
    base = DQNConfig(
        episodes=config.episodes, seed=config.seed, eval_every=min(10, config.episodes)
    )
    runs = {
        name: train_dqn(_variant_config(name, base), progress=progress, desc=name)
        for name in config.variants
    }
    return CatchResult(
        config=config,
        runs=runs,
        random_return=random_policy_return(
            base.height, base.width, config.random_episodes, config.seed
        ),
        expected_random_return=2 / base.width - 1,
    )


#: The DQN page's sentences about :func:`run_catch`, each with its predicate.
CLAIMS: Claims[CatchResult] = Claims("history/dqn")


def _last5(run: DQNResult) -> float:
    """Mean of the last five greedy evaluations of ``run``."""
    return sum(run.eval_returns[-5:]) / len(run.eval_returns[-5:])


@CLAIMS.claim(
    "무작위 policy로 … 판을 실제로 두어 보면 평균 …로, 기대 보상 −0.6과 0.1 안쪽으로 같습니다."
)
def random_policy_scores_within_0_1_of_minus_0_6(r: CatchResult) -> bool:
    return abs(r.random_return - r.expected_random_return) < 0.1


@CLAIMS.claim("학습이 끝났을 때는 …, 곧 다섯 열 모두에서 공을 잡습니다.")
def dqn_ends_catching_every_column(r: CatchResult) -> bool:
    return r.runs["dqn"].final_return == 1.0


@CLAIMS.claim(
    "experience replay를 빼면 같은 횟수를 학습해도 … 마지막 다섯 번 평가의 평균이 …에 그쳐, "
    "DQN보다 낮습니다."
)
def no_replay_ends_below_dqn(r: CatchResult) -> bool:
    return _last5(r.runs["no_replay"]) < _last5(r.runs["dqn"])


@CLAIMS.claim(
    "다섯 열에서 한 판씩 두어 … 평균하면 첫 step에서 … (0.3 아래), 마지막 step에서 … (1 위)입니다."
)
def only_the_last_moves_matter(r: CatchResult) -> bool:
    spread = decision_spread(r.runs["dqn"].q_network)
    return float(spread[0]) < 0.3 and float(spread[-1]) > 1.0
