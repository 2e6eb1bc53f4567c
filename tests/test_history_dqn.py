"""The DQN page: Catch's rules, the replay buffer, the TD target, and the claims over seeds."""

import pytest
import torch

from dlbasics.experiments.dqn import (
    CLAIMS,
    CatchConfig,
    random_policy_return,
    rollout,
    run_catch,
)
from dlbasics.rl.catch import Catch
from dlbasics.rl.dqn import DQNConfig, QNetwork, dqn_loss, epsilon_greedy, td_target
from dlbasics.rl.replay import Batch, ReplayBuffer

# ---------------------------------------------------------------- the game


def test_reset_puts_the_ball_on_top_and_the_paddle_in_the_middle():
    env = Catch(10, 5, seed=0)
    obs = env.reset(ball_column=3)
    assert obs.shape == (10, 5)
    assert obs.dtype == torch.float32
    assert obs.sum() == 2
    assert obs[0, 3] == 1
    assert obs[9, 2] == 1  # paddle at W // 2


def test_an_episode_lasts_h_minus_1_steps_and_rewards_only_at_the_end():
    env = Catch(10, 5)
    env.reset(ball_column=2)
    rewards = []
    for t in range(9):
        obs, reward, done = env.step(1)  # stay: the ball falls onto the paddle
        rewards.append(reward)
        assert done == (t == 8)
        if not done:
            assert obs[t + 1, 2] == 1  # one row per step, straight down
    assert rewards == [0.0] * 8 + [1.0]
    with pytest.raises(RuntimeError, match="reset"):
        env.step(1)


def test_a_miss_gives_minus_one_and_the_walls_stop_the_paddle():
    env = Catch(4, 3)
    env.reset(ball_column=0)
    env.step(2)
    assert env.paddle == 2
    _, _, _ = env.step(2)  # against the right wall: stays at 2
    assert env.paddle == 2
    _, reward, done = env.step(2)
    assert (reward, done) == (-1.0, True)
    env.reset(ball_column=0)
    for _ in range(3):
        _, reward, _ = env.step(0)
    assert env.paddle == 0
    assert reward == 1.0


def test_the_ball_starts_in_every_column():
    env = Catch(10, 5, seed=0)
    columns = {int(env.reset()[0].argmax()) for _ in range(100)}
    assert columns == set(range(5))


@pytest.mark.parametrize("action", [3, -1])
def test_an_action_out_of_range_is_refused(action):
    env = Catch()
    env.reset()
    with pytest.raises(ValueError, match="action must be 0"):
        env.step(action)


@pytest.mark.parametrize("action", [1.0, True, "left", torch.tensor([1])])
def test_an_action_that_is_not_an_int_is_refused(action):
    env = Catch()
    env.reset()
    with pytest.raises(TypeError, match="action must be an int"):
        env.step(action)
    assert env.step(torch.tensor(1)).reward == 0.0  # a 0-d integer tensor is fine


def test_bad_game_settings_are_refused():
    with pytest.raises(ValueError, match="height must be >= 3"):
        Catch(height=2)
    with pytest.raises(ValueError, match="width must be >= 2"):
        Catch(width=1)
    with pytest.raises(TypeError, match="width must be an int"):
        Catch(width=5.0)
    with pytest.raises(ValueError, match="ball_column"):
        Catch(10, 5).reset(ball_column=5)
    with pytest.raises(RuntimeError, match="reset"):
        Catch().step(1)  # no episode yet


# ---------------------------------------------------------------- replay memory


def test_the_buffer_keeps_the_last_capacity_transitions():
    buffer = ReplayBuffer(capacity=3, obs_shape=(2, 2))
    for t in range(5):
        buffer.push(
            torch.full((2, 2), float(t)), t % 3, float(t), torch.full((2, 2), t + 1.0), t == 4
        )
    assert len(buffer) == 3
    assert sorted(buffer.rewards.tolist()) == [2.0, 3.0, 4.0]
    batch = buffer.sample(64, torch.Generator().manual_seed(0))
    assert batch.observations.shape == (64, 2, 2)
    assert batch.actions.dtype == torch.int64
    # every sampled transition is one that was pushed, its parts kept together
    assert torch.equal(batch.observations[:, 0, 0], batch.rewards)
    assert torch.equal(batch.next_observations[:, 0, 0], batch.rewards + 1)
    assert torch.equal(batch.dones, (batch.rewards == 4).float())
    assert set(batch.rewards.tolist()) == {2.0, 3.0, 4.0}


def test_the_buffer_refuses_bad_input():
    buffer = ReplayBuffer(4, (2, 2))
    with pytest.raises(ValueError, match="empty"):
        buffer.sample(1)
    with pytest.raises(ValueError, match="observation must"):
        buffer.push(torch.zeros(3, 2), 0, 0.0, torch.zeros(2, 2), False)
    with pytest.raises(ValueError, match="action"):
        buffer.push(torch.zeros(2, 2), -1, 0.0, torch.zeros(2, 2), False)
    buffer.push(torch.zeros(2, 2), 0, 0.0, torch.zeros(2, 2), False)
    with pytest.raises(ValueError, match="batch_size"):
        buffer.sample(0)
    with pytest.raises(ValueError, match="capacity"):
        ReplayBuffer(0, (2,))


# ---------------------------------------------------------------- the DQN update


