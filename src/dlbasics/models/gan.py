r"""Generative adversarial nets (Goodfellow et al., 2014): a generator against a discriminator."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from dlbasics._checks import check_positive_ints, check_tensor


def mlp(in_dim: int, hidden: int, out_dim: int) -> nn.Sequential:
    """The network of both players: two hidden layers of ``hidden`` units with leaky ReLUs.

    Shape:
        ``(B, in_dim) -> (B, out_dim)``

    Example:
        >>> mlp(2, 16, 1)(torch.randn(8, 2)).shape
        torch.Size([8, 1])
    """
    return nn.Sequential(
        nn.Linear(in_dim, hidden),
        nn.LeakyReLU(0.2),
        nn.Linear(hidden, hidden),
        nn.LeakyReLU(0.2),
        nn.Linear(hidden, out_dim),
    )


class Generator(nn.Module):
    r"""G: noise :math:`z \sim N(0, I)` to a sample; an MLP with two hidden layers.

    Args:
        noise_dim: Z, features of the noise.
        hidden: width of each hidden layer.
        out_dim: D, features of a sample.

    Shape:
        ``(B, Z) -> (B, D)``

    Example:
        >>> Generator(2, 16, 1)(torch.randn(8, 2)).shape
        torch.Size([8, 1])
    """

    def __init__(self, noise_dim: int, hidden: int, out_dim: int) -> None:
        super().__init__()
        check_positive_ints(noise_dim=noise_dim, hidden=hidden, out_dim=out_dim)
        self.noise_dim = noise_dim
        self.out_dim = out_dim
        self.net = mlp(noise_dim, hidden, out_dim)  # noise -> sample

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        check_tensor(z, "z", shape=("B", self.noise_dim))
        return self.net(z)  # (B, Z) -> (B, D)


class Discriminator(nn.Module):
    r"""D: a sample to the logit of "real"; :math:`D(x) = \sigma(\text{logit})`.

    Returning logits rather than probabilities lets the losses use the numerically stable
    ``binary_cross_entropy_with_logits``.

    Args:
        in_dim: D, features of a sample.
        hidden: width of each hidden layer.

    Shape:
        ``(B, D) -> (B, 1)``

    Example:
        >>> Discriminator(1, 16)(torch.randn(8, 1)).shape
        torch.Size([8, 1])
    """

    def __init__(self, in_dim: int, hidden: int) -> None:
        super().__init__()
        check_positive_ints(in_dim=in_dim, hidden=hidden)
        self.in_dim = in_dim
        self.net = mlp(in_dim, hidden, 1)  # sample -> logit of "real"

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        check_tensor(x, "x", shape=("B", self.in_dim))
        return self.net(x)  # (B, D) -> (B, 1)


@dataclass(frozen=True, kw_only=True)
class GANStepLosses:
    r"""The two losses of one :func:`gan_step`, before its updates.

    Args:
        d_loss: the discriminator's loss, :math:`-V(D, G)` on the batch.
        g_loss: the generator's non-saturating loss, :math:`-\mathbb{E}[\log D(G(z))]`.
    """

    d_loss: float
    g_loss: float


def gan_step(
    generator: nn.Module,
    discriminator: nn.Module,
    real_batch: torch.Tensor,
    opt_g: torch.optim.Optimizer,
    opt_d: torch.optim.Optimizer,
    generator_noise: torch.Tensor,
) -> GANStepLosses:
    r"""One alternating update: first D, then G, on the two-player minimax game

    .. math::
        \min_G \max_D V(D, G) = \mathbb{E}_{x \sim p_\text{data}}[\log D(x)]
            + \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))].

    D ascends :math:`V` (a binary cross-entropy: real is 1, fake is 0). G would descend
    :math:`\mathbb{E}[\log(1 - D(G(z)))]`, whose gradient vanishes while D easily rejects the
    fakes, so G instead minimises the *non-saturating* loss :math:`-\mathbb{E}[\log D(G(z))]`,
    which has the same fixed point but strong gradients early on.

    Args:
        generator: G, maps ``generator_noise`` to samples shaped like ``real_batch``.
        discriminator: D, maps samples to logits ``(B, 1)``.
        real_batch: samples :math:`x` of the data.
        opt_g: optimizer of ``generator.parameters()``.
        opt_d: optimizer of ``discriminator.parameters()``.
        generator_noise: the noise :math:`z` fed to G in this step.

    Shape:
        - ``real_batch``: ``(B, D)``.
        - ``generator_noise``: ``(B', Z)``.

    Returns:
        A :class:`GANStepLosses`.

    Raises:
        TypeError: if ``real_batch`` or ``generator_noise`` is not a tensor.
        ValueError: if they are not 2-D, or G's samples are not shaped ``(B', D)``.

    Example:
        >>> _ = torch.manual_seed(0)
        >>> g, d = Generator(2, 8, 1), Discriminator(1, 8)
        >>> opt_g = torch.optim.Adam(g.parameters(), lr=1e-3)
        >>> opt_d = torch.optim.Adam(d.parameters(), lr=1e-3)
        >>> losses = gan_step(
        ...     g, d, torch.randn(16, 1), opt_g, opt_d, torch.randn(16, 2)
        ... )
        >>> losses.d_loss > 0 and losses.g_loss > 0
        True
    """
    check_tensor(real_batch, "real_batch", shape=("B", "D"), nonempty=True)
    check_tensor(generator_noise, "generator_noise", shape=("B'", "Z"), nonempty=True)
    fake = generator(generator_noise)  # (B', Z) -> (B', D)
    if fake.shape != (generator_noise.shape[0], real_batch.shape[1]):
        raise ValueError(
            f"generator must map generator_noise to shape ({generator_noise.shape[0]}, "
            f"{real_batch.shape[1]}) like real_batch, got {tuple(fake.shape)}"
        )

    # D step: maximise V, i.e. minimise BCE(D(x), 1) + BCE(D(G(z)), 0); G is held fixed.
    logit_real = discriminator(real_batch)  # (B, 1)
    logit_fake = discriminator(fake.detach())  # (B', 1)
    d_loss = F.binary_cross_entropy_with_logits(
        logit_real, torch.ones_like(logit_real)
    ) + F.binary_cross_entropy_with_logits(logit_fake, torch.zeros_like(logit_fake))
    opt_d.zero_grad()
    d_loss.backward()
    opt_d.step()

    # G step: minimise -E[log D(G(z))] against the updated D; D's stray gradients are
    # cleared by opt_d.zero_grad() in the next step.
    logit_fake = discriminator(fake)  # (B', 1)
    g_loss = F.binary_cross_entropy_with_logits(logit_fake, torch.ones_like(logit_fake))
    opt_g.zero_grad()
    g_loss.backward()
    opt_g.step()
    return GANStepLosses(d_loss=d_loss.item(), g_loss=g_loss.item())
