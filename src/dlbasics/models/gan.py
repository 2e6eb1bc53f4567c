r"""Generative adversarial nets (Goodfellow et al., 2014): a generator against a discriminator."""

from __future__ import annotations

from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn


def _check_sizes(**sizes: int) -> None:
    for name, value in sizes.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be >= 1, got {value}")


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
        _check_sizes(noise_dim=noise_dim, hidden=hidden, out_dim=out_dim)
        self.noise_dim = noise_dim
        self.out_dim = out_dim
        self.net = nn.Sequential(
            nn.Linear(noise_dim, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, out_dim),
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        if z.dim() != 2 or z.shape[1] != self.noise_dim:
            raise ValueError(f"z must have shape (B, {self.noise_dim}), got {tuple(z.shape)}")
        out: torch.Tensor = self.net(z)  # (B, Z) -> (B, D)
        return out


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
        _check_sizes(in_dim=in_dim, hidden=hidden)
        self.in_dim = in_dim
        self.net = nn.Sequential(
            nn.Linear(in_dim, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, hidden),
            nn.LeakyReLU(0.2),
            nn.Linear(hidden, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if x.dim() != 2 or x.shape[1] != self.in_dim:
            raise ValueError(f"x must have shape (B, {self.in_dim}), got {tuple(x.shape)}")
        out: torch.Tensor = self.net(x)  # (B, D) -> (B, 1)
        return out


@dataclass(frozen=True)
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
        >>> losses = gan_step(g, d, torch.randn(16, 1), opt_g, opt_d, torch.randn(16, 2))
        >>> losses.d_loss > 0 and losses.g_loss > 0
        True
    """
    for name, t in (("real_batch", real_batch), ("generator_noise", generator_noise)):
        if not isinstance(t, torch.Tensor):
            raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")
        if t.dim() != 2 or t.shape[0] == 0:
            raise ValueError(f"{name} must have shape (B, features) with B >= 1, got {t.shape}")
    fake: torch.Tensor = generator(generator_noise)  # (B', Z) -> (B', D)
    if fake.shape != (generator_noise.shape[0], real_batch.shape[1]):
        raise ValueError(
            f"generator must map generator_noise to shape ({generator_noise.shape[0]}, "
            f"{real_batch.shape[1]}) like real_batch, got {tuple(fake.shape)}"
        )

    # D step: maximise V, i.e. minimise BCE(D(x), 1) + BCE(D(G(z)), 0); G is held fixed.
    logit_real: torch.Tensor = discriminator(real_batch)  # (B, 1)
    logit_fake: torch.Tensor = discriminator(fake.detach())  # (B', 1)
    d_loss = F.binary_cross_entropy_with_logits(
        logit_real, torch.ones_like(logit_real)
    ) + F.binary_cross_entropy_with_logits(logit_fake, torch.zeros_like(logit_fake))
    opt_d.zero_grad()
    d_loss.backward()  # type: ignore[no-untyped-call]
    opt_d.step()

    # G step: minimise -E[log D(G(z))] against the updated D; D's stray gradients are
    # cleared by opt_d.zero_grad() in the next step.
    logit_fake = discriminator(fake)  # (B', 1)
    g_loss = F.binary_cross_entropy_with_logits(logit_fake, torch.ones_like(logit_fake))
    opt_g.zero_grad()
    g_loss.backward()  # type: ignore[no-untyped-call]
    opt_g.step()
    return GANStepLosses(d_loss=d_loss.item(), g_loss=g_loss.item())
