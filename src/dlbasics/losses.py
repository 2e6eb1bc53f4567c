r"""Loss functions written from scratch, each equal to its ``torch.nn.functional`` twin.

Regression: :func:`mse`, :func:`mae`, :func:`huber`, :func:`gaussian_nll`.
Classification: :func:`log_softmax`, :func:`cross_entropy`, :func:`nll_loss` and
:func:`naive_cross_entropy` (the literal textbook formula, kept to show why it breaks).
All reduce with the mean, like torch's default ``reduction="mean"``.

Losses are negative log-likelihoods. The slide's MLE line,
:math:`\hat\theta = \arg\max_\theta \sum_i \log p(y_i \mid x_i; \theta)`, is a log-likelihood
to *maximize*; a loss is the same quantity with the sign flipped, to *minimize*. With a
Gaussian model of fixed :math:`\sigma = 1` (see :func:`gaussian_log_likelihood`),

.. math:: -\log \mathcal{N}(y; \hat y, 1) = \tfrac12 (y - \hat y)^2 + \tfrac12 \log 2\pi,

so maximizing the likelihood is minimizing MSE (up to the factor :math:`\frac12` and a
constant). Likewise cross-entropy is the NLL of a categorical model:
``cross_entropy(z, y) == nll_loss(log_softmax(z), y)``.
"""

from __future__ import annotations

import math

import torch

from dlbasics._checks import check_class_range, check_positive, check_same_shape, check_tensor

__all__ = [
    "cross_entropy",
    "gaussian_log_likelihood",
    "gaussian_nll",
    "huber",
    "log_softmax",
    "mae",
    "mse",
    "naive_cross_entropy",
    "nll_loss",
]

_LOG_2PI = math.log(2 * math.pi)


def _check_regression(pred: object, target: object) -> None:
    """Validate non-empty float ``pred`` and a float ``target`` of the same shape."""
    pred = check_tensor(pred, "pred", floating=True, nonempty=True)
    check_same_shape(pred=pred, target=check_tensor(target, "target", floating=True))


def _check_classification(scores: object, target: object, name: str) -> None:
    """Validate ``(N, K)`` float scores and ``(N,)`` int64 class indices in ``[0, K)``."""
    z = check_tensor(scores, name, shape=("N", "K"), floating=True, nonempty=True)
    y = check_tensor(target, "target", shape=(z.shape[0],))
    if y.dtype != torch.int64:
        raise TypeError(f"target must be an int64 tensor of class indices, got dtype {y.dtype}")
    check_class_range(y, "target", z.shape[1])


