"""``qcoder import``: one line per file (every reader's failure included), --json, exit 1 if any failed."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from qcoder.cli.main import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "io"))
from io_documents import WORLD, docx_bytes, pdf_bytes, scanned_pdf_bytes, whisper_json


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def project(tmp_path, capsys):
    path = tmp_path / "study.qcoder"
    assert run_cli(capsys, "new", str(path), "--codebook", "none", "--coder", "Ann")[0] == 0
    return path


def _write(folder: Path, files: dict[str, bytes]) -> list[str]:
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return [str(folder / name) for name in files]


BAD = {
    "scan.pdf": scanned_pdf_bytes(),
    "broken.docx": b"PK\x03\x04 broken",
    "broken.odt": b"nope",
    "broken.rtf": b"nope",
    "broken.json": b"{",
    "broken.vtt": b"nope",
    "broken.srt": b"1\nno timing\n",
    "blank.html": b"<script>x</script>",
    "empty.md": b"",
    "binary.txt": bytes(range(256)) * 4,
    "old.doc": b"\xd0\xcf\x11\xe0",
}


def test_every_failure_is_one_line_and_the_exit_status_is_1(project, tmp_path, capsys):
    good = _write(tmp_path, {
        "a.docx": docx_bytes(["Interviewer: Hi", f"Participant: {WORLD}"]),
        "b.pdf": pdf_bytes([["Interviewer: Hi", "Participant: Hello"]]),
    })
    bad = _write(tmp_path, BAD)
    status, out, err = run_cli(capsys, "import", str(project), *good, *bad)
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == len(good) + len(bad)
    assert [line.split()[0] for line in lines] == ["ok", "ok"] + ["FAILED"] * len(bad)
    for line, name in zip(lines[2:], BAD):
        assert line.startswith(f"FAILED  {name}")
    assert "Traceback" not in out + err
    status, out, _err = run_cli(capsys, "sources", str(project), "--json")
    assert sorted(s["name"] for s in json.loads(out)) == ["a", "b"]


def test_all_good_exits_0_and_json_describes_each_file(project, tmp_path, capsys):
    files = _write(tmp_path, {
        "x.json": whisper_json([(0, 1, " Hi", "SPEAKER_00"), (1, 2, f" {WORLD}", "SPEAKER_01")]),
        "y.txt": b"Interviewer: Hi\nParticipant: Hello\n",
    })
    status, out, _err = run_cli(capsys, "import", str(project), *files, "--json")
    assert status == 0
    decoder = json.JSONDecoder()
    objects, position = [], 0
    while position < len(out.strip()):
        obj, position = decoder.raw_decode(out, position)
        objects.append(obj)
        while position < len(out) and out[position].isspace():
            position += 1
    assert [(o["source"], o["ok"], o["speakers"]) for o in objects] == [
        ("x", True, ["SPEAKER_00", "SPEAKER_01"]), ("y", True, ["Interviewer", "Participant"])]
    # The same files again: imported, flagged as duplicates.
    status, out, _err = run_cli(capsys, "import", str(project), files[1])
    assert status == 0 and "DUPLICATE" in out and "'y (2)'" in out
