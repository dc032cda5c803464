"""Bytes to canonical text: detect the encoding, strip a BOM, normalise line endings to LF.

Order of evidence: a byte-order mark; UTF-16 without a BOM (zero bytes where UTF-16 puts them, and
a plausible reading) — other text with a few stray NUL bytes is read without them, anything else
with zero bytes is binary;
UTF-8 (the fast, common case — charset-normalizer is never loaded for it), also with a few stray
Windows-1252 bytes; then Windows-1252 itself when the bytes are Windows-1252 text (every byte
defined, no control codes, accented letters inside words as Western languages have them — the
Word and Notepad files of Western Europe, Africa and the Americas, which a statistical guess on
a short sample reads as cp1257 or cp775: ``Yorùbá`` as ``Yorłbį``); only then charset-normalizer,
still preferring Windows-1252 when it fits the bytes as well as the guess does.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import TYPE_CHECKING, NamedTuple

from qcoder.io.parsed import UnreadableFileError

if TYPE_CHECKING:
    from charset_normalizer import CharsetMatch

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BAD_CATEGORIES = {"Cc", "Cn", "Co", "Cs"}
_SAMPLE = 8192
_MAX_STRAY_NUL_SHARE = 20
"""A text with stray NUL bytes has at most one in this many bytes (one a line, say)."""
_UTF16_ASCII_PAIRS = 0.6
"""Above this share of code units made of two printable ASCII bytes, it is not UTF-16."""
_CP1252_TOLERANCE = 0.1
"""On short texts charset-normalizer's 'chaos' barely separates code pages; within this margin
Windows-1252 — what Word and Notepad write in Western Europe and the Americas — wins."""


def normalise_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


class Decoded(NamedTuple):
    text: str
    """LF line endings, no BOM."""
    encoding: str
    """What the bytes were read as: a Python codec name (``utf-8``, ``utf-8-sig``, ``utf-16-le``,
    ``cp1252``…), or ``utf-8+cp1252`` for UTF-8 with stray Windows-1252 bytes."""


UTF8_WITH_CP1252 = "utf-8+cp1252"
_DESCRIPTIONS = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16-le": "UTF-16 LE", "utf-16-be": "UTF-16 BE",
    "utf-32-le": "UTF-32 LE", "utf-32-be": "UTF-32 BE", "cp1252": "Windows-1252",
    UTF8_WITH_CP1252: "UTF-8 with a few Windows-1252 bytes",
}


def describe_encoding(encoding: str) -> str:
    """``cp1252`` → ``Windows-1252``: the name a person knows an encoding by."""
    if encoding.startswith("cp125") and encoding[5:].isdigit():
        return f"Windows-{encoding[2:]}"
    return _DESCRIPTIONS.get(encoding, encoding)


def decode_text(data: bytes, name: str = "file") -> str:
    """Decode ``data`` (UTF-8/16/32 with or without BOM, cp1252, latin-1…) to LF text."""
    return decode_bytes(data, name).text


def decode_bytes(data: bytes, name: str = "file") -> Decoded:
    """Decode ``data`` to LF text, and say which encoding it was read in."""
    if not data.strip():
        raise UnreadableFileError(f"{name} is empty")
    text, encoding = _decode(data, name)
    return Decoded(_checked(normalise_newlines(text), name), encoding)


def decode_as(data: bytes, encoding: str, name: str = "file") -> Decoded:
    """Decode ``data`` in the encoding a person chose; a clear error when the bytes do not fit it."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise UnreadableFileError(f"'{encoding}' is not an encoding qcoder knows") from None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        raise UnreadableFileError(
            f"{name} is not {encoding} text (byte {error.start} cannot be read in it)"
        ) from None
    if codec.startswith(("utf-16", "utf-32")) or codec == "utf-8":
        text = text.removeprefix("\ufeff")
    return Decoded(_checked(normalise_newlines(text), name), codec)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableFileError(f"{name} is not valid {encoding.upper()} text") from None
            return text, "utf-8-sig" if encoding == "utf-8" else encoding
    if b"\x00" in data[:_SAMPLE]:
        utf16 = _guess_bomless_utf16(data)
        if utf16 is not None:
            return data.decode(utf16), utf16
        if not _stray_nuls(data):
            raise UnreadableFileError(f"{name} is a binary file, not text")
        data = data.replace(b"\x00", b"")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed, UTF8_WITH_CP1252
    western = windows_1252_text(data)
    if western is not None:
        return western, "cp1252"
    return _detect(data, name)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray Windows-1252 bytes — a passage pasted from an older file.

    Decoding it all as one legacy code page would garble every UTF-8 character; instead the
    valid UTF-8 is kept and each stray byte is read as Windows-1252 (``\xe9`` → é). Only when
    the UTF-8 clearly dominates: more genuine multi-byte characters than stray bytes, and
    stray bytes under 1% of the file.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    genuine = sum(1 for ch in text if ch > "\x7f" and not "\udc80" <= ch <= "\udcff")
    if genuine <= stray or stray > max(3, len(data) // 100):
        return None
    return "".join(
        bytes([ord(ch) - 0xDC00]).decode("cp1252", errors="replace") if "\udc80" <= ch <= "\udcff" else ch
        for ch in text
    )


def _checked(text: str, name: str) -> str:
    if not text.strip():
        raise UnreadableFileError(f"{name} is empty")
    return text


_NOT_WESTERN = frozenset("ðÐþÞýÝ")
"""Icelandic letters in Windows-1252 — and what Turkish ğ ş ı (cp1254) and Baltic š ž (cp1257)
look like when read as Windows-1252: their presence leaves the choice to detection."""
_INSIDE_WORDS = frozenset("’'·-‑")
_MOSTLY_ACCENTED = 0.3
"""Western languages accent a few letters of a word; Cyrillic or Greek read as Windows-1252 accent all."""


def windows_1252_text(data: bytes) -> str | None:
    """``data`` read as Windows-1252 when it is Windows-1252 text, else None.

    Every byte must be defined in Windows-1252 and none a control code; the letters beyond ASCII
    must sit in words as Western languages have them (``Yorùbá``, ``Grüße``), not make up whole
    words (Cyrillic or Greek read in the wrong code page) nor have symbols between letters
    (Polish ``ż``/``ą`` read as ``¿``/``¹``).
    """
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = accented = 0
    previous = ""
    for index, ch in enumerate(text):
        if ch.isalpha():
            letters += 1
            if ch > "\x7f":
                accented += 1
                if ch in _NOT_WESTERN:
                    return None
        elif ch > "\x7f":
            following = text[index + 1:index + 2]
            if previous.isalpha() and following.isalpha() and ch not in _INSIDE_WORDS:
                return None
        elif ch < " " and ch not in "\t\n\r\f":
            return None
        previous = ch
    if letters and accented > _MOSTLY_ACCENTED * letters:
        return None
    return text


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise UnreadableFileError(f"{name} is not text in any known encoding")
    best = min(matches, key=lambda m: (m.chaos, -m.coherence))
    western = [m for m in matches if "cp1252" in m.could_be_from_charset]
    if western and _prefer_cp1252(best, min(western, key=lambda m: (m.chaos, -m.coherence))):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), best.encoding


