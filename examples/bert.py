"""BERT in miniature: masked-LM pre-training on unlabeled Markov "documents", then fine-tuning.

python examples/bert.py --seed 1 --labels-per-topic 4 --out bert.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.data.markov import words_to_text
from dlbasics.experiments.bert import BertPretrainingConfig, run_bert_pretraining


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--labels-per-topic", type=int, default=4, help="labelled documents per topic (default: 4)"
    )
    parser.add_argument(
        "--pretrain-steps", type=int, default=500, help="masked-LM steps (default: 500)"
    )
    parser.add_argument("--out", type=Path, help="save the figure as this PNG file")
    parser.add_argument("--quick", action="store_true", help="a tiny run (for tests)")
    args = parser.parse_args(argv)
    if args.out is not None and args.out.suffix.lower() != ".png":
        parser.error(f"--out must name a .png file, got {args.out}")

    try:
        config = BertPretrainingConfig(
            seed=args.seed,
            labels_per_topic=args.labels_per_topic,
            pretrain_steps=20 if args.quick else args.pretrain_steps,
            n_unlabeled=200 if args.quick else 2000,
            n_test=200 if args.quick else 1000,
            finetune_steps=10 if args.quick else 100,
            eval_every=5 if args.quick else 25,
        )
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    r = run_bert_pretraining(config, progress=True)

    print(f"{'':<34}{'test accuracy':>14}")
    print(f"{'chance (1 / topics)':<34}{1 / config.n_topics:>14.3f}")
    print(f"{'from scratch':<34}{r.accuracy_scratch[-1]:>14.3f}")
    print(f"{'pre-trained, then fine-tuned':<34}{r.accuracy_pretrained[-1]:>14.3f}")
    print(f"{'gain (points)':<34}{100 * r.gain:>+14.1f}")
    print(
        f"masked words filled correctly: {r.mlm_accuracy:.3f} "
        f"(always the most frequent word: {r.unigram_accuracy:.3f})"
    )
    e, mask = r.example, config.model.mask_id
    print("document :", words_to_text(e.tokens[1:]))
    print("masked   :", words_to_text(e.inputs[1:], {mask: "_"}))
    print("predicted:", words_to_text(e.predicted[1:]))

    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.bert import bert_figure

        use_style()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        bert_figure(r).savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
