"""The Data chapter: datasets made in code, their checks, and each model beating its baseline."""

import pytest
import torch

from dlbasics.data.detection import make_detection
from dlbasics.data.draw import shape_mask
from dlbasics.data.pose import KEYPOINTS, SKELETON, make_pose
from dlbasics.data.shapes import make_shapes_classification, make_shapes_segmentation
from dlbasics.data.vqa import ANSWERS, QUESTION_TYPES, VOCAB, encode, make_vqa
from dlbasics.experiments.data_tasks import (
    CLAIMS,
    TASKS,
    DataTasksConfig,
    DataTasksResult,
    TaskConfig,
    run_data_tasks,
)

MAKERS = [make_shapes_classification, make_shapes_segmentation, make_detection, make_pose, make_vqa]


@pytest.mark.parametrize("make", MAKERS, ids=lambda f: f.__name__)
def test_datasets_are_seeded_and_sized(make):
    a, b, c = make(7, seed=3), make(7, seed=3), make(7, seed=4)
    torch.testing.assert_close(a.images, b.images)
    assert not torch.equal(a.images, c.images)
    assert a.images.shape[0] == 7
    assert a.images.dtype == torch.float32


@pytest.mark.parametrize("make", MAKERS, ids=lambda f: f.__name__)
@pytest.mark.parametrize(("kwargs", "err", "match"), [
    ({"n": 0}, ValueError, "n must be >= 1"),
    ({"n": 2.5}, TypeError, "n must be an int"),
    ({"n": 2, "size": 4}, ValueError, r"size must be >= \d+, got 4"),
    ({"n": 2, "size": 16.0}, TypeError, "size must be an int"),
])  # fmt: skip
def test_datasets_reject_bad_sizes(make, kwargs, err, match):
    with pytest.raises(err, match=match):
        make(**kwargs)


def test_shape_masks():
    assert int(shape_mask("circle", 9, 4.5, 4.5, 3.0).sum()) == 29  # pixels within radius 3
    tri = shape_mask("triangle", 16, 8.0, 8.0, 6.0)
    assert tri[13].sum() > tri[3].sum()  # wider at the base than at the apex
    with pytest.raises(ValueError, match="shape must be one of"):
        shape_mask("hexagon", 8, 4.0, 4.0, 2.0)


def test_segmentation_masks_match_the_ink():
    d = make_shapes_segmentation(20, noise=0.0)
    assert set(d.masks.unique().tolist()) <= {0, 1, 2}
    torch.testing.assert_close(d.images[:, 0], (d.masks > 0).float())


def test_detection_boxes_enclose_the_object():
    d = make_detection(30, noise=0.0)
    assert bool((d.boxes[:, 2:] > d.boxes[:, :2]).all())
    for img, box in zip(d.images, d.boxes, strict=True):
        ink = (img[0] == 1).nonzero()  # object pixels (the stroke is 0.4)
        x1, y1, x2, y2 = box.tolist()
        assert ink[:, 1].min() + 0.5 >= x1 - 0.01
        assert ink[:, 1].max() + 0.5 <= x2 + 0.01
        assert ink[:, 0].min() + 0.5 >= y1 - 0.01
        assert ink[:, 0].max() + 0.5 <= y2 + 0.01


def test_pose_keypoints_are_unambiguous():
    d = make_pose(50)
    assert d.keypoints.shape == (50, len(KEYPOINTS), 2)
    left_hand, right_hand = d.keypoints[:, 3, 0], d.keypoints[:, 4, 0]
    assert bool((left_hand < right_hand).all())  # "left" is always on the image's left
    assert bool((d.keypoints[:, 0, 1] < d.keypoints[:, 2, 1]).all())  # head above hip
    assert all(0 <= a < len(KEYPOINTS) and 0 <= b < len(KEYPOINTS) for a, b in SKELETON)


def test_vqa_answers_agree_with_the_question_type():
    d = make_vqa(200, annotator_error=0.0)
    allowed = {0: {"yes", "no"}, 1: {"0", "1", "2", "3"}, 2: {"red", "green", "blue"}}
    for qtype, answer, humans in zip(d.question_types, d.answers, d.human_answers, strict=True):
        assert ANSWERS[int(answer)] in allowed[int(qtype)]
        assert set(humans) == {ANSWERS[int(answer)]}  # no annotator error: all ten agree
    assert {int(q) for q in d.question_types} == set(range(len(QUESTION_TYPES)))
    noisy = make_vqa(200, annotator_error=0.3)
    assert any(len(set(h)) > 1 for h in noisy.human_answers)


def test_vqa_encoding_errors():
    assert encode("how many circles?").tolist()[3] == VOCAB.index("?")
    with pytest.raises(ValueError, match="outside the vocabulary"):
        encode("how many dogs?")
    with pytest.raises(ValueError, match="at most 2 words"):
        encode("how many circles?", length=2)
    with pytest.raises(ValueError, match="annotator_error"):
        make_vqa(2, annotator_error=1.0)


