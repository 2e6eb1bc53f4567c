r"""A toy language pair for sequence-to-sequence models: a lexicon plus a local reordering.

The source language writes words ``a, b, c, ...``; the target language writes words
``A, B, C, ...``. Translating a sentence looks every word up in a fixed lexicon (a random
one-to-one mapping, so ``a`` need not become ``A``) and then swaps each adjacent pair of
words, as languages that put the adjective after the noun do. With the lexicon of
``make_language_pair(8, seed=0)``:

>>> pair = make_language_pair(8, seed=0)
>>> src = torch.tensor([[0, 5, 2, 7, 1, 1]])
>>> pair.words(src[0], target=False)  # source
'a f c h b b'
>>> pair.words(pair.lexicon[src][0])  # word by word
'E F H G A A'
>>> pair.words(
...     pair.translate(src)[0]
... )  # target: pairs (1, 2), (3, 4), (5, 6) swapped
'F E G H A A'

Every target word depends on exactly one source word near the same position, so the
task isolates what the encoder–decoder has to do: squeeze a whole sentence into one
vector and unroll it again in the right order.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from dlbasics._checks import check_class_range, check_int, check_positive_ints, check_tensor

#: Words of the source language, by token id.
SOURCE_WORDS: tuple[str, ...] = tuple("abcdefghijklmnop")
#: Words of the target language, by token id.
TARGET_WORDS: tuple[str, ...] = tuple("ABCDEFGHIJKLMNOP")


@dataclass(frozen=True, kw_only=True)
class LanguagePair:
    """Two vocabularies of ``vocab_size`` words and the lexicon between them.

    Build one with :func:`make_language_pair`.

    Args:
        vocab_size: V, words in each language (token ids ``0 .. V-1``).
        lexicon: ``(V,)`` int64, ``lexicon[s]`` is the target word of source word ``s``.
    """

    vocab_size: int
    lexicon: torch.Tensor

    def translate(self, src: torch.Tensor) -> torch.Tensor:
        """Translate source sentences: look each word up, then swap each adjacent pair.

        Args:
            src: source token ids in ``[0, V)``.

        Shape:
            ``(B, T) -> (B, T)``; with ``T`` odd, the last word keeps its place.

        Raises:
            TypeError: if ``src`` is not an integer tensor.
            ValueError: if it is not 2-D or holds ids outside ``[0, V)``.

        Example:
            >>> pair = make_language_pair(4, seed=0)
            >>> src = torch.tensor([[0, 1, 2]])
            >>> words = pair.lexicon[src]
            >>> torch.equal(pair.translate(src), words[:, [1, 0, 2]])
            True
        """
        check_tensor(src, "src", shape=("B", "T"), floating=False)
        check_class_range(src, "src", self.vocab_size)
        words = self.lexicon[src]  # (B, T) source ids -> target ids
        return words[:, swap_pairs_order(src.shape[1])]  # (B, T) reordered

    def sample(
        self, n: int, length: int, generator: torch.Generator
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Draw ``n`` random source sentences of ``length`` words and their translations.

        Args:
            n: B, sentences, at least 1.
            length: T, words per sentence, at least 1.
            generator: the random source, so that a seed always gives the same sentences.

        Shape:
            ``src`` and ``tgt``: ``(B, T)`` int64.

        Example:
            >>> pair = make_language_pair(8)
            >>> src, tgt = pair.sample(2, 6, torch.Generator().manual_seed(0))
            >>> src.shape, torch.equal(tgt, pair.translate(src))
            (torch.Size([2, 6]), True)
        """
        check_positive_ints(n=n, length=length)
        if not isinstance(generator, torch.Generator):
            raise TypeError(f"generator must be a torch.Generator, got {type(generator).__name__}")
        src = torch.randint(self.vocab_size, (n, length), generator=generator)  # (B, T)
        return src, self.translate(src)

    def words(self, tokens: torch.Tensor, target: bool = True) -> str:
        """Spell a sentence of token ids in the target (or source) language.

        Example:
            >>> make_language_pair(4).words(torch.tensor([0, 1, 2]), target=False)
            'a b c'
        """
        check_tensor(tokens, "tokens", shape=("T",))
        alphabet = TARGET_WORDS if target else SOURCE_WORDS
        return " ".join(alphabet[i] if 0 <= i < self.vocab_size else "?" for i in tokens.tolist())


def swap_pairs_order(length: int) -> torch.Tensor:
    """Index that swaps positions ``(0, 1), (2, 3), ...``; an odd last position stays.

    Example:
        >>> swap_pairs_order(5).tolist()
        [1, 0, 3, 2, 4]
    """
    check_int(length, "length", low=1)
    order = torch.arange(length)  # (T,)
    even = length - length % 2
    return torch.cat([order[:even].view(-1, 2).flip(1).reshape(-1), order[even:]])


def make_language_pair(vocab_size: int = 8, seed: int = 0) -> LanguagePair:
    """A language pair whose lexicon is a random one-to-one mapping drawn with ``seed``.

    Args:
        vocab_size: V, words in each language, in ``[2, 16]``.
        seed: seed of the lexicon, non-negative.

    Raises:
        TypeError: if an argument is not an int.
        ValueError: if ``vocab_size`` is outside ``[2, 16]`` or ``seed`` is negative.

    Example:
        >>> pair = make_language_pair(8, seed=0)
        >>> sorted(pair.lexicon.tolist()) == list(range(8))
        True
    """
    check_int(vocab_size, "vocab_size", low=2, high=len(SOURCE_WORDS))
    check_int(seed, "seed", low=0)
    lexicon = torch.randperm(vocab_size, generator=torch.Generator().manual_seed(seed))  # (V,)
    return LanguagePair(vocab_size=vocab_size, lexicon=lexicon)
