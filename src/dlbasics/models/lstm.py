"""Long short-term memory (Hochreiter & Schmidhuber, 1997), written out gate by gate."""

from __future__ import annotations

import math

import torch
from torch import nn

from dlbasics._checks import check_positive_ints, check_tensor

State = tuple[torch.Tensor, torch.Tensor]


class LSTMCell(nn.Module):
    r"""One LSTM time step, with the parameters laid out exactly as in ``torch.nn.LSTM``.

    The input, forget, cell and output gates (in PyTorch's order i, f, g, o) read the input
    :math:`x` and the previous hidden state :math:`h`; the cell state :math:`c` is carried on
    additively, which lets gradients flow across many steps:

    .. math::
        i &= \sigma(W_{ii} x + b_{ii} + W_{hi} h + b_{hi}) \\
        f &= \sigma(W_{if} x + b_{if} + W_{hf} h + b_{hf}) \\
        g &= \tanh(W_{ig} x + b_{ig} + W_{hg} h + b_{hg}) \\
        o &= \sigma(W_{io} x + b_{io} + W_{ho} h + b_{ho}) \\
        c' &= f \odot c + i \odot g \\
        h' &= o \odot \tanh(c')

    ``weight_ih`` stacks :math:`W_{ii}, W_{if}, W_{ig}, W_{io}` row-wise, ``weight_hh`` the
    :math:`W_{h\cdot}`, and likewise the biases.

    Args:
        input_size: I, features of each input step.
        hidden_size: H, features of the hidden and cell states.

    Shape:
        - ``x_t``: ``(B, I)``.
        - ``state``: ``(h, c)``, each ``(B, H)``, or ``None`` for zeros.
        - Output: ``(h', c')``, each ``(B, H)``.

    Example:
        >>> cell = LSTMCell(3, 5)
        >>> h, c = cell(torch.zeros(2, 3))
        >>> h.shape, c.shape, cell.weight_ih.shape
        (torch.Size([2, 5]), torch.Size([2, 5]), torch.Size([20, 3]))
    """

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        check_positive_ints(input_size=input_size, hidden_size=hidden_size)
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.weight_ih = nn.Parameter(torch.empty(4 * hidden_size, input_size))  # (4H, I)
        self.weight_hh = nn.Parameter(torch.empty(4 * hidden_size, hidden_size))  # (4H, H)
        self.bias_ih = nn.Parameter(torch.empty(4 * hidden_size))  # (4H,)
        self.bias_hh = nn.Parameter(torch.empty(4 * hidden_size))  # (4H,)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw every weight from U(-1/√H, 1/√H), as ``torch.nn.LSTM`` does."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def forward(self, x_t: torch.Tensor, state: State | None = None) -> State:
        check_tensor(x_t, "x_t", shape=("B", self.input_size))
        b, hs = x_t.shape[0], self.hidden_size
        if state is None:
            h = c = x_t.new_zeros(b, hs)  # (B, H)
        else:
            h, c = state
            check_tensor(h, "h", shape=(b, hs))
            check_tensor(c, "c", shape=(b, hs))
        z = x_t @ self.weight_ih.T + self.bias_ih  # (B, 4H)
        z = z + h @ self.weight_hh.T + self.bias_hh
        z_i, z_f, z_g, z_o = z.chunk(4, dim=1)  # 4 × (B, H)
        i = torch.sigmoid(z_i)  # i = σ(W_ii x + b_ii + W_hi h + b_hi)
        f = torch.sigmoid(z_f)  # f = σ(W_if x + b_if + W_hf h + b_hf)
        g = torch.tanh(z_g)  # g = tanh(W_ig x + b_ig + W_hg h + b_hg)
        o = torch.sigmoid(z_o)  # o = σ(W_io x + b_io + W_ho h + b_ho)
        c_next = f * c + i * g  # c' = f ⊙ c + i ⊙ g
        h_next = o * torch.tanh(c_next)  # h' = o ⊙ tanh(c')
        return h_next, c_next


