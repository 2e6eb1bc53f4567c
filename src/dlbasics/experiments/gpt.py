"""Big language models in miniature: character GPTs of growing size, trained for equal steps.

Each model reads the same standard-library text, sees the same batches in the same order and
takes the same number of Adam steps; only its width (and so its parameter count) changes. The
result is a miniature scaling curve, validation loss against parameters, and a sample of text
from the largest model. What the page says about it is :data:`CLAIMS` (see :mod:`dlbasics.claims`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import torch
import torch.nn.functional as F

from dlbasics._checks import check_int, check_positive, check_positive_ints
from dlbasics.claims import Claims
from dlbasics.data.chars import CharCorpus, char_corpus
from dlbasics.models.gpt import GPT, GPTConfig
from dlbasics.progress import progress_bar
from dlbasics.seed import set_seed
from dlbasics.train import fit


@dataclass(frozen=True, kw_only=True)
class ScalingConfig:
    """Sizes and training of :func:`run_scaling`."""

    seed: int = 0  # seeds the weights, the batches and the sample
    widths: tuple[int, ...] = (8, 16, 32, 64)  # d_model of each model, increasing
    n_layers: int = 1  # L, the same for every model
    n_heads: int = 2  # nh, the same for every model
    block_size: int = 32  # T, characters of context
    batch_size: int = 32  # B, windows per step
    steps: int = 150  # Adam steps, the same for every model
    lr: float = 1e-2  # Adam's step size, the same for every model
    eval_windows: int = 128  # validation windows (fixed, non-overlapping) for the loss
    sample_chars: int = 300  # characters sampled from the largest model
    temperature: float = 0.8  # sampling temperature
    prompt: str = "def "  # what the sample starts from; its characters must be in the text
    text: str | None = None  # the text to learn; None: Python's standard-library source

    def __post_init__(self) -> None:
        check_int(self.seed, "seed", low=0)
        check_positive_ints(
            n_layers=self.n_layers,
            n_heads=self.n_heads,
            block_size=self.block_size,
            batch_size=self.batch_size,
            steps=self.steps,
            eval_windows=self.eval_windows,
        )
        for width in self.widths:
            check_int(width, "every width", low=1)
            if width % self.n_heads:
                raise ValueError(
                    f"every width must be a multiple of n_heads={self.n_heads}, got {width}"
                )
        if not self.widths or list(self.widths) != sorted(set(self.widths)):
            raise ValueError(f"widths must be distinct and increasing, got {self.widths}")
        check_positive(self.lr, "lr")
        check_positive(self.temperature, "temperature")
        check_int(self.sample_chars, "sample_chars", low=0)
        if not isinstance(self.prompt, str) or not self.prompt:
            raise ValueError(f"prompt must be a non-empty str, got {self.prompt!r}")
        if self.text is not None and not isinstance(self.text, str):
            raise TypeError(f"text must be a str or None, got {type(self.text).__name__}")


@dataclass(frozen=True, kw_only=True)
class ScalingResult:
    """One row per model, in order of size, and the sample."""

    config: ScalingConfig  # what was run
    n_params: tuple[int, ...]  # parameters of each model
    train_loss: tuple[tuple[float, ...], ...]  # per model: the loss of every step
    val_loss: tuple[float, ...]  # per model: validation cross-entropy (nats/char) at the end
    unigram_loss: float  # validation cross-entropy of the training text's character frequencies
    prompt: str  # what the sample starts from
    sample: str  # the largest model's continuation of the prompt


def validation_windows(ids: torch.Tensor, n: int, block_size: int) -> tuple[torch.Tensor, ...]:
    """The first ``n`` non-overlapping windows of ``ids`` and their next characters.

    Returns:
        ``(x, y)``, each ``(n', T)`` with ``n' = min(n, (len(ids) - 1) // T)``.

    Example:
        >>> x, y = validation_windows(torch.arange(10), 5, 4)
        >>> x.tolist(), y.tolist()
        ([[0, 1, 2, 3], [4, 5, 6, 7]], [[1, 2, 3, 4], [5, 6, 7, 8]])
    """
    n = min(n, (len(ids) - 1) // block_size)
    if n < 1:
        raise ValueError(f"{len(ids)} ids are too few for one window of {block_size}")
    x = ids[: n * block_size].view(n, block_size)  # (n, T)
    y = ids[1 : n * block_size + 1].view(n, block_size)  # (n, T)
    return x, y


def unigram_loss(corpus: CharCorpus) -> float:
    """Cross-entropy on validation of a model that ignores context (training frequencies).

    Example:
        >>> round(
        ...     unigram_loss(char_corpus("ab" * 50)), 3
        ... )  # two letters, equally frequent
        0.693
    """
    counts = torch.bincount(corpus.train, minlength=corpus.vocab.size).float() + 1.0  # add-one
    log_p = (counts / counts.sum()).log()  # (V,)
    return -log_p[corpus.val].mean().item()


def run_scaling(config: ScalingConfig, *, progress: bool = False) -> ScalingResult:
    """Train one GPT per width for the same steps on the same batches; measure validation loss.

    Every window of the training text is a sample; :func:`~dlbasics.train.fit` draws
    ``batch_size`` of them per step from a generator seeded with ``config.seed``, so every model
    sees the same windows in the same order.

    Example:
        >>> text = "abcd" * 50
        >>> small = ScalingConfig(
        ...     widths=(2, 4), block_size=4, steps=2, prompt="a", text=text
        ... )
        >>> r = run_scaling(small)
        >>> len(r.n_params), len(r.train_loss[0]), len(r.sample)
        (2, 2, 300)
    """
    c = config
    corpus = char_corpus(c.text)
    x_val, y_val = validation_windows(corpus.val, c.eval_windows, c.block_size)
    x_train = corpus.train[:-1].unfold(0, c.block_size, 1)  # (N - T, T): every window
    y_train = corpus.train[1:].unfold(0, c.block_size, 1)  # (N - T, T): the next characters
    n_params, curves, val = [], [], []
    model: GPT | None = None
    for width in progress_bar(c.widths, desc="models", enabled=progress):
        set_seed(c.seed)
        model = GPT(
            GPTConfig(
                vocab_size=corpus.vocab.size,
                block_size=c.block_size,
                d_model=width,
                n_heads=c.n_heads,
                n_layers=c.n_layers,
            )
        )
        opt = torch.optim.Adam(model.parameters(), lr=c.lr)
        windows = torch.Generator().manual_seed(c.seed)  # the same batches for every model
        history = fit(
            model,
            _next_char_loss,
            opt,
            x_train,
            y_train,
            steps=c.steps,
            batch_size=c.batch_size,
            generator=windows,
            progress=progress,
        )
        curves.append(history.loss)
        with torch.no_grad():
            val.append(model.loss(x_val, y_val).item())
        n_params.append(model.n_params())
    assert model is not None  # widths is not empty
    start = corpus.vocab.encode(c.prompt)[None]  # (1, P)
    g = torch.Generator().manual_seed(c.seed)
    out = model.generate(start, c.sample_chars, c.temperature, generator=g)  # (1, P + n)
    return ScalingResult(
        config=c,
        n_params=tuple(n_params),
        train_loss=tuple(curves),
        val_loss=tuple(val),
        unigram_loss=unigram_loss(corpus),
        prompt=c.prompt,
        sample=corpus.vocab.decode(out[0, len(c.prompt) :]),
    )


def _next_char_loss(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of ``(B, T, V)`` logits against ``(B, T)`` next characters."""
    return F.cross_entropy(logits.flatten(0, 1), targets.flatten())


# ---------------------------------------------------------------- what the page says about it

CLAIMS: Claims[ScalingResult] = Claims("history/gpt")


@CLAIMS.claim("그 사이도 model이 클수록 빠짐없이 낮습니다.")
def bigger_is_lower_without_exception(r: ScalingResult) -> bool:
    """Every wider model ends with a lower validation loss than the narrower one before it."""
    return all(a > b for a, b in pairwise(r.val_loss))


@CLAIMS.claim("글자 빈도만 쓰는 model (…)보다는 모두 낫습니다.")
def every_model_beats_character_frequencies(r: ScalingResult) -> bool:
    """Even the smallest model uses the context: lower loss than the unigram model."""
    return max(r.val_loss) < r.unigram_loss


@CLAIMS.claim("(그림) 학습이 끝날 무렵에는 큰 model일수록 training loss 곡선이 아래에 있다.")
def bigger_is_lower_in_training_too(r: ScalingResult) -> bool:
    """The last 20 training losses, averaged, fall with width too."""
    final = [sum(curve[-20:]) / len(curve[-20:]) for curve in r.train_loss]
    return all(a > b for a, b in pairwise(final))
