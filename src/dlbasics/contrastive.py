r"""The NT-Xent loss of SimCLR (Chen et al. 2020), written from scratch.

A batch of :math:`N` images gives :math:`2N` views, two per image. For a view :math:`i` its
*positive* :math:`j` is the other view of the same image; the other :math:`2N - 2` views are
*negatives*. With cosine similarity :math:`s_{ik} = z_i^\top z_k / (\lVert z_i\rVert \lVert
z_k\rVert)` and a temperature :math:`\tau`, the loss of the pair is the cross-entropy of picking
the positive among all the others (the paper's Eq. 1):

.. math::
    \ell(i, j) &= -\log \frac{\exp(s_{ij}/\tau)}{\sum_{k=1}^{2N} [k \ne i] \exp(s_{ik}/\tau)},
    \\
    \mathcal{L} &= \frac{1}{2N} \sum_{k=1}^{N} \big[\ell(2k-1, 2k) + \ell(2k, 2k-1)\big].

"Normalized temperature-scaled cross-entropy": normalized by the cosine, scaled by
:math:`1/\tau`, a cross-entropy over the batch.
"""

from __future__ import annotations

import torch

from dlbasics._checks import check_positive, check_tensor
from dlbasics.losses import cross_entropy

__all__ = ["nt_xent"]


def nt_xent(z1: torch.Tensor, z2: torch.Tensor, tau: float = 0.5) -> torch.Tensor:
    r"""NT-Xent: each view must pick out the other view of its image among all ``2N - 1`` others.

    Row ``n`` of ``z1`` and row ``n`` of ``z2`` are the two views of image ``n``. All pairs at
    once: the :math:`2N \times 2N` matrix of cosine similarities over :math:`\tau`, the diagonal
    (a view with itself) removed, is a batch of :math:`2N` classification problems whose right
    "class" is the positive's index; :func:`dlbasics.losses.cross_entropy` does the rest.

    Args:
        z1: projections of the first views.
        z2: projections of the second views, in the same image order.
        tau: the temperature :math:`\tau > 0`; smaller values weigh hard negatives more.

    Returns:
        0-dim tensor, :math:`\mathcal{L}` averaged over the :math:`2N` views.

    Raises:
        TypeError: if ``z1`` or ``z2`` is not a floating-point tensor.
        ValueError: if the shapes differ, are not ``(N, d)`` with ``N >= 2``, or ``tau <= 0``.

    Shape:
        z1, z2: :math:`(N, d)`; output: :math:`()`.

    Example:
        >>> z = torch.eye(
        ...     4
        ... )  # four images, their two views identical and orthogonal to others
        >>> round(nt_xent(z, z, tau=0.1).item(), 4)  # -log(e^10 / (e^10 + 6 e^0))
        0.0003
    """
    z1, z2 = check_tensor(z1, "z1", floating=True), check_tensor(z2, "z2", floating=True)
    if z1.shape != z2.shape or z1.dim() != 2 or z1.shape[0] < 2:
        raise ValueError(
            f"z1 and z2 must both have shape (N, d) with N >= 2, "
            f"got {tuple(z1.shape)} and {tuple(z2.shape)}"
        )
    tau = check_positive(tau, "tau")
    n = z1.shape[0]
    z = torch.cat([z1, z2])  # (2N, d): views 0..N-1, then their partners N..2N-1
    # unit rows: a dot product is a cosine
    z = z / z.norm(dim=1, keepdim=True).clamp_min(1e-12)
    logits = z @ z.T / tau  # (2N, 2N) s_ik / tau
    self_pair = torch.eye(2 * n, dtype=torch.bool)  # (2N, 2N) k = i is not a candidate
    logits = logits.masked_fill(self_pair, float("-inf"))
    # (2N,): the index j of i's pair
    positive = torch.cat([torch.arange(n, 2 * n), torch.arange(n)])
    return cross_entropy(logits, positive)
