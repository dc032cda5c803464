"""Transcript readers by file extension: each turns bytes into a :class:`ParsedTranscript`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qcoder.core.lifecycle.file_guard import is_open_here
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.readers.markdown_text import read_markdown
from qcoder.io.readers.opendocument import read_odt
from qcoder.io.readers.pdf import read_pdf
from qcoder.io.readers.plain_text import read_plain_text
from qcoder.io.readers.rich_text import read_rtf
from qcoder.io.readers.subtitles import read_srt, read_vtt
from qcoder.io.readers.web_page import read_html
from qcoder.io.readers.whisper_json import read_whisper_json
from qcoder.io.readers.word import read_docx

Reader = Callable[[bytes, str], ParsedTranscript]

READERS: dict[str, Reader] = {
    ".txt": read_plain_text,
    ".text": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
    ".odt": read_odt,
    ".rtf": read_rtf,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".vtt": read_vtt,
    ".srt": read_srt,
    ".json": read_whisper_json,
}

CONVERT_FIRST: dict[str, str] = {
    ".doc": "save it as .docx in Word or LibreOffice first",
    ".pages": "export it as .docx from Pages first",
    ".odm": "save it as .odt first",
    ".wpd": "save it as .docx first",
}
"""Formats qcoder does not read, with the one step that makes them readable."""

MAX_FILE_BYTES = 200 * 1024 * 1024
"""Documents (DOCX, ODT, PDF) may carry pictures; their text is a small part of them."""
MAX_TEXT_FILE_BYTES = 24 * 1024 * 1024
"""A text file is all text: 24 MB is some four million words, weeks of talk. Reading, decoding and
finding the turns of a text takes about six times its size in memory, so a bigger file (a log,
a dump, a whole corpus in one file) is refused before it is read, not imported at 1 GB or more."""
TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".vtt", ".srt",
                           ".json", ".rtf"})


def supported_suffixes() -> list[str]:
    return sorted(READERS)


def read_transcript(path: Path) -> ParsedTranscript:
    """Read one transcript file; :class:`UnreadableFileError` says clearly why one cannot be."""
    reader = READERS.get(path.suffix.lower())
    if reader is None and path.suffix.lower() in CONVERT_FIRST:
        raise UnreadableFileError(
            f"{path.name}: '{path.suffix}' files cannot be imported; {CONVERT_FIRST[path.suffix.lower()]}"
        )
    if reader is None:
        raise UnreadableFileError(
            f"{path.name}: '{path.suffix or 'no extension'}' files are not supported "
            f"(supported: {', '.join(supported_suffixes())})"
        )
    try:
        status = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError(f"{path.name}: no such file") from None
    except OSError as error:
        raise UnreadableFileError(f"{path.name}: cannot be read ({error.strerror})") from None
    size = status.st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableFileError(f"{path.name} is too large to import ({size // 2**20} MB)")
    if path.suffix.lower() in TEXT_SUFFIXES and size > MAX_TEXT_FILE_BYTES:
        raise UnreadableFileError(
            f"{path.name} is too large to import as one transcript ({size / 2**20:.1f} MB; qcoder reads text "
            f"files up to {MAX_TEXT_FILE_BYTES // 2**20} MB): split it into one file per interview"
        )
    if is_open_here(path, status):  # reading it outside SQLite would drop SQLite's locks on it
        raise UnreadableFileError(f"{path.name} is a project file open in qcoder, not a transcript")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFileError(f"{path.name}: cannot be read ({error.strerror})") from None
    return reader(data, path.name)
