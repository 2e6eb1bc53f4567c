"""Tests for dlbasics.metrics: hand-computed cases, scikit-learn twins, properties, bad input."""

from __future__ import annotations

import math

import pytest
import torch
from sklearn.metrics import accuracy_score, jaccard_score
from sklearn.metrics import confusion_matrix as sk_confusion_matrix

from dlbasics.metrics import (
    accuracy,
    average_precision,
    box_iou,
    confusion_matrix,
    iou_per_class,
    mean_average_precision,
    mean_iou,
    pck,
    vqa_accuracy,
)

# --------------------------------------------------------------------------- classification


def test_accuracy_against_sklearn_on_random_scores():
    g = torch.Generator().manual_seed(0)
    scores = torch.randn(200, 5, generator=g)
    targets = torch.randint(0, 5, (200,), generator=g)
    expected = accuracy_score(targets.numpy(), scores.argmax(dim=1).numpy())
    assert accuracy(scores, targets) == pytest.approx(expected, abs=0)


def test_confusion_matrix_hand_computed():
    # true:  0 0 1 2 2 2
    # pred:  0 1 1 2 0 2  -> row 0: [1, 1, 0], row 1: [0, 1, 0], row 2: [1, 0, 2]
    preds = torch.tensor([0, 1, 1, 2, 0, 2])
    targets = torch.tensor([0, 0, 1, 2, 2, 2])
    expected = torch.tensor([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    cm = confusion_matrix(preds, targets, num_classes=3)
    assert cm.dtype == torch.int64
    assert torch.equal(cm, expected)
    # (N, K) scores give the same matrix through their arg-max.
    scores = torch.nn.functional.one_hot(preds, 3).float()
    assert torch.equal(confusion_matrix(scores, targets, num_classes=3), expected)


def test_confusion_matrix_against_sklearn_and_unused_classes():
    g = torch.Generator().manual_seed(1)
    preds = torch.randint(0, 4, (300,), generator=g)
    targets = torch.randint(0, 4, (300,), generator=g)
    # K = 6: classes 4 and 5 never occur, their rows and columns are zero.
    cm = confusion_matrix(preds, targets, num_classes=6)
    expected = sk_confusion_matrix(targets.numpy(), preds.numpy(), labels=list(range(6)))
    assert cm.tolist() == expected.tolist()
    assert int(cm.trace()) / 300 == accuracy(preds, targets)


def test_confusion_matrix_of_empty_batch_is_zero():
    empty = torch.zeros(0, dtype=torch.long)
    assert torch.equal(confusion_matrix(empty, empty, 2), torch.zeros(2, 2, dtype=torch.long))


# ----------------------------------------------------------------------------- segmentation


def test_iou_per_class_hand_computed_with_absent_class():
    # class 0: P = {(0,0),(0,1)}, T = {(0,0)}        -> 1 / 2
    # class 1: P = {(1,0),(1,1)}, T = {(0,1),(1,0),(1,1)} -> 2 / 3
    # class 2: absent from both                       -> NaN
    pred = torch.tensor([[[0, 0], [1, 1]]])
    target = torch.tensor([[[0, 1], [1, 1]]])
    ious = iou_per_class(pred, target, num_classes=3)
    assert ious.shape == (3,)
    assert ious[:2].tolist() == [0.5, 2 / 3]
    assert math.isnan(float(ious[2]))
    assert mean_iou(pred, target, num_classes=3) == pytest.approx((1 / 2 + 2 / 3) / 2)


def test_iou_pools_pixels_over_the_batch():
    # Image 1 has class 1 fully right (1 pixel), image 2 gets it wrong: pooled 1 / 2, not mean.
    pred = torch.tensor([[[1, 0]], [[0, 0]]])
    target = torch.tensor([[[1, 0]], [[1, 0]]])
    assert float(iou_per_class(pred, target, 2)[1]) == 0.5


def test_iou_against_sklearn_jaccard_on_random_masks():
    g = torch.Generator().manual_seed(2)
    k = 5
    pred = torch.randint(0, k, (4, 16, 16), generator=g)
    target = torch.randint(0, k, (4, 16, 16), generator=g)
    assert set(target.unique().tolist()) == set(range(k))  # all classes present
    expected = jaccard_score(target.flatten().numpy(), pred.flatten().numpy(), average=None)
    torch.testing.assert_close(
        iou_per_class(pred, target, k), torch.tensor(expected, dtype=torch.float64)
    )
    assert mean_iou(pred, target, k) == pytest.approx(float(expected.mean()))


def test_perfect_segmentation_has_iou_one():
    mask = torch.tensor([[0, 1], [2, 2]])
    assert mean_iou(mask, mask, 3) == 1.0


# -------------------------------------------------------------------------------- detection


def test_box_iou_hand_computed():
    # [0, 4] x [0, 2] (area 8) and [2, 6] x [0, 2] (area 8) overlap in [2, 4] x [0, 2] (area 4):
    # IoU = 4 / (8 + 8 - 4) = 1/3. A box inside another: 1 / 8. Disjoint: 0. Touching edge: 0.
    a = torch.tensor([[0.0, 0.0, 4.0, 2.0]])
    b = torch.tensor(
        [[2.0, 0.0, 6.0, 2.0], [1.0, 1.0, 2.0, 2.0], [10.0, 10.0, 11.0, 11.0], [4, 0, 5, 2]]
    )
    iou = box_iou(a, b)
    assert iou.shape == (1, 4)
    torch.testing.assert_close(iou, torch.tensor([[1 / 3, 1 / 8, 0.0, 0.0]]))


def test_box_iou_accepts_integer_boxes_and_degenerate_boxes():
    ints = torch.tensor([[0, 0, 2, 2], [1, 1, 1, 1]])  # second box has zero area
    iou = box_iou(ints, ints)
    assert iou.dtype == torch.get_default_dtype()
    torch.testing.assert_close(iou, torch.tensor([[1.0, 0.0], [0.0, 0.0]]))


def _random_boxes(n: int, g: torch.Generator) -> torch.Tensor:
    xy = torch.rand(n, 2, generator=g) * 50
    wh = torch.rand(n, 2, generator=g) * 30 + 1  # strictly positive size
    return torch.cat([xy, xy + wh], dim=1)


def test_box_iou_properties():
    g = torch.Generator().manual_seed(3)
    a, b = _random_boxes(20, g), _random_boxes(15, g)
    iou = box_iou(a, b)
    assert iou.shape == (20, 15)
    torch.testing.assert_close(iou, box_iou(b, a).T)  # symmetric
    assert bool(((iou >= 0) & (iou <= 1)).all())
    torch.testing.assert_close(box_iou(a, a).diagonal(), torch.ones(20))
    assert box_iou(a, torch.zeros(0, 4)).shape == (20, 0)


GT = torch.tensor([[0.0, 0.0, 10.0, 10.0], [20.0, 20.0, 30.0, 30.0]])
GT_IDS = torch.tensor([0, 0])


def test_average_precision_hand_computed():
    # Sorted by score: TP (gt 0), FP (matches nothing), TP (gt 1).
    #   precision 1/1, 1/2, 2/3; recall 1/2, 1/2, 2/2.
    #   interpolated precision (max to the right): 1, 2/3, 2/3.
    #   AP = (1/2 - 0) * 1 + (1/2 - 1/2) * 2/3 + (1 - 1/2) * 2/3 = 1/2 + 1/3 = 5/6.
    pred = torch.tensor([[20.0, 20.0, 30.0, 30.0], [0.0, 0.0, 10.0, 10.0], [50, 50, 60, 60]])
    scores = torch.tensor([0.7, 0.9, 0.8])  # given out of order on purpose
    ap = average_precision(pred, scores, torch.tensor([0, 0, 0]), GT, GT_IDS)
    assert ap == pytest.approx(5 / 6)


def test_average_precision_interpolation_raises_early_precision():
    # FP then TP, one gt: precision 0, 1/2 -> interpolated 1/2, 1/2; recall 0, 1 -> AP = 1/2.
    pred = torch.tensor([[50.0, 50.0, 60.0, 60.0], [0.0, 0.0, 10.0, 10.0]])
    ap = average_precision(pred, torch.tensor([0.9, 0.5]), torch.tensor([0, 0]), GT[:1], GT_IDS[:1])
    assert ap == 0.5


def test_average_precision_perfect_and_nothing_matched():
    ids = torch.tensor([0, 0])
    assert average_precision(GT, torch.tensor([0.9, 0.8]), ids, GT, GT_IDS) == 1.0
    far = GT + 100
    assert average_precision(far, torch.tensor([0.9, 0.8]), ids, GT, GT_IDS) == 0.0
    assert average_precision(torch.zeros(0, 4), torch.zeros(0), ids[:0], GT, GT_IDS) == 0.0


def test_average_precision_only_matches_boxes_of_the_same_image():
    # Same coordinates but the prediction is for image 1, the ground truth in image 0.
    ap = average_precision(GT[:1], torch.tensor([0.9]), torch.tensor([1]), GT[:1], GT_IDS[:1])
    assert ap == 0.0


def test_duplicate_detection_is_a_false_positive_and_lowers_ap():
    ids = torch.tensor([0, 0, 0])
    # Sorted: TP(gt 0), duplicate of gt 0 (FP), TP(gt 1): same as the hand example, 5/6 < 1.
    pred = torch.cat([GT[:1], GT[:1] + 0.5, GT[1:]])
    ap = average_precision(pred, torch.tensor([0.9, 0.8, 0.7]), ids, GT, GT_IDS)
    assert ap == pytest.approx(5 / 6)
    assert ap < average_precision(GT, torch.tensor([0.9, 0.7]), ids[:2], GT, GT_IDS)


def test_iou_threshold_decides_a_match():
    # IoU of [0,10]^2 with [0,10]x[0,5] is 50 / 100 = 0.5: a match at 0.5, not at 0.75.
    pred = torch.tensor([[0.0, 0.0, 10.0, 5.0]])
    args = (pred, torch.tensor([1.0]), torch.tensor([0]), GT[:1], GT_IDS[:1])
    assert average_precision(*args, iou_threshold=0.5) == 1.0
    assert average_precision(*args, iou_threshold=0.75) == 0.0


def test_mean_average_precision_hand_computed():
    # Class 0: its gt found (AP 1). Class 1: its only prediction is in the wrong place (AP 0).
    # Class 2: has no ground truth, so it is left out even though it has a prediction.
    pred = torch.cat([GT[:1], GT[1:] + 100, GT[1:]])
    scores = torch.tensor([0.9, 0.8, 0.7])
    pred_ids = torch.tensor([0, 0, 0])
    pred_labels = torch.tensor([0, 1, 2])
    gt_labels = torch.tensor([0, 1])
    m = mean_average_precision(
        pred, scores, pred_ids, GT, GT_IDS, pred_labels, gt_labels, num_classes=3
    )
    assert m == 0.5
    # With the labels right everything is found.
    m = mean_average_precision(
        GT, scores[:2], pred_ids[:2], GT, GT_IDS, gt_labels, gt_labels, num_classes=3
    )
    assert m == 1.0


# ------------------------------------------------------------------------------------- pose


def test_pck_hand_computed():
    # Distances 0, 5 (3-4-5 triangle), 10 and 2; scale 50 and alpha 0.1 -> threshold 5.
    pred = torch.tensor([[[0.0, 0.0], [3.0, 4.0]], [[6.0, 8.0], [2.0, 0.0]]])
    target = torch.zeros(2, 2, 2)
    scale = torch.tensor([50.0, 50.0])
    assert pck(pred, target, scale) == 0.75  # 5 <= 5 counts, 10 does not
    assert pck(pred, target, scale, alpha=0.2) == 1.0
    assert pck(pred, target, torch.tensor([50.0, 10.0])) == 0.5  # threshold 1 for object 2
    visible = torch.tensor([[True, True], [False, True]])  # the wrong keypoint is hidden
    assert pck(pred, target, scale, visible=visible) == 1.0


# -------------------------------------------------------------------------------------- vqa


def test_vqa_accuracy_ten_annotators():
    # 2 agree: leaving out one of the 2 -> 1/3 (2 subsets), another -> 2/3 (8): (2/3+16/3)/10 = 0.6
    # 3 agree: leaving out one of the 3 -> 2/3 (3 subsets), another -> 1 (7): (2 + 7) / 10 = 0.9
    # 0 agree: 0
    humans = [
        ["two"] * 2 + ["other"] * 8,
        ["three"] * 3 + ["other"] * 7,
        ["other"] * 10,
    ]
    assert vqa_accuracy(["two"], humans[:1]) == pytest.approx(0.6)
    assert vqa_accuracy(["three"], humans[1:2]) == pytest.approx(0.9)
    assert vqa_accuracy(["zero"], humans[2:]) == 0.0
    assert vqa_accuracy(["two", "three", "zero"], humans) == 0.5
    assert vqa_accuracy(["other"], humans[2:]) == 1.0  # 4 or more agree: always 1


def test_vqa_accuracy_normalization_and_other_counts():
    assert vqa_accuracy(["  Yes "], [["yes", "YES", "no"]]) == pytest.approx(4 / 9)
    # One answer: min(matches / 3, 1) directly.
    assert vqa_accuracy(["yes"], [["yes"]]) == pytest.approx(1 / 3)
    assert vqa_accuracy(["yes"], [("no",)]) == 0.0


# -------------------------------------------------------------------------------- bad input

L = torch.long
BOX = torch.tensor([[0.0, 0.0, 1.0, 1.0]])
ONE = torch.zeros(1, dtype=L)


@pytest.mark.parametrize(
    ("call", "err", "match"),
    [
        (lambda: confusion_matrix([0], ONE, 2), TypeError, "preds must be a torch.Tensor"),
        (lambda: confusion_matrix(ONE, ONE, 0), ValueError, "num_classes must be >= 1"),
        (lambda: confusion_matrix(ONE, ONE, 2.0), TypeError, "num_classes must be an int"),
        (lambda: confusion_matrix(ONE.float(), ONE, 2), TypeError, "preds must be an integer"),
        (lambda: confusion_matrix(ONE + 2, ONE, 2), ValueError, r"preds must hold .* \[0, 2\)"),
        (lambda: confusion_matrix(ONE, ONE - 1, 2), ValueError, "targets must hold class"),
        (
            lambda: confusion_matrix(torch.zeros(2, dtype=L), ONE, 2),
            ValueError,
            r"preds must have shape \(1,\), got \(2,\)",
        ),
        (lambda: confusion_matrix(torch.zeros(1, 3), ONE, 2), ValueError, r"shape \(N, 2\)"),
        (lambda: iou_per_class(ONE, torch.zeros(2, dtype=L), 2), ValueError, "same shape"),
        (lambda: iou_per_class(ONE[:0], ONE[:0], 2), ValueError, "empty"),
        (lambda: mean_iou(ONE + 5, ONE, 2), ValueError, "pred must hold class indices"),
        (lambda: mean_iou(ONE.float(), ONE, 2), TypeError, "pred must be an integer"),
        (lambda: box_iou(torch.zeros(2, 3), BOX), ValueError, r"boxes1 must have shape \(N, 4\)"),
        (lambda: box_iou(BOX, [0, 0, 1, 1]), TypeError, "boxes2 must be a torch.Tensor"),
        (lambda: box_iou(BOX, BOX[:, [2, 1, 0, 3]]), ValueError, "boxes2 .* x2 >= x1"),
        (lambda: box_iou(BOX[:, [0, 3, 2, 1]], BOX), ValueError, "boxes1 .* y2 >= y1"),
        (
            lambda: average_precision(BOX, torch.ones(2), ONE, BOX, ONE),
            ValueError,
            r"pred_scores must have shape \(1,\)",
        ),
        (
            lambda: average_precision(BOX, torch.ones(1), ONE, BOX, torch.zeros(2, dtype=L)),
            ValueError,
            r"gt_image_ids must have shape \(1,\)",
        ),
        (
            lambda: average_precision(BOX, torch.ones(1), ONE.float(), BOX, ONE),
            TypeError,
            "pred_image_ids must be an integer",
        ),
        (
            lambda: average_precision(BOX, torch.ones(1), ONE, BOX[:0], ONE[:0]),
            ValueError,
            "without ground-truth boxes",
        ),
        (
            lambda: average_precision(BOX, torch.ones(1), ONE, BOX, ONE, iou_threshold=0.0),
            ValueError,
            r"iou_threshold must be in \(0, 1\]",
        ),
        (
            lambda: average_precision(BOX, torch.ones(1), ONE, -BOX, ONE),
            ValueError,
            "gt_boxes must be",
        ),
        (
            lambda: mean_average_precision(BOX, torch.ones(1), ONE, BOX, ONE, ONE + 3, ONE, 2),
            ValueError,
            "pred_labels must hold class indices",
        ),
        (
            lambda: mean_average_precision(BOX, torch.ones(1), ONE, BOX, ONE, ONE, ONE[:0], 2),
            ValueError,
            r"gt_labels must have shape \(1,\)",
        ),
        (
            lambda: pck(torch.zeros(1, 2, 3), torch.zeros(1, 2, 3), torch.ones(1)),
            ValueError,
            r"pred must have shape \(N, K, 2\)",
        ),
        (
            lambda: pck(torch.zeros(1, 2, 2), torch.zeros(1, 3, 2), torch.ones(1)),
            ValueError,
            "target must have the same shape as pred",
        ),
        (
            lambda: pck(torch.zeros(1, 2, 2), torch.zeros(1, 2, 2), torch.zeros(1)),
            ValueError,
            "scale must be positive",
        ),
        (
            lambda: pck(torch.zeros(1, 2, 2), torch.zeros(1, 2, 2), torch.ones(2)),
            ValueError,
            r"scale must have shape \(1,\)",
        ),
        (
            lambda: pck(torch.zeros(1, 2, 2), torch.zeros(1, 2, 2), torch.ones(1), alpha=0),
            ValueError,
            "alpha must be > 0",
        ),
        (
            lambda: pck(torch.zeros(1, 2, 2), torch.zeros(1, 2, 2), torch.ones(1), alpha="0.1"),
            TypeError,
            "alpha must be a real number",
        ),
        (
            lambda: pck(
                torch.zeros(1, 2, 2), torch.zeros(1, 2, 2), torch.ones(1), visible=torch.ones(1, 2)
            ),
            TypeError,
            "visible must be a bool tensor",
        ),
        (
            lambda: pck(
                torch.zeros(1, 2, 2),
                torch.zeros(1, 2, 2),
                torch.ones(1),
                visible=torch.zeros(1, 2, dtype=torch.bool),
            ),
            ValueError,
            "no keypoint is counted",
        ),
        (
            lambda: pck(torch.zeros(0, 2, 2), torch.zeros(0, 2, 2), torch.ones(0)),
            ValueError,
            "no keypoint is counted",
        ),
        (lambda: vqa_accuracy("yes", [["yes"]]), TypeError, "predicted must be a sequence of str"),
        (lambda: vqa_accuracy(["yes"], [["yes"], ["no"]]), ValueError, "same length"),
        (lambda: vqa_accuracy([], []), ValueError, "predicted is empty"),
        (lambda: vqa_accuracy(["yes"], [[]]), ValueError, r"human_answers\[0\] must hold"),
        (lambda: vqa_accuracy(["yes"], ["yes"]), TypeError, r"human_answers\[0\] must be"),
        (lambda: vqa_accuracy([1], [["yes"]]), TypeError, "predicted must be a sequence of str"),
    ],
)
def test_bad_input_raises(call, err, match):
    with pytest.raises(err, match=match):
        call()
