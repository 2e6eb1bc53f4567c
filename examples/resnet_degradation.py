"""ResNet's degradation problem in miniature: plain-30 vs plain-4 vs residual-30 MLPs on digits.

python examples/resnet_degradation.py --seed 1 --out degradation.png
python examples/resnet_degradation.py --deep 50 --steps 500
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.resnet import DegradationConfig, run_degradation


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--deep", type=int, default=30, help="layers of the deep nets (30)")
    parser.add_argument("--shallow", type=int, default=4, help="layers of the shallow net (4)")
    parser.add_argument("--width", type=int, default=32, help="hidden features (default: 32)")
    parser.add_argument("--steps", type=int, default=200, help="Adam steps (default: 200)")
    parser.add_argument("--out", type=Path, help="save the training curves to this PNG file")
    parser.add_argument("--quick", action="store_true", help="a short run (for tests)")
    args = parser.parse_args(argv)
    steps = min(args.steps, 30) if args.quick else args.steps
    try:
        config = DegradationConfig(
            seed=args.seed,
            deep=args.deep,
            shallow=args.shallow,
            width=args.width,
            steps=steps,
            every=max(1, steps // 20),
        )
    except (TypeError, ValueError) as error:
        parser.error(str(error))

    result = run_degradation(config, progress=True)
    print(f"after {config.steps} steps (seed {config.seed}):")
    print(f"{'network':<14}{'training loss':>15}{'test error':>12}")
    for name in result.names:
        loss, test_error = result.final_train_loss(name), result.final_test_error(name)
        print(f"{name:<14}{loss:>15.4f}{test_error:>12.3f}")

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.resnet import degradation_figure

        use_style()
        degradation_figure(result).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
