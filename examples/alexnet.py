"""AlexNet (2012) in miniature: a small CNN against logistic regression and an MLP on moved digits.

python examples/alexnet.py --seed 1
python examples/alexnet.py --canvas 24 --steps 400 --out alexnet.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.alexnet import CanvasConfig, count_alexnet_parameters, run_canvas


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--canvas",
        type=int,
        default=16,
        help="canvas side, in [8, 64], divisible by 4 (default: 16)",
    )
    parser.add_argument(
        "--steps", type=int, default=300, help="Adam steps per model (default: 300)"
    )
    parser.add_argument("--out", type=Path, help="save the figure to this PNG file")
    parser.add_argument("--quick", action="store_true", help="20 steps only (for tests)")
    args = parser.parse_args(argv)
    try:
        config = CanvasConfig(
            seed=args.seed, canvas_size=args.canvas, steps=20 if args.quick else args.steps
        )
    except (TypeError, ValueError) as error:
        parser.error(str(error))

    result = run_canvas(config, progress=True)
    print(
        f"8×8 digits at random places on a {config.canvas_size}×{config.canvas_size} canvas, "
        f"{config.steps} steps, seed {config.seed}"
    )
    print(f"{'model':<22}{'params':>9}{'train acc':>11}{'test acc':>10}")
    for name, params, train, test in zip(
        result.names, result.params, result.train_accuracy, result.test_accuracy, strict=True
    ):
        print(f"{name:<22}{params:>9,}{train:>11.3f}{test:>10.3f}")
    scale = count_alexnet_parameters()
    print(
        f"AlexNet at ImageNet size: {scale.params:,} parameters "
        f"({scale.params_paper_widths:,} with the paper's widths)"
    )

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.alexnet import canvas_figure

        use_style()
        canvas_figure(result).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
