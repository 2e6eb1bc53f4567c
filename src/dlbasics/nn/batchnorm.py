r"""Batch normalization (Ioffe & Szegedy 2015) for ``(B, C)`` features, written from scratch.

Each feature is standardized with the mean and variance of the current mini-batch, then
scaled and shifted by learned :math:`\gamma, \beta`. Running averages of the batch statistics
stand in for them in evaluation, when there may be no batch to speak of.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbasics._checks import check_int, check_positive, check_real, check_tensor

__all__ = ["BatchNorm1d"]


class BatchNorm1d(nn.Module):
    r"""Normalize each feature over the batch, then scale and shift it.

    In training, for a batch :math:`x_1, \dots, x_B`,

    .. math::
        \mu_B = \frac1B \sum_i x_i, \qquad \sigma_B^2 = \frac1B \sum_i (x_i - \mu_B)^2, \qquad
        y_i = \gamma\, \frac{x_i - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}} + \beta,

    and the running estimates move towards the batch's:
    :math:`\hat\mu \leftarrow (1 - m)\hat\mu + m\mu_B`,
    :math:`\hat\sigma^2 \leftarrow (1 - m)\hat\sigma^2 + m\frac{B}{B - 1}\sigma_B^2`
    (the unbiased variance, as in torch). In evaluation :math:`\hat\mu, \hat\sigma^2` replace
    :math:`\mu_B, \sigma_B^2`. Equals ``torch.nn.BatchNorm1d(num_features)`` for ``(B, C)`` input.

    Args:
        num_features: :math:`C`, at least 1.
        eps: :math:`\epsilon > 0`, added to the variance.
        momentum: :math:`m` in ``(0, 1]``, the weight of the new batch in the running averages.

    Shape:
        Input and output: ``(B, C)``; training needs ``B >= 2``.

    Raises:
        TypeError: if an argument has the wrong type.
        ValueError: if an argument is out of range, or the input is not ``(B, C)``.

    Example:
        >>> bn = BatchNorm1d(2)
        >>> y = bn(torch.tensor([[1.0, 10.0], [3.0, 30.0]]))
        >>> y  # each column now has mean 0 and variance 1 (up to eps)
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]], grad_fn=<AddBackward0>)
        >>> bn.running_mean  # moved 10% of the way from 0 to the batch mean (2, 20)
        tensor([0.2000, 2.0000])
    """

    running_mean: torch.Tensor
    running_var: torch.Tensor

    def __init__(self, num_features: int, eps: float = 1e-5, momentum: float = 0.1) -> None:
        super().__init__()
        check_int(num_features, "num_features", low=1)
        self.eps = check_positive(eps, "eps")
        self.momentum = check_real(momentum, "momentum", low=0, low_open=True, high=1)
        self.gamma = nn.Parameter(torch.ones(num_features))  # scale, starts at 1
        self.beta = nn.Parameter(torch.zeros(num_features))  # shift, starts at 0
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Normalize with batch statistics (training) or running ones (evaluation)."""
        check_tensor(x, "x", shape=("B", self.gamma.shape[0]))
        if self.training:
            if x.shape[0] < 2:
                raise ValueError("training needs at least 2 samples per batch, got 1")
            mu = x.mean(dim=0)  # (C,)  mu_B
            var = x.var(dim=0, correction=0)  # (C,)  sigma_B^2, biased
            with torch.no_grad():
                m, b = self.momentum, x.shape[0]
                self.running_mean.lerp_(mu, m)
                self.running_var.lerp_(var * b / (b - 1), m)  # unbiased, like torch
        else:
            mu, var = self.running_mean, self.running_var
        x_hat = (x - mu) / torch.sqrt(var + self.eps)  # (B, C), mean 0, variance 1
        return self.gamma * x_hat + self.beta  # y = gamma * x_hat + beta

    def extra_repr(self) -> str:
        return f"{self.gamma.shape[0]}, eps={self.eps}, momentum={self.momentum}"
