"""The smallest deep-learning program: Data, Model, Loss and Algorithm, one line each.

Trains a linear softmax classifier on scikit-learn's handwritten digits and prints what it
learned; optionally saves the loss curve.

    python examples/four_components.py --steps 300 --seed 1 --out loss.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.components import FourComponentsConfig, run_four_components


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--steps", type=int, default=300, help="gradient steps (default: 300)")
    parser.add_argument("--lr", type=float, default=0.5, help="learning rate (default: 0.5)")
    parser.add_argument("--out", type=Path, help="save the loss curve to this image file")
    parser.add_argument("--quick", action="store_true", help="a few steps only (for tests)")
    args = parser.parse_args(argv)

    try:
        config = FourComponentsConfig(
            seed=args.seed, steps=20 if args.quick else args.steps, lr=args.lr
        )
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    result = run_four_components(config, progress=True)

    print(f"{'parameters':<18}{result.n_parameters:>8}")
    print(f"{'train / test':<18}{result.n_train:>5} / {result.n_test}")
    print(f"{'loss first → last':<18}{result.loss[0]:>8.3f} → {result.loss[-1]:.3f}")
    print(f"{'train accuracy':<18}{result.train_accuracy:>8.3f}")
    print(f"{'test accuracy':<18}{result.test_accuracy:>8.3f}")
    print(f"{'baseline accuracy':<18}{result.baseline_accuracy:>8.3f}")
    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.intro import loss_curve

        use_style()
        loss_curve(result.loss, title="Data + Model + Loss + Algorithm").savefig(args.out)
        print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
