"""``qcoder speakers``: list, rename/merge, link to a case and autocode, in one call."""

from __future__ import annotations

import json

from qcoder.cli.main import main


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_speakers_from_whisper_renamed_linked_and_autocoded(tmp_path, capsys):
    project = tmp_path / "s.qcoder"
    run_cli(capsys, "new", str(project), "--codebook", "none", "--coder", "Ann")
    transcript = tmp_path / "episode.json"
    transcript.write_text(json.dumps({"segments": [
        {"start": 0, "end": 1, "text": " Welcome, Kathleen.", "speaker": "SPEAKER_00"},
        {"start": 1, "end": 2, "text": " Thank you 👋", "speaker": "SPEAKER_01"},
        {"start": 2, "end": 3, "text": " Tell us about Masakhane.", "speaker": "SPEAKER_00"},
    ]}), encoding="utf-8")
    assert run_cli(capsys, "import", str(project), str(transcript))[0] == 0

    status, out, _err = run_cli(capsys, "speakers", str(project), "--json")
    assert status == 0
    assert [(s["speaker"], s["turns"], s["first_words"]) for s in json.loads(out)] == [
        ("SPEAKER_00", 2, "SPEAKER_00: Welcome, Kathleen."), ("SPEAKER_01", 1, "SPEAKER_01: Thank you 👋")]

    status, out, err = run_cli(
        capsys, "speakers", str(project), "--source", "episode",
        "--rename", "SPEAKER_01=Kathleen Siminyu", "--rename", "SPEAKER_00=Daniel",
        "--case", "Kathleen Siminyu=Masakhane", "--autocode", "Daniel=Roles/Host", "--json")
    assert status == 0, err
    listed = {s["speaker"]: s for s in json.loads(out)}
    assert listed["Kathleen Siminyu"]["cases"] == ["Masakhane"]
    assert "coded 2 passages" in err
    _status, out, _err = run_cli(capsys, "segments", str(project), "--json")
    assert [(s["code"], s["text"]) for s in json.loads(out)] == [
        ("Roles/Host", "SPEAKER_00: Welcome, Kathleen."), ("Roles/Host", "SPEAKER_00: Tell us about Masakhane.")]


def test_speaker_mistakes_are_one_line(tmp_path, capsys):
    project = tmp_path / "s.qcoder"
    run_cli(capsys, "new", str(project), "--codebook", "none", "--coder", "Ann")
    status, _out, err = run_cli(capsys, "speakers", str(project), "--rename", "nobody")
    assert status == 2 and err.count("\n") == 1 and "OLD=NEW" not in err and "NAME=VALUE" in err
    status, _out, err = run_cli(capsys, "speakers", str(project), "--rename", "Ghost=Someone")
    assert status == 2 and "no speaker 'Ghost'" in err and err.count("\n") == 1
