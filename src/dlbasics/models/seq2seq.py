r"""Sequence to sequence learning (Sutskever et al., 2014): an LSTM encoder and decoder.

The encoder reads the source sentence and keeps only its last state :math:`(h_S, c_S)`, a
fixed-size vector however long the sentence is. The decoder starts from that state and
writes the target sentence one word at a time, each step fed the word before:

.. math::
    (h_S, c_S) &= \mathrm{LSTM}_\text{enc}(x_1, \dots, x_S), \\
    h'_t &= \mathrm{LSTM}_\text{dec}(y_{t-1}, h'_{t-1}), \quad h'_0 = h_S, \\
    p(y_t \mid y_{<t}, x) &= \mathrm{softmax}(W h'_t).

The LSTMs are ``torch.nn.LSTM``: the same computation as the gate-by-gate
:class:`dlbasics.models.lstm.LSTM` of the Model chapter (its doctest checks they agree),
but fused, which keeps the book's pages fast.
"""

from __future__ import annotations

import torch
from torch import nn

from dlbasics._checks import check_class_range, check_int, check_positive_ints, check_tensor

State = tuple[torch.Tensor, torch.Tensor]


class Encoder(nn.Module):
    r"""Embed the source words and run an LSTM over them; keep only the final state.

    Args:
        vocab_size: V, source words.
        embed_dim: E, features of a word embedding.
        hidden_size: H, features of the LSTM state (the size of the fixed vector).

    Shape:
        ``src``: ``(B, S)`` int64 -> ``(h_S, c_S)``, each ``(1, B, H)``.

    Example:
        >>> h, c = Encoder(8, 4, 6)(torch.zeros(2, 5, dtype=torch.int64))
        >>> h.shape, c.shape
        (torch.Size([1, 2, 6]), torch.Size([1, 2, 6]))
    """

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int) -> None:
        super().__init__()
        check_positive_ints(vocab_size=vocab_size, embed_dim=embed_dim, hidden_size=hidden_size)
        self.vocab_size = vocab_size
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_size, batch_first=True)

    def forward(self, src: torch.Tensor) -> State:
        check_tensor(src, "src", shape=("B", "S"), floating=False, nonempty=True)
        check_class_range(src, "src", self.vocab_size)
        x = self.embed(src)  # (B, S) -> (B, S, E)
        _, (h, c) = self.lstm(x)  # the outputs (B, S, H) are thrown away
        return h, c  # (1, B, H) each: everything the decoder will know about src


class Decoder(nn.Module):
    r"""An LSTM language model over the target words, started from the encoder's state.

    Token id ``vocab_size`` is the start-of-sentence token ``<s>`` that begins every
    decoder input; the decoder never predicts it.

    Args:
        vocab_size: V, target words.
        embed_dim: E, features of a word embedding.
        hidden_size: H, features of the LSTM state.

    Shape:
        ``(B, T)`` int64 inputs in ``[0, V]`` and a state ``(1, B, H)`` each ->
        logits ``(B, T, V)`` and the new state. The inputs are not checked here:
        :class:`Seq2Seq` builds them from its checked ``tgt``, or from its own predictions.

    Example:
        >>> dec = Decoder(8, 4, 6)
        >>> state = (torch.zeros(1, 2, 6), torch.zeros(1, 2, 6))
        >>> logits, _ = dec(torch.full((2, 3), dec.bos), state)
        >>> logits.shape
        torch.Size([2, 3, 8])
    """

    def __init__(self, vocab_size: int, embed_dim: int, hidden_size: int) -> None:
        super().__init__()
        check_positive_ints(vocab_size=vocab_size, embed_dim=embed_dim, hidden_size=hidden_size)
        self.vocab_size = vocab_size
        self.bos = vocab_size  # the id of <s>
        self.embed = nn.Embedding(vocab_size + 1, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_size, batch_first=True)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, tokens: torch.Tensor, state: State) -> tuple[torch.Tensor, State]:
        x = self.embed(tokens)  # (B, T) -> (B, T, E)
        h, state = self.lstm(x, state)  # (B, T, H)
        return self.head(h), state  # (B, T, V) logits


class Seq2Seq(nn.Module):
    r"""Encoder → fixed vector → decoder, trained with teacher forcing, decoded greedily.

    Args:
        src_vocab: source words.
        tgt_vocab: V, target words.
        embed_dim: E, features of the word embeddings.
        hidden_size: H, size of the fixed vector between encoder and decoder.

    Shape:
        ``forward(src, tgt)``: ``(B, S)`` and ``(B, T)`` -> logits ``(B, T, V)``.

    Example:
        >>> model = Seq2Seq(8, 8, embed_dim=4, hidden_size=6)
        >>> src = torch.zeros(2, 5, dtype=torch.int64)
        >>> model(src, torch.ones(2, 3, dtype=torch.int64)).shape
        torch.Size([2, 3, 8])
        >>> model.greedy_decode(src, max_len=4).shape
        torch.Size([2, 4])
    """

    def __init__(
        self, src_vocab: int, tgt_vocab: int, embed_dim: int = 32, hidden_size: int = 64
    ) -> None:
        super().__init__()
        self.encoder = Encoder(src_vocab, embed_dim, hidden_size)
        self.decoder = Decoder(tgt_vocab, embed_dim, hidden_size)

    def forward(self, src: torch.Tensor, tgt: torch.Tensor) -> torch.Tensor:
        """Teacher forcing: the decoder reads the *true* previous words.

        The decoder's inputs are ``<s>, y_1 .. y_{T-1}``.
        """
        check_tensor(tgt, "tgt", shape=("B", "T"), floating=False, nonempty=True)
        # <s> is not a target word
        check_class_range(tgt, "tgt", self.decoder.vocab_size)
        state = self.encoder(src)  # (1, B, H) each
        bos = tgt.new_full((tgt.shape[0], 1), self.decoder.bos)  # (B, 1)
        inputs = torch.cat([bos, tgt[:, :-1]], dim=1)  # (B, T): shifted right by one
        return self.decoder(inputs, state)[0]  # (B, T, V)

    @torch.no_grad()
    def greedy_decode(self, src: torch.Tensor, max_len: int) -> torch.Tensor:
        """Test time: feed back the model's own most likely word, ``max_len`` times."""
        check_int(max_len, "max_len", low=1)
        state = self.encoder(src)  # (1, B, H) each
        token = src.new_full((src.shape[0], 1), self.decoder.bos)  # (B, 1)
        words = []
        for _ in range(max_len):
            logits, state = self.decoder(token, state)  # (B, 1, V)
            token = logits.argmax(dim=-1)  # (B, 1): the most likely word, fed back
            words.append(token)
        return torch.cat(words, dim=1)  # (B, max_len)
