"""Bytes to canonical text: BOMs, UTF-16 with and without BOM, legacy encodings, line endings."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from qcoder.io.decoding import decode_text, normalise_newlines
from qcoder.io.parsed import UnreadableFileError

TEXT = "Interviewer: Où est la données? 👋\nRespondent: Über-naïve “quotes” — done.\n"
LATIN = "Interviewer: café, naïve, Übung, señor\nRespondent: ça va, garçon.\n"
WINDOWS = "Interviewer: “smart quotes” – and an ellipsis… café\nRespondent: €10, naïve.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16"),  # Python writes its native BOM
        codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-native", "utf32le-bom"],
)
def test_unicode_encodings_with_and_without_bom(data):
    assert decode_text(data, "t.txt") == TEXT


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(encoding):
    assert decode_text(TEXT.encode(encoding), "t.txt") == TEXT
    plain = "Q: hello there\nA: fine, thanks\n" * 20
    assert decode_text(plain.encode(encoding), "t.txt") == plain


def test_cp1252_windows_text():
    assert decode_text(WINDOWS.encode("cp1252"), "t.txt") == WINDOWS


def test_latin1_text():
    assert decode_text(LATIN.encode("latin-1"), "t.txt") == LATIN


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\r\n", "a\nb\n"),
        ("a\rb\r", "a\nb\n"),
        ("a\r\n\r\nb\rc\n", "a\n\nb\nc\n"),
        ("a\r\r\nb", "a\n\nb"),
    ],
)
def test_line_endings_become_lf(raw, expected):
    assert normalise_newlines(raw) == expected
    assert decode_text(raw.encode("utf-8"), "t.txt") == expected
    assert decode_text(codecs.BOM_UTF16_LE + raw.encode("utf-16-le"), "t.txt") == expected
    assert decode_text(raw.encode("cp1252") + "é".encode("cp1252"), "t.txt") == expected + "é"


def test_no_bom_and_no_cr_survive_decoding():
    text = decode_text(codecs.BOM_UTF8 + b"\r\nx\r\n" * 3, "t.txt")
    assert "\ufeff" not in text and "\r" not in text


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.bin", bytes(range(256)) * 10)
    return buffer.getvalue()


def _png_bytes() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + bytes([x % 256, 0, 0]) * 8 for x in range(8))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("data", [_zip_bytes(), _png_bytes(), bytes(range(256)) * 4],
                         ids=["zip", "png", "all-bytes"])
def test_binary_is_refused(data):
    with pytest.raises(UnreadableFileError, match="binary|not text|not valid"):
        decode_text(data, "picture.txt")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE,
                                  codecs.BOM_UTF8 + b"\r\n  \n"])
def test_empty_is_refused(data):
    with pytest.raises(UnreadableFileError, match="empty"):
        decode_text(data, "blank.txt")


def test_a_broken_utf16_file_with_bom_is_refused_clearly():
    with pytest.raises(UnreadableFileError, match="UTF-16"):
        decode_text(codecs.BOM_UTF16_LE + "ok".encode("utf-16-le") + b"\x00\xd8", "bad.txt")


def test_the_error_names_the_file():
    with pytest.raises(UnreadableFileError, match="blank.txt"):
        decode_text(b"", "blank.txt")


WESTERN_AND_REGIONAL = [
    ("cp1252", "Respondent: 10 €, très bien. “Ja” sagte er – Grüße\n"),
    ("cp1252", "Smörgåsbord, über, naïve – “x”\n" * 3),
    ("cp1252", "Entrevistador: ¿Cómo empezó el proyecto? Respuesta: Fue en España, año 2021.\n"),
    ("cp1250", "Prowadzący: Zażółć gęślą jaźń. Jak się zaczęło? Odpowiedź: W Krakowie, w zeszłym roku.\n"),
    ("cp1250", "Tazatel: Jak to začalo? Odpověď: Příliš žluťoučký kůň úpěl ďábelské ódy.\n"),
    ("cp1251", "Интервьюер: Как всё началось? Ответ: В Москве, в прошлом году мы начали.\n"),
    ("cp1253", "Συνέντευξη: Πώς ξεκίνησε; Απάντηση: Στην Αθήνα, πέρσι.\n"),
    ("cp1254", "Görüşmeci: Nasıl başladı? Cevap: İstanbul'da, geçen yıl çalışmaya başladık.\n"),
]


@pytest.mark.parametrize(("encoding", "text"), WESTERN_AND_REGIONAL,
                         ids=[f"{e}-{i}" for i, (e, _t) in enumerate(WESTERN_AND_REGIONAL)])
def test_short_legacy_texts_are_read_in_the_right_code_page(encoding, text):
    """Short Windows-1252 texts used to come out as cp775/cp1257/hp_roman8 nonsense."""
    assert decode_text(text.encode(encoding), "t.txt") == text
