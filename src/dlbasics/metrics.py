"""Metrics written from scratch: what we actually want, as opposed to the loss."""

from __future__ import annotations

import torch


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
        >>> accuracy(torch.tensor([[2.0, 0.1], [0.3, 0.9], [1.0, 0.0]]), torch.tensor([0, 1, 1]))
        0.6666666666666666
    """
    if not isinstance(scores, torch.Tensor) or not isinstance(targets, torch.Tensor):
        raise TypeError("scores and targets must be torch.Tensor")
    if targets.dim() != 1:
        raise ValueError(f"targets must have shape (N,), got {tuple(targets.shape)}")
    if scores.dim() == 2:
        preds = scores.argmax(dim=1)  # (N, K) -> (N,)
    elif scores.dim() == 1:
        preds = scores
    else:
        raise ValueError(f"scores must have shape (N, K) or (N,), got {tuple(scores.shape)}")
    if preds.shape[0] != targets.shape[0]:
        raise ValueError(
            f"scores and targets must have the same N, got {preds.shape[0]} and {targets.shape[0]}"
        )
    if targets.numel() == 0:
        raise ValueError("accuracy of an empty batch is undefined (N = 0)")
    return int((preds == targets).sum()) / targets.numel()  # exact, not a float32 mean
