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
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnreadableFileError:
        raise
    except FileNotDecryptedError:
        raise UnreadableFileError(f"{name} is password-protected: remove the password and import it again") from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as error:
        raise UnreadableFileError(f"{name} is a damaged PDF ({type(error).__name__}: {error})") from None
    except Exception as error:  # pypdf raises many kinds on hostile input; never a traceback
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
