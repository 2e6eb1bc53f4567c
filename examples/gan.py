"""2015 GAN (NIPS 2014): the Model chapter's 1-D GAN, measured while it learns N(3, 0.5^2).

python examples/gan.py --seed 3 --out gan.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.gan import GANConfig, run_gan


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--steps", type=int, default=600, help="D/G updates (default: 600)")
    parser.add_argument("--out", type=Path, help="save the figure to this .png file")
    parser.add_argument("--quick", action="store_true", help="a few steps only (for tests)")
    args = parser.parse_args(argv)
    if args.out is not None and args.out.suffix.lower() != ".png":
        parser.error(f"--out must name a .png file, got {args.out}")

    steps = 40 if args.quick else args.steps
    every = 20
    marks = sorted({0, steps // 6 // every * every, steps // 3 // every * every, steps})
    try:
        config = GANConfig(seed=args.seed, steps=steps, every=every, snapshots=tuple(marks))
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    result = run_gan(config, progress=True)

    print(f"GAN on N(3, 0.5^2), seed {args.seed}: D(x) -> 1/2 when G(z) looks like the data")
    print(f"{'step':>6}{'W1':>8}{'mean':>8}{'std':>8}{'D(x)':>8}{'D(G(z))':>9}")
    shown = sorted({0, *range(0, steps + 1, max(every, steps // 6 // every * every)), steps})
    for i, step in enumerate(result.steps):
        if step in shown:
            print(
                f"{step:>6}{result.w1[i]:>8.3f}{result.mean[i]:>8.3f}{result.std[i]:>8.3f}"
                f"{result.d_real[i]:>8.3f}{result.d_fake[i]:>9.3f}"
            )
    print("target:        3.000   0.500   0.500    0.500")

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.gan import gan_training_figure

        use_style()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        gan_training_figure(result).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