def mse(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    r"""Mean squared error, :math:`\frac{1}{N}\sum_i (y_i - \hat y_i)^2` over all elements.

    Args:
        pred: predictions :math:`\hat y` (floating point).
        target: targets :math:`y`, same shape as ``pred``.

    Returns:
        0-dim tensor, equal to ``F.mse_loss(pred, target)``.

    Raises:
        TypeError: if an argument is not a floating-point tensor.
        ValueError: if the shapes differ or the inputs are empty.

    Shape:
        pred, target: any shape :math:`(*)`; output: :math:`()`.

    Example:
        >>> mse(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0]))
        tensor(2.)
    """
    _check_regression(pred, target)
    return ((target - pred) ** 2).mean()


def mae(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    r"""Mean absolute error, :math:`\frac{1}{N}\sum_i |y_i - \hat y_i|` over all elements.

    Args:
        pred, target: as in :func:`mse`.

    Returns:
        0-dim tensor, equal to ``F.l1_loss(pred, target)``.

    Raises:
        TypeError, ValueError: as in :func:`mse`.

    Shape:
        pred, target: any shape :math:`(*)`; output: :math:`()`.

    Example:
        >>> mae(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 4.0]))
        tensor(1.)
    """
    _check_regression(pred, target)
    return (target - pred).abs().mean()


def huber(pred: torch.Tensor, target: torch.Tensor, delta: float = 1.0) -> torch.Tensor:
    r"""Huber loss: quadratic near zero, linear (robust to outliers) beyond ``delta``.

    .. math:: \ell(d) = \begin{cases} \frac12 d^2 & |d| \le \delta \\
              \delta\,(|d| - \frac12\delta) & \text{otherwise} \end{cases},
              \quad d = y - \hat y, \quad \text{loss} = \frac{1}{N}\sum_i \ell(d_i)

    Args:
        pred, target: as in :func:`mse`.
        delta: where the quadratic part turns linear; must be positive.

    Returns:
        0-dim tensor, equal to ``F.huber_loss(pred, target, delta=delta)``.

    Raises:
        TypeError: if ``pred``/``target`` are not float tensors or ``delta`` is not a number.
        ValueError: if the shapes differ, the inputs are empty or ``delta <= 0``.

    Shape:
        pred, target: any shape :math:`(*)`; output: :math:`()`.

    Example:
        >>> # (0.125 + 2.5) / 2
        >>> huber(torch.tensor([0.0, 0.0]), torch.tensor([0.5, 3.0]))
        tensor(1.3125)
    """
    _check_regression(pred, target)
    delta = check_positive(delta, "delta")
    d = (target - pred).abs()
    return torch.where(d <= delta, 0.5 * d**2, delta * (d - 0.5 * delta)).mean()


def log_softmax(logits: torch.Tensor, dim: int = -1) -> torch.Tensor:
    r"""Numerically stable :math:`\log \mathrm{softmax}(z)_k = z_k - \log \sum_j e^{z_j}`.

    The log-sum-exp trick subtracts :math:`m = \max_j z_j` first,
    :math:`\log \sum_j e^{z_j} = m + \log \sum_j e^{z_j - m}`, so every exponent is
    :math:`\le 0` and nothing overflows (the largest term is :math:`e^0 = 1`).

    Args:
        logits: scores :math:`z` (floating point).
        dim: the class dimension.

    Returns:
        Tensor like ``logits``, equal to ``torch.log_softmax(logits, dim)``.

    Raises:
        TypeError: if ``logits`` is not a floating-point tensor.
        ValueError: if ``logits`` is empty.

    Shape:
        logits, output: any shape :math:`(*)`.

    Example:
        >>> log_softmax(torch.tensor([1e4, 0.0]))  # exp(1e4) would be inf
        tensor([     0., -10000.])
    """
    z = check_tensor(logits, "logits", floating=True, nonempty=True)
    m = z.amax(dim=dim, keepdim=True).detach()  # a constant shift: it cancels in the gradient
    shifted = z - m
    return shifted - shifted.exp().sum(dim=dim, keepdim=True).log()


def cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    r"""Cross-entropy :math:`-\frac{1}{N}\sum_i \log \mathrm{softmax}(z_i)_{y_i}`, stably.

    Built on :func:`log_softmax`, so value and gradient stay finite for huge logits.

    Args:
        logits: ``(N, K)`` unnormalized class scores.
        target: ``(N,)`` ``torch.int64`` class indices in ``[0, K)``.

    Returns:
        0-dim tensor, equal to ``F.cross_entropy(logits, target)``.

    Raises:
        TypeError: if ``logits`` is not a float tensor or ``target`` not an int64 tensor.
        ValueError: on wrong shapes, empty inputs or class indices outside ``[0, K)``.

    Shape:
        logits: :math:`(N, K)`; target: :math:`(N,)`; output: :math:`()`.

    Example:
        >>> cross_entropy(torch.tensor([[0.0, 0.0], [1e4, -1e4]]), torch.tensor([0, 0]))
        tensor(0.3466)
    """
    _check_classification(logits, target, "logits")
    return nll_loss(log_softmax(logits, dim=1), target)


def naive_cross_entropy(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    r"""UNSTABLE textbook cross-entropy :math:`-\log(e^{z_y} / \sum_j e^{z_j})`, taken literally.

    Do not train with it: :math:`e^{z}` overflows to ``inf`` for :math:`z \gtrsim 89`
    (float32) and underflows to 0 for very negative :math:`z`, so the result becomes
    ``inf`` or ``nan``. Kept so the book can show what goes wrong; use :func:`cross_entropy`.

    Args:
        logits, target: as in :func:`cross_entropy`.

    Returns:
        0-dim tensor; equal to :func:`cross_entropy` only for small logits.

    Raises:
        TypeError, ValueError: as in :func:`cross_entropy`.

    Shape:
        logits: :math:`(N, K)`; target: :math:`(N,)`; output: :math:`()`.

    Example:
        >>> naive_cross_entropy(
        ...     torch.tensor([[1e4, 0.0]]), torch.tensor([0])
        ... )  # inf / inf
        tensor(nan)
    """
    _check_classification(logits, target, "logits")
    exp = logits.exp()  # (N, K)
    p_true = exp.gather(1, target.unsqueeze(1)).squeeze(1) / exp.sum(dim=1)  # (N,)
    return -p_true.log().mean()


def nll_loss(log_probs: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    r"""Negative log-likelihood of the true classes, :math:`-\frac{1}{N}\sum_i \log p_{i, y_i}`.

    Args:
        log_probs: ``(N, K)`` log-probabilities (e.g. from :func:`log_softmax`).
        target: ``(N,)`` ``torch.int64`` class indices in ``[0, K)``.

    Returns:
        0-dim tensor, equal to ``F.nll_loss(log_probs, target)``.

    Raises:
        TypeError, ValueError: as in :func:`cross_entropy`.

    Shape:
        log_probs: :math:`(N, K)`; target: :math:`(N,)`; output: :math:`()`.

    Example:
        >>> nll_loss(torch.tensor([[-0.5, -1.0], [-2.0, -0.1]]), torch.tensor([0, 1]))
        tensor(0.3000)
    """
    _check_classification(log_probs, target, "log_probs")
    picked = log_probs.gather(1, target.unsqueeze(1)).squeeze(1)  # (N, K) -> (N,)
    return -picked.mean()


def gaussian_nll(
    mean: torch.Tensor, target: torch.Tensor, var: torch.Tensor, full: bool = False
) -> torch.Tensor:
    r"""Gaussian negative log-likelihood with a predicted variance.

    .. math:: \frac{1}{N}\sum_i \frac12\Big(\log \sigma_i^2 + \frac{(y_i - \mu_i)^2}{\sigma_i^2}
              \Big) \;\big[+ \tfrac12 \log 2\pi \text{ if full}\big]

    Like torch, ``var`` is clamped to at least ``1e-6`` for the value while the gradient
    passes through the clamp unchanged.

    Args:
        mean: predicted means :math:`\mu` (floating point).
        target: targets :math:`y`, same shape as ``mean``.
        var: predicted variances :math:`\sigma^2 \ge 0`, same shape as ``mean``.
        full: add the constant :math:`\frac12 \log 2\pi`.

    Returns:
        0-dim tensor, equal to ``F.gaussian_nll_loss(mean, target, var, full=full)``.

    Raises:
        TypeError: if an argument is not a floating-point tensor.
        ValueError: on shape mismatches, empty inputs or negative ``var`` entries.

    Shape:
        mean, target, var: any shape :math:`(*)`; output: :math:`()`.

    Example:
        >>> gaussian_nll(torch.tensor([0.0]), torch.tensor([2.0]), torch.tensor([1.0]))
        tensor(2.)
    """
    mean = check_tensor(mean, "mean", floating=True, nonempty=True)
    target = check_tensor(target, "target", floating=True)
    check_same_shape(mean=mean, target=target, var=check_tensor(var, "var", floating=True))
    if bool((var < 0).any()):
        raise ValueError(f"var must be non-negative, got min {float(var.min())}")
    var = var + (var.clamp(min=1e-6) - var).detach()  # clamped value, identity gradient
    loss = 0.5 * (var.log() + (target - mean) ** 2 / var)
    if full:
        loss = loss + 0.5 * _LOG_2PI
    return loss.mean()


def gaussian_log_likelihood(
    y: torch.Tensor, mean: torch.Tensor, sigma: float = 1.0
) -> torch.Tensor:
    r"""Per-element Gaussian log-density (no reduction).

    .. math:: \log \mathcal{N}(y; \mu, \sigma^2) = -\frac{(y - \mu)^2}{2\sigma^2}
              - \log \sigma - \frac12 \log 2\pi

    With :math:`\sigma = 1` its negative is :math:`\frac12 (y - \mu)^2 + \frac12 \log 2\pi`:
    MSE up to a factor :math:`\frac12` and a constant (see the module docstring).

    Args:
        y: observations (floating point).
        mean: means :math:`\mu`, same shape as ``y``.
        sigma: the standard deviation, a positive number.

    Returns:
        Tensor like ``y``, equal to ``torch.distributions.Normal(mean, sigma).log_prob(y)``.

    Raises:
        TypeError: if ``y``/``mean`` are not float tensors or ``sigma`` is not a number.
        ValueError: on a shape mismatch, empty inputs or ``sigma <= 0``.

    Shape:
        y, mean, output: any shape :math:`(*)`.

    Example:
        >>> gaussian_log_likelihood(torch.tensor([0.0, 1.0]), torch.tensor([0.0, 0.0]))
        tensor([-0.9189, -1.4189])
    """
    y = check_tensor(y, "y", floating=True, nonempty=True)
    check_same_shape(y=y, mean=check_tensor(mean, "mean", floating=True))
    sigma = check_positive(sigma, "sigma")
    return -((y - mean) ** 2) / (2 * sigma**2) - math.log(sigma) - 0.5 * _LOG_2PI
