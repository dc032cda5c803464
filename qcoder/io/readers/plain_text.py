"""Plain-text transcripts: the text as decoded, turns from speaker labels."""

from __future__ import annotations

from qcoder.io.decoding import Decoded, decode_bytes
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.readers.markdown_text import read_markdown
from qcoder.io.speakers import detect_turns

__all__ = ["read_markdown", "read_plain_text"]


def read_plain_text(data: bytes, name: str) -> ParsedTranscript:
    return parse_plain_text(decode_bytes(data, name), name)


def parse_plain_text(decoded: Decoded, name: str) -> ParsedTranscript:
    if not decoded.text.strip():
        raise UnreadableFileError(f"{name} is empty")
    return ParsedTranscript(text=decoded.text, turns=tuple(detect_turns(decoded.text)), encoding=decoded.encoding)
