"""The Optimization chapter from the command line: one gradient-method or generalization experiment.

python examples/optimization.py --technique dropout --seed 1 --out dropout.png

The experiment's config is built before anything trains, so a bad value is reported at once.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from dlbasics.experiments.generalization import (
    BASELINE,
    BaselineConfig,
    GeneralizationConfig,
    noisy_digits,
    run_generalization,
)
from dlbasics.experiments.optimization import GradientMethodsConfig, run_gradient_methods
from dlbasics.experiments.regularizers import (
    BatchNormConfig,
    EnsembleConfig,
    KFoldConfig,
    run_batchnorm,
    run_ensembles,
    run_kfold,
)
from dlbasics.experiments.tuning import TRIAL_BASELINE, LRSearchConfig, run_lr_search
from dlbasics.plot import generalization as gfigs
from dlbasics.plot import optimization as ofigs
from dlbasics.plot import regularizers as rfigs
from dlbasics.plot import use_style

TECHNIQUES = (
    "optimizers",
    "gap",
    "dropout",
    "early_stopping",
    "kfold",
    "weight_decay",
    "batchnorm",
    "mixup",
    "ensemble",
    "bayesopt",
)
# technique -> {name: GeneralizationConfig keywords} compared with the baseline
GENERALIZATION: dict[str, dict[str, dict[str, Any]]] = {
    "gap": {},
    "dropout": {"dropout 0.5": {"dropout": 0.5}},
    "early_stopping": {"early stopping": {"patience": 5}},
    "weight_decay": {
        "L2 0.01": {"weight_decay": 0.01},
        "AdamW 3": {"weight_decay": 3.0, "decoupled": True},
    },
    "mixup": {"MixUp 0.4": {"mixup_alpha": 0.4}},
}


def print_table(header: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    """Print rows under a header, floats with 3 decimals."""
    cells = [[f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(header)]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    for r in cells:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))


def make_config(args: argparse.Namespace) -> Any:
    """The technique's config (a dict of configs for the generalization techniques)."""
    baseline = BaselineConfig(label_noise=args.noise, steps=40 if args.quick else BASELINE.steps)
    if args.technique == "optimizers":
        return GradientMethodsConfig(steps=30 if args.quick else 100, seed=args.seed)
    if args.technique == "kfold":
        return KFoldConfig(k=args.k, baseline=baseline, seed=args.seed)
    if args.technique == "batchnorm":
        return BatchNormConfig(steps=20 if args.quick else 100, seed=args.seed)
    if args.technique == "ensemble":
        return EnsembleConfig(n_members=args.members, baseline=baseline, seed=args.seed)
    if args.technique == "bayesopt":
        trial = replace(TRIAL_BASELINE, label_noise=args.noise)
        return LRSearchConfig(n_grid=9 if args.quick else 33, trial=trial, seed=args.seed)
    techniques = {"baseline": {}, **GENERALIZATION[args.technique]}
    return {
        name: GeneralizationConfig(baseline=baseline, seed=args.seed, **kwargs)
        for name, kwargs in techniques.items()
    }


def optimizers(config: GradientMethodsConfig) -> Figure:
    """Learning-rate sweep on the Rosenbrock valley, then each optimizer at its best lr."""
    r = run_gradient_methods(config, progress=True)
    print_table(
        ("optimizer", "best lr", "largest working lr", f"f after {config.steps} steps"),
        [
            (n, f"{lr:.3g}", f"{r.largest_working_lr(n):.3g}", f"{r.losses[n][-1]:.2e}")
            for n, lr in r.best_lr.items()
        ],
    )
    return ofigs.trajectory_figure(r)


