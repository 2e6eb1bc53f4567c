"""The Model slide's seven models: a table of their sizes, or a short training run of one.

python examples/model_zoo.py                     # parameters, output shapes, FLOPs
python examples/model_zoo.py --model resnet      # train the small ResNet on digits
python examples/model_zoo.py --model gan --out gan.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.model_zoo import CNNS, model_table, run_autoencoder, run_gan, run_lstm

MODELS = [name.lower() for name in CNNS] + ["lstm", "autoencoder", "gan"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", choices=MODELS, help="train this model (default: print the table)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--out", type=Path, help="save a figure of the run to this file")
    parser.add_argument("--quick", action="store_true", help="a few steps only (for tests)")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error(f"--seed must be >= 0, got {args.seed}")

    if args.model is None:
        print(f"{'model':<20}{'params':>9}{'FLOPs':>12}{'paper params':>14}  output")
        for r in model_table():
            paper = f"{r.paper_params:,}" if r.paper_params else "-"
            print(f"{r.name:<20}{r.params:>9,}{r.flops:>12,}{paper:>14}  {r.output_shape}")
        return

    from dlbasics.plot import use_style

    use_style()
    if args.model in [n.lower() for n in CNNS]:
        from dlbasics.experiments.model_zoo import train_cnn
        from dlbasics.plot.intro import loss_curve

        name = next(n for n in CNNS if n.lower() == args.model)
        run = train_cnn(name, seed=args.seed, steps=10 if args.quick else 200, progress=True)
        print(f"{name}: {run.params:,} parameters, test accuracy {run.test_accuracy:.3f}")
        fig = loss_curve(run.loss, title=name)
    elif args.model == "lstm":
        from dlbasics.plot.models import sequence_figure

        seq = run_lstm(args.seed, steps=10 if args.quick else 100)
        print(f"LSTM test MSE {seq.mse:.4f}, repeat-last-value baseline {seq.baseline_mse:.4f}")
        fig = sequence_figure(seq.inputs, seq.outputs)
    elif args.model == "autoencoder":
        import torch

        from dlbasics.plot.basic import image_grid

        ae = run_autoencoder(args.seed, steps=10 if args.quick else 250)
        print(f"AutoEncoder test MSE {ae.mse:.4f}, mean-image baseline {ae.baseline_mse:.4f}")
        fig = image_grid(torch.cat([ae.inputs, ae.outputs]), ncols=10)
    else:
        from dlbasics.plot.models import gan_histogram

        gan = run_gan(args.seed, steps=20 if args.quick else 600)
        print(
            f"GAN: G(z) mean {gan.mean:.2f} std {gan.std:.2f} "
            f"(target {gan.target_mean} and {gan.target_std})"
        )
        fig = gan_histogram(gan.samples, gan.target_mean, gan.target_std)
    if args.out:
        fig.savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
