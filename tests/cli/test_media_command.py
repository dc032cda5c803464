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
    assert _media(capsys, project) == {"path": "recordings/amara.wav", "kind": "audio", "duration_ms": 3000, "found": True,
                                      "embedded": False}

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


def test_a_copy_kept_in_the_project_travels_with_it(tmp_path, capsys):
    folder, project = _project_with_source(tmp_path, capsys)
    write_wav(folder / "amara.wav", seconds=2)
    status, _out, err = run_cli(capsys, "media", str(project), "amara interview", str(folder / "amara.wav"), "--embed")
    assert status == 0 and "kept in the project" in err
    assert _media(capsys, project)["embedded"] is True
    # the project alone, sent to a teammate: the recording comes out of its .qdpx
    alone = tmp_path / "teammate"
    alone.mkdir()
    shutil.copy(project, alone / "study.qcoder")
    status, _out, _err = run_cli(capsys, "export", str(alone / "study.qcoder"), "--format", "qdpx-media",
                                 "--out", str(alone / "with media.qdpx"))
    assert status == 0
    import zipfile
    with zipfile.ZipFile(alone / "with media.qdpx") as archive:
        (entry,) = [n for n in archive.namelist() if n.endswith(".wav")]
        assert archive.read(entry) == (folder / "amara.wav").read_bytes()
    status, _out, err = run_cli(capsys, "media", str(project), "amara interview", "--no-embed")
    assert status == 0 and _media(capsys, project)["embedded"] is False
    status, _out, err = run_cli(capsys, "media", str(project), "amara interview", "--unlink", "--embed")
    assert status != 0
    assert_one_line_error(err)
