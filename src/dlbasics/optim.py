r"""Gradient methods written from scratch, each equal to its ``torch.optim`` twin.

:class:`SGD`, :class:`Momentum`, :class:`Nesterov`, :class:`Adagrad`, :class:`RMSprop` and
:class:`Adam` (with ``decoupled=True``: AdamW). Each ``step()`` is a plain loop over the
parameters: :math:`\theta` is a parameter, :math:`g_t` its gradient, :math:`\eta` the learning
rate ``lr`` and :math:`\lambda` the ``weight_decay``. Unless stated otherwise, weight decay is
the L2 penalty :math:`\frac{\lambda}{2}\lVert\theta\rVert^2` added to the loss, i.e.
:math:`g_t \leftarrow g_t + \lambda\theta_{t-1}`, as in torch.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, overload

import torch
from torch import Tensor
from torch.optim.optimizer import ParamsT

from dlbasics._checks import check_bool, check_fraction, check_positive, check_real

Group = dict[str, Any]  # a parameter group: "lr", "betas", ... (torch.optim's layout)
State = dict[str, Any]  # one parameter's buffers: "t", "m", "v", ...

__all__ = ["OPTIMIZERS", "SGD", "Adagrad", "Adam", "Momentum", "Nesterov", "RMSprop"]


class _Optimizer(torch.optim.Optimizer):
    """Shared plumbing: the optional ``closure``, the loop over parameters and L2 decay."""

    def __init__(self, params: ParamsT, lr: float, weight_decay: float, **defaults: Any) -> None:
        defaults["lr"] = check_real(lr, "lr", low=0)
        defaults["weight_decay"] = check_real(weight_decay, "weight_decay", low=0)
        super().__init__(params, defaults)

    @overload
    def step(self, closure: None = None) -> None: ...

    @overload
    def step(self, closure: Callable[[], float]) -> float: ...

    @torch.no_grad()
    def step(self, closure: Callable[[], float] | None = None) -> float | None:
        """One update of every parameter that has a gradient; returns ``closure()`` if given."""
        loss = None
        if closure is not None:
            with torch.enable_grad():  # like torch: the closure re-runs forward and backward
                loss = closure()
        for group in self.param_groups:
            for theta in group["params"]:
                if theta.grad is None:
                    continue
                g = theta.grad
                if group["weight_decay"] != 0 and not group.get("decoupled", False):
                    g = g.add(theta, alpha=group["weight_decay"])  # g_t = g_t + lambda * theta
                self._update(theta, g, group, self.state[theta])
        return loss

    def _update(self, theta: Tensor, g: Tensor, group: Group, state: State) -> None:
        """Update ``theta`` in place from its gradient ``g`` (the method's equations)."""
        raise NotImplementedError


def _zeros_state(state: State, key: str, theta: Tensor) -> Tensor:
    """The buffer ``state[key]``, created as zeros like ``theta`` on the first step."""
    if key not in state:
        state[key] = torch.zeros_like(theta)
    return state[key]


def _scaled_step(theta: Tensor, g: Tensor, s: Tensor, group: Group) -> None:
    """The step of Adagrad and RMSprop, each coordinate scaled by its own ``sqrt(s_t) + eps``."""
    denom = s.sqrt().add_(group["eps"])  # sqrt(s_t) + eps
    theta.addcdiv_(g, denom, value=-group["lr"])  # theta_t = theta_{t-1} - eta g_t / denom


class SGD(_Optimizer):
    r"""Plain gradient descent, :math:`\theta_t = \theta_{t-1} - \eta g_t`.

    Equals ``torch.optim.SGD(params, lr, weight_decay=weight_decay)``.

    Raises:
        ValueError: if ``lr < 0`` or ``weight_decay < 0``.

    Example:
        >>> w = torch.tensor([1.0, -2.0], requires_grad=True)
        >>> opt = SGD([w], lr=0.1)
        >>> (w**2).sum().backward()  # g = 2w
        >>> opt.step()
        >>> w
        tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(self, params: ParamsT, lr: float, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr, weight_decay)

    def _update(self, theta: Tensor, g: Tensor, group: Group, state: State) -> None:
        theta.add_(g, alpha=-group["lr"])  # theta_t = theta_{t-1} - eta * g_t


class Momentum(_Optimizer):
    r"""Heavy-ball momentum in PyTorch's form (no dampening).

    .. math:: v_t = \mu v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta v_t, \qquad v_0 = 0.

    Sutskever et al. write :math:`v_t = \mu v_{t-1} - \eta g_t`; the two agree for a constant
    :math:`\eta`. Equals ``torch.optim.SGD(params, lr, momentum=mu, weight_decay=...)``.

    Raises:
        ValueError: if ``lr < 0``, ``momentum`` is outside ``[0, 1)`` or ``weight_decay < 0``.

    Example:
        >>> w = torch.tensor([1.0], requires_grad=True)
        >>> opt = Momentum([w], lr=0.1, momentum=0.9)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w**2).sum().backward()
        ...     opt.step()
        >>> w  # 1 - 0.1*2 = 0.8, then v = 0.9*2 + 1.6 = 3.4 and 0.8 - 0.34 = 0.46
        tensor([0.4600], requires_grad=True)
    """

    nesterov = False

    def __init__(
        self, params: ParamsT, lr: float, momentum: float = 0.9, weight_decay: float = 0.0
    ) -> None:
        mu = check_fraction(momentum, "momentum")
        super().__init__(params, lr, weight_decay, momentum=mu)

    def _update(self, theta: Tensor, g: Tensor, group: Group, state: State) -> None:
        mu = group["momentum"]
        v = _zeros_state(state, "v", theta)  # v_0 = 0
        v.mul_(mu).add_(g)  # v_t = mu * v_{t-1} + g_t
        d = g.add(v, alpha=mu) if self.nesterov else v  # Nesterov: d_t = g_t + mu * v_t
        theta.add_(d, alpha=-group["lr"])  # theta_t = theta_{t-1} - eta * d_t


class Nesterov(Momentum):
    r"""Nesterov momentum: the step looks ahead along the new velocity.

    .. math:: v_t = \mu v_{t-1} + g_t, \qquad \theta_t = \theta_{t-1} - \eta (g_t + \mu v_t).

    This is Sutskever et al.'s "gradient at the look-ahead point" rewritten in the variable
    :math:`\theta + \mu v`. Equals ``torch.optim.SGD(params, lr, momentum=mu, nesterov=True)``.

    Raises:
        ValueError: as in :class:`Momentum`.

    Example:
        >>> w = torch.tensor([1.0], requires_grad=True)
        >>> opt = Nesterov([w], lr=0.1, momentum=0.9)
        >>> (w**2).sum().backward()
        >>> opt.step()  # v = 2, d = 2 + 0.9 * 2 = 3.8
        >>> w
        tensor([0.6200], requires_grad=True)
    """

    nesterov = True


class Adagrad(_Optimizer):
    r"""Adagrad (Duchi et al. 2011): per-coordinate steps shrink with the summed squared gradient.

    .. math:: s_t = s_{t-1} + g_t^2, \qquad
              \theta_t = \theta_{t-1} - \eta \frac{g_t}{\sqrt{s_t} + \epsilon}, \qquad s_0 = 0.

    Equals ``torch.optim.Adagrad`` with ``lr_decay=0`` and ``initial_accumulator_value=0``.

    Raises:
        ValueError: if ``lr < 0``, ``eps <= 0`` or ``weight_decay < 0``.

    Example:
        >>> w = torch.tensor([1.0, -100.0], requires_grad=True)
        >>> opt = Adagrad([w], lr=0.1)
        >>> (w**2).sum().backward()
        >>> opt.step()  # the first step is eta * sign(g) whatever the scale of g
        >>> w
        tensor([  0.9000, -99.9000], requires_grad=True)
    """

    def __init__(
        self, params: ParamsT, lr: float = 1e-2, eps: float = 1e-10, weight_decay: float = 0.0
    ) -> None:
        super().__init__(params, lr, weight_decay, eps=check_positive(eps, "eps"))

    def _update(self, theta: Tensor, g: Tensor, group: Group, state: State) -> None:
        s = _zeros_state(state, "s", theta)  # s_0 = 0
        s.addcmul_(g, g)  # s_t = s_{t-1} + g_t^2
        _scaled_step(theta, g, s, group)


class RMSprop(_Optimizer):
    r"""RMSprop (Hinton 2012): Adagrad with a leaky (exponential) average of :math:`g^2`.

    .. math:: s_t = \alpha s_{t-1} + (1 - \alpha) g_t^2, \qquad
              \theta_t = \theta_{t-1} - \eta \frac{g_t}{\sqrt{s_t} + \epsilon}, \qquad s_0 = 0.

    Equals ``torch.optim.RMSprop`` with ``centered=False`` and ``momentum=0``.

    Raises:
        ValueError: if ``lr < 0``, ``alpha`` is outside ``[0, 1)``, ``eps <= 0`` or
            ``weight_decay < 0``.

    Example:
        >>> w = torch.tensor([1.0], requires_grad=True)
        >>> opt = RMSprop([w], lr=0.01, alpha=0.99)
        >>> (w**2).sum().backward()
        >>> opt.step()  # s = 0.01 * 4, step = 0.01 * 2 / 0.2 = 0.1
        >>> w
        tensor([0.9000], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        alpha, eps = check_fraction(alpha, "alpha"), check_positive(eps, "eps")
        super().__init__(params, lr, weight_decay, alpha=alpha, eps=eps)

    def _update(self, theta: Tensor, g: Tensor, group: Group, state: State) -> None:
        alpha = group["alpha"]
        s = _zeros_state(state, "s", theta)  # s_0 = 0
        s.mul_(alpha).addcmul_(g, g, value=1 - alpha)  # s_t = alpha s_{t-1} + (1-alpha) g_t^2
        _scaled_step(theta, g, s, group)


class Adam(_Optimizer):
    r"""Adam (Kingma & Ba 2015): momentum on :math:`g` plus RMSprop scaling, bias-corrected.

    .. math::
        m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2,

        \hat m_t = \frac{m_t}{1 - \beta_1^t}, \qquad \hat v_t = \frac{v_t}{1 - \beta_2^t}, \qquad
        \theta_t = \theta_{t-1} - \eta \frac{\hat m_t}{\sqrt{\hat v_t} + \epsilon}.

    The bias correction undoes the pull of :math:`m_0 = v_0 = 0` towards zero in early steps.

    **L2 penalty vs decoupled decay.** With ``decoupled=False`` (``torch.optim.Adam``),
    :math:`\lambda\theta` is added to :math:`g_t` and so also passes through the division by
    :math:`\sqrt{\hat v_t}`: weights with large gradients are barely decayed. With
    ``decoupled=True`` (AdamW, Loshchilov & Hutter 2019; ``torch.optim.AdamW``) the gradient
    stays clean and the weights shrink directly, :math:`\theta \leftarrow (1 - \eta\lambda)\theta`,
    by the same factor for every coordinate. For plain SGD the two are the same thing.

    Raises:
        TypeError: if ``betas`` is not a pair or ``decoupled`` is not a bool.
        ValueError: if ``lr < 0``, a beta is outside ``[0, 1)``, ``eps <= 0`` or
            ``weight_decay < 0``.

    Example:
        >>> w = torch.tensor([1.0, -100.0], requires_grad=True)
        >>> opt = Adam([w], lr=0.1)
        >>> (w**2).sum().backward()
        >>> opt.step()  # the first step is about eta * sign(g)
        >>> w
        tensor([  0.9000, -99.9000], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled: bool = False,
    ) -> None:
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise TypeError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        beta1, beta2 = check_fraction(betas[0], "betas[0]"), check_fraction(betas[1], "betas[1]")
        eps, decoupled = check_positive(eps, "eps"), check_bool(decoupled, "decoupled")
        super().__init__(
            params, lr, weight_decay, betas=(beta1, beta2), eps=eps, decoupled=decoupled
        )

    def _update(self, theta: Tensor, g: Tensor, group: Group, state: State) -> None:
        (beta1, beta2), lr = group["betas"], group["lr"]
        if not state:
            state["t"] = 0
            state["m"] = torch.zeros_like(theta)  # m_0 = 0
            state["v"] = torch.zeros_like(theta)  # v_0 = 0
        state["t"] += 1
        t, m, v = state["t"], state["m"], state["v"]
        if group["decoupled"]:
            theta.mul_(1 - lr * group["weight_decay"])  # theta *= 1 - eta lambda
        m.lerp_(g, 1 - beta1)  # m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
        v.mul_(beta2).addcmul_(g, g, value=1 - beta2)  # v_t = beta2 v + (1-beta2) g_t^2
        m_hat = m / (1 - beta1**t)  # m^_t = m_t / (1 - beta1^t)
        v_hat = v / (1 - beta2**t)  # v^_t = v_t / (1 - beta2^t)
        denom = v_hat.sqrt().add_(group["eps"])  # sqrt(v^_t) + eps
        theta.addcdiv_(m_hat, denom, value=-lr)  # theta_t = theta - eta m^_t / denom


#: The six optimizers of the Optimization chapter and the Adam page, by the names the book uses.
OPTIMIZERS: dict[str, Callable[..., torch.optim.Optimizer]] = {
    "SGD": SGD,
    "Momentum": Momentum,
    "Nesterov": Nesterov,
    "Adagrad": Adagrad,
    "RMSprop": RMSprop,
    "Adam": Adam,
}
