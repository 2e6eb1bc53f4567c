"""Adam (2014) in miniature: six optimizers, each at its best learning rate, on badly scaled digits.

python examples/adam.py
python examples/adam.py --seed 1 --spread 3 --out adam.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.adam import (
    BiasCorrectionConfig,
    FeatureScalingConfig,
    run_bias_correction,
    run_feature_scaling,
)


def main(argv: list[str] | None = None) -> int:
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
    try:
        config = FeatureScalingConfig(
            log10_spread=args.spread, steps=20 if args.quick else args.steps, seed=args.seed
        )
    except (TypeError, ValueError) as err:
        parser.error(str(err))

    result = run_feature_scaling(config, progress=True)
    bad, good = result.rescaled, result.original
    print(
        f"logistic regression on digits, {config.steps} steps of {config.batch_size}, "
        f"seed {config.seed}; each optimizer at its best lr from {len(config.lrs)} values in "
        f"[{min(config.lrs):.0e}, {max(config.lrs):.0e}]"
    )
    print(f"{'':<10}| features × 10^U(±{config.log10_spread:g}){'':<7}| digits as they are")
    columns = f"{'lr':>8}{'loss':>8}{'test acc':>10}"
    print(f"{'optimizer':<10}|{columns}  |{columns}")
    for name in config.optimizers:
        print(
            f"{name:<10}|{bad.best_lr[name]:>8.0e}{bad.best_loss[name]:>8.3f}"
            f"{bad.test_accuracy[name]:>10.3f}  |{good.best_lr[name]:>8.0e}"
            f"{good.best_loss[name]:>8.3f}{good.test_accuracy[name]:>10.3f}"
        )
    bc = run_bias_correction(BiasCorrectionConfig(steps=100))
    print(
        f"bias correction: without it, Adam's first step would be {bc.uncorrected[0]:.2f}×lr "
        f"and its largest {max(bc.uncorrected):.2f}×lr; with it every step is 1.00×lr"
    )

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.adam import feature_scaling_figure

        use_style()
        feature_scaling_figure(result).savefig(args.out)
        print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