def generalization(technique: str, configs: dict[str, GeneralizationConfig]) -> Figure:
    """The baseline and the technique's configs, trained on the same noisy digits."""
    runs = {name: run_generalization(c, progress=True) for name, c in configs.items()}
    print_table(
        ("run", "train acc", "test acc", "gap", "weight norm", "ECE", "wrong labels memorized"),
        [
            (n, r.final_train_accuracy, r.final_test_accuracy, r.gap, r.weight_norm, r.ece,
             r.memorized)
            for n, r in runs.items()
        ],
    )  # fmt: skip
    base = runs["baseline"]
    if technique == "gap":
        return gfigs.gap_figure(base)
    if technique == "early_stopping":
        stop = runs["early stopping"]
        steps = stop.config.baseline.steps
        print(f"best step {stop.best_step}, stopped at {stop.stopped_at} of {steps}")
        return gfigs.early_stopping_figure(stop, base)
    if technique == "mixup":
        data = noisy_digits(base.config.baseline, base.config.seed)
        probs = {n: r.test_probs for n, r in runs.items()}
        return gfigs.mixup_figure((data.x_train[0], data.x_train[1]), 0.6, probs, data.y_test)
    return gfigs.runs_figure(runs, show_weight_norm=technique == "weight_decay")


def kfold(config: KFoldConfig) -> Figure:
    """k-fold validation of the baseline."""
    r = run_kfold(config, progress=True)
    rows = zip(r.val_accuracy, r.val_accuracy_true, r.test_accuracy, strict=True)
    print_table(
        ("fold", "validation acc", "same, true labels", "test acc"),
        [(i + 1, v, t, s) for i, (v, t, s) in enumerate(rows)],
    )
    print(f"k-fold estimate {r.mean:.3f} ± {r.stderr:.3f} (standard error)")
    return rfigs.kfold_figure(r)


def batchnorm(config: BatchNormConfig) -> Figure:
    """A deep MLP under plain SGD at several learning rates, with and without BN."""
    r = run_batchnorm(config, progress=True)
    print_table(
        ("lr", "final loss, no BN", "final loss, BN"),
        [(f"{lr:g}", p, b) for lr, p, b in zip(r.lrs, r.final_plain, r.final_bn, strict=True)],
    )
    return rfigs.batchnorm_figure(r)


def ensemble(config: EnsembleConfig) -> Figure:
    """Ensembles of baselines: initialization only, and bagging."""
    r = run_ensembles(config, progress=True)
    print_table(
        ("ensemble", "mean member", "best member", "ensemble"),
        [
            (n, e.mean_member, max(e.member_accuracy), e.ensemble_accuracy[-1])
            for n, e in (("init only", r.plain), ("bagging", r.bagged))
        ],
    )
    return rfigs.ensemble_figure(r)


def bayesopt(config: LRSearchConfig) -> Figure:
    """Learning-rate search: Bayesian optimization against random search."""
    r = run_lr_search(config, progress=True)
    print_table(
        ("search", "trials to reach the target"),
        [
            ("Bayesian optimization (this run)", r.bo_trials),
            ("Bayesian optimization (mean)", f"{r.bo_mean:.1f}"),
            ("random search (mean)", f"{r.random_mean:.1f}"),
        ],
    )
    print(f"best learning rate of the trial model on the grid: {r.best_lr:.4f}")
    return ofigs.bayesopt_figure(r)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--technique",
        choices=TECHNIQUES,
        default="optimizers",
        help="which experiment to run (default: optimizers)",
    )
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--noise", type=float, default=0.2, help="share of wrong labels, in [0, 1) (default: 0.2)"
    )
    parser.add_argument("--k", type=int, default=5, help="folds of --technique kfold (default: 5)")
    parser.add_argument("--members", type=int, default=5, help="ensemble size (default: 5)")
    parser.add_argument("--out", type=Path, help="save the figure as this PNG file")
    parser.add_argument("--quick", action="store_true", help="short runs (for tests)")
    args = parser.parse_args(argv)
    try:
        config = make_config(args)
    except (TypeError, ValueError) as err:
        parser.error(str(err))

    use_style()  # before any figure exists: the Korean font for its labels
    if args.technique in GENERALIZATION:
        fig = generalization(args.technique, config)
    else:
        run = {
            "optimizers": optimizers,
            "kfold": kfold,
            "batchnorm": batchnorm,
            "ensemble": ensemble,
            "bayesopt": bayesopt,
        }[args.technique]
        fig = run(config)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(args.out)
        print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
