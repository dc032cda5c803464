"""Plain text and Markdown transcripts: the text as decoded, turns from speaker labels."""

from __future__ import annotations

from qcoder.io.decoding import decode_text
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.speakers import detect_turns


def read_plain_text(data: bytes, name: str) -> ParsedTranscript:
    text = decode_text(data, name)
    if not text.strip():
        raise UnreadableFileError(f"{name} is empty")
    return ParsedTranscript(text=text, turns=tuple(detect_turns(text)))


def read_markdown(data: bytes, name: str) -> ParsedTranscript:
    """Markdown is kept as written (researchers quote it); turns come from ``**Name:**`` labels."""
    parsed = read_plain_text(data, name)
    return ParsedTranscript(text=parsed.text, turns=parsed.turns, kind="text")
