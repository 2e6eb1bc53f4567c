r"""Deep Q-learning (Mnih et al., 2013; 2015) on the Catch game, in one readable loop.

A Q-network :math:`Q(s, a; \theta)` reads the screen and scores every action. It is trained to
satisfy the Bellman equation: its estimate for the action taken should equal the reward plus the
discounted value of the best next action, the *TD target*

.. math:: y = r + \gamma \, (1 - \text{done}) \max_{a'} Q(s', a'; \theta^-),
          \qquad \mathcal{L}(\theta) = \big(y - Q(s, a; \theta)\big)^2.

Two tricks made this stable with a neural network: **experience replay** (minibatches drawn at
random from a memory of past transitions, :mod:`dlbasics.rl.replay`) and, in the 2015 Nature
paper, a **target network** :math:`\theta^-`, a copy of :math:`\theta` refreshed only every
``target_update`` steps, so the target does not move with every gradient step.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import (
    check_fraction,
    check_int,
    check_positive,
    check_positive_ints,
    check_tensor,
)
from dlbasics.losses import mse
from dlbasics.optim import Adam
from dlbasics.progress import progress_bar
from dlbasics.rl.catch import Catch
from dlbasics.rl.replay import Batch, ReplayBuffer
from dlbasics.seed import set_seed


class QNetwork(nn.Module):
    r"""An MLP from the raw screen to one Q-value per action.

    The paper's network is a CNN over four stacked 84×84 Atari frames; Catch's screen is tiny and
    one frame is enough (the ball always falls straight down), so two hidden layers do.

    Args:
        obs_shape: the shape of one screen, ``(H, W)``.
        n_actions: A, the number of actions.
        hidden: width of each hidden layer.

    Shape:
        ``(B, H, W) -> (B, A)``

    Example:
        >>> QNetwork((10, 5), 3)(torch.zeros(2, 10, 5)).shape
        torch.Size([2, 3])
    """

    def __init__(self, obs_shape: tuple[int, int], n_actions: int, hidden: int = 64) -> None:
        super().__init__()
        if len(obs_shape) != 2:
            raise ValueError(f"obs_shape must be (H, W), got {obs_shape!r}")
        check_positive_ints(H=obs_shape[0], W=obs_shape[1], n_actions=n_actions, hidden=hidden)
        self.obs_shape = tuple(obs_shape)
        self.n_actions = n_actions
        self.fc1 = nn.Linear(obs_shape[0] * obs_shape[1], hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.head = nn.Linear(hidden, n_actions)

    def forward(self, screens: torch.Tensor) -> torch.Tensor:
        check_tensor(screens, "screens", shape=("B", *self.obs_shape))
        x = screens.flatten(1)  # (B, H, W) -> (B, H*W)
        x = F.relu(self.fc1(x))  # (B, hidden)
        x = F.relu(self.fc2(x))  # (B, hidden)
        return self.head(x)  # (B, A)


@torch.no_grad()
def epsilon_greedy(
    q_network: QNetwork, observation: torch.Tensor, epsilon: float, generator: torch.Generator
) -> int:
    r"""With probability :math:`\epsilon` a random action, otherwise :math:`\arg\max_a Q(s, a)`.

    The network is only asked when its answer is used.

    Args:
        q_network: scores the actions.
        observation: the screen :math:`s`, ``(H, W)``.
        epsilon: the probability of exploring, in ``[0, 1]``.
        generator: the source of randomness.

    Example:
        >>> q = QNetwork((4, 3), 3)
        >>> a = epsilon_greedy(
        ...     q, torch.zeros(4, 3), 0.0, torch.Generator().manual_seed(0)
        ... )
        >>> a == int(q(torch.zeros(1, 4, 3)).argmax())
        True
    """
    check_fraction(epsilon, "epsilon", open_high=False)
    if float(torch.rand((), generator=generator)) < epsilon:
        return int(torch.randint(q_network.n_actions, (1,), generator=generator))
    return int(q_network(observation[None]).argmax())  # (1, H, W) -> (1, A) -> best action


def td_target(
    rewards: torch.Tensor, next_q: torch.Tensor, dones: torch.Tensor, gamma: float
) -> torch.Tensor:
    r"""The TD target :math:`y = r + \gamma (1 - \text{done}) \max_{a'} Q(s', a')`.

    At the end of an episode there is no next state, so the target is the reward alone.

    Args:
        rewards: :math:`r`, ``(B,)``.
        next_q: :math:`Q(s', \cdot\,; \theta^-)` from the target network, ``(B, A)``.
        dones: 1.0 where :math:`s'` ended the episode, ``(B,)``.
        gamma: the discount :math:`\gamma \in [0, 1]`.

    Returns:
        ``(B,)`` targets, without gradient.

    Example:
        >>> td_target(
        ...     torch.tensor([0.0, 1.0]),
        ...     torch.tensor([[0.5, 2.0], [9.0, 9.0]]),
        ...     torch.tensor([0.0, 1.0]),
        ...     gamma=0.9,
        ... )
        tensor([1.8000, 1.0000])
    """
    check_fraction(gamma, "gamma", open_high=False)
    b = next_q.shape[0]
    if next_q.dim() != 2 or rewards.shape != (b,) or dones.shape != (b,):
        raise ValueError(
            f"need rewards, dones (B,) and next_q (B, A), got {tuple(rewards.shape)}, "
            f"{tuple(dones.shape)}, {tuple(next_q.shape)}"
        )
    # y = r + gamma * (1 - done) * max_a' Q(s', a'; theta^-)
    return (rewards + gamma * (1.0 - dones) * next_q.max(dim=1).values).detach()


def dqn_loss(online: nn.Module, target: nn.Module, batch: Batch, gamma: float) -> torch.Tensor:
    r"""Mean squared TD error :math:`\big(y - Q(s, a; \theta)\big)^2` over a minibatch.

    Example:
        >>> from dlbasics.rl.replay import Batch
        >>> q = QNetwork((3, 2), 3)
        >>> b = Batch(
        ...     torch.zeros(4, 3, 2),
        ...     torch.zeros(4, dtype=torch.int64),
        ...     torch.ones(4),
        ...     torch.zeros(4, 3, 2),
        ...     torch.ones(4),
        ... )
        >>> dqn_loss(q, q, b, gamma=0.9).shape
        torch.Size([])
    """
    q = online(batch.observations)  # (B, A)
    q_taken = q.gather(1, batch.actions[:, None])[:, 0]  # (B,) Q(s, a)
    with torch.no_grad():
        next_q = target(batch.next_observations)  # (B, A) Q(s', .; theta^-)
    y = td_target(batch.rewards, next_q, batch.dones, gamma)  # (B,)
    return mse(q_taken, y)


@torch.no_grad()
def greedy_return(q_network: nn.Module, height: int, width: int) -> float:
    """Mean return of the greedy policy over every start column (the game is then deterministic).

    The ``W`` games run side by side, so the network sees one batch per step.

    Example:
        >>> greedy_return(QNetwork((4, 3), 3), 4, 3) in (-1.0, -1 / 3, 1 / 3, 1.0)
        True
    """
    envs = [Catch(height, width) for _ in range(width)]
    screens = torch.stack([env.reset(ball_column=c) for c, env in enumerate(envs)])  # (W, H, W)
    total = 0.0
    for _ in range(envs[0].steps_per_episode):
        actions = q_network(screens).argmax(dim=1)  # (W, A) -> (W,)
        steps = [env.step(int(a)) for env, a in zip(envs, actions, strict=True)]
        screens = torch.stack([step.observation for step in steps])
        total += sum(step.reward for step in steps)
    return total / width


@dataclass(frozen=True, kw_only=True)
class DQNConfig:
    """Settings of :func:`train_dqn`; the defaults learn Catch 10×5 in a few CPU seconds."""

    episodes: int = 300  # training episodes (each H - 1 steps)
    height: int = 10  # H of the Catch screen
    width: int = 5  # W of the Catch screen
    gamma: float = 0.95  # discount of future reward
    lr: float = 1e-3  # Adam learning rate (the 2013 paper used RMSProp)
    batch_size: int = 32  # transitions per gradient step
    buffer_capacity: int = 2000  # transitions kept in the replay memory
    learning_starts: int = 100  # env steps collected before the first gradient step
    train_every: int = 2  # env steps between gradient steps (the Nature paper used 4)
    target_update: int = 50  # gradient steps between copies theta -> theta^-
    epsilon_start: float = 1.0  # exploration at the start ...
    epsilon_end: float = 0.05  # ... and after the decay
    epsilon_decay: float = 0.5  # fraction of the episodes over which epsilon falls linearly
    hidden: int = 64  # width of the Q-network's hidden layers
    eval_every: int = 10  # episodes between greedy evaluations
    seed: int = 0  # seeds the network, the environment and the sampling

    def __post_init__(self) -> None:
        check_positive_ints(
            episodes=self.episodes,
            height=self.height,
            width=self.width,
            batch_size=self.batch_size,
            buffer_capacity=self.buffer_capacity,
            train_every=self.train_every,
            target_update=self.target_update,
            hidden=self.hidden,
        )
        check_int(self.learning_starts, "learning_starts", low=0)
        check_int(self.eval_every, "eval_every", low=1, high=self.episodes)
        check_int(self.seed, "seed", low=0)
        check_positive(self.lr, "lr")
        check_fraction(self.gamma, "gamma", open_high=False)
        check_fraction(self.epsilon_start, "epsilon_start", open_high=False)
        check_fraction(self.epsilon_end, "epsilon_end", open_high=False)
        check_fraction(self.epsilon_decay, "epsilon_decay", open_high=False)


@dataclass(frozen=True, kw_only=True)
class DQNResult:
    """What :func:`train_dqn` measured, and the trained network."""

    config: DQNConfig  # the settings used
    episode_returns: tuple[float, ...]  # return of each training episode (epsilon-greedy)
    eval_episodes: tuple[int, ...]  # episodes after which the greedy policy was evaluated
    eval_returns: tuple[float, ...]  # greedy return over every start column, at eval_episodes
    losses: tuple[float, ...]  # TD loss of every gradient step
    q_network: QNetwork  # the trained online network theta

    @property
    def final_return(self) -> float:
        """Greedy return at the end of training."""
        return self.eval_returns[-1]


def train_dqn(
    config: DQNConfig | None = None, progress: bool = False, desc: str = "DQN"
) -> DQNResult:
    r"""Train DQN on Catch: epsilon-greedy play, replay memory, a target network.

    Every environment step stores :math:`(s, a, r, s', \text{done})` in the replay memory; once
    ``learning_starts`` steps are stored, every ``train_every`` steps takes one Adam step on a
    random minibatch of :func:`dqn_loss`. Every ``target_update`` gradient steps
    :math:`\theta^- \leftarrow \theta`.

    Args:
        config: settings; the defaults take a few seconds.
        progress: show a progress bar over the episodes.
        desc: the progress bar's label.

    Returns:
        A :class:`DQNResult`.

    Example:
        >>> r = train_dqn(DQNConfig(episodes=20, eval_every=10))
        >>> r.eval_episodes, len(r.episode_returns)
        ((10, 20), 20)
    """
    config = config or DQNConfig()
    set_seed(config.seed)
    g = torch.Generator().manual_seed(config.seed)  # exploration and minibatch sampling
    env = Catch(config.height, config.width, seed=config.seed)
    online = QNetwork((config.height, config.width), env.n_actions, config.hidden)  # theta
    target = copy.deepcopy(online)  # theta^-
    optimizer = Adam(online.parameters(), lr=config.lr)
    buffer = ReplayBuffer(config.buffer_capacity, (config.height, config.width))
    decay_steps = max(1, int(config.epsilon_decay * config.episodes * env.steps_per_episode))
    returns: list[float] = []
    evals: list[tuple[int, float]] = []
    losses: list[float] = []
    step = 0
    episodes = progress_bar(range(1, config.episodes + 1), desc=desc, enabled=progress)
    for episode in episodes:
        obs, done, episode_return = env.reset(), False, 0.0
        while not done:
            frac = min(1.0, step / decay_steps)
            start, end = config.epsilon_start, config.epsilon_end
            epsilon = start + frac * (end - start)
            action = epsilon_greedy(online, obs, epsilon, g)
            next_obs, reward, done = env.step(action)
            buffer.push(obs, action, reward, next_obs, done)
            obs, episode_return, step = next_obs, episode_return + reward, step + 1
            ready = len(buffer) >= max(config.learning_starts, config.batch_size)
            if ready and step % config.train_every == 0:
                batch = buffer.sample(config.batch_size, g)
                loss = dqn_loss(online, target, batch, config.gamma)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(float(loss.detach()))
                if len(losses) % config.target_update == 0:
                    target.load_state_dict(online.state_dict())  # theta^- <- theta
        returns.append(episode_return)
        if episode % config.eval_every == 0:
            evals.append((episode, greedy_return(online, config.height, config.width)))
    return DQNResult(
        config=config,
        episode_returns=tuple(returns),
        eval_episodes=tuple(e for e, _ in evals),
        eval_returns=tuple(r for _, r in evals),
        losses=tuple(losses),
        q_network=online,
    )
