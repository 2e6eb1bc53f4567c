"""A miniature scaling curve: character GPTs of growing width on Python's own source code.

python examples/gpt.py --seed 1 --widths 8 16 32 64 --out gpt.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.gpt import ScalingConfig, run_scaling


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--widths",
        type=int,
        nargs="+",
        default=[8, 16, 32, 64],
        help="d_model of each model, increasing, even (default: 8 16 32 64)",
    )
    parser.add_argument("--steps", type=int, default=150, help="steps per model (default: 150)")
    parser.add_argument(
        "--temperature", type=float, default=0.8, help="sampling temperature (default: 0.8)"
    )
    parser.add_argument("--out", type=Path, help="save the figure as this PNG file")
    parser.add_argument("--quick", action="store_true", help="a tiny run (for tests)")
    args = parser.parse_args(argv)
    if args.out is not None and args.out.suffix.lower() != ".png":
        parser.error(f"--out must name a .png file, got {args.out}")

    try:
        config = ScalingConfig(
            seed=args.seed,
            widths=tuple(args.widths),
            steps=10 if args.quick else args.steps,
            temperature=args.temperature,
            sample_chars=60 if args.quick else 300,
        )
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    r = run_scaling(config, progress=True)

    print(f"{'d_model':>8} {'parameters':>11} {'val loss (nats/char)':>21}")
    for width, n, loss in zip(config.widths, r.n_params, r.val_loss, strict=True):
        print(f"{width:>8} {n:>11,} {loss:>21.3f}")
    print(f"{'(character frequencies only)':>21} {r.unigram_loss:>19.3f}")
    print(f"\nsampled from d_model={config.widths[-1]} at temperature {config.temperature}:")
    print(r.prompt + r.sample)

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.gpt import scaling_figure

        use_style()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        scaling_figure(r).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
