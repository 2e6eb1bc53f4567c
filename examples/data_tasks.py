"""The five problem types of the Data chapter: make each dataset, train each model, measure.

Prints each task's metric for the trained model and for a trivial baseline; optionally saves a
figure of test samples with their labels and the model's predictions, one per task.

    python examples/data_tasks.py --tasks pose vqa --seed 1 --out figures/
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from dlbasics.experiments.data_tasks import TASKS, DataTasksConfig, run_data_tasks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="+", choices=TASKS, default=list(TASKS))
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--out", type=Path, help="folder to save one figure per task into")
    parser.add_argument("--quick", action="store_true", help="tiny data, few steps (for tests)")
    args = parser.parse_args(argv)

    try:
        config = DataTasksConfig(seed=args.seed, tasks=tuple(args.tasks))
        if args.quick:  # every task on tiny data, keeping its own learning rate
            tiny = {"n_train": 64, "n_test": 16, "steps": 10, "batch_size": 32}
            config = replace(config, **{t: replace(config.task_config(t), **tiny) for t in TASKS})
    except (TypeError, ValueError) as err:
        parser.error(str(err))
    result = run_data_tasks(config, progress=True)

    print(f"{'task':<16}{'metric':<14}{'baseline':>9}{'model':>8}")
    for task, run in result.runs.items():
        print(f"{task:<16}{run.metric_name:<14}{run.baseline:>9.3f}{run.metric:>8.3f}")
    if args.out:
        from dlbasics.plot import use_style
        from dlbasics.plot.data_tasks import predictions_figure

        args.out.mkdir(parents=True, exist_ok=True)
        use_style()
        for task, run in result.runs.items():
            predictions_figure(run).savefig(args.out / f"{task}.png")
        print(f"saved figures in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
