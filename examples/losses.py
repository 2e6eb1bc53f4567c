"""The Loss chapter from the command line: saturation, CE vs MSE, robust fits, loss as a proxy.

python examples/losses.py --seed 1 --out figures/
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dlbasics.experiments.losses import (
    CLAIMS_CE_VS_MSE,
    CEvsMSEConfig,
    ProxyGapConfig,
    RobustRegressionConfig,
    run_ce_vs_mse,
    run_proxy_gap,
    run_robust_regression,
    saturation,
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--out", type=Path, help="folder to save the four figures into")
    parser.add_argument("--quick", action="store_true", help="short runs (for tests)")
    args = parser.parse_args(argv)
    try:
        ce_config = CEvsMSEConfig(seed=args.seed, steps=40 if args.quick else 200)
        robust_config = RobustRegressionConfig(seed=args.seed)
        proxy_config = ProxyGapConfig(seed=args.seed, steps=100 if args.quick else 1500)
    except (TypeError, ValueError) as err:
        parser.error(str(err))

    sat = saturation()
    at = int((sat.z + 6).abs().argmin())
    print(
        f"|grad| at z = -6: cross-entropy {abs(float(sat.grad_ce[at])):.3f}, "
        f"MSE {abs(float(sat.grad_mse[at])):.4f}"
    )
    curves = run_ce_vs_mse(ce_config, progress=True)
    print(
        f"test accuracy after {curves.steps[-1]} steps, each at the lr chosen on validation "
        f"data: cross-entropy {curves.accuracy_ce[-1]:.3f} (lr {curves.best_lr['ce']:g}), "
        f"MSE {curves.accuracy_mse[-1]:.3f} (lr {curves.best_lr['mse']:g})"
    )
    for name, holds in CLAIMS_CE_VS_MSE.evaluate(curves).items():
        print(f"  {'holds' if holds else 'FAILS'}: {name}")
    fit = run_robust_regression(robust_config, progress=True)
    for name, (w, b) in fit.lines.items():
        print(f"{name:<6} y = {w:.2f}x + {b:.2f}   (true: y = 2x + 1)")
    proxy = run_proxy_gap(proxy_config, progress=True)
    print(
        f"proxy: training loss {proxy.train_loss[-1]:.1e}, test loss {proxy.test_loss[-1]:.3f}, "
        f"test accuracy {proxy.test_accuracy[-1]:.3f}"
    )

    if args.out:
        from dlbasics.plot import losses as figs
        from dlbasics.plot import use_style

        use_style()
        args.out.mkdir(parents=True, exist_ok=True)
        figs.saturation_figure(sat).savefig(args.out / "saturation.png")
        figs.ce_vs_mse_figure(curves).savefig(args.out / "ce_vs_mse.png")
        figs.robust_fit_figure(fit).savefig(args.out / "robust.png")
        figs.proxy_figure(proxy).savefig(args.out / "proxy.png")
        print(f"saved figures in {args.out}")


if __name__ == "__main__":
    main()
