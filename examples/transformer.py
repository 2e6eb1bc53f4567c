"""The Transformer (2017) in miniature: attention alone reverses sequences only with positions.

python examples/transformer.py --seed 1 --positions learned --out reversal.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tqdm.auto import tqdm

from dlbasics.data.reverse import reversal_task
from dlbasics.experiments.transformer import (
    ReversalConfig,
    attention_check,
    order_blind_bound,
    permutation_equivariance,
    train_reversal,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--positions",
        choices=("sinusoidal", "learned"),
        default="sinusoidal",
        help="positional encoding compared with none (default: sinusoidal)",
    )
    parser.add_argument(
        "--steps", type=int, default=150, help="Adam steps per model (default: 150)"
    )
    parser.add_argument("--out", type=Path, help="save the figure to this PNG file")
    parser.add_argument("--quick", action="store_true", help="short runs (for tests)")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error(f"--seed must be >= 0, got {args.seed}")
    if args.steps < 1:
        parser.error(f"--steps must be >= 1, got {args.steps}")
    if args.out is not None and args.out.suffix.lower() != ".png":
        parser.error(f"--out must name a .png file, got {args.out}")

    config = ReversalConfig(steps=120, n_test=200) if args.quick else ReversalConfig(args.steps)
    check = attention_check(args.seed)
    print(f"max |ours - torch|: attention {check.sdpa:.1e}, multi-head {check.mha:.1e}")
    equi = permutation_equivariance(args.seed, config).max_diff
    print("max |f(Px) - P f(x)|: " + ", ".join(f"{k} {v:.1e}" for k, v in equi.items()))

    runs = {}
    with tqdm(total=2 * config.steps, desc="training") as bar:
        for positions in (args.positions, "none"):
            runs[positions] = train_reversal(positions, args.seed, config, lambda _: bar.update())
    x_test, _ = reversal_task(config.n_test, config.length, config.vocab_size, args.seed + 10_000)
    bound = order_blind_bound(x_test)

    print(f"\n{'positions':<18} {'token acc':>9} {'sequence acc':>12}")
    for name, run in runs.items():
        print(f"{name:<18} {run.token_accuracy:>9.3f} {run.sequence_accuracy:>12.3f}")
    print(f"{'(order-blind best)':<18} {bound:>9.3f}")
    for name, run in runs.items():
        print(f"{name}: {run.example.tolist()} -> {run.prediction.tolist()}")

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.attention import reversal_figure

        use_style()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        fig = reversal_figure(
            runs["none"].steps,
            {name: run.accuracy for name, run in runs.items()},
            {name: run.attention.mean(0) for name, run in runs.items()},
            bound=bound,
        )
        fig.savefig(args.out)
        print(f"saved the figure to {args.out}")


if __name__ == "__main__":
    main()
