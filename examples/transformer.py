"""The Transformer (2017) in miniature: attention alone reverses sequences only with positions.

python examples/transformer.py --seed 1 --positions learned --out reversal.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.transformer import (
    AttentionCheckConfig,
    EquivarianceConfig,
    SequenceReversalConfig,
    run_attention_check,
    run_equivariance,
    run_sequence_reversal,
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
    if args.out is not None and args.out.suffix.lower() != ".png":
        parser.error(f"--out must name a .png file, got {args.out}")

    try:
        config = SequenceReversalConfig(
            seed=args.seed,
            positions=args.positions,
            steps=120 if args.quick else args.steps,
            n_test=200 if args.quick else 1000,
        )
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    check = run_attention_check(AttentionCheckConfig(seed=config.seed))
    print(f"max |ours - torch|: attention {check.sdpa:.1e}, multi-head {check.mha:.1e}")
    equi = run_equivariance(EquivarianceConfig(seed=config.seed, model=config.model)).max_diff
    print("max |f(Px) - P f(x)|: " + ", ".join(f"{k} {v:.1e}" for k, v in equi.items()))

    result = run_sequence_reversal(config, progress=True)
    runs = (result.with_positions, result.without_positions)
    print(f"\n{'positions':<18} {'token acc':>9} {'sequence acc':>12}")
    for run in runs:
        print(f"{run.positions:<18} {run.token_accuracy:>9.3f} {run.sequence_accuracy:>12.3f}")
    print(f"{'(order-blind best)':<18} {result.order_blind_bound:>9.3f}")
    for run in runs:
        print(f"{run.positions}: {run.example.tolist()} -> {run.prediction.tolist()}")

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.attention import sequence_reversal_figure

        use_style()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        sequence_reversal_figure(result).savefig(args.out)
        print(f"saved the figure to {args.out}")


if __name__ == "__main__":
    main()
