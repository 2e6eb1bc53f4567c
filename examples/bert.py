"""BERT in miniature: masked-LM pre-training on unlabeled Markov "documents", then fine-tuning.

python examples/bert.py --seed 1 --labels-per-topic 4 --out bert.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tqdm.auto import tqdm

from dlbasics.data.markov import words_to_text
from dlbasics.experiments.bert import BertExperiment, run_bert


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--labels-per-topic", type=int, default=4, help="labelled documents per topic (default: 4)"
    )
    parser.add_argument(
        "--pretrain-steps", type=int, default=300, help="masked-LM steps (default: 300)"
    )
    parser.add_argument("--out", type=Path, help="save the figure as this PNG file")
    parser.add_argument("--quick", action="store_true", help="a tiny run (for tests)")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error(f"--seed must be >= 0, got {args.seed}")
    if args.labels_per_topic < 1:
        parser.error(f"--labels-per-topic must be >= 1, got {args.labels_per_topic}")
    if args.pretrain_steps < 1:
        parser.error(f"--pretrain-steps must be >= 1, got {args.pretrain_steps}")
    if args.out is not None and args.out.suffix.lower() != ".png":
        parser.error(f"--out must name a .png file, got {args.out}")

    config = BertExperiment(
        seed=args.seed,
        labels_per_topic=args.labels_per_topic,
        pretrain_steps=20 if args.quick else args.pretrain_steps,
        n_unlabeled=200 if args.quick else 2000,
        n_test=200 if args.quick else 1000,
        finetune_steps=10 if args.quick else 40,
        eval_every=5 if args.quick else 20,
    )
    with tqdm(total=config.pretrain_steps, desc="pre-training (masked LM)") as bar:

        def progress(step: int, loss: float) -> None:
            bar.set_postfix(loss=f"{loss:.3f}", refresh=False)
            bar.update()

        r = run_bert(config, callback=progress)

    print(f"{'':<34}{'test accuracy':>14}")
    print(f"{'chance (1 / topics)':<34}{1 / config.n_topics:>14.3f}")
    print(f"{'from scratch':<34}{r.accuracy_scratch[-1]:>14.3f}")
    print(f"{'pre-trained, then fine-tuned':<34}{r.accuracy_pretrained[-1]:>14.3f}")
    print(f"{'gain (points)':<34}{100 * r.gain:>+14.1f}")
    print(
        f"masked words filled correctly: {r.mlm_accuracy:.3f} "
        f"(always the most frequent word: {r.unigram_accuracy:.3f})"
    )
    e, mask = r.example, config.n_words + 1
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
