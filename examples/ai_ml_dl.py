"""AI ⊃ ML ⊃ DL on handwritten digits: a font rule, hand-made features + learning, a neural net.

python examples/ai_ml_dl.py --seeds 0 1 2 --out ai_ml_dl.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tqdm.auto import tqdm

from dlbasics.experiments.ai_ml_dl import AiMlDlConfig, run_ai_ml_dl


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="seeds to run")
    parser.add_argument("--steps", type=int, default=300, help="training steps (default: 300)")
    parser.add_argument("--out", type=Path, help="save a bar chart of the first seed's accuracies")
    parser.add_argument("--quick", action="store_true", help="few steps, one seed (for tests)")
    args = parser.parse_args(argv)
    if args.steps < 1:
        parser.error(f"--steps must be >= 1, got {args.steps}")
    seeds, steps = ([args.seeds[0]], 30) if args.quick else (args.seeds, args.steps)

    results = [run_ai_ml_dl(AiMlDlConfig(seed=s, steps=steps)) for s in tqdm(seeds, desc="seeds")]
    print(f"{'seed':>4}  {'rule (AI)':>9}  {'ML':>6}  {'DL':>6}")
    for seed, r in zip(seeds, results, strict=True):
        print(f"{seed:>4}  {r.rule_accuracy:>9.3f}  {r.ml_accuracy:>6.3f}  {r.dl_accuracy:>6.3f}")
    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.basic import bar_comparison

        use_style()
        r = results[0]
        fig = bar_comparison(
            ["규칙 (AI)", "ML", "DL"],
            [r.rule_accuracy, r.ml_accuracy, r.dl_accuracy],
            "test accuracy",
            reference=r.chance_accuracy,
            reference_label="chance",
        )
        fig.savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
