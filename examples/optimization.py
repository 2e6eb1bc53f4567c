"""The Optimization chapter from the command line: one gradient-method or generalization experiment.

python examples/optimization.py --technique dropout --seed 1 --out dropout.png

The arguments are checked before torch is imported, so a typo is reported at once.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from dlbasics.experiments.generalization import Setup

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
# technique -> {name: Recipe keyword arguments} compared with the baseline
RECIPES: dict[str, dict[str, dict[str, Any]]] = {
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


def optimizers(args: argparse.Namespace, setup: Setup, bar: Any) -> Figure:
    """Learning-rate sweep on the Rosenbrock valley, then each optimizer at its best lr."""
    from dlbasics.experiments.optimization import lr_sweep, trajectories
    from dlbasics.plot.optimization import trajectory_figure

    steps = 30 if args.quick else 100
    sweep = lr_sweep(steps=steps)
    bar.update()
    traj = trajectories(sweep.best_lr, steps=steps)
    bar.update()
    print_table(
        ("optimizer", "best lr", "largest working lr", f"f after {steps} steps"),
        [
            (n, f"{lr:.3g}", f"{sweep.largest_working_lr(n):.3g}", f"{traj.losses[n][-1]:.2e}")
            for n, lr in sweep.best_lr.items()
        ],
    )
    return trajectory_figure(traj)


def generalization(args: argparse.Namespace, setup: Setup, bar: Any) -> Figure:
    """The baseline and the technique's recipes, trained on the same noisy digits."""
    from dlbasics.experiments.generalization import Recipe, noisy_digits, run
    from dlbasics.plot import generalization as figs

    runs = {"baseline": run(Recipe(), args.seed, setup)}
    bar.update()
    for name, kwargs in RECIPES[args.technique].items():
        runs[name] = run(Recipe(**kwargs), args.seed, setup)
        bar.update()
    print_table(
        ("run", "train acc", "test acc", "gap", "weight norm", "ECE", "wrong labels memorized"),
        [
            (n, r.final_train_accuracy, r.final_test_accuracy, r.gap, r.weight_norm, r.ece,
             r.memorized)
            for n, r in runs.items()
        ],
    )  # fmt: skip
    if args.technique == "gap":
        return figs.gap_figure(runs["baseline"])
    if args.technique == "early_stopping":
        stop = runs["early stopping"]
        print(f"best step {stop.best_step}, stopped at {stop.stopped_at} of {setup.steps}")
        return figs.early_stopping_figure(stop, runs["baseline"])
    if args.technique == "mixup":
        data = noisy_digits(setup, args.seed)
        probs = {n: r.test_probs for n, r in runs.items()}
        return figs.mixup_figure((data.x_train[0], data.x_train[1]), 0.6, probs, data.y_test)
    return figs.runs_figure(runs, show_weight_norm=args.technique == "weight_decay")


def kfold(args: argparse.Namespace, setup: Setup, bar: Any) -> Figure:
    """k-fold validation of the baseline."""
    from dlbasics.experiments.regularizers import kfold_estimate
    from dlbasics.plot.generalization import kfold_figure

    r = kfold_estimate(args.k, args.seed, setup)
    bar.update(2)
    rows = zip(r.val_accuracy, r.val_accuracy_true, r.test_accuracy, strict=True)
    print_table(
        ("fold", "validation acc", "same, true labels", "test acc"),
        [(i + 1, v, t, s) for i, (v, t, s) in enumerate(rows)],
    )
    print(f"k-fold estimate {r.mean:.3f} ± {r.stderr:.3f} (standard error)")
    return kfold_figure(r)


def batchnorm(args: argparse.Namespace, setup: Setup, bar: Any) -> Figure:
    """A deep MLP under plain SGD at several learning rates, with and without BN."""
    from dlbasics.experiments.regularizers import batchnorm_effect
    from dlbasics.plot.generalization import batchnorm_figure

    r = batchnorm_effect(args.seed, steps=20 if args.quick else 100, setup=setup)
    bar.update(2)
    print_table(
        ("lr", "final loss, no BN", "final loss, BN"),
        [(f"{lr:g}", p, b) for lr, p, b in zip(r.lrs, r.final_plain, r.final_bn, strict=True)],
    )
    return batchnorm_figure(r)


def ensemble(args: argparse.Namespace, setup: Setup, bar: Any) -> Figure:
    """Ensembles of baselines: initialization only, and bagging."""
    from dlbasics.experiments.regularizers import ensemble as make_ensemble
    from dlbasics.plot.generalization import ensemble_figure

    results = {}
    for name, boot in (("init only", False), ("bagging", True)):
        results[name] = make_ensemble(args.members, args.seed, boot, setup)
        bar.update()
    print_table(
        ("ensemble", "mean member", "best member", "ensemble"),
        [
            (n, r.mean_member, max(r.member_accuracy), r.ensemble_accuracy[-1])
            for n, r in results.items()
        ],
    )
    return ensemble_figure(results)


def bayesopt(args: argparse.Namespace, setup: Setup, bar: Any) -> Figure:
    """Learning-rate search: Bayesian optimization against random search."""
    from dlbasics.experiments.tuning import TRIAL_SETUP, lr_search
    from dlbasics.plot.optimization import bayesopt_figure

    trial = replace(TRIAL_SETUP, label_noise=setup.label_noise)
    r = lr_search(args.seed, n_grid=9 if args.quick else 33, setup=trial)
    bar.update(2)
    print_table(
        ("search", "trials to reach the target"),
        [("Bayesian optimization", r.bo_trials), ("random search (mean)", f"{r.random_mean:.1f}")],
    )
    print(f"best learning rate on the grid: {r.best_lr:.4f}")
    return bayesopt_figure(r)


def main(argv: list[str] | None = None) -> None:
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
    if args.seed < 0:
        parser.error(f"--seed must be >= 0, got {args.seed}")
    if not 0 <= args.noise < 1:
        parser.error(f"--noise must be in [0, 1), got {args.noise}")
    if args.k < 2:
        parser.error(f"--k must be >= 2, got {args.k}")
    if args.members < 1:
        parser.error(f"--members must be >= 1, got {args.members}")

    from tqdm.auto import tqdm

    from dlbasics.experiments.generalization import BASELINE
    from dlbasics.plot import use_style

    use_style()  # before any figure exists: the Korean font for its labels
    setup = replace(BASELINE, label_noise=args.noise)  # the page's setup
    if args.quick:
        setup = replace(setup, steps=40)
    handler = {
        "optimizers": optimizers,
        "kfold": kfold,
        "batchnorm": batchnorm,
        "ensemble": ensemble,
        "bayesopt": bayesopt,
    }.get(args.technique, generalization)
    total = 1 + len(RECIPES[args.technique]) if args.technique in RECIPES else 2
    with tqdm(total=total, desc=args.technique) as bar:
        fig = handler(args, setup, bar)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(args.out)
        print(f"saved {args.out}")


if __name__ == "__main__":
    main()
