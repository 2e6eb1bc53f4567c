"""Visual question answering on scenes made in code: an image, a question, ten human answers."""

from __future__ import annotations

from dataclasses import dataclass

import torch

from dlbasics._checks import check_fraction, check_int
from dlbasics.data.draw import SHAPES, randint, shape_mask, uniform

COLORS: dict[str, tuple[float, float, float]] = {
    "red": (1.0, 0.1, 0.1),
    "green": (0.1, 0.8, 0.1),
    "blue": (0.2, 0.3, 1.0),
}
QUESTION_TYPES: tuple[str, ...] = ("exists", "count", "color")
ANSWERS: tuple[str, ...] = ("yes", "no", "0", "1", "2", "3", *COLORS)
VOCAB: tuple[str, ...] = (
    "<pad>", "is", "there", "a", "how", "many", "what", "color", "the", *COLORS,
    *SHAPES, *(s + "s" for s in SHAPES), "?",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class VQAScenes:
    """Scenes of coloured shapes with a question each and ten annotators' answers.

    Shape:
        - ``images``: ``(N, 3, H, W)`` float32 RGB in [0, 1], shapes on white.
        - ``questions``: ``(N, T)`` int64 word indices into ``VOCAB``, padded with 0.
        - ``answers``: ``(N,)`` int64 index of the true answer into ``ANSWERS``.
        - ``question_types``: ``(N,)`` int64 index into ``QUESTION_TYPES``.
        - ``texts``: the N questions as text; ``human_answers``: N lists of ten answers.
    """

    images: torch.Tensor
    questions: torch.Tensor
    answers: torch.Tensor
    question_types: torch.Tensor
    texts: tuple[str, ...]
    human_answers: tuple[tuple[str, ...], ...]


def encode(text: str, length: int = 8) -> torch.Tensor:
    """Turn a question into ``(length,)`` word indices, padded with 0.

    Example:
        >>> encode("how many circles ?").tolist()[:4] == [
        ...     VOCAB.index(w) for w in ["how", "many", "circles", "?"]
        ... ]
        True
    """
    words = text.lower().replace("?", " ?").split()
    unknown = [w for w in words if w not in VOCAB]
    if unknown:
        raise ValueError(f"text has words outside the vocabulary: {unknown}")
    if len(words) > length:
        raise ValueError(f"text must have at most {length} words, got {len(words)}")
    ids = [VOCAB.index(w) for w in words] + [0] * (length - len(words))
    return torch.tensor(ids)


def _ask(g: torch.Generator, objects: list[tuple[str, str]]) -> tuple[int, str, str]:
    """Pick a question about ``objects`` (shape, color) pairs; return (type, text, answer)."""
    kind = randint(g, 0, len(QUESTION_TYPES))
    shape = SHAPES[randint(g, 0, len(SHAPES))]
    if kind == 0:
        color = list(COLORS)[randint(g, 0, len(COLORS))]
        if randint(g, 0, 2) and objects:  # ask about an object that is there half the time
            shape, color = objects[randint(g, 0, len(objects))]
        return 0, f"is there a {color} {shape}?", "yes" if (shape, color) in objects else "no"
    if kind == 1:
        return 1, f"how many {shape}s?", str(sum(s == shape for s, _ in objects))
    shape, color = objects[randint(g, 0, len(objects))]
    return 2, f"what color is the {shape}?", color


def make_vqa(n: int, size: int = 16, annotator_error: float = 0.1, seed: int = 0) -> VQAScenes:
    r"""Draw ``n`` scenes of one to three coloured shapes, each with one question.

    Questions come in three types: *is there a red circle?* (yes/no), *how many squares?*
    (0–3) and *what color is the triangle?*. A color question names a shape the scene has
    exactly once. Ten simulated annotators answer each question; each gives a random wrong
    answer of the right type with probability ``annotator_error``.

    Args:
        n: number of scenes, at least 1.
        size: image side in pixels, in [12, 128].
        annotator_error: chance that one annotator answers wrongly, in [0, 1).
        seed: seed of the drawing.

    Example:
        >>> d = make_vqa(5)
        >>> d.images.shape, d.questions.shape, len(d.human_answers[0])
        (torch.Size([5, 3, 16, 16]), torch.Size([5, 8]), 10)
    """
    check_int(n, "n", low=1)
    check_int(size, "size", low=12, high=128)
    check_fraction(annotator_error, "annotator_error")
    g = torch.Generator().manual_seed(seed)
    images = torch.ones(n, 3, size, size)  # (N, 3, H, W), a white background
    qtypes, texts, answers, humans = [], [], [], []
    choices = {0: ("yes", "no"), 1: ("0", "1", "2", "3"), 2: tuple(COLORS)}
    for i in range(n):
        objects: list[tuple[str, str]] = []
        occupied = torch.zeros(size, size, dtype=torch.bool)
        for _ in range(randint(g, 1, 4)):
            shape = SHAPES[randint(g, 0, len(SHAPES))]
            color = list(COLORS)[randint(g, 0, len(COLORS))]
            r = 0.17 * size
            cy, cx = uniform(g, r, size - r), uniform(g, r, size - r)
            mask = shape_mask(shape, size, cy, cx, r + 1)
            if (mask & occupied).any():
                continue  # no overlaps: every object stays countable
            occupied |= mask
            inner = shape_mask(shape, size, cy, cx, r)
            images[i][:, inner] = torch.tensor(COLORS[color]).unsqueeze(1)
            objects.append((shape, color))
        unique = [o for o in objects if sum(s == o[0] for s, _ in objects) == 1]
        kind, text, answer = _ask(g, objects)
        if kind == 2 and not unique:  # no shape appears exactly once: ask to count instead
            kind, text = 1, f"how many {objects[0][0]}s?"
            answer = str(sum(s == objects[0][0] for s, _ in objects))
        elif kind == 2:
            shape, color = unique[randint(g, 0, len(unique))]
            text, answer = f"what color is the {shape}?", color
        wrong = [a for a in choices[kind] if a != answer]
        votes = [
            wrong[randint(g, 0, len(wrong))] if uniform(g, 0, 1) < annotator_error else answer
            for _ in range(10)
        ]
        qtypes.append(kind)
        texts.append(text)
        answers.append(ANSWERS.index(answer))
        humans.append(tuple(votes))
    questions = torch.stack([encode(t) for t in texts])  # (N, T)
    return VQAScenes(
        images=images,
        questions=questions,
        answers=torch.tensor(answers),
        question_types=torch.tensor(qtypes),
        texts=tuple(texts),
        human_answers=tuple(humans),
    )
