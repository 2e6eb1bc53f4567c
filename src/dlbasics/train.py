"""A plain training loop: the Algorithm component, applied step by step."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import torch
from torch import nn

LossFn = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
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
        TypeError: if ``x`` or ``y`` is not a tensor, or ``steps`` not an int.
        ValueError: if ``x`` and ``y`` disagree in length, ``steps < 1`` or
            ``batch_size`` is out of range.

    Example:
        >>> _ = torch.manual_seed(0)
        >>> model = nn.Linear(1, 1)
        >>> x = torch.linspace(-1, 1, 32).unsqueeze(1)
        >>> opt = torch.optim.SGD(model.parameters(), lr=0.5)
        >>> h = fit(model, nn.functional.mse_loss, opt, x, 3 * x, steps=50)
        >>> h.steps, h.loss[-1] < 1e-3 < h.loss[0]
        (50, True)
    """
    if not isinstance(x, torch.Tensor) or not isinstance(y, torch.Tensor):
        raise TypeError("x and y must be torch.Tensor")
    if x.shape[0] != y.shape[0] or x.shape[0] == 0:
        raise ValueError(
            "x and y must hold the same positive number of samples, "
            f"got {x.shape[0]} and {y.shape[0]}"
        )
    if isinstance(steps, bool) or not isinstance(steps, int):
        raise TypeError(f"steps must be an int, got {type(steps).__name__}")
    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps}")
    n = x.shape[0]
    if batch_size is not None and not 1 <= batch_size <= n:
        raise ValueError(f"batch_size must be in [1, {n}] or None, got {batch_size}")
    model.train()
    losses: list[float] = []
    step_range: Iterable[int] = range(steps)
    if progress:  # imported only when asked: tqdm.auto warns inside a widget-less kernel
        from tqdm.auto import tqdm

        step_range = tqdm(step_range, desc="train", leave=False)
    for _ in step_range:
        if batch_size is None:
            xb, yb = x, y
        else:
            idx = torch.randint(0, n, (batch_size,), generator=generator)  # (B,)
            xb, yb = x[idx], y[idx]
        loss = loss_fn(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        optimizer.step()
        losses.append(loss.item())
    return History(tuple(losses))


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """Run ``model`` on ``x`` in evaluation mode, without gradients.

    Example:
        >>> predict(nn.Identity(), torch.ones(2)).tolist()
        [1.0, 1.0]
    """
    model.eval()
    out: torch.Tensor = model(x)
    return out
