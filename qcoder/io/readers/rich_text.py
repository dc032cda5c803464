"""Rich Text Format (.rtf), through striprtf.

RTF is 7-bit text that escapes other characters as ``\\'e9`` (in the code page the header
declares with ``\\ansicpgNNNN``) or ``\\u233?``; characters outside the Basic Multilingual Plane
(emoji) come as two ``\\u`` surrogates, which are joined here.
"""

from __future__ import annotations

import codecs
import re

from qcoder.io.decoding import normalise_newlines
from qcoder.io.parsed import ParsedTranscript, UnreadableFileError
from qcoder.io.speakers import detect_turns

_CODE_PAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def read_rtf(data: bytes, name: str) -> ParsedTranscript:
    if not data.strip():
        raise UnreadableFileError(f"{name} is empty")
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        raise UnreadableFileError(f"{name} is not an RTF document (it does not start with {{\\rtf)")
    encoding = _code_page(data)
    from striprtf.striprtf import rtf_to_text

    try:
        raw = rtf_to_text(data.decode(encoding, errors="replace"), encoding=encoding, errors="replace")
    except Exception as error:  # noqa: BLE001 — a damaged control word, an unknown code page…
        raise UnreadableFileError(f"{name} is a damaged RTF document ({type(error).__name__}: {error})") from None
    text = _join_surrogates(normalise_newlines(raw)).replace("\x00", "").strip("\n")
    if not text.strip():
        raise UnreadableFileError(f"{name} has no text")
    text += "\n"
    return ParsedTranscript(text=text, turns=tuple(detect_turns(text)), kind="rtf")


def _code_page(data: bytes) -> str:
    match = _CODE_PAGE.search(data[:4096])
    if match is not None:
        candidate = f"cp{int(match.group(1))}"
        try:
            codecs.lookup(candidate)
            return candidate
        except LookupError:
            pass
    return "cp1252"


def _join_surrogates(text: str) -> str:
    """``\\u-10179?\\u-8704?`` arrives as two lone surrogates; make them the one emoji they are."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
