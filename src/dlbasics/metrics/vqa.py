"""Visual-question-answering metric: the VQA benchmark's consensus accuracy."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["vqa_accuracy"]


def _normalize(answer: str) -> str:
    return answer.strip().lower()


def _check_strings(x: object, name: str) -> Sequence[str]:
    if isinstance(x, str) or not isinstance(x, Sequence):
        raise TypeError(f"{name} must be a sequence of str, got {type(x).__name__}")
    for item in x:
        if not isinstance(item, str):
            raise TypeError(f"{name} must be a sequence of str, found {type(item).__name__}")
    return x


def _question_accuracy(predicted: str, answers: Sequence[str]) -> Fraction:
    """Accuracy of one answer against the human answers, averaged over leave-one-out subsets."""
    guess = _normalize(predicted)
    agree = [_normalize(a) == guess for a in answers]
    matches = sum(agree)
    if len(answers) == 1:
        return min(Fraction(matches, 3), Fraction(1))
    # Leave annotator j out: the other annotators give matches - agree[j] votes.
    per_subset = [min(Fraction(matches - int(a), 3), Fraction(1)) for a in agree]
    return sum(per_subset, Fraction(0)) / len(per_subset)


def vqa_accuracy(predicted: Sequence[str], human_answers: Sequence[Sequence[str]]) -> float:
    r"""Accuracy on the VQA benchmark, a consensus with the human annotators.

    .. math::
        \mathrm{Acc} = \frac{1}{Q}\sum_{q=1}^{Q} \frac{1}{M}\sum_{j=1}^{M}
        \min\Bigl(\frac{\#\{\text{humans} \ne j \text{ who answered } \hat a_q\}}{3},\ 1\Bigr)

    An answer is fully correct when at least 3 humans gave it. As in the official evaluation
    the :math:`\min(\cdot/3, 1)` is averaged over the :math:`M` leave-one-out subsets of the
    annotators (the :math:`\binom{10}{9} = 10` subsets of 9 for the usual :math:`M = 10`); with
    fewer or more than 10 answers all :math:`M` leave-one-out subsets of the given answers are
    used, and with a single answer :math:`\min(\mathrm{matches}/3, 1)` is used directly.
    Answers are compared after ``.strip().lower()`` only (the official script also removes
    punctuation and articles and maps number words to digits).

    Args:
        predicted: ``Q`` predicted answers, one per question.
        human_answers: for each question, the answers of its annotators (usually 10).

    Returns:
        Accuracy in [0, 1].

    Raises:
        TypeError: if an argument is a bare ``str`` or holds something other than ``str``.
        ValueError: if the lengths differ, there are no questions, or a question has no human
            answers.

    Example:
        >>> humans = [["cat"] * 2 + ["dog"] * 8, ["Red "] * 3 + ["blue"] * 7]
        >>> vqa_accuracy(["cat", "red"], humans)  # (0.6 + 0.9) / 2
        0.75
    """
    predicted = _check_strings(predicted, "predicted")
    if isinstance(human_answers, str) or not isinstance(human_answers, Sequence):
        raise TypeError(
            f"human_answers must be a sequence of sequences of str, "
            f"got {type(human_answers).__name__}"
        )
    if len(predicted) != len(human_answers):
        raise ValueError(
            f"predicted and human_answers must have the same length, "
            f"got {len(predicted)} and {len(human_answers)}"
        )
    if len(predicted) == 0:
        raise ValueError("VQA accuracy of no questions is undefined (predicted is empty)")
    total = Fraction(0)
    for q, (guess, answers) in enumerate(zip(predicted, human_answers, strict=True)):
        answers = _check_strings(answers, f"human_answers[{q}]")
        if len(answers) == 0:
            raise ValueError(f"human_answers[{q}] must hold at least one answer, got none")
        total += _question_accuracy(guess, answers)
    return float(total / len(predicted))  # exact fractions, rounded once
