"""PDF transcripts: the text layer, page after page.

A scanned PDF has pictures of pages and no text layer: qcoder says so (it needs OCR first)
instead of importing an empty source. Pages without text among pages with text are noted.
"""

from __future__ import annotations

import io
import logging

from qcoder.io.decoding import normalise_newlines
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.speakers import detect_turns

PAGE_SEPARATOR = "\n\n"
CONTENT_RATIO = 20
MIN_CONTENT_BYTES = 2 * 1024 * 1024
MAX_CONTENT_BYTES = 64 * 1024 * 1024
"""A PDF's drawing commands are read at about 1 MB a second; a text page holds some 20 KB of them,
compressed about five times. Commands inflating to more than 20 times the file's size (at least
2 MB, at most 64 MB) make a PDF bomb (kilobytes that inflate to millions of commands): refused
before the page that passes the budget is read."""


def read_pdf(data: bytes, name: str) -> ParsedTranscript:
    if not data.strip():
        raise UnreadableFileError(f"{name} is empty")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableFileError(f"{name} is not a PDF document (no %PDF header)")
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    # pypdf logs every quirk it repairs (even as errors); the user gets one clear line instead.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFileError(f"{name} is password-protected: remove the password and import it again")
        pages = _page_texts(reader, len(data), name)
    except UnreadableFileError:
        raise
    except FileNotDecryptedError:
        raise UnreadableFileError(f"{name} is password-protected: remove the password and import it again") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise UnreadableFileError(f"{name} is a damaged PDF ({type(error).__name__}: {error})") from None
    except Exception as error:  # noqa: BLE001 — pypdf raises many kinds on hostile input; never a traceback
        raise UnreadableFileError(f"{name} cannot be read as a PDF ({type(error).__name__}: {error})") from None
    cleaned = [normalise_newlines(page.replace("\x00", "")).strip("\n") for page in pages]
    empty = [number for number, page in enumerate(cleaned, start=1) if not page.strip()]
    if not pages or len(empty) == len(cleaned):
        raise UnreadableFileError(
            f"{name} has no text layer (a scanned PDF?): run OCR on it first, then import the result"
        )
    notes: tuple[str, ...] = ()
    if empty:
        listed = ", ".join(str(number) for number in empty[:10]) + (" …" if len(empty) > 10 else "")
        notes = (f"page{'s' if len(empty) > 1 else ''} {listed} had no text (scanned? needs OCR)",)
    text = PAGE_SEPARATOR.join(page for page in cleaned if page.strip()) + "\n"
    return ParsedTranscript(text=text, turns=tuple(detect_turns(text)), kind="pdf", notes=notes)


def _page_texts(reader, file_size: int, name: str) -> list[str]:
    """Each page's text, refusing a PDF whose drawing commands inflate implausibly (see above)."""
    budget = max(MIN_CONTENT_BYTES, min(CONTENT_RATIO * file_size, MAX_CONTENT_BYTES))
    used = 0
    texts: list[str] = []
    for page in reader.pages:
        contents = page.get_contents()
        used += len(contents.get_data()) if contents is not None else 0
        if used > budget:
            raise UnreadableFileError(
                f"{name} inflates to over {used // 2**20} MB of drawing commands from {max(1, file_size // 1024)} KB "
                "(a PDF bomb?): refused as unsafe"
            )
        texts.append(page.extract_text() or "")
    return texts
