"""UTF-8 with a few stray Windows-1252 bytes keeps both right; a real cp1252 file stays cp1252."""

from __future__ import annotations

from qcoder.io.decoding import _mostly_utf8, decode_text

UTF8_TEXT = "Interviewer: “Hello” 👋 naïve — 你好 مرحبا\nParticipant: a pasted café here.\n"


def test_stray_cp1252_bytes_in_utf8_are_read_as_cp1252():
    data = UTF8_TEXT.encode("utf-8").replace("café".encode(), "café".encode("cp1252"))
    assert decode_text(data, "mixed.txt") == UTF8_TEXT


def test_a_whole_cp1252_file_is_not_taken_for_broken_utf8():
    text = "Interviewer: Café “naïve” – €10\nParticipant: Ça va.\n"
    assert decode_text(text.encode("cp1252"), "legacy.txt") == text


def test_many_stray_bytes_are_left_to_detection():
    data = "👋\n".encode() + "é".encode("cp1252") * 50
    assert _mostly_utf8(data) is None
    assert not any("\udc80" <= ch <= "\udcff" for ch in decode_text(data, "x.txt"))
