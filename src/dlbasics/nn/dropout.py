r"""Dropout (Hinton et al. 2012; Srivastava et al. 2014) written from scratch.

During training each activation is kept with probability :math:`1 - p` and scaled by
:math:`1/(1 - p)` ("inverted" dropout), so its expected value is unchanged and evaluation
needs no rescaling: in ``eval()`` mode the layer is the identity.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbasics._checks import check_fraction

__all__ = ["Dropout"]


class Dropout(nn.Module):
    r"""Zero each activation with probability ``p`` while training; identity in evaluation.

    .. math:: m_i \sim \mathrm{Bernoulli}(1 - p), \qquad y_i = \frac{m_i\, x_i}{1 - p},
        \qquad \mathbb{E}[y_i] = x_i.

    Same behaviour as ``torch.nn.Dropout(p)`` (the random masks differ).

    Args:
        p: drop probability, in ``[0, 1)``.

    Shape:
        Input and output: any shape ``(B, *)``.

    Raises:
        TypeError: if ``p`` is not a number.
        ValueError: if ``p`` is outside ``[0, 1)``.

    Example:
        >>> _ = torch.manual_seed(0)
        >>> drop = Dropout(0.5)
        >>> y = drop(torch.ones(1, 8))
        >>> sorted(
        ...     set(y.flatten().tolist())
        ... )  # dropped, or kept and scaled by 1 / (1 - p)
        [0.0, 2.0]
        >>> drop.eval()(torch.ones(1, 3))  # evaluation: identity
        tensor([[1., 1., 1.]])
    """

    def __init__(self, p: float = 0.5) -> None:
        super().__init__()
        self.p = check_fraction(p, "p")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Apply a fresh random mask (training) or pass ``x`` through (evaluation)."""
        if not self.training or self.p == 0:
            return x
        keep = torch.empty_like(x).bernoulli_(1 - self.p)  # m ~ Bernoulli(1 - p)
        return x * keep / (1 - self.p)  # y = m * x / (1 - p)

    def extra_repr(self) -> str:
        return f"p={self.p}"
