"""Zero bytes without a byte-order mark: UTF-16 is read as UTF-16, text with a few stray NULs as
what it is (without them), anything else with zero bytes is refused as binary."""

from __future__ import annotations

import json

import pytest

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.io.decoding import decode_text
from qcoder.io.parsed import UnreadableFileError


def _transcript(lines: int = 40, extra: str = "", ending: str = "\x00\n", accent: str = "") -> str:
    return "".join(
        f"Speaker {i % 3}: we talked about item{accent} number {i} and more things{extra}.{ending}" for i in range(lines)
    )


@pytest.mark.parametrize("extra", ["", "!", "!!", "!!!"], ids=["len0", "len1", "len2", "len3"])
@pytest.mark.parametrize("ending", ["\x00\n", "\n\x00", "\x00\r\n"], ids=["nul-lf", "lf-nul", "nul-crlf"])
def test_ascii_with_a_nul_on_every_line_is_read_as_ascii(extra, ending):
    """Whatever the line lengths (and so the side the zeros fall on), not UTF-16 "Chinese"."""
    data = _transcript(extra=extra, ending=ending).encode("ascii")
    if len(data) % 2:
        data += b"\n"  # an even length, which UTF-16 needs
    text = decode_text(data, "t.txt")
    assert text.startswith("Speaker 0: we talked about item number 0 and more things")
    assert "\x00" not in text and text.count("Speaker") == 40


def test_utf8_and_cp1252_with_stray_nuls_keep_their_accents():
    text = _transcript(accent=" café")
    assert "item café number 7" in decode_text(text.encode("utf-8"), "t.txt")
    assert "item café number 7" in decode_text(text.encode("cp1252"), "t.txt")


@pytest.mark.parametrize("text", [
    "访谈者：你们为什么公开模型？\n受访者：为了让更多人使用，也为了得到反馈。\n" * 30,
    "インタビュアー：なぜモデルを公開するのですか？\n回答者：フィードバックのためです。\n" * 30,
    "Интервьюер: почему вы публикуете модели?\nРеспондент: ради обратной связи.\n" * 30,
    "Q: hello there, how was it?\nA: fine, thanks (mostly).\n" * 30,
    "访谈者 Alex：我们用 GPU 训练 model, 2024 年。\n" * 30,
], ids=["chinese", "japanese", "russian", "english", "mixed"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_still_utf16(text, encoding):
    assert decode_text(text.encode(encoding), "t.txt") == text


@pytest.mark.parametrize("data", [
    ("word " * 20 + "\x00" * 10 + "\n").encode() * 20,  # a NUL in every ten bytes: not stray
    b"Speaker 1: hello\x00\x01\x02\x03\x04\x05\x06\x07\x08\n" * 50,  # control codes beyond the NULs
], ids=["many-nuls", "control-codes"])
def test_other_files_with_zero_bytes_are_binary(data):
    with pytest.raises(UnreadableFileError, match="binary"):
        decode_text(data, "t.bin")


def test_the_import_stores_the_transcript_as_written(tmp_path, capsys):
    path = tmp_path / "p.qcoder"
    Project.create(path, coder_name="Ann", codebook=None).close()
    transcript = tmp_path / "interview.txt"
    data = _transcript().encode("ascii")
    transcript.write_bytes(data + (b"\n" if len(data) % 2 else b""))
    assert main(["import", str(path), str(transcript)]) == 0
    capsys.readouterr()
    assert main(["sources", str(path), "--json"]) == 0
    (source,) = json.loads(capsys.readouterr().out)
    assert main(["text", str(path), source["name"]]) == 0
    assert capsys.readouterr().out.startswith("Speaker 0: we talked about item number 0 and more things.\n")
