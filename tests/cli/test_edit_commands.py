"""``qcoder edit`` and ``qcoder replace``: a corrected word keeps its codings; bad input is one
line and a non-zero exit that leaves the project as it was; ``check`` finds nothing wrong after."""

from __future__ import annotations

import json

import pytest

from qcoder.cli.main import main

TEXT = "Ann: We shared compute in Zurich.\nBo: Zurich, yes.\n"


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        status = main(list(argv))
    except SystemExit as exit_:  # argparse's refusal of a malformed argument
        status = int(exit_.code or 0)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def project(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QCODER_CODER", "Ann")
    path = tmp_path / "p.qcoder"
    transcript = tmp_path / "a.txt"
    transcript.write_text(TEXT, encoding="utf-8")
    assert run_cli(capsys, "new", str(path), "--codebook", "none")[0] == 0
    assert run_cli(capsys, "import", str(path), str(transcript))[0] == 0
    for start, end, code in ((5, 33, "Compute"), (26, 32, "Place"), (38, 44, "Place")):
        assert run_cli(capsys, "code", str(path), "a", str(start), str(end), code)[0] == 0
    return str(path)


def _segments(capsys, path: str) -> list[tuple[str, str]]:
    status, out, _err = run_cli(capsys, "segments", path, "--json")
    assert status == 0
    return sorted((row["code"], row["text"]) for row in json.loads(out))


def test_replace_all_then_edit_keep_every_coding_on_its_words(project, capsys):
    status, out, err = run_cli(capsys, "replace", project, "a", "--find", "Zurich", "--with", "Basel", "--all")
    assert status == 0, err
    assert "2 edits" in out
    at = TEXT.index("shared")
    status, out, err = run_cli(capsys, "edit", project, "a", str(at), str(at + 6), "pooled")
    assert status == 0, err
    assert _segments(capsys, project) == [
        ("Compute", "We pooled compute in Basel."), ("Place", "Basel"), ("Place", "Basel")]
    status, out, err = run_cli(capsys, "check", project)
    assert status == 0 and "no problems" in out + err


def test_deleting_a_coded_word_names_the_removed_coding(project, capsys):
    at = TEXT.index("Bo: Zurich") + 4
    status, out, _err = run_cli(capsys, "edit", project, "a", str(at), str(at + 8), "")
    assert status == 0
    assert "1 removed" in out and "removed the coding Place by Ann on “Zurich”" in out
    assert ("Place", "Zurich") in _segments(capsys, project)  # the first one stays


@pytest.mark.parametrize(("argv", "message"), [
    (("edit", "{p}", "a", "5", "500", "x"), "does not lie within the text"),
    (("edit", "{p}", "a", "9", "3", "x"), "does not lie within the text"),
    (("edit", "{p}", "a", "x", "5", "y"), "invalid int value"),
    (("edit", "{p}", "nosuch", "0", "0", "x"), "no source 'nosuch'"),
    (("replace", "{p}", "a", "--find", "Geneva", "--with", "X"), "'Geneva' does not occur in 'a'"),
    (("replace", "{p}", "a", "--find", "", "--with", "X"), "say what to find"),
    (("replace", "{p}", "a", "--find", "Zur", "--with", "X", "--whole-word"), "as a whole word"),
])
def test_bad_input_is_one_line_and_changes_nothing(project, capsys, argv, message):
    before = _segments(capsys, project)
    status, _out, err = run_cli(capsys, *(part.format(p=project) for part in argv))
    assert status != 0
    assert err.count("\n") == 1 and message in err, err
    assert _segments(capsys, project) == before


def test_pseudonymise_dry_run_then_apply(project, capsys, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("real,pseudonym,options\nZurich,[city]\nAnn,Participant A,match-case\n", encoding="utf-8")
    before = _segments(capsys, project)
    status, out, _err = run_cli(capsys, "pseudonymise", project, "--map", str(names), "--dry-run")
    assert status == 0 and "3 hits would be replaced; nothing changed" in out
    assert "[Zurich]" in out
    assert _segments(capsys, project) == before
    status, out, _err = run_cli(capsys, "pseudonymise", project, "--map", str(names))
    assert status == 0 and "3 hits replaced" in out
    assert _segments(capsys, project) == [
        ("Compute", "We shared compute in [city]."), ("Place", "[city]"), ("Place", "[city]")]
    bad = tmp_path / "bad.csv"
    bad.write_text("Zurich,x,sometimes\n", encoding="utf-8")
    status, _out, err = run_cli(capsys, "pseudonymise", project, "--map", str(bad))
    assert status == 2 and err.count("\n") == 1 and "unknown option 'sometimes'" in err
