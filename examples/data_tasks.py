"""The five problem types of the Data chapter: make each dataset, train each model, measure.

Prints each task's metric for the trained model and for a trivial baseline; optionally saves a
figure of test samples with their labels and the model's predictions, one per task.

    python examples/data_tasks.py --tasks pose vqa --seed 1 --out figures/
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

from matplotlib.figure import Figure
from tqdm.auto import tqdm

from dlbasics.experiments.data_tasks import DEFAULTS, TASKS, TaskConfig, run_task, task_data


def draw(task: str, config: TaskConfig, predictions) -> Figure:
    """The test samples of ``task`` with their labels and ``predictions``."""
    from dlbasics.data.pose import SKELETON
    from dlbasics.data.vqa import ANSWERS
    from dlbasics.plot import data_tasks as figs

    d, n, p = task_data(task, config), config.n_train, predictions
    if task == "classification":
        return figs.classification_figure(d.images[n:], p, d.classes)
    if task == "segmentation":
        return figs.segmentation_figure(d.images[n:], d.masks[n:], p)
    if task == "detection":
        return figs.detection_figure(d.images[n:], d.boxes[n:], d.labels[n:], d.classes, p)
    if task == "pose":
        return figs.pose_figure(d.images[n:], d.keypoints[n:], SKELETON, p)
    answers = [ANSWERS[a] for a in d.answers[n:]]
    return figs.vqa_figure(d.images[n:], d.texts[n:], answers, [ANSWERS[a] for a in p])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="+", choices=TASKS, default=list(TASKS))
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument("--out", type=Path, help="folder to save one figure per task into")
    parser.add_argument("--quick", action="store_true", help="tiny data, few steps (for tests)")
    args = parser.parse_args(argv)
    if args.seed < 0:
        parser.error(f"--seed must be >= 0, got {args.seed}")
    if args.out:
        from dlbasics.plot import use_style

        args.out.mkdir(parents=True, exist_ok=True)
        use_style()

    print(f"{'task':<16}{'metric':<14}{'baseline':>9}{'model':>8}")
    for task in tqdm(args.tasks, desc="tasks"):
        config = replace(DEFAULTS[task], seed=args.seed)
        if args.quick:
            config = replace(config, n_train=64, n_test=16, steps=10, batch_size=32)
        r = run_task(task, config)
        tqdm.write(f"{task:<16}{r.metric_name:<14}{r.baseline:>9.3f}{r.metric:>8.3f}")
        if args.out:
            draw(task, config, r.predictions).savefig(args.out / f"{task}.png")
    if args.out:
        print(f"saved figures in {args.out}")


if __name__ == "__main__":
    main()
