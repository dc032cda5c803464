"""Reading a plain-text or Markdown transcript again in an encoding the researcher chooses.

The automatic choice can be wrong for a short file in a legacy code page; the window lets the
researcher pick the encoding from :data:`ENCODINGS`, see the text, and replace the source
(:func:`qcoder.core.usecases.commands.source_reread.reread_source`).
"""

from __future__ import annotations

from pathlib import Path

from qcoder.io.decoding import decode_as
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.readers import MAX_TEXT_FILE_BYTES
from qcoder.io.readers.markdown_text import parse_markdown
from qcoder.io.readers.plain_text import parse_plain_text

ENCODINGS: tuple[tuple[str, str], ...] = (
    ("utf-8", "UTF-8 (Unicode)"),
    ("utf-8-sig", "UTF-8 with BOM"),
    ("utf-16", "UTF-16 (Unicode, with BOM)"),
    ("utf-16-le", "UTF-16 LE"),
    ("utf-16-be", "UTF-16 BE"),
    ("cp1252", "Windows-1252 (Western Europe, Americas, Africa)"),
    ("iso-8859-1", "ISO-8859-1 / Latin-1"),
    ("iso-8859-15", "ISO-8859-15 / Latin-9"),
    ("mac_roman", "Mac OS Roman"),
    ("cp850", "DOS Latin-1 (cp850)"),
    ("cp1250", "Windows-1250 (Central Europe)"),
    ("iso-8859-2", "ISO-8859-2 (Central Europe)"),
    ("cp1251", "Windows-1251 (Cyrillic)"),
    ("koi8-r", "KOI8-R (Russian)"),
    ("cp1253", "Windows-1253 (Greek)"),
    ("cp1254", "Windows-1254 (Turkish)"),
    ("cp1255", "Windows-1255 (Hebrew)"),
    ("cp1256", "Windows-1256 (Arabic)"),
    ("cp1257", "Windows-1257 (Baltic)"),
    ("cp1258", "Windows-1258 (Vietnamese)"),
    ("gb18030", "GB18030 (Chinese)"),
    ("big5", "Big5 (Traditional Chinese)"),
    ("shift_jis", "Shift JIS (Japanese)"),
    ("euc-kr", "EUC-KR (Korean)"),
)
"""(codec, label) of the encodings offered; the window lists the labels."""

_PARSERS = {".txt": parse_plain_text, ".text": parse_plain_text, ".md": parse_markdown, ".markdown": parse_markdown}
SUFFIXES = tuple(_PARSERS)


def reread_transcript(path: Path, encoding: str) -> ParsedTranscript:
    """The transcript in ``path`` (.txt or .md) read in ``encoding``; a clear error otherwise."""
    parse = _PARSERS.get(path.suffix.lower())
    if parse is None:
        raise UnreadableFileError(
            f"{path.name}: only plain-text and Markdown files ({', '.join(SUFFIXES)}) can be read in a chosen encoding"
        )
    try:
        if path.stat().st_size > MAX_TEXT_FILE_BYTES:
            raise UnreadableFileError(f"{path.name} is too large to import as one transcript")
        data = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableFileError(f"{path.name}: no such file") from None
    except OSError as error:
        raise UnreadableFileError(f"{path.name}: cannot be read ({error.strerror})") from None
    return parse(decode_as(data, encoding, path.name), path.name)
