"""Figures of the GPT page: a miniature scaling curve of character language models."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import NullFormatter

from dlbasics.experiments.gpt import ScalingResult
from dlbasics.plot.basic import moving_average, series_color
from dlbasics.plot.language import bilingual
from dlbasics.plot.style import FULL_WIDTH, figure_legend
from dlbasics.plot.words import word


@bilingual
def scaling_figure(result: ScalingResult, window: int = 10) -> Figure:
    """Left: training loss of each model. Right: validation loss against parameters (log axis).

    Args:
        result: from :func:`~dlbasics.experiments.gpt.run_scaling`.
        window: steps averaged for the training curves.

    Example:
        >>> from dlbasics.experiments.gpt import ScalingConfig, run_scaling
        >>> text = "abcd" * 50
        >>> small = ScalingConfig(
        ...     widths=(2, 4), block_size=4, steps=2, prompt="a", text=text
        ... )
        >>> r = run_scaling(small)
        >>> len(scaling_figure(r).axes)
        2
    """
    c = result.config
    fig, (left, right) = plt.subplots(1, 2, figsize=(FULL_WIDTH, 3.6))
    for i, (width, n, curve) in enumerate(
        zip(c.widths, result.n_params, result.train_loss, strict=True)
    ):
        steps = range(1, len(curve) + 1)
        label = f"d_model={width} ({n:,} params)"
        left.plot(steps, moving_average(curve, window), color=series_color(i), lw=2, label=label)
    left.set_xlabel(word("gpt.same_batches"))
    left.set_ylabel("training loss (nats/char)")
    right.plot(result.n_params, result.val_loss, color=series_color(0), lw=2, marker="o", ms=6)
    for k, (n, v) in enumerate(zip(result.n_params, result.val_loss, strict=True)):
        last = k == len(result.n_params) - 1  # its value goes left of it, inside the figure
        right.annotate(
            f"{v:.2f}",
            (n, v),
            textcoords="offset points",
            xytext=(-4, 6) if last else (4, 6),
            ha="right" if last else "left",
            fontsize=9,
        )
    right.axhline(
        result.unigram_loss,
        color="#777777",
        lw=1,
        ls="--",
        label=word("gpt.unigram"),
    )
    right.set_xscale("log")
    right.xaxis.set_minor_formatter(NullFormatter())  # label only the models' sizes
    right.set_xticks(result.n_params, [f"{n / 1000:.1f}K" for n in result.n_params])
    right.margins(x=0.15)
    right.set_xlabel(word("gpt.params"))
    right.set_ylabel("validation loss (nats/char)")
    figure_legend(fig)
    return fig