@pytest.fixture(scope="module", params=range(5), ids=lambda s: f"seed{s}")
def page_run(request) -> DataTasksResult:
    """The Data page's experiment, run once per seed for every test below."""
    return run_data_tasks(DataTasksConfig(seed=request.param))


@pytest.mark.slow
def test_data_page_claims_hold(page_run):
    CLAIMS.check(page_run)


@pytest.mark.slow
def test_every_task_trains(page_run):
    assert list(page_run.runs) == list(TASKS)
    for run in page_run.runs.values():
        assert run.loss[-1] < run.loss[0], run.task
        assert len(run.loss) == run.config.steps


TINY = TaskConfig(n_train=64, n_test=16, steps=5, batch_size=16)


def test_task_results_are_deterministic_and_predictions_fit_the_data():
    config = DataTasksConfig(tasks=("pose",), pose=TINY)
    a, b = run_data_tasks(config).runs["pose"], run_data_tasks(config).runs["pose"]
    assert (a.metric, a.baseline, a.loss) == (b.metric, b.baseline, b.loss)
    assert torch.equal(a.predictions, b.predictions)
    assert a.predictions.shape == (16, len(KEYPOINTS), 2)
    torch.testing.assert_close(a.data.keypoints, make_pose(80).keypoints)  # the seed-0 data


def test_one_call_runs_the_asked_tasks_in_order():
    sizes = dict.fromkeys(TASKS, TINY)
    result = run_data_tasks(DataTasksConfig(tasks=("vqa", "classification"), **sizes))
    assert isinstance(result, DataTasksResult)
    assert list(result.runs) == ["vqa", "classification"]
    assert [r.task for r in result.runs.values()] == ["vqa", "classification"]
    assert result.runs["vqa"].predictions.shape == (16,)


@pytest.mark.parametrize(("kwargs", "err", "match"), [
    ({"n_train": 0}, ValueError, "n_train must be >= 1"),
    ({"n_test": 1.0}, TypeError, "n_test must be an int"),
    ({"batch_size": 2000, "n_train": 100}, ValueError, "batch_size must be <= n_train"),
    ({"lr": 0.0}, ValueError, "lr must be > 0"),
])  # fmt: skip
def test_task_config_is_checked(kwargs, err, match):
    with pytest.raises(err, match=match):
        TaskConfig(**kwargs)


@pytest.mark.parametrize(("kwargs", "err", "match"), [
    ({"tasks": ("captioning",)}, ValueError, "tasks must be one of"),
    ({"tasks": ()}, ValueError, "tasks must name at least one task"),
    ({"tasks": ("pose", "pose")}, ValueError, "each once"),
    ({"seed": -1}, ValueError, "seed must be >= 0"),
    ({"pose": {"n_train": 10}}, TypeError, "pose must be a TaskConfig"),
])  # fmt: skip
def test_data_tasks_config_is_checked(kwargs, err, match):
    with pytest.raises(err, match=match):
        DataTasksConfig(**kwargs)


def test_unknown_task():
    with pytest.raises(ValueError, match="task must be one of"):
        DataTasksConfig().task_config("captioning")


def test_default_sizes_are_the_pages():
    config = DataTasksConfig()
    assert config.tasks == TASKS
    assert [config.task_config(t).n_train for t in TASKS] == [600, 600, 1500, 1000, 2000]
    assert [config.task_config(t).steps for t in TASKS] == [600, 150, 300, 250, 300]


def test_figures_reject_bad_labels():
    import matplotlib.pyplot as plt

    from dlbasics.plot.data_tasks import detection_figure, pose_figure

    images = torch.rand(1, 1, 16, 16)
    with pytest.raises(ValueError, match="x2 >= x1"):
        detection_figure(images, torch.tensor([[9.0, 2.0, 3.0, 8.0]]), torch.tensor([0]), ["a"])
    with pytest.raises(ValueError, match=r"boxes must have shape \(N, 4\)"):
        detection_figure(images, torch.zeros(1, 3), torch.tensor([0]), ["a"])
    with pytest.raises(ValueError, match="inside the 16×16 image"):
        pose_figure(images, torch.tensor([[[3.0, 4.0], [20.0, 4.0]]]), [(0, 1)])
    with pytest.raises(ValueError, match="skeleton must join"):
        pose_figure(images, torch.tensor([[[3.0, 4.0], [5.0, 4.0]]]), [(0, 2)])
    plt.close("all")


@pytest.mark.parametrize("task", TASKS)
def test_predictions_figure_draws_each_task(task):
    import matplotlib.pyplot as plt

    from dlbasics.plot.data_tasks import predictions_figure

    run = run_data_tasks(DataTasksConfig(tasks=(task,), **{task: TINY})).runs[task]
    fig = predictions_figure(run)
    assert len(fig.axes) >= 4  # at least four test samples, whatever the task's layout
    plt.close(fig)
