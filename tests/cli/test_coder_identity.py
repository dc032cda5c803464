"""Who the command line codes as: --coder, $QCODER_CODER or the name set once; never the login
in silence, and always said."""

from __future__ import annotations

import json

from qcoder.core.lifecycle.coder_identity import configured_coder_name
from tests.cli.test_cli_commands import assert_one_line_error, run_cli


def test_without_a_name_a_writing_command_refuses_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("QCODER_CODER", raising=False)
    status, _out, err = run_cli(capsys, "new", str(tmp_path / "study.qcoder"))
    assert status == 2 and "who is coding?" in err and "qcoder coder NAME" in err
    assert_one_line_error(err)
    assert not (tmp_path / "study.qcoder").exists()


def test_the_configured_name_is_used_and_said_and_an_option_overrides_it(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("QCODER_CODER", raising=False)
    path = str(tmp_path / "study.qcoder")
    status, _out, err = run_cli(capsys, "coder", "  Ann   Smith ")
    assert status == 0 and configured_coder_name() == "Ann Smith" and "Ann Smith" in err
    assert run_cli(capsys, "coder")[:2] == (0, "Ann Smith\n")

    status, _out, err = run_cli(capsys, "new", path, "--codebook", "none")
    assert status == 0 and "recorded as coder Ann Smith (from your settings" in err
    text = "Interviewer: Who helped?\nAda: The lab next door.\n"
    transcript = tmp_path / "ada.txt"
    transcript.write_text(text, encoding="utf-8")
    assert run_cli(capsys, "import", path, str(transcript))[0] == 0
    status, _out, err = run_cli(capsys, "code", path, "ada", "0", "12", "Help")
    assert status == 0 and "recorded as coder Ann Smith" in err
    status, _out, err = run_cli(capsys, "code", path, "ada", "13", "20", "Help", "--coder", "Bea")
    assert status == 0 and "recorded as coder Bea (from --coder)" in err
    status, out, _err = run_cli(capsys, "segments", path, "--json")
    assert sorted(row["coder"] for row in json.loads(out)) == ["Ann Smith", "Bea"]


def test_a_failed_command_keeps_its_one_line_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QCODER_CODER", "Cy")
    path = str(tmp_path / "study.qcoder")
    assert run_cli(capsys, "new", path)[0] == 0
    status, _out, err = run_cli(capsys, "code", path, "nowhere", "0", "3", "Help")
    assert status != 0
    assert_one_line_error(err)


def test_an_empty_name_is_refused(capsys):
    status, _out, err = run_cli(capsys, "coder", "   ")
    assert status == 2 and "empty" in err
    assert configured_coder_name() is None
