"""``qcoder media`` and ``sources --json`` with recordings, in a folder with an awkward name."""

from __future__ import annotations

import json
import shutil

from tests.cli.test_cli_commands import assert_one_line_error, run_cli
from tests.recordings import TRANSCRIPT, write_wav


def _project_with_source(tmp_path, capsys):
    folder = tmp_path / "Team 1 & “quotes” ü"
    folder.mkdir()
    project = folder / "study.qcoder"
    (folder / "amara interview.txt").write_text(TRANSCRIPT, encoding="utf-8")
    assert run_cli(capsys, "new", str(project), "--coder", "Ann", "--codebook", "none")[0] == 0
    assert run_cli(capsys, "import", str(project), str(folder / "amara interview.txt"), "--coder", "Ann")[0] == 0
    return folder, project


def _media(capsys, project):
    status, out, _err = run_cli(capsys, "sources", str(project), "--json")
    assert status == 0
    return json.loads(out)[0]["media"]


def test_link_show_move_and_unlink(tmp_path, capsys):
    folder, project = _project_with_source(tmp_path, capsys)
    (folder / "recordings").mkdir()
    write_wav(folder / "recordings" / "amara.wav", seconds=3)
    assert _media(capsys, project) is None
    status, _out, err = run_cli(capsys, "media", str(project), "amara interview", str(folder / "recordings" / "amara.wav"))
    assert status == 0 and "linked audio recordings/amara.wav, 3.0 s" in err
    assert _media(capsys, project) == {"path": "recordings/amara.wav", "kind": "audio", "duration_ms": 3000, "found": True}

    moved = tmp_path / "moved"
    shutil.move(str(folder), str(moved))
    assert _media(capsys, moved / "study.qcoder")["found"] is True
    (moved / "recordings" / "amara.wav").unlink()
    assert _media(capsys, moved / "study.qcoder")["found"] is False

    status, _out, err = run_cli(capsys, "media", str(moved / "study.qcoder"), "amara interview", "--unlink")
    assert status == 0 and "unlinked recordings/amara.wav" in err
    assert _media(capsys, moved / "study.qcoder") is None


def test_mistakes_are_one_line(tmp_path, capsys):
    folder, project = _project_with_source(tmp_path, capsys)
    (folder / "notes.txt").write_text("not audio", encoding="utf-8")
    for argv in (
        ("media", str(project), "amara interview", str(folder / "notes.txt")),
        ("media", str(project), "amara interview", str(folder / "missing.wav")),
        ("media", str(project), "nobody", str(write_wav(folder / "x.wav", 1))),
        ("media", str(project), "amara interview"),
    ):
        status, _out, err = run_cli(capsys, *argv)
        assert status != 0
        assert_one_line_error(err)
    assert _media(capsys, project) is None
