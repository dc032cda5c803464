"""``qcoder export --format …``, ``qcoder new --from`` and ``qcoder import`` of REFI-QDA files."""

from __future__ import annotations

import csv
import json
import zipfile

import openpyxl
import pytest

from qcoder.cli.main import main

TEXT = "Interviewer: How did it go? 😀\nAnn: We shared the =weights early.\n"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def coded(tmp_path, capsys):
    project = tmp_path / "study.qcoder"
    transcript = tmp_path / "one.txt"
    transcript.write_text(TEXT, encoding="utf-8")
    assert run(capsys, "new", str(project), "--coder", "Ann")[0] == 0
    assert run(capsys, "import", str(project), str(transcript), "--coder", "Ann")[0] == 0
    start = TEXT.index("shared")
    assert run(capsys, "code", str(project), "one", str(start), str(start + 22), "Lifecycle stage/Post-release",
               "--coder", "Ann")[0] == 0
    return project


@pytest.mark.parametrize("fmt", ["qdpx", "qdpx-crlf", "qdc", "csv", "xlsx", "segments-xlsx", "md", "codebook-csv", "codebook-xlsx", "html"])
def test_every_format_writes_a_file(coded, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    status, _out, err = run(capsys, "export", str(coded), "--format", fmt, "--out", str(out))
    assert status == 0, err
    assert out.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".qcoder-")]


def test_qdpx_round_trip_through_the_command_line(coded, tmp_path, capsys):
    out = tmp_path / "p.qdpx"
    assert run(capsys, "export", str(coded), "--format", "qdpx", "--out", str(out))[0] == 0
    copy = tmp_path / "copy.qcoder"
    status, stdout, err = run(capsys, "new", str(copy), "--from", str(out), "--coder", "Bo")
    assert status == 0, err
    assert "1 coding" in stdout
    status, stdout, _ = run(capsys, "segments", str(copy), "--json")
    segments = json.loads(stdout)
    assert [(s["text"], s["coder"], s["code"]) for s in segments] == [
        ("shared the =weights ea", "Ann", "Lifecycle stage/Post-release")]
    status, stdout, _ = run(capsys, "import", str(copy), str(out), "--json")
    assert status == 0 and json.loads(stdout)["added"] == {}


def test_import_reports_a_bad_file_and_goes_on(coded, tmp_path, capsys):
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"PK\x03\x04 truncated")
    status, stdout, _ = run(capsys, "import", str(coded), str(bad))
    assert status == 1
    assert "FAILED  bad.qdpx: bad.qdpx is truncated or damaged" in stdout


def test_xlsx_has_segments_and_codebook_sheets_and_no_formulas(coded, tmp_path, capsys):
    out = tmp_path / "out.xlsx"
    run(capsys, "export", str(coded), "--format", "xlsx", "--out", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Segments", "Codebook"]
    segments = list(book["Segments"].values)
    assert segments[0][:5] == ("source", "case", "speaker", "code", "coder")
    assert segments[1][7] == "shared the =weights ea" and book["Segments"]["H2"].data_type == "s"
    codebook = {row[0]: row for row in book["Codebook"].values}
    assert codebook["Lifecycle stage/Post-release"][6] == 1
    assert codebook["Lifecycle stage"][7] == 1  # counted with its sub-codes


def test_codebook_csv_and_markdown(coded, tmp_path, capsys):
    csv_out, md_out = tmp_path / "c.csv", tmp_path / "c.md"
    run(capsys, "export", str(coded), "--format", "codebook-csv", "--out", str(csv_out))
    run(capsys, "export", str(coded), "--format", "md", "--out", str(md_out))
    rows = list(csv.DictReader(csv_out.read_text(encoding="utf-8-sig").splitlines()))
    post = next(r for r in rows if r["path"] == "Lifecycle stage/Post-release")
    assert post["passages"] == "1" and post["colour"].startswith("#") and post["definition"]
    markdown = md_out.read_text(encoding="utf-8")
    assert "### Post-release" in markdown and "- Coded: 1 passage in 1 source" in markdown
    assert "1 coded passage (1 coding by all coders)." in markdown


def test_qdpx_contains_what_the_notes_require(coded, tmp_path, capsys):
    out = tmp_path / "p.qdpx"
    run(capsys, "export", str(coded), "--format", "qdpx", "--out", str(out))
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
    assert names[0] == "project.qde" and all(n.startswith("sources/") for n in names[1:])


def test_exports_are_readable_like_ordinary_files(coded, tmp_path, capsys):
    import os

    out = tmp_path / "c.md"
    run(capsys, "export", str(coded), "--format", "md", "--out", str(out))
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask
