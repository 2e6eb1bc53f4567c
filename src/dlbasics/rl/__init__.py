"""Reinforcement learning in miniature: a pixel game, a replay buffer and DQN (Mnih et al., 2013).

Import from the submodules: ``from dlbasics.rl.catch import Catch``.
"""
