"""Bytes to canonical text: detect the encoding, strip a BOM, normalise line endings to LF."""

from __future__ import annotations

import codecs

from qcoder.io.parsed import UnreadableFileError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text(data: bytes, name: str = "file") -> str:
    """Decode ``data`` (UTF-8/16/32 with or without BOM, cp1252, latin-1…) to LF text."""
    if not data.strip():
        raise UnreadableFileError(f"{name} is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data[len(bom):].decode(encoding))
            except UnicodeDecodeError:
                raise UnreadableFileError(f"{name} is not valid {encoding.upper()} text") from None
    utf16 = _guess_bomless_utf16(data)
    if utf16 is not None:
        return normalise_newlines(data.decode(utf16))
    if b"\x00" in data[:4096]:
        raise UnreadableFileError(f"{name} is a binary file, not text")
    try:
        return normalise_newlines(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFileError(f"{name} is not text in any known encoding")
    return normalise_newlines(str(best))


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: mostly-ASCII text shows a zero byte in every other position."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    for encoding, zeros, others in (("utf-16-le", odd_zeros, even_zeros), ("utf-16-be", even_zeros, odd_zeros)):
        if zeros > 0.4 * half and others < 0.05 * half:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None
