"""SimCLR in miniature: contrastive pre-training on unlabeled digits, then a few-label probe.

python examples/simclr.py --seed 1 --out simclr.png
python examples/simclr.py --steps 400 --labels 1,5,50
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.simclr import SimCLRConfig, simclr_probe


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--steps", type=int, default=200, help="pre-training steps (200)")
    parser.add_argument("--tau", type=float, default=0.2, help="NT-Xent temperature (0.2)")
    parser.add_argument(
        "--labels", default="1,2,5,10,20", help="labels per class for the probe (1,2,5,10,20)"
    )
    parser.add_argument("--out", type=Path, help="save the loss and probe figure to this PNG")
    parser.add_argument("--quick", action="store_true", help="a short run (for tests)")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error(f"--seed must be >= 0, got {args.seed}")
    if args.steps < 1:
        parser.error(f"--steps must be >= 1, got {args.steps}")
    if not args.tau > 0:
        parser.error(f"--tau must be > 0, got {args.tau}")
    try:
        labels = tuple(int(k) for k in args.labels.split(","))
    except ValueError:
        parser.error(f"--labels must be comma-separated integers, got {args.labels!r}")
    if min(labels) < 1 or max(labels) > 100:  # the rarest digit has 131 training images
        parser.error(f"--labels must lie in [1, 100], got {args.labels}")

    if args.quick:
        config = SimCLRConfig(
            steps=min(args.steps, 10),
            tau=args.tau,
            labels_per_class=labels[:2],
            draws=2,
            probe_steps=30,
        )
    else:
        config = SimCLRConfig(steps=args.steps, tau=args.tau, labels_per_class=labels)
    run = simclr_probe(args.seed, config, progress=True)
    print(f"NT-Xent {run.loss[0]:.3f} -> {run.loss[-1]:.3f} after {len(run.loss)} steps")
    print("linear probe test accuracy (mean over labeled subsets):")
    print(f"{'labels/class':<16}" + "".join(f"{k:>8}" for k in run.labels_per_class))
    for name, accs in run.probe_accuracy.items():
        print(f"{name:<16}" + "".join(f"{a:>8.3f}" for a in accs))

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.simclr import probe_figure

        use_style()
        probe_figure(run).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
