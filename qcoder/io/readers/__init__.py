"""Transcript readers by file extension: each turns bytes into a :class:`ParsedTranscript`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.readers.plain_text import read_markdown, read_plain_text

Reader = Callable[[bytes, str], ParsedTranscript]

READERS: dict[str, Reader] = {
    ".txt": read_plain_text,
    ".text": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
}

MAX_FILE_BYTES = 200 * 1024 * 1024


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_transcript(path: Path) -> ParsedTranscript:
    """Read one transcript file; :class:`UnreadableFileError` says clearly why one cannot be."""
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFileError(
            f"{path.name}: '{path.suffix or 'no extension'}' files are not supported "
            f"(supported: {', '.join(supported_suffixes())})"
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableFileError(f"{path.name}: no such file") from None
    except OSError as error:
        raise UnreadableFileError(f"{path.name}: cannot be read ({error.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise UnreadableFileError(f"{path.name} is too large to import ({size // 2**20} MB)")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"{path.name}: cannot be read ({error.strerror})") from None
    return reader(data, path.name)