_LEGACY_PREFIXES = ("cp4", "cp7", "cp8", "mac", "hp_", "ptcp", "kz1048")


def _prefer_cp1252(best: CharsetMatch, western: CharsetMatch) -> bool:
    """Whether Windows-1252 beats charset-normalizer's best guess.

    On short Western European texts the guess often lands on a DOS, Mac or HP code page
    (cp775, mac_iceland, hp_roman8) that reads the same bytes with a hair less "chaos" but
    turns “quotes”, é and € into nonsense; such files come from Windows far more often. A
    regional Windows or ISO code page (Turkish cp1254, Central European cp1250…) keeps its win
    when its language fits the text better than Windows-1252's does.
    """
    if best is western:
        return True
    if western.chaos > best.chaos + _CP1252_TOLERANCE:
        return False
    encoding = best.encoding.lower()
    if encoding.startswith(_LEGACY_PREFIXES):
        return True
    return best.coherence <= western.coherence


def _stray_nuls(data: bytes) -> bool:
    """Whether ``data`` is 8-bit text with a few NUL bytes in it (a NUL at the end of every
    line, as some transcription exports write): text once they are taken out, which a binary
    file is not."""
    nuls = data.count(b"\x00")
    if nuls > max(8, len(data) // _MAX_STRAY_NUL_SHARE):
        return False
    kept = data.replace(b"\x00", b"")
    controls = sum(1 for byte in kept if byte < 0x20 and byte not in b"\t\n\r\x0c")
    return controls <= len(kept) // 1000


def _utf16_shaped(sample: bytes) -> bool:
    """Whether ``sample`` reads as UTF-16 code units rather than as pairs of ASCII characters.

    Latin UTF-16 text has a zero byte in nearly every code unit; of its other code units few are
    two printable ASCII bytes (CJK ideographs, the one script that can look so, manage about one
    in four). ASCII text with stray NULs (the zeros wherever a line happens to end) is nearly all
    such pairs: read as UTF-16 it would be "Chinese".
    """
    units = [sample[i:i + 2] for i in range(0, len(sample) - 1, 2)]
    full = [unit for unit in units if 0 not in unit]
    ascii_pairs = sum(1 for unit in full if all(0x20 <= byte < 0x7F or byte in b"\t\n\r" for byte in unit))
    return len(full) < 20 or ascii_pairs <= _UTF16_ASCII_PAIRS * len(full)


def _guess_bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without BOM: the byte order whose reading is text, not control codes and gaps."""
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    if not _utf16_shaped(sample):
        return None
    scores: list[tuple[float, str]] = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            # A sample may end inside a surrogate pair: retry a code unit shorter.
            try:
                text = sample[:-2].decode(encoding)
            except UnicodeDecodeError:
                continue
        if not text:
            continue
        bad = sum(
            1 for ch in text
            if ch not in "\t\n\r" and unicodedata.category(ch) in _BAD_CATEGORIES
        )
        common = sum(1 for ch in text if ch < "\u0800" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
        if bad <= 0.02 * len(text):
            scores.append((bad / len(text) - common / len(text), encoding))
    if not scores:
        return None
    encoding = min(scores)[1]
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding
