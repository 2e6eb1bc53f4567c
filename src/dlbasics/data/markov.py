r"""Unlabeled "documents" from a few random Markov chains, one chain per topic.

A stand-in for text in the BERT experiment: every topic :math:`k` has its own transition
matrix :math:`P_k` over the same small vocabulary of words, and a document is a walk along
one chain. Which chain wrote a document (its topic) is the label that a classifier is to
recover from a handful of labelled examples; the words alone, without labels, are what
masked-language-model pre-training learns from.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import torch

from dlbasics._checks import check_int, check_positive, check_tensor


@dataclass(frozen=True, kw_only=True)
class MarkovTopics:
    r"""K Markov chains over the same V words.

    Shape:
        - ``start``: ``(K, V)``, the distribution of each topic's first word (its stationary
          distribution, so every position looks alike).
        - ``transitions``: ``(K, V, V)``, row ``i`` of ``transitions[k]`` is
          :math:`P_k(x_{t+1} = \cdot \mid x_t = i)`.
    """

    start: torch.Tensor
    transitions: torch.Tensor

    @property
    def n_topics(self) -> int:
        """K, the number of topics (chains)."""
        return int(self.transitions.shape[0])

    @property
    def n_words(self) -> int:
        """V, the number of words."""
        return int(self.transitions.shape[1])


def random_topics(
    n_topics: int, n_words: int, concentration: float = 0.1, seed: int = 0
) -> MarkovTopics:
    r"""Draw K random chains; each row of each transition matrix is Dirichlet(:math:`\alpha`).

    A small concentration :math:`\alpha` makes rows peaked, so each topic has a few favourite
    successors for every word: a "grammar" that neighbouring words reveal.

    Args:
        n_topics: K, at least 2.
        n_words: V, at least 2 and at most 26 (words are printed as letters).
        concentration: :math:`\alpha > 0` of the Dirichlet rows.
        seed: seed of the draws.

    Returns:
        A :class:`MarkovTopics`.

    Raises:
        TypeError: if a size or the seed is not an int.
        ValueError: if a size is out of range, ``concentration <= 0`` or ``seed < 0``.

    Example:
        >>> t = random_topics(3, 8, seed=0)
        >>> (
        ...     t.transitions.shape,
        ...     bool(torch.allclose(t.transitions.sum(-1), torch.ones(3, 8))),
        ... )
        (torch.Size([3, 8, 8]), True)
    """
    check_int(n_topics, "n_topics", low=2)
    check_int(n_words, "n_words", low=2, high=len(string.ascii_lowercase))
    check_int(seed, "seed", low=0)
    check_positive(concentration, "concentration")
    rng = np.random.default_rng(seed)  # numpy's seeded generator draws Dirichlet rows directly
    rows = rng.dirichlet(np.full(n_words, float(concentration)), size=(n_topics, n_words))
    transitions = torch.from_numpy(rows).float()  # (K, V, V), rows sum to 1
    transitions = transitions / transitions.sum(-1, keepdim=True)  # exact in float32
    start = stationary(transitions)  # (K, V)
    return MarkovTopics(start=start, transitions=transitions)


def stationary(transitions: torch.Tensor, iterations: int = 200) -> torch.Tensor:
    r"""The stationary distribution :math:`\pi = \pi P` of each chain, by power iteration.

    Args:
        transitions: ``(K, V, V)`` row-stochastic matrices.
        iterations: number of multiplications :math:`\pi \leftarrow \pi P`.

    Returns:
        ``(K, V)``, each row a probability vector.

    Example:
        >>> p = torch.tensor([[[0.0, 1.0], [0.5, 0.5]]])
        >>> stationary(p)
        tensor([[0.3333, 0.6667]])
    """
    if transitions.dim() != 3 or transitions.shape[1] != transitions.shape[2]:
        raise ValueError(f"transitions must have shape (K, V, V), got {tuple(transitions.shape)}")
    k, v, _ = transitions.shape
    pi = torch.full((k, 1, v), 1.0 / v)  # (K, 1, V)
    for _ in range(iterations):
        pi = 0.5 * (pi + pi @ transitions)  # lazy chain: same fixed point, no oscillation
    return pi.squeeze(1) / pi.sum(-1)  # (K, V)


@dataclass(frozen=True, kw_only=True)
class Documents:
    """Walks along the chains, with the topic that wrote each one.

    Shape:
        - ``tokens``: ``(N, T)`` int64 word ids in [0, V).
        - ``topics``: ``(N,)`` int64 topic ids in [0, K), balanced across topics.
    """

    tokens: torch.Tensor
    topics: torch.Tensor


def sample_documents(topics: MarkovTopics, n: int, length: int, seed: int = 0) -> Documents:
    r"""Draw ``n`` documents of ``length`` words, as many per topic as possible, shuffled.

    Document :math:`i` with topic :math:`k` starts with :math:`x_0 \sim \pi_k` and continues
    with :math:`x_{t+1} \sim P_k(\cdot \mid x_t)`.

    Args:
        topics: the chains, from :func:`random_topics`.
        n: N, number of documents, at least 1.
        length: T, words per document, at least 1.
        seed: seed of the draws (independent of the seed that made the chains).

    Returns:
        A :class:`Documents`.

    Raises:
        TypeError: if ``n``, ``length`` or ``seed`` is not an int.
        ValueError: if ``n`` or ``length`` is below 1 or ``seed`` is negative.

    Example:
        >>> docs = sample_documents(random_topics(2, 5), n=4, length=6, seed=0)
        >>> docs.tokens.shape, sorted(docs.topics.tolist())
        (torch.Size([4, 6]), [0, 0, 1, 1])
    """
    check_int(n, "n", low=1)
    check_int(length, "length", low=1)
    check_int(seed, "seed", low=0)
    g = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % topics.n_topics  # (N,) balanced
    labels = labels[torch.randperm(n, generator=g)]
    word = torch.multinomial(topics.start[labels], 1, generator=g)  # (N, 1)
    words = [word]
    for _ in range(length - 1):
        probs = topics.transitions[labels, word.squeeze(1)]  # (N, V): the row of the current word
        word = torch.multinomial(probs, 1, generator=g)  # (N, 1)
        words.append(word)
    return Documents(tokens=torch.cat(words, dim=1), topics=labels)  # (N, T)


def words_to_text(tokens: torch.Tensor, names: dict[int, str] | None = None) -> str:
    """Print word ids as letters (0 -> ``a``); ids in ``names`` print as those names instead.

    Args:
        tokens: ``(T,)`` int word ids.
        names: optional names of special ids, e.g. ``{27: "[MASK]"}``.

    Example:
        >>> words_to_text(torch.tensor([0, 2, 27, 1]), {27: "[MASK]"})
        'a c [MASK] b'
    """
    check_tensor(tokens, "tokens", shape=("T",))
    names = names or {}
    out = []
    for i in tokens.tolist():
        if i in names:
            out.append(names[i])
        elif 0 <= i < len(string.ascii_lowercase):
            out.append(string.ascii_lowercase[i])
        else:
            raise ValueError(f"token {i} is neither a word (0..25) nor in names")
    return " ".join(out)
