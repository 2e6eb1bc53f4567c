"""DQN (Mnih et al., 2013) learns the Catch game from pixels; ablations without its two tricks.

Trains DQN, the same agent without experience replay and without a target network, prints
each one's greedy return against a random policy, and optionally saves the learning curves.

    python examples/dqn_catch.py --episodes 300 --seed 1 --out dqn.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.dqn import VARIANTS, CatchConfig, run_catch

NAMES = {"dqn": "DQN", "no_replay": "without replay", "no_target": "without target net"}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=300, help="training episodes (300)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=list(VARIANTS),
        default=list(VARIANTS),
        help="agents to train (default: all three)",
    )
    parser.add_argument("--out", type=Path, help="save the learning curves to this image file")
    parser.add_argument("--quick", action="store_true", help="30 episodes only (for tests)")
    args = parser.parse_args(argv)
    try:
        config = CatchConfig(
            seed=args.seed,
            episodes=30 if args.quick else args.episodes,
            variants=tuple(args.variants),
        )
    except (TypeError, ValueError) as error:
        parser.error(str(error))

    result = run_catch(config, progress=True)
    print(f"{'agent':<22}{'greedy return':>14}{'last 5 evals':>14}{'last 50 train':>15}")
    for name, run in result.runs.items():
        last5 = run.eval_returns[-5:]
        train = run.episode_returns[-50:]
        print(
            f"{NAMES[name]:<22}{run.final_return:>14.2f}{sum(last5) / len(last5):>14.2f}"
            f"{sum(train) / len(train):>15.2f}"
        )
    print(
        f"{'random policy':<22}{result.random_return:>14.2f}"
        f"   (exact: 2/W - 1 = {result.expected_random_return:.2f})"
    )
    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.dqn import learning_curves

        use_style()
        learning_curves(result).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
