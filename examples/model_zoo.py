"""The Model slide's seven models: a table of their sizes, or a short training run of one.

python examples/model_zoo.py                     # parameters, output shapes, FLOPs
python examples/model_zoo.py --model resnet      # train the small ResNet on digits
python examples/model_zoo.py --model gan --out gan.png
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.gan import GANConfig, run_gan
from dlbasics.experiments.model_zoo import (
    CNNS,
    AutoEncoderConfig,
    CNNComparisonConfig,
    LSTMForecastConfig,
    model_table,
    run_autoencoder,
    run_cnn_comparison,
    run_lstm_forecast,
)

CNN_NAMES = {name.lower(): name for name in CNNS}
MODELS = [*CNN_NAMES, "lstm", "autoencoder", "gan"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--model", choices=MODELS, help="train this model (default: print the table)"
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--out", type=Path, help="save a figure of the run to this file")
    parser.add_argument("--quick", action="store_true", help="a few steps only (for tests)")
    args = parser.parse_args(argv)

    if args.model is None:
        print(f"{'model':<20}{'params':>9}{'FLOPs':>12}{'paper params':>14}  output")
        for r in model_table():
            paper = f"{r.paper_params:,}" if r.paper_params else "-"
            print(f"{r.name:<20}{r.params:>9,}{r.flops:>12,}{paper:>14}  {r.output_shape}")
        return

    quick, seed = args.quick, args.seed
    config: CNNComparisonConfig | LSTMForecastConfig | AutoEncoderConfig | GANConfig
    try:
        if args.model in CNN_NAMES:
            name = CNN_NAMES[args.model]
            config = CNNComparisonConfig(seed=seed, models=(name,), steps=10 if quick else 200)
        elif args.model == "lstm":
            config = LSTMForecastConfig(seed=seed, steps=10 if quick else 100)
        elif args.model == "autoencoder":
            config = AutoEncoderConfig(seed=seed, steps=10 if quick else 250)
        else:
            config = (
                GANConfig(seed=seed, steps=20, snapshots=(0, 20)) if quick else GANConfig(seed=seed)
            )
    except (TypeError, ValueError) as err:
        parser.error(str(err))

    from dlbasics.plot import models as figs
    from dlbasics.plot import use_style

    use_style()
    if isinstance(config, CNNComparisonConfig):
        from dlbasics.plot.intro import loss_curve

        run = run_cnn_comparison(config, progress=True).runs[0]
        print(f"{run.name}: {run.params:,} parameters, test accuracy {run.test_accuracy:.3f}")
        fig = loss_curve(run.loss, title=run.name)
    elif isinstance(config, LSTMForecastConfig):
        seq = run_lstm_forecast(config, progress=True)
        print(f"LSTM test MSE {seq.mse:.4f}, repeat-last-value baseline {seq.baseline_mse:.4f}")
        fig = figs.sequence_figure(seq)
    elif isinstance(config, AutoEncoderConfig):
        ae = run_autoencoder(config, progress=True)
        print(f"AutoEncoder test MSE {ae.mse:.4f}, mean-image baseline {ae.baseline_mse:.4f}")
        fig = figs.reconstruction_figure(ae)
    else:
        gan = run_gan(config, progress=True)
        print(
            f"GAN: G(z) mean {gan.sample_mean:.2f} std {gan.sample_std:.2f} "
            f"(target {config.mu} and {config.sigma})"
        )
        fig = figs.gan_histogram(gan)
    if args.out:
        fig.savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
