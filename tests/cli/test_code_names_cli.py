"""The command line addresses a code whose name holds "/" by an escaped path or GUID, exactly."""

from __future__ import annotations

import json

from tests.cli.test_cli_commands import run_cli

CARDS = "Outputs/Documentation and model\\/data cards"


def test_a_slash_in_a_name_round_trips_through_the_command_line(tmp_path, capsys):
    path = str(tmp_path / "study.qcoder")
    assert run_cli(capsys, "new", path, "--codebook", "none")[0] == 0
    transcript = tmp_path / "ada.txt"
    transcript.write_text("Interviewer: What did you publish?\nAda: Model cards and data cards.\n", encoding="utf-8")
    assert run_cli(capsys, "import", path, str(transcript))[0] == 0
    assert run_cli(capsys, "code", path, "ada", "0", "11", CARDS)[0] == 0

    status, out, _ = run_cli(capsys, "codes", path, "--json")
    card = next(c for c in json.loads(out) if c["name"] == "Documentation and model/data cards")
    assert card["escaped_path"] == CARDS and card["path"] == "Outputs/Documentation and model/data cards"
    assert run_cli(capsys, "code", path, "ada", "12", "20", card["escaped_path"])[0] == 0
    assert run_cli(capsys, "code", path, "ada", "21", "30", card["guid"])[0] == 0
    status, out, _ = run_cli(capsys, "codes", path, "--json")
    assert [c["name"] for c in json.loads(out)] == ["Outputs", "Documentation and model/data cards"]  # nothing split
    status, out, _ = run_cli(capsys, "segments", path, "--code", CARDS, "--json")
    assert status == 0 and len(json.loads(out)) == 3
