"""Seeded synthetic transcripts and codings for benchmarks (the reference workload's pieces)."""

from __future__ import annotations

import random

WORDS = (
    "we trained the model on open data with partners from the community and released weights "
    "so that others could fine tune evaluate and build derivatives compute was the hardest part "
    "of pre training while feedback from users shaped post training alignment and safety"
).split()


def transcript(characters: int, seed: int = 0) -> str:
    """A transcript of about ``characters`` characters with Interviewer/Participant turns."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    speaker = 0
    while size < characters:
        name = ("Interviewer", "Participant")[speaker]
        words = rng.randint(12, 90) if speaker else rng.randint(6, 25)
        line = f"{name}: " + " ".join(rng.choice(WORDS) for _ in range(words)) + ".\n\n"
        parts.append(line)
        size += len(line)
        speaker ^= 1
    return "".join(parts)[:characters]


def overlapping_spans(length: int, count: int, seed: int = 1, low: int = 40, high: int = 400) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    spans = []
    for _ in range(count):
        size = rng.randint(low, high)
        start = rng.randrange(0, length - size)
        spans.append((start, start + size))
    return spans


def tiled_spans(length: int, count: int) -> list[tuple[int, int]]:
    size = length // count
    return [(i * size, (i + 1) * size) for i in range(count)]
