"""2014 Encoder/Decoder: a seq2seq LSTM on a toy language, the source as written or reversed.

python examples/seq2seq.py --seed 1 --out seq2seq.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.seq2seq import SourceReversalConfig, run_source_reversal


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--steps", type=int, default=300, help="Adam steps per model (default: 300)"
    )
    parser.add_argument("--length", type=int, default=12, help="words per sentence (default: 12)")
    parser.add_argument("--out", type=Path, help="save the figure to this .png file")
    parser.add_argument("--quick", action="store_true", help="a few steps only (for tests)")
    args = parser.parse_args(argv)
    if args.out is not None and args.out.suffix.lower() != ".png":
        parser.error(f"--out must name a .png file, got {args.out}")

    steps, n_test = (20, 100) if args.quick else (args.steps, 500)
    try:
        config = SourceReversalConfig(
            seed=args.seed, length=args.length, steps=steps, n_test=n_test, every=min(50, steps)
        )
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    result = run_source_reversal(config, progress=True)

    print(f"toy translation, {config.length} words, {config.steps} steps, seed {config.seed}")
    header = ("source read", "token acc", "sentence acc", "first word", "last word")
    print(f"{header[0]:<12}{header[1]:>10}{header[2]:>14}{header[3]:>12}{header[4]:>11}")
    for name, run in (("as written", result.forward), ("reversed", result.reversed)):
        print(
            f"{name:<12}{run.token_accuracy:>10.3f}{run.sequence_accuracy:>14.3f}"
            f"{run.position_accuracy[0]:>12.3f}{run.position_accuracy[-1]:>11.3f}"
        )
    src, tgt, out = result.reversed.example
    pair = result.pair
    print(f"\nsource     : {pair.words(src, target=False)}")
    print(f"reference  : {pair.words(tgt)}")
    print(f"reversed-source model: {pair.words(out)}")

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.seq2seq import source_reversal_figure

        use_style()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        source_reversal_figure(result).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
