"""The command line, run in-process: output, JSON fields, and one-line user mistakes."""

from __future__ import annotations

import csv
import json

import pytest

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project

EMOJI_TEXT = "Interviewer: Where did it start? 👩🏽‍🔬🚀\nAnn: At a hackathon in Paris.\nInterviewer: And then?\nAnn: We trained it.\n"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse's own mistakes exit, as the console script does
        status = exit_.code if isinstance(exit_.code, int) else 1
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line_error(err: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("qcoder")
    assert "Traceback" not in err


@pytest.fixture
def project(tmp_path, capsys):
    path = tmp_path / "study.qcoder"
    status, _out, err = run_cli(capsys, "new", str(path), "--coder", "Ann")
    assert status == 0 and "created" in err
    return path


@pytest.fixture
def transcript(tmp_path):
    path = tmp_path / "interview 1.txt"
    path.write_text(EMOJI_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def imported(project, transcript, capsys):
    status, _out, _err = run_cli(capsys, "import", str(project), str(transcript), "--coder", "Ann")
    assert status == 0
    return project


def test_new_with_the_default_codebook_lists_the_study_codes(project, capsys):
    status, out, _err = run_cli(capsys, "codes", str(project), "--json")
    assert status == 0
    codes = json.loads(out)
    assert len(codes) == 8 + 83
    first = codes[0]
    assert set(first) >= {"path", "color", "codable", "count"}
    assert first["path"] == "Lifecycle stage" and first["codable"] is False
    pre = next(c for c in codes if c["path"] == "Lifecycle stage/Pre-training")
    assert pre["codable"] is True and pre["count"] == 0 and pre["color"].startswith("#")


def test_new_without_codebook_and_with_a_bad_one(tmp_path, capsys):
    empty = tmp_path / "empty.qcoder"
    assert run_cli(capsys, "new", str(empty), "--codebook", "none")[0] == 0
    assert json.loads(run_cli(capsys, "codes", str(empty), "--json")[1]) == []
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    status, _out, err = run_cli(capsys, "new", str(tmp_path / "x.qcoder"), "--codebook", str(bad))
    assert status != 0
    assert_one_line_error(err)
    assert not (tmp_path / "x.qcoder").exists()
    status, _out, err = run_cli(capsys, "new", str(empty))
    assert status != 0 and "already exists" in err
    assert_one_line_error(err)


def test_import_sources_and_text(imported, capsys):
    status, out, _err = run_cli(capsys, "sources", str(imported), "--json")
    assert status == 0
    [source] = json.loads(out)
    assert source["name"] == "interview 1"
    assert source["characters"] == len(EMOJI_TEXT)
    assert isinstance(source["speakers"], list) and isinstance(source["turns"], int)
    assert source["turns"] >= len(source["speakers"])
    status, out, _err = run_cli(capsys, "text", str(imported), "interview 1")
    assert status == 0 and out == EMOJI_TEXT


def test_code_after_an_emoji_then_segments_returns_exactly_that_text(imported, capsys):
    start = EMOJI_TEXT.index("At a hackathon")
    end = start + len("At a hackathon in Paris")
    status, _out, err = run_cli(capsys, "code", str(imported), "interview 1", str(start), str(end),
                                "On-ramp/Hackathons / sprints / working groups")
    assert status == 0
    assert "created code" not in err  # it is in the study's codebook
    status, out, _err = run_cli(capsys, "segments", str(imported), "--json")
    [segment] = json.loads(out)
    assert segment["text"] == "At a hackathon in Paris"
    assert (segment["start"], segment["end"]) == (start, end)
    assert segment["code"] == "On-ramp/Hackathons / sprints / working groups"
    assert segment["coder"] == "tester" and segment["source"] == "interview 1"


def test_code_creates_missing_codes_along_the_path_and_says_so(imported, capsys):
    status, _out, err = run_cli(capsys, "code", str(imported), "interview 1", "0", "11",
                                "Roles/Interviewer/Question", "--coder", "Bob")
    assert status == 0
    assert "created code 'Roles'" in err
    assert "created code 'Roles/Interviewer'" in err
    assert "created code 'Roles/Interviewer/Question'" in err
    status, _out, err = run_cli(capsys, "code", str(imported), "interview 1", "0", "5", "Roles/Interviewer/Question")
    assert status == 0 and "created code" not in err
    codes = {c["path"]: c for c in json.loads(run_cli(capsys, "codes", str(imported), "--json")[1])}
    assert codes["Roles/Interviewer/Question"]["count"] == 2


def test_segments_filters_by_code_and_coder(imported, capsys):
    run_cli(capsys, "code", str(imported), "interview 1", "0", "11", "Lifecycle stage/Pre-training", "--coder", "Bob")
    run_cli(capsys, "code", str(imported), "interview 1", "0", "5", "Lifecycle stage/Post-training", "--coder", "Cy")
    by_code = json.loads(run_cli(capsys, "segments", str(imported), "--json", "--code", "Lifecycle stage/Pre-training")[1])
    assert [s["coder"] for s in by_code] == ["Bob"]
    by_group = json.loads(run_cli(capsys, "segments", str(imported), "--json", "--code", "Lifecycle stage")[1])
    assert len(by_group) == 2
    by_coder = json.loads(run_cli(capsys, "segments", str(imported), "--json", "--coder", "Cy")[1])
    assert [s["text"] for s in by_coder] == ["Inter"]


def test_export_csv(imported, tmp_path, capsys):
    start = EMOJI_TEXT.index("At a hackathon")
    run_cli(capsys, "code", str(imported), "interview 1", str(start), str(start + 14), "Themes/Events")
    out_file = tmp_path / "segments.csv"
    status, _out, err = run_cli(capsys, "export", str(imported), "--format", "csv", "--out", str(out_file))
    assert status == 0 and "1 coded segment" in err
    with out_file.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert rows[0]["text"] == "At a hackathon" and rows[0]["code"] == "Themes/Events"
    assert rows[0]["source"] == "interview 1"
    status, _out, err = run_cli(capsys, "export", str(imported), "--format", "csv", "--out",
                                str(tmp_path / "no" / "such" / "dir.csv"))
    assert status != 0
    assert_one_line_error(err)


def test_import_exits_1_when_a_file_failed_but_imports_the_others(project, transcript, tmp_path, capsys):
    binary = tmp_path / "broken.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    status, out, _err = run_cli(capsys, "import", str(project), str(binary), str(transcript), "--json")
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == 2, "one JSON line per file"
    results = [json.loads(line) for line in lines]
    assert [r["ok"] for r in results] == [False, True]
    assert "binary" in results[0]["message"]
    names = [s["name"] for s in json.loads(run_cli(capsys, "sources", str(project), "--json")[1])]
    assert names == ["interview 1"]
    status, out, _err = run_cli(capsys, "import", str(project), str(binary))
    assert status == 1 and out.startswith("FAILED")


@pytest.mark.parametrize(
    "argv",
    [
        ("sources", "{missing}", "--json"),
        ("text", "{project}", "no such source"),
        ("code", "{project}", "interview 1", "5", "99999", "Themes/X"),
        ("code", "{project}", "interview 1", "9", "3", "Themes/X"),
        ("code", "{project}", "interview 1", "a", "3", "Themes/X"),
        ("code", "{project}", "nobody", "0", "3", "Themes/X"),
        ("code", "{project}", "interview 1", "0", "3", "Lifecycle stage"),
        ("segments", "{project}", "--code", "No/Such/Code"),
        ("segmnts", "{project}"),
        ("frobnicate",),
        ("export", "{project}", "--format", "docx", "--out", "x"),
        ("import", "{missing}", "{transcript}"),
        ("sources", "{junk}"),
    ],
)
def test_user_mistakes_are_one_line_and_non_zero(imported, transcript, tmp_path, capsys, argv):
    junk = tmp_path / "junk.qcoder"
    junk.write_bytes(b"not a database at all")
    values = {"project": str(imported), "missing": str(tmp_path / "missing.qcoder"),
              "transcript": str(transcript), "junk": str(junk)}
    status, out, err = run_cli(capsys, *(part.format(**values) for part in argv))
    assert status != 0
    assert_one_line_error(err)
    assert out == ""


def test_a_failed_code_command_changes_nothing(imported, capsys):
    before = run_cli(capsys, "codes", str(imported), "--json")[1]
    status, _out, _err = run_cli(capsys, "code", str(imported), "interview 1", "5", "99999", "Brand/New/Path")
    assert status != 0
    assert run_cli(capsys, "codes", str(imported), "--json")[1] == before


def test_a_locked_project_is_refused_for_writing_but_readable(imported, capsys):
    with Project.open(imported, coder_name="Holder"):
        status, _out, err = run_cli(capsys, "code", str(imported), "interview 1", "0", "3", "Themes/X")
        assert status == 3
        assert_one_line_error(err)
        assert "Holder" in err and "read" in err
        status, out, _err = run_cli(capsys, "sources", str(imported), "--json")
        assert status == 0 and json.loads(out)[0]["name"] == "interview 1"


def test_codes_text_view_indents_by_depth_even_with_slashes_in_names(imported, capsys):
    status, out, _err = run_cli(capsys, "codes", str(imported))
    assert status == 0
    lines = out.splitlines()
    assert "On-ramp/  (0 with sub-codes)" in lines
    assert "  Hackathons / sprints / working groups  (0 passages)" in lines
