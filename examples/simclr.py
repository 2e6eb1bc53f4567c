"""SimCLR in miniature: contrastive pre-training on unlabeled digits, then a few-label probe.

python examples/simclr.py --seed 1 --out simclr.png
python examples/simclr.py --steps 400 --labels 1,5,50
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from dlbasics.experiments.simclr import SimCLRConfig, run_simclr


def _labels(text: str) -> tuple[int, ...]:
    """``"1,5,20"`` -> ``(1, 5, 20)``, for argparse (which reports a ValueError as bad input)."""
    return tuple(int(k) for k in text.split(","))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--steps", type=int, default=300, help="pre-training steps (300)")
    parser.add_argument("--tau", type=float, default=0.2, help="NT-Xent temperature (0.2)")
    parser.add_argument(
        "--labels",
        type=_labels,
        default=(1, 2, 5, 10, 20),
        help="labels per class for the probe, at most 131 (default: 1,2,5,10,20)",
    )
    parser.add_argument("--out", type=Path, help="save the loss and probe figure to this PNG")
    parser.add_argument("--quick", action="store_true", help="a short run (for tests)")
    args = parser.parse_args(argv)
    try:
        config = SimCLRConfig(
            seed=args.seed, steps=args.steps, tau=args.tau, labels_per_class=args.labels
        )
        if args.quick:  # fewer steps, two label counts, two small probes each
            config = replace(
                config,
                steps=min(args.steps, 10),
                labels_per_class=args.labels[:2],
                draws=2,
                probe_steps=30,
            )
    except (TypeError, ValueError) as error:
        parser.error(str(error))

    try:  # the classes' sizes are known once the data is split (before pre-training)
        result = run_simclr(config, progress=True)
    except ValueError as error:
        parser.error(str(error))
    print(f"NT-Xent {result.loss[0]:.3f} -> {result.loss[-1]:.3f} after {len(result.loss)} steps")
    print("linear probe test accuracy (mean over labeled subsets):")
    print(f"{'labels/class':<16}" + "".join(f"{k:>8}" for k in config.labels_per_class))
    for name, accs in result.probe_accuracy.items():
        print(f"{name:<16}" + "".join(f"{a:>8.3f}" for a in accs))

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.simclr import probe_figure

        use_style()
        probe_figure(result).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
