"""Classification metrics: accuracy and the confusion matrix."""

from __future__ import annotations

import torch

from dlbasics._checks import check_class_range, check_int, check_same_length, check_tensor

__all__ = ["accuracy", "confusion_matrix"]


def accuracy(scores: torch.Tensor, targets: torch.Tensor) -> float:
    r"""Share of correct predictions, :math:`\frac{1}{N}\sum_i [\hat y_i = y_i]`.

    Args:
        scores: ``(N, K)`` class scores (logits or probabilities; the arg-max is the
            prediction) or ``(N,)`` predicted class indices.
        targets: ``(N,)`` true class indices.

    Returns:
        Accuracy in [0, 1].

    Raises:
        TypeError: if either argument is not a tensor.
        ValueError: if the shapes disagree or ``N`` is 0.

    Example:
        >>> accuracy(
        ...     torch.tensor([[2.0, 0.1], [0.3, 0.9], [1.0, 0.0]]),
        ...     torch.tensor([0, 1, 1]),
        ... )
        0.6666666666666666
    """
    scores, targets = check_tensor(scores, "scores"), check_tensor(targets, "targets", shape=("N",))
    if scores.dim() not in (1, 2):
        raise ValueError(f"scores must have shape (N, K) or (N,), got {tuple(scores.shape)}")
    preds = scores.argmax(dim=1) if scores.dim() == 2 else scores  # (N, K) -> (N,)
    check_same_length(scores=preds, targets=targets)
    return int((preds == targets).sum()) / targets.numel()  # exact, not a float32 mean


def confusion_matrix(preds: torch.Tensor, targets: torch.Tensor, num_classes: int) -> torch.Tensor:
    r"""Counts of (true class, predicted class) pairs.

    .. math:: C_{ij} = \sum_{n=1}^{N} [y_n = i]\,[\hat y_n = j]

    Rows are the true class, columns the predicted class (the convention of
    ``sklearn.metrics.confusion_matrix``), so the diagonal holds the correct predictions and
    ``C.sum(dim=1)`` is the number of examples of each true class.

    Args:
        preds: ``(N,)`` predicted class indices (integer dtype) or ``(N, K)`` class scores whose
            arg-max is the prediction.
        targets: ``(N,)`` true class indices (integer dtype).
        num_classes: ``K``, the number of classes; indices must lie in ``[0, K)``.

    Returns:
        ``(K, K)`` ``torch.int64`` tensor of counts. With ``N = 0`` it is all zeros.

    Raises:
        TypeError: if ``preds``/``targets`` are not tensors, index tensors are not integer, or
            ``num_classes`` is not an int.
        ValueError: on wrong shapes, different ``N``, ``num_classes < 1`` or indices outside
            ``[0, K)``.

    Shape:
        - preds: :math:`(N,)` or :math:`(N, K)`
        - targets: :math:`(N,)`
        - output: :math:`(K, K)`

    Example:
        >>> confusion_matrix(torch.tensor([0, 1, 1, 2]), torch.tensor([0, 1, 2, 2]), 3)
        tensor([[1, 0, 0],
                [0, 1, 0],
                [0, 1, 1]])
    """
    k = check_int(num_classes, "num_classes", low=1)
    targets = check_tensor(targets, "targets", shape=("N",), floating=False)
    preds = check_tensor(preds, "preds")
    if preds.dim() == 2:  # class scores: their arg-max is the prediction
        preds = check_tensor(preds, "preds", shape=("N", k)).argmax(dim=1)  # (N, K) -> (N,)
    preds = check_tensor(preds, "preds", shape=(targets.shape[0],), floating=False)
    check_class_range(preds, "preds", k)
    check_class_range(targets, "targets", k)
    # Each (true i, predicted j) pair gets its own bin i * K + j; counting the bins and
    # reshaping gives the matrix in one pass.
    pair_index = targets.long() * k + preds.long()  # (N,)
    counts = torch.bincount(pair_index, minlength=k * k)  # (K * K,)
    return counts.reshape(k, k)  # (K * K,) -> (K, K)
