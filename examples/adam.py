"""Adam (2014) in miniature: six optimizers, each at its best learning rate, on badly scaled digits.

python examples/adam.py
python examples/adam.py --seed 1 --spread 3 --out adam.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.adam import RaceConfig, bias_correction, race


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--spread",
        type=float,
        default=2.0,
        help="features are multiplied by 10^U(-spread, spread), in (0, 6] (default: 2)",
    )
    parser.add_argument("--steps", type=int, default=200, help="minibatch steps (default: 200)")
    parser.add_argument("--out", type=Path, help="save the figure to this PNG file")
    parser.add_argument("--quick", action="store_true", help="20 steps only (for tests)")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error(f"--seed must be >= 0, got {args.seed}")
    if not 0 < args.spread <= 6:
        parser.error(f"--spread must be in (0, 6], got {args.spread}")
    if args.steps < 1:
        parser.error(f"--steps must be >= 1, got {args.steps}")
    steps = 20 if args.quick else args.steps

    bad = race(RaceConfig(seed=args.seed, log10_spread=args.spread, steps=steps), progress=True)
    good = race(RaceConfig(seed=args.seed, log10_spread=0.0, steps=steps), progress=True)
    print(
        f"logistic regression on digits, {steps} steps of 128, seed {args.seed}; "
        f"each optimizer at its best lr from {len(bad.lrs)} values in "
        f"[{min(bad.lrs):.0e}, {max(bad.lrs):.0e}]"
    )
    print(f"{'':<10}| features × 10^U(±{args.spread:g}){'':<7}| digits as they are")
    columns = f"{'lr':>8}{'loss':>8}{'test acc':>10}"
    print(f"{'optimizer':<10}|{columns}  |{columns}")
    for name in bad.optimizers:
        print(
            f"{name:<10}|{bad.best_lr[name]:>8.0e}{bad.best_loss[name]:>8.3f}"
            f"{bad.test_accuracy[name]:>10.3f}  |{good.best_lr[name]:>8.0e}"
            f"{good.best_loss[name]:>8.3f}{good.test_accuracy[name]:>10.3f}"
        )
    bc = bias_correction(steps=100)
    print(
        f"bias correction: without it, Adam's first step would be {bc.uncorrected[0]:.2f}×lr "
        f"and its largest {max(bc.uncorrected):.2f}×lr; with it every step is 1.00×lr"
    )

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.adam import race_figure

        use_style()
        titles = [
            f"feature × $10^{{U(-{args.spread:g},\\,{args.spread:g})}}$",
            "digits (pixel ∈ [0, 1])",
        ]
        race_figure([bad, good], titles).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
