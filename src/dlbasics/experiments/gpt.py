"""Big language models in miniature: character GPTs of growing size, trained for equal steps.

Each model reads the same standard-library text, sees the same batches in the same order and
takes the same number of Adam steps; only its width (and so its parameter count) changes. The
result is a miniature scaling curve, validation loss against parameters, and a sample of text
from the largest model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from dlbasics.data.chars import CharCorpus, char_corpus, random_windows
from dlbasics.models.gpt import GPT, GPTConfig
from dlbasics.seed import set_seed


@dataclass(frozen=True)
class ScalingExperiment:
    """Sizes and training of the scaling experiment."""

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

    def __post_init__(self) -> None:
        for name in (
            "n_layers",
            "n_heads",
            "block_size",
            "batch_size",
            "steps",
            "eval_windows",
        ):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} must be a positive int, got {value!r}")
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative int, got {self.seed!r}")
        if not self.widths or list(self.widths) != sorted(set(self.widths)):
            raise ValueError(f"widths must be distinct and increasing, got {self.widths}")
        for w in self.widths:
            if isinstance(w, bool) or not isinstance(w, int) or w < 1 or w % self.n_heads:
                raise ValueError(
                    f"every width must be a positive multiple of n_heads={self.n_heads}, got {w}"
                )
        if not self.lr > 0 or not self.temperature > 0:
            raise ValueError(f"lr and temperature must be > 0, got {self.lr}, {self.temperature}")
        if isinstance(self.sample_chars, bool) or not isinstance(self.sample_chars, int):
            raise ValueError(f"sample_chars must be an int, got {self.sample_chars!r}")
        if self.sample_chars < 0:
            raise ValueError(f"sample_chars must be >= 0, got {self.sample_chars}")
        if not self.prompt:
            raise ValueError("prompt must not be empty")


@dataclass(frozen=True)
class ScalingResult:
    """One row per model, in order of size, and the sample."""

    config: ScalingExperiment
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
    """
    n = min(n, (len(ids) - 1) // block_size)
    if n < 1:
        raise ValueError(f"{len(ids)} ids are too few for one window of {block_size}")
    x = ids[: n * block_size].view(n, block_size)  # (n, T)
    y = ids[1 : n * block_size + 1].view(n, block_size)  # (n, T)
    return x, y


def unigram_loss(corpus: CharCorpus) -> float:
    """Cross-entropy on validation of a model that ignores context (training frequencies)."""
    counts = torch.bincount(corpus.train, minlength=corpus.vocab.size).float() + 1.0  # add-one
    log_p = (counts / counts.sum()).log()  # (V,)
    return -log_p[corpus.val].mean().item()


def train_lm(
    model: GPT,
    corpus: CharCorpus,
    steps: int,
    batch_size: int,
    lr: float,
    seed: int,
    callback: Callable[[int, float], None] | None = None,
) -> list[float]:
    """Adam on random training windows; the windows depend only on ``seed``, not on the model.

    Returns:
        The training loss of every step.
    """
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for step in range(steps):
        x, y = random_windows(corpus.train, batch_size, model.config.block_size, g)  # (B, T)
        loss = model.loss(x, y)
        opt.zero_grad()
        loss.backward()  # type: ignore[no-untyped-call]
        opt.step()
        losses.append(loss.item())
        if callback is not None:
            callback(step, losses[-1])
    return losses


def run_scaling(
    config: ScalingExperiment | None = None,
    corpus: CharCorpus | None = None,
    callback: Callable[[int, float], None] | None = None,
) -> ScalingResult:
    """Train one GPT per width for the same steps on the same batches; measure validation loss.

    Args:
        config: the sizes; the defaults if ``None``.
        corpus: the text; the standard-library corpus (:func:`~dlbasics.data.chars.char_corpus`)
            if ``None``.
        callback: called as ``callback(step, loss)`` after every step of every model.

    Returns:
        A :class:`ScalingResult`.
    """
    c = ScalingExperiment() if config is None else config
    corpus = char_corpus() if corpus is None else corpus
    x_val, y_val = validation_windows(corpus.val, c.eval_windows, c.block_size)
    n_params, curves, val = [], [], []
    model: GPT | None = None
    for width in c.widths:
        set_seed(c.seed)
        cfg = GPTConfig(corpus.vocab.size, c.block_size, width, c.n_heads, c.n_layers)
        model = GPT(cfg)
        curves.append(tuple(train_lm(model, corpus, c.steps, c.batch_size, c.lr, c.seed, callback)))
        with torch.no_grad():
            val.append(model.loss(x_val, y_val).item())
        n_params.append(model.n_params())
    assert model is not None  # widths is not empty
    prompt = c.prompt
    start = corpus.vocab.encode(prompt)[None]  # (1, P)
    g = torch.Generator().manual_seed(c.seed)
    out = model.generate(start, c.sample_chars, c.temperature, generator=g)  # (1, P + n)
    sample = corpus.vocab.decode(out[0, len(prompt) :])
    return ScalingResult(
        c, tuple(n_params), tuple(curves), tuple(val), unigram_loss(corpus), prompt, sample
    )
