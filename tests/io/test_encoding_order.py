"""The encoding order: UTF-8 (BOM or not), UTF-16, then Windows-1252 when the bytes are Windows-1252
text, only then detection; the encoding used is stored and named by the report and ``sources --json``."""

from __future__ import annotations

import codecs
import json

import pytest

from qcoder.cli.main import main
from qcoder.core.usecases.queries.sources import list_sources, source_text
from qcoder.io.decoding import decode_bytes, windows_1252_text
from qcoder.io.importer import import_files

NAMES = (
    "Interviewer: Thank you, Adébáyọ̀ — sorry: Adébáyò. Who joined?\n\n"
    "Respondent: Yorùbá speakers first, then Ngũgĩ's students… no, Ngugi's; later Chloé, Zoë, "
    "François, Søren, Björn, Íñigo, Gonçalo, Małgorzata — I mean Malgorzata — and Kwame Nkrumah's "
    "grand-nephew. We paid 12 € for “coffee”.\n"
)
CP1252_NAMES = "".join(ch for ch in NAMES if ch.encode("cp1252", errors="ignore")) + "Fañé Touré, Dvořák\n".replace("ř", "r")


@pytest.mark.parametrize(
    "text",
    [
        "Respondent: Yorùbá, Ifẹ́ — no: Yorùbá and Igbo.\n".replace("ẹ́", "e"),
        "Ann: Adébáyò, Chloé and Zoë met Søren in Malmö.\n",
        "Kwame: “Mɔ” — no — Moussa Diabaté, Aïssata Traoré, Fatoumata Diawara.\n".replace("ɔ", "o"),
        CP1252_NAMES,
    ],
)
def test_windows_1252_names_are_read_exactly(text):
    decoded = decode_bytes(text.encode("cp1252"), "t.txt")
    assert decoded == (text, "cp1252")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Yorùbá\n".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Yorùbá\n".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Yorùbá\n".encode("utf-16-le"), "utf-16-le"),
        ("Yorùbá speakers and Igbo speakers\n".encode("utf-16-be"), "utf-16-be"),
        ("Yorùbá\n".encode() + "naïve\n".encode() + b"caf\xe9\n", "utf-8+cp1252"),
    ],
)
def test_unicode_comes_first(data, encoding):
    assert decode_bytes(data, "t.txt").encoding == encoding


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1251", "Интервьюер: Как всё началось? Ответ: В Москве.\n"),
        ("cp1250", "Prowadzący: Zażółć gęślą jaźń.\n"),
        ("cp1254", "Görüşmeci: Nasıl başladı? Cevap: İstanbul'da.\n"),
        ("cp1253", "Συνέντευξη: Πώς ξεκίνησε;\n"),
    ],
)
def test_other_code_pages_are_not_taken_for_windows_1252(encoding, text):
    assert windows_1252_text(text.encode(encoding)) is None


def test_control_codes_and_undefined_bytes_are_not_windows_1252():
    assert windows_1252_text(b"Ann: caf\xe9\x01\n") is None
    assert windows_1252_text(b"Ann: caf\xe9\x81\n") is None


def test_the_import_report_and_sources_json_name_the_encoding(empty_project, tmp_path, capsys):
    cp1252 = tmp_path / "names.txt"
    cp1252.write_bytes(CP1252_NAMES.encode("cp1252"))
    utf8 = tmp_path / "utf8.md"
    utf8.write_bytes("**Ann:** Yorùbá\n\n**Bob:** Igbo\n".encode())
    first, second = import_files(empty_project, [cp1252, utf8])
    assert first.ok and first.encoding == "cp1252" and "read as Windows-1252" in first.line()
    assert second.encoding == "utf-8" and "read as UTF-8" in second.line()
    with empty_project.reading() as session:
        assert source_text(session, first.source_id) == CP1252_NAMES
        assert {s.name: s.encoding for s in list_sources(session)} == {"names": "cp1252", "utf8": "utf-8"}
    path = empty_project.path
    empty_project.close()
    assert main(["sources", str(path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {row["name"]: row["encoding"] for row in listed} == {"names": "cp1252", "utf8": "utf-8"}