class LSTM(nn.Module):
    r"""An :class:`LSTMCell` unrolled over time, like a single-layer ``nn.LSTM(batch_first=True)``.

    Args:
        input_size: I, features of each input step.
        hidden_size: H, features of the hidden and cell states.

    Shape:
        - ``x``: ``(B, T, I)``; ``state``: ``(h_0, c_0)``, each ``(B, H)``, or ``None``.
        - Output: ``outputs`` ``(B, T, H)`` (every :math:`h_t`) and ``(h_T, c_T)``, each ``(B, H)``.

    Example:
        >>> lstm = LSTM(3, 5)
        >>> out, (h, c) = lstm(torch.zeros(2, 7, 3))
        >>> out.shape, h.shape, torch.equal(out[:, -1], h)
        (torch.Size([2, 7, 5]), torch.Size([2, 5]), True)
        >>> ref = nn.LSTM(3, 5, batch_first=True)
        >>> x = torch.randn(2, 7, 3)
        >>> torch.allclose(lstm.load_from_torch(ref)(x)[0], ref(x)[0], atol=1e-6)
        True
    """

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.cell = LSTMCell(input_size, hidden_size)
        self.input_size = input_size
        self.hidden_size = hidden_size

    def forward(self, x: torch.Tensor, state: State | None = None) -> tuple[torch.Tensor, State]:
        check_tensor(x, "x", shape=("B", "T", self.input_size))
        if x.shape[1] == 0:
            raise ValueError("x must have at least one time step (T >= 1)")
        outputs: list[torch.Tensor] = []
        for t in range(x.shape[1]):
            h, c = self.cell(x[:, t], state)  # (B, I) -> (B, H), (B, H)
            state = (h, c)
            outputs.append(h)
        return torch.stack(outputs, dim=1), (h, c)  # (B, T, H)

    @torch.no_grad()
    def load_from_torch(self, lstm: nn.LSTM) -> LSTM:
        """Copy the weights of a single-layer, unidirectional ``nn.LSTM`` with biases.

        Returns:
            ``self``, so that ``LSTM(i, h).load_from_torch(ref)`` reads as one expression.

        Raises:
            TypeError: if ``lstm`` is not an ``nn.LSTM``.
            ValueError: if its sizes or layout differ from this module's.
        """
        if not isinstance(lstm, nn.LSTM):
            raise TypeError(f"lstm must be a torch.nn.LSTM, got {type(lstm).__name__}")
        expected = (self.input_size, self.hidden_size, 1, False, True, 0)
        got = (
            lstm.input_size,
            lstm.hidden_size,
            lstm.num_layers,
            lstm.bidirectional,
            lstm.bias,
            lstm.proj_size,
        )
        if got != expected:
            raise ValueError(
                "lstm must be nn.LSTM(input_size, hidden_size, num_layers, bidirectional, "
                f"bias, proj_size) = {expected}, got {got}"
            )
        weights = lstm.state_dict()  # layer 0 of nn.LSTM: names end in "_l0"
        self.cell.weight_ih.copy_(weights["weight_ih_l0"])  # (4H, I)
        self.cell.weight_hh.copy_(weights["weight_hh_l0"])  # (4H, H)
        self.cell.bias_ih.copy_(weights["bias_ih_l0"])  # (4H,)
        self.cell.bias_hh.copy_(weights["bias_hh_l0"])  # (4H,)
        return self


class SequenceRegressor(nn.Module):
    r"""An :class:`LSTM` and a linear head: predict the next value of a 1-D sequence at each step.

    Args:
        hidden_size: H, features of the LSTM state.

    Shape:
        ``(B, T, 1) -> (B, T, 1)``; output ``t`` predicts input ``t + 1``.

    Example:
        >>> SequenceRegressor(8)(torch.zeros(4, 10, 1)).shape
        torch.Size([4, 10, 1])
    """

    def __init__(self, hidden_size: int) -> None:
        super().__init__()
        self.lstm = LSTM(1, hidden_size)
        self.head = nn.Linear(hidden_size, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, _ = self.lstm(x)  # (B, T, 1) -> (B, T, H)
        return self.head(h)  # (B, T, 1)
