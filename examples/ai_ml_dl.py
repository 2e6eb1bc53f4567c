"""AI ⊃ ML ⊃ DL on handwritten digits: a font rule, hand-made features, raw pixels, a neural net.

python examples/ai_ml_dl.py --seeds 0 1 2 --out ai_ml_dl.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.ai_ml_dl import AiMlDlConfig, run_ai_ml_dl
from dlbasics.progress import progress_bar


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[0], help="seeds to run")
    parser.add_argument("--steps", type=int, default=300, help="training steps (default: 300)")
    parser.add_argument("--out", type=Path, help="save a bar chart of the first seed's accuracies")
    parser.add_argument("--quick", action="store_true", help="few steps, one seed (for tests)")
    args = parser.parse_args(argv)
    seeds, steps = ([args.seeds[0]], 30) if args.quick else (args.seeds, args.steps)

    try:
        configs = [AiMlDlConfig(seed=s, steps=steps) for s in seeds]
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    results = [run_ai_ml_dl(c) for c in progress_bar(configs, desc="seeds", enabled=True)]
    print(f"{'seed':>4}  {'rule (AI)':>9}  {'ML':>6}  {'pixels':>6}  {'DL':>6}")
    for r in results:
        accuracies = (
            f"{r.rule_accuracy:>9.3f}  {r.ml_accuracy:>6.3f}  "
            f"{r.pixel_accuracy:>6.3f}  {r.dl_accuracy:>6.3f}"
        )
        print(f"{r.config.seed:>4}  {accuracies}")
    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.basic import bar_comparison

        use_style()
        r = results[0]
        fig = bar_comparison(
            ["규칙 (AI)", "ML (특징 16개)", "linear (pixel)", "DL (pixel)"],
            [r.rule_accuracy, r.ml_accuracy, r.pixel_accuracy, r.dl_accuracy],
            "test accuracy",
            reference=r.chance_accuracy,
            reference_label="chance",
        )
        fig.savefig(args.out)
        print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