def test_td_target_matches_a_hand_computation():
    rewards = torch.tensor([0.0, 1.0, -1.0, 0.5])
    next_q = torch.tensor([[0.2, 0.5, 0.1], [3.0, 3.0, 3.0], [9.0, 0.0, 0.0], [-0.4, -0.2, -0.8]])
    dones = torch.tensor([0.0, 1.0, 1.0, 0.0])
    # y = r + gamma (1 - done) max_a' Q(s', a'), by hand with gamma = 0.9:
    expected = torch.tensor([0.0 + 0.9 * 0.5, 1.0, -1.0, 0.5 + 0.9 * -0.2])
    torch.testing.assert_close(td_target(rewards, next_q, dones, 0.9), expected)
    with pytest.raises(ValueError, match="gamma"):
        td_target(rewards, next_q, dones, 1.5)
    with pytest.raises(ValueError, match="need rewards"):
        td_target(rewards[:3], next_q, dones, 0.9)


def test_dqn_loss_is_the_squared_td_error_and_leaves_the_target_network_alone():
    torch.manual_seed(0)
    online, target = QNetwork((3, 2), 3, hidden=8), QNetwork((3, 2), 3, hidden=8)
    obs, next_obs = torch.rand(5, 3, 2), torch.rand(5, 3, 2)
    batch = Batch(obs, torch.tensor([0, 1, 2, 1, 0]), torch.rand(5), next_obs, torch.zeros(5))
    loss = dqn_loss(online, target, batch, gamma=0.9)
    q = online(obs)
    by_hand = sum(
        (batch.rewards[i] + 0.9 * target(next_obs[i : i + 1]).max() - q[i, batch.actions[i]]) ** 2
        for i in range(5)
    )
    torch.testing.assert_close(loss, by_hand / 5)
    loss.backward()
    assert all(p.grad is None for p in target.parameters())
    assert all(p.grad is not None for p in online.parameters())


class FixedQ(torch.nn.Module):
    """Scores the three actions 0, 2, 1 whatever the screen; counts its calls."""

    n_actions = 3

    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, screens):
        self.calls += 1
        return torch.tensor([[0.0, 2.0, 1.0]]).expand(screens.shape[0], 3)


def test_epsilon_greedy_explores_with_probability_epsilon():
    g, q, screen = torch.Generator().manual_seed(0), FixedQ(), torch.zeros(10, 5)
    assert {epsilon_greedy(q, screen, 0.0, g) for _ in range(50)} == {1}
    q.calls = 0
    actions = [epsilon_greedy(q, screen, 1.0, g) for _ in range(3000)]
    assert q.calls == 0  # exploring never needs the network
    counts = torch.bincount(torch.tensor(actions))
    assert (counts - 1000).abs().max() < 120  # uniform
    greedy = sum(epsilon_greedy(q, screen, 0.3, g) == 1 for _ in range(3000)) / 3000
    assert greedy == pytest.approx(0.7 + 0.3 / 3, abs=0.03)
    with pytest.raises(ValueError, match="epsilon"):
        epsilon_greedy(q, screen, 1.5, g)


def test_bad_settings_are_refused():
    with pytest.raises(ValueError, match="episodes"):
        DQNConfig(episodes=0)
    with pytest.raises(ValueError, match="gamma"):
        DQNConfig(gamma=1.2)
    with pytest.raises(ValueError, match="eval_every"):
        DQNConfig(episodes=5, eval_every=10)
    with pytest.raises(ValueError, match="screens must have shape"):
        QNetwork((10, 5), 3)(torch.zeros(2, 5, 10))
    with pytest.raises(ValueError, match="variants must be one of"):
        CatchConfig(variants=("dqn", "no_tricks"))
    with pytest.raises(ValueError, match="variants"):
        CatchConfig(episodes=1, variants=())
    with pytest.raises(ValueError, match="random_episodes"):
        CatchConfig(episodes=1, random_episodes=0)
    with pytest.raises(TypeError, match="episodes must be an int"):
        CatchConfig(episodes=300.0)
    with pytest.raises(ValueError, match="seed"):
        CatchConfig(seed=-1)
    with pytest.raises(TypeError, match="CatchConfig"):
        run_catch(DQNConfig())
    with pytest.raises(ValueError, match="episodes"):
        random_policy_return(episodes=0)


def test_each_variant_removes_exactly_one_trick():
    config = CatchConfig(episodes=1, variants=("dqn", "no_replay", "no_target"), random_episodes=1)
    runs = run_catch(config).runs
    assert list(runs) == ["dqn", "no_replay", "no_target"]
    dqn = runs["dqn"].config
    assert (dqn.episodes, dqn.seed, dqn.buffer_capacity, dqn.target_update) == (1, 0, 2000, 50)
    no_replay = runs["no_replay"].config
    assert (no_replay.buffer_capacity, no_replay.learning_starts) == (32, 32)  # one minibatch
    assert no_replay.target_update == dqn.target_update
    no_target = runs["no_target"].config
    assert no_target.target_update == 1  # theta^- follows theta after every step
    assert no_target.buffer_capacity == dqn.buffer_capacity


# ---------------------------------------------------------------- the page's claims


def test_a_random_policy_scores_about_minus_0_6():
    assert random_policy_return(10, 5, episodes=1000, seed=0) == pytest.approx(-0.6, abs=0.1)
    assert random_policy_return(10, 4, episodes=1000, seed=1) == pytest.approx(-0.5, abs=0.1)


@pytest.fixture(scope="module", params=range(5))
def catch_result(request):
    """The page's experiment (DQN and DQN without replay), run once per seed 0-4."""
    return run_catch(CatchConfig(seed=request.param, variants=("dqn", "no_replay")))


@pytest.mark.slow
def test_dqn_learns_catch_from_pixels_and_replay_is_what_makes_it_learn(catch_result):
    CLAIMS.check(catch_result)  # every sentence of the page about the runs and the Q-values
    net = catch_result.runs["dqn"].q_network  # the greedy games drawn on the page catch, too
    assert all(rollout(net, ball_column=c).episode_return == 1.0 for c in range(5))
