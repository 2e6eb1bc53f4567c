"""A plain training loop: the Algorithm component, applied step by step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch
from torch import nn

from dlbasics._checks import check_int, check_same_length, check_tensor
from dlbasics.progress import progress_bar

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True, kw_only=True)
class History:
    """What a training run leaves behind.

    Args:
        loss: the training loss after each step, in order.
    """

    loss: tuple[float, ...]

    @property
    def steps(self) -> int:
        """How many steps were taken."""
        return len(self.loss)


def fit(
    model: nn.Module,
    loss_fn: LossFn,
    optimizer: torch.optim.Optimizer,
    x: torch.Tensor,
    y: torch.Tensor,
    steps: int,
    batch_size: int | None = None,
    generator: torch.Generator | None = None,
    progress: bool = False,
) -> History:
    r"""Minimize ``loss_fn(model(x), y)`` with ``optimizer`` for ``steps`` steps.

    Each step draws a minibatch (or uses all of ``x`` when ``batch_size`` is ``None``),
    computes the loss, back-propagates and lets the optimizer update the parameters:
    :math:`\theta \leftarrow \mathrm{update}(\theta, \nabla_\theta \mathcal{L})`.

    Args:
        model: maps a batch of ``x`` to predictions.
        loss_fn: ``loss_fn(prediction, target)`` returning a scalar tensor.
        optimizer: built on ``model.parameters()``.
        x: ``(N, ...)`` inputs.
        y: ``(N, ...)`` targets.
        steps: number of updates, at least 1.
        batch_size: minibatch size in [1, N], or ``None`` for full-batch.
        generator: random source of the minibatch draws (for reproducibility).
        progress: show a progress bar (for scripts where a person waits).

    Returns:
        A :class:`History` of the loss per step.

    Raises:
        TypeError: if ``x`` or ``y`` is not a tensor, or ``steps``/``batch_size`` not an int.
        ValueError: if ``x`` and ``y`` disagree in length or are empty, ``steps < 1`` or
            ``batch_size`` is outside ``[1, N]``.

    Example:
        >>> _ = torch.manual_seed(0)
        >>> model = nn.Linear(1, 1)
        >>> x = torch.linspace(-1, 1, 32).unsqueeze(1)
        >>> opt = torch.optim.SGD(model.parameters(), lr=0.5)
        >>> h = fit(model, nn.functional.mse_loss, opt, x, 3 * x, steps=50)
        >>> h.steps, h.loss[-1] < 1e-3 < h.loss[0]
        (50, True)
    """
    n = check_same_length(x=check_tensor(x, "x"), y=check_tensor(y, "y"))
    check_int(steps, "steps", low=1)
    if batch_size is not None:
        check_int(batch_size, "batch_size", low=1, high=n)
    model.train()
    losses: list[float] = []
    for _ in progress_bar(range(steps), desc="train", enabled=progress):
        if batch_size is None:
            xb, yb = x, y
        else:
            idx = torch.randint(0, n, (batch_size,), generator=generator)  # (B,)
            xb, yb = x[idx], y[idx]
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return History(loss=tuple(losses))


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Run ``model`` on ``x`` in evaluation mode, without gradients.

    Example:
        >>> predict(nn.Identity(), torch.ones(2)).tolist()
        [1.0, 1.0]
    """
    model.eval()
    return model(x)
