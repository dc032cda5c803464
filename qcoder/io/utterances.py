"""Readable transcript text built from timed utterances (subtitle cues, Whisper segments).

Subtitle and JSON formats carry cue numbers, timing lines and markup that would clutter the text a
researcher reads and codes. From them qcoder builds the transcript a person would write:
``Speaker: words`` turns, one per paragraph, consecutive cues of the same speaker merged, the
start time of each turn kept as data (``time_ms``) instead of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from qcoder.core.snapshots import TurnInfo
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError

_SPACES = re.compile(r"\s+")
PARAGRAPH_GAP_MS = 2000
"""Without speakers, a pause this long between cues starts a new paragraph."""


@dataclass(frozen=True)
class Utterance:
    speaker: str | None
    words: str
    start_ms: int | None = None
    end_ms: int | None = None


def clean_words(words: str) -> str:
    """One line of words: subtitle line wraps and runs of spaces become single spaces."""
    return _SPACES.sub(" ", words).strip()


def build_transcript(
    utterances: Iterable[Utterance], name: str, kind: str, notes: tuple[str, ...] = ()
) -> ParsedTranscript:
    """Join utterances into paragraphs; one speaker turn per paragraph that has a speaker."""
    paragraphs: list[tuple[str | None, list[str], int | None, int | None]] = []
    for utterance in utterances:
        words = clean_words(utterance.words)
        if not words:
            continue
        if paragraphs:
            speaker, parts, start_ms, end_ms = paragraphs[-1]
            same = speaker == utterance.speaker
            paused = (
                speaker is None and end_ms is not None and utterance.start_ms is not None
                and utterance.start_ms - end_ms >= PARAGRAPH_GAP_MS
            )
            if same and not paused:
                parts.append(words)
                paragraphs[-1] = (speaker, parts, start_ms, utterance.end_ms or end_ms)
                continue
        paragraphs.append((utterance.speaker, [words], utterance.start_ms, utterance.end_ms))
    if not paragraphs:
        raise UnreadableFileError(f"{name} has no text")
    pieces: list[str] = []
    turns: list[TurnInfo] = []
    position = 0
    for speaker, parts, start_ms, _end_ms in paragraphs:
        if pieces:
            pieces.append("\n\n")
            position += 2
        body = " ".join(parts)
        paragraph = f"{speaker}: {body}" if speaker else body
        if speaker:
            turns.append(TurnInfo(position, position + len(paragraph), speaker, start_ms))
        pieces.append(paragraph)
        position += len(paragraph)
    return ParsedTranscript(text="".join(pieces) + "\n", turns=tuple(turns), kind=kind, notes=notes)
