"""The figures' words, one table per language: every label, title and legend a figure draws.

A figure function never writes its text literally: it asks :func:`word` for a key, and gets
the text of the current :func:`language` (Korean unless ``DLBASICS_LANGUAGE`` or
:func:`using_language` says otherwise). Numbers go in through ``str.format`` fields.
:func:`bilingual` makes a figure function draw itself once per language of
``DLBASICS_FIGURE_LANGUAGES``, the edition's own language first.

Example:
    >>> with using_language("en"):
    ...     word("bert.finetune_steps", n=20)
    'fine-tuning steps (20 labels)'
    >>> KO.keys() == EN.keys()
    True
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import ParamSpec

from matplotlib.figure import Figure

from dlbasics._checks import check_choice

P = ParamSpec("P")

#: The languages of the book's editions, Korean first (the original).
LANGUAGES: tuple[str, ...] = ("ko", "en")
#: The attribute :func:`bilingual` sets on each figure: the language it was drawn in.
LANGUAGE_ATTRIBUTE = "dlbasics_language"

# Keys are "<figure module>.<what>"; "common." words appear in several modules.
KO: dict[str, str] = {
    "common.chance": "찍기 (chance)",
    "common.chance_value": "찍기 ({value})",
    "common.data": "데이터",
    "common.data_density": "데이터 분포",
    "common.training_step": "학습 step",
    "adam.original": "원래 digits (pixel ∈ [0, 1])",
    "adam.uncorrected": "보정 없이: m / √v",
    "adam.corrected": "Adam (보정): m̂ / √v̂",
    "adam.constant_gradient": "step t (gradient g = 1로 일정)",
    "adam.step_size": "한 step의 크기 / η",
    "alexnet.true_and_cnn": "정답 {label}\nCNN {cnn}",
    "alexnet.unseen_places": "test: 처음 보는 자리의 숫자",
    "attention.key_position": "key 위치 s",
    "attention.query_position": "query 위치 t",
    "attention.no_positions": "positional encoding 없음",
    "attention.with_title": "positional encoding 있음",
    "attention.without_title": "없음",
    "attention.order_blind": "순서를 모르는 model의 최선",
    "bert.pretrain_steps": "pre-training step (label 없이)",
    "bert.fill_blanks": "1. 빈칸 채우기로 pre-training",
    "bert.scratch": "처음부터 (from scratch)",
    "bert.finetune_steps": "fine-tuning step (label {n}개)",
    "bert.few_labels": "2. label 몇 개로 fine-tuning",
    "data.predicted": "예측 (predicted)",
    "data.true": "정답 (true)",
    "data.input": "입력",
    "data.true_mask": "정답 mask",
    "data.predicted_mask": "예측 mask",
    "data.model_answer": "모델: {answer}",
    "dqn.dqn": "DQN",
    "dqn.no_replay": "replay 없음",
    "dqn.no_target": "target network 없음",
    "dqn.random_policy": "무작위 policy",
    "dqn.episodes": "학습 episode",
    "dqn.greedy_return": "greedy return (모든 시작 열의 평균)",
    "dqn.action_taken": "고른 action",
    "dqn.rows_fallen": "step t (공이 떨어진 줄 수)",
    "gan.density": "밀도",
    "gan.w1": "Wasserstein-1 (G(z), 데이터)",
    "gan.d_real": "D(x), 진짜 데이터",
    "gan.d_fake": "D(G(z)), 가짜",
    "gan.mean_d": "D의 평균 출력",
    "gan.data_rescaled": "데이터 분포 (크기 조정)",
    "gan.trained_d": "학습 후 D(x), step {step}",
    "gen.train_noisy": "training (틀린 label 포함)",
    "gen.final_accuracy": "최종 accuracy (회색: training)",
    "gen.full_run": "끝까지 학습",
    "gen.best_restored": "best (복원)",
    "gen.stopped": "멈춤",
    "gen.own_labels": "validation accuracy (가진 label, {n}장)",
    "gen.true_labels": "같은 예측을 정답 label로 채점",
    "gen.test_same_model": "같은 model의 test accuracy",
    "gen.kfold_mean": "k-fold 평균 ± 2 s.e.",
    "gen.mean": "평균",
    "gen.mixed": "λ={lam:.2f}로 섞음",
    "gen.perfect_calibration": "완벽한 calibration",
    "gen.confidence": "confidence (max 확률)",
    "gen.actual_accuracy": "실제 accuracy",
    "gen.init_only": "초기값만 다름",
    "gen.ensemble_mean": "{name}: 평균한 ensemble",
    "gen.one_model": "{name}: model 하나 (평균)",
    "gen.ensemble_size": "ensemble의 model 수",
    "gen.no_bn": "BN 없음",
    "gen.final_loss": "최종 training loss (발산 = {top:g})",
    "gpt.same_batches": "step (모든 model이 같은 batch)",
    "gpt.unigram": "문맥을 안 보는 model (글자 빈도)",
    "gpt.params": "parameter 수 (log)",
    "intro.ai": "사람의 지능을 모방 (mimic human intelligence)",
    "intro.ml": "데이터로부터 학습 (data-driven approach)",
    "intro.dl": "신경망 (neural networks)",
    "intro.data": "학습할 데이터\n(x, y)",
    "intro.model": "데이터를 변환\nŷ = f(x; θ)",
    "intro.loss": "얼마나 나쁜가\nℒ(ŷ, y)",
    "intro.algorithm": "ℒ을 줄이도록 θ를 조정\nθ ← θ − η∇ℒ",
    "intro.update": "θ 갱신",
    "losses.mse_softmax": "MSE (softmax 확률)",
    "losses.margin": "정답 class의 logit 차이 z (왼쪽일수록 자신 있게 틀림)",
    "losses.accuracy_after": "{steps} step 뒤 test accuracy",
    "models.params": "parameter 수 (log scale)",
    "models.true_next": "실제 다음 값",
    "models.lstm": "LSTM 예측",
    "opt.final_f": "마지막 step의 f (x: 발산)",
    "opt.true_loss": "실제 validation loss",
    "opt.gp_mean": "GP 평균",
    "opt.target": "목표 (최솟값 + {tolerance:g})",
    "opt.random_mean": "random search 평균 ({trials:.1f} trial)",
    "opt.best_so_far": "지금까지 최선",
    "seq2seq.forward": "원문 순서 그대로",
    "seq2seq.reversed": "원문을 뒤집어서 (Sutskever et al.)",
    "seq2seq.position": "번역문의 몇 번째 단어",
    "simclr.original": "원본",
    "simclr.no_labels": "label 없이 pre-training",
    "simclr.labels_per_class": "class마다 label 개수 (log scale)",
    "simclr.few_labels": "label 몇 개로 linear probe",
    "timeline.first_year": "처음 나온 해 (arXiv, 없으면 학회/저널)",
    "timeline.note_year": "노트가 적은 연도 (다를 때)",
    "intro.rules": "규칙 (AI)",
    "intro.ml_features": "ML (특징 16개)",
    "intro.linear_pixels": "linear (pixel)",
    "intro.dl_pixels": "DL (pixel)",
}

EN: dict[str, str] = {
    "common.chance": "chance",
    "common.chance_value": "chance ({value})",
    "common.data": "data",
    "common.data_density": "data density",
    "common.training_step": "training step",
    "adam.original": "original digits (pixel ∈ [0, 1])",
    "adam.uncorrected": "uncorrected: m / √v",
    "adam.corrected": "Adam (corrected): m̂ / √v̂",
    "adam.constant_gradient": "step t (constant gradient g = 1)",
    "adam.step_size": "step size / η",
    "alexnet.true_and_cnn": "true {label}\nCNN {cnn}",
    "alexnet.unseen_places": "test: digits in unseen places",
    "attention.key_position": "key position s",
    "attention.query_position": "query position t",
    "attention.no_positions": "no positional encoding",
    "attention.with_title": "with positional encoding",
    "attention.without_title": "without",
    "attention.order_blind": "best order-blind model",
    "bert.pretrain_steps": "pre-training step (no labels)",
    "bert.fill_blanks": "1. pre-training: fill in blanks",
    "bert.scratch": "from scratch",
    "bert.finetune_steps": "fine-tuning steps ({n} labels)",
    "bert.few_labels": "2. fine-tuning on a few labels",
    "data.predicted": "predicted",
    "data.true": "true",
    "data.input": "input",
    "data.true_mask": "true mask",
    "data.predicted_mask": "predicted mask",
    "data.model_answer": "model: {answer}",
    "dqn.dqn": "DQN",
    "dqn.no_replay": "no replay",
    "dqn.no_target": "no target network",
    "dqn.random_policy": "random policy",
    "dqn.episodes": "training episode",
    "dqn.greedy_return": "greedy return (mean over start columns)",
    "dqn.action_taken": "action taken",
    "dqn.rows_fallen": "step t (rows the ball has fallen)",
    "gan.density": "density",
    "gan.w1": "Wasserstein-1 (G(z), data)",
    "gan.d_real": "D(x), real data",
    "gan.d_fake": "D(G(z)), fake",
    "gan.mean_d": "mean output of D",
    "gan.data_rescaled": "data density (rescaled)",
    "gan.trained_d": "trained D(x), step {step}",
    "gen.train_noisy": "training (with wrong labels)",
    "gen.final_accuracy": "final accuracy (gray: training)",
    "gen.full_run": "trained to the end",
    "gen.best_restored": "best (restored)",
    "gen.stopped": "stopped",
    "gen.own_labels": "validation accuracy (own labels, {n} images)",
    "gen.true_labels": "same predictions, scored on true labels",
    "gen.test_same_model": "test accuracy of the same model",
    "gen.kfold_mean": "k-fold mean ± 2 s.e.",
    "gen.mean": "mean",
    "gen.mixed": "mixed, λ={lam:.2f}",
    "gen.perfect_calibration": "perfect calibration",
    "gen.confidence": "confidence (max probability)",
    "gen.actual_accuracy": "actual accuracy",
    "gen.init_only": "different inits",
    "gen.ensemble_mean": "{name}: averaged ensemble",
    "gen.one_model": "{name}: one model (mean)",
    "gen.ensemble_size": "models in the ensemble",
    "gen.no_bn": "no BN",
    "gen.final_loss": "final training loss (diverged = {top:g})",
    "gpt.same_batches": "step (same batches for every model)",
    "gpt.unigram": "context-blind model (letter frequencies)",
    "gpt.params": "parameters (log)",
    "intro.ai": "mimic human intelligence",
    "intro.ml": "data-driven approach",
    "intro.dl": "neural networks",
    "intro.data": "data to learn from\n(x, y)",
    "intro.model": "transforms the data\nŷ = f(x; θ)",
    "intro.loss": "how bad it is\nℒ(ŷ, y)",
    "intro.algorithm": "adjusts θ to lower ℒ\nθ ← θ − η∇ℒ",
    "intro.update": "update θ",
    "losses.mse_softmax": "MSE (softmax probabilities)",
    "losses.margin": "logit margin z of the true class (left: confidently wrong)",
    "losses.accuracy_after": "test accuracy after {steps} steps",
    "models.params": "parameters (log scale)",
    "models.true_next": "true next value",
    "models.lstm": "LSTM prediction",
    "opt.final_f": "f at the last step (x: diverged)",
    "opt.true_loss": "true validation loss",
    "opt.gp_mean": "GP mean",
    "opt.target": "target (minimum + {tolerance:g})",
    "opt.random_mean": "random search mean ({trials:.1f} trials)",
    "opt.best_so_far": "best so far",
    "seq2seq.forward": "source as written",
    "seq2seq.reversed": "source reversed (Sutskever et al.)",
    "seq2seq.position": "word position in the translation",
    "simclr.original": "original",
    "simclr.no_labels": "pre-training without labels",
    "simclr.labels_per_class": "labels per class (log scale)",
    "simclr.few_labels": "linear probe on a few labels",
    "timeline.first_year": "first appeared (arXiv, else the venue)",
    "timeline.note_year": "year in the note (where it differs)",
    "intro.rules": "rules (AI)",
    "intro.ml_features": "ML (16 features)",
    "intro.linear_pixels": "linear (pixels)",
    "intro.dl_pixels": "DL (pixels)",
}

_TABLES = {"ko": KO, "en": EN}
_LANGUAGE: ContextVar[str | None] = ContextVar("dlbasics_language", default=None)
_DRAWING: ContextVar[bool] = ContextVar("dlbasics_drawing", default=False)


def language() -> str:
    """The language figures draw in now: the innermost :func:`using_language`, else the
    environment's ``DLBASICS_LANGUAGE``, else ``"ko"``.

    Raises:
        ValueError: if ``DLBASICS_LANGUAGE`` is not one of :data:`LANGUAGES`.
    """
    inside = _LANGUAGE.get()
    if inside is not None:
        return inside
    return check_choice(os.environ.get("DLBASICS_LANGUAGE", "ko"), "DLBASICS_LANGUAGE", LANGUAGES)


@contextmanager
def using_language(lang: str) -> Iterator[str]:
    """Draw (and :func:`word`) in ``lang`` inside the ``with`` block.

    Example:
        >>> with using_language("en"):
        ...     language()
        'en'
    """
    token = _LANGUAGE.set(check_choice(lang, "lang", LANGUAGES))
    try:
        yield lang
    finally:
        _LANGUAGE.reset(token)


def word(key: str, **fields: object) -> str:
    """The text of ``key`` in the current :func:`language`, its ``{fields}`` filled in.

    Raises:
        KeyError: if no figure word has that key.

    Example:
        >>> with using_language("en"):
        ...     word("gan.trained_d", step=500)
        'trained D(x), step 500'
    """
    table = _TABLES[language()]
    if key not in table:
        raise KeyError(f"no figure word {key!r} in dlbasics.plot.words")
    return table[key].format(**fields)


def figure_languages() -> tuple[str, ...]:
    """The languages a :func:`bilingual` figure is drawn in, :func:`language` first.

    They are the comma-separated ``DLBASICS_FIGURE_LANGUAGES`` (e.g. ``"ko,en"``), or only
    :func:`language` where it is unset; each appears once.

    Raises:
        ValueError: if a language there is not one of :data:`LANGUAGES`.
    """
    listed = os.environ.get("DLBASICS_FIGURE_LANGUAGES", "").split(",")
    wanted = [
        check_choice(s.strip(), "DLBASICS_FIGURE_LANGUAGES", LANGUAGES) for s in listed if s.strip()
    ]
    return tuple(dict.fromkeys([language(), *wanted]))


def bilingual(draw: Callable[P, Figure]) -> Callable[P, Figure]:
    """Decorate a figure function: it draws in every :func:`figure_languages`, returns the first.

    Each figure gets the attribute ``dlbasics_language``. The figures of the other languages
    stay open in pyplot, so a notebook shows them after the first. A figure function called
    while another one draws (a grid inside a figure) draws once, in the language of the moment.

    Example:
        >>> import matplotlib.pyplot as plt
        >>> @bilingual
        ... def empty() -> Figure:
        ...     return plt.figure()
        >>> empty().dlbasics_language
        'ko'
    """

    @functools.wraps(draw)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> Figure:
        if _DRAWING.get():
            return draw(*args, **kwargs)
        token = _DRAWING.set(True)
        try:
            first, *others = figure_languages()
            fig = draw(*args, **kwargs)
            setattr(fig, LANGUAGE_ATTRIBUTE, first)
            for other in others:
                with using_language(other):
                    setattr(draw(*args, **kwargs), LANGUAGE_ATTRIBUTE, other)
        finally:
            _DRAWING.reset(token)
        return fig

    return drawn
