"""Linking recordings to sources, turn times (own and estimated), without Qt."""

from __future__ import annotations

import shutil

import pytest

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.media_paths import resolve_media_path, sibling_media, stored_media_path
from qcoder.core.snapshots import TurnInfo
from qcoder.core.turn_times import time_at, timed_turns, turn_index_at_time
from qcoder.core.usecases.commands.media import link_media, set_turn_times, unlink_media
from qcoder.core.usecases.queries.media import MediaLink, media_by_source, media_of, shifted_turn_times
from qcoder.core.usecases.queries.sources import list_sources, source_turns
from qcoder.io.importer import import_files
from qcoder.io.media_probe import media_duration_ms
from tests.core.core_helpers import read, run
from tests.recordings import TRANSCRIPT, write_wav


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "Team #1 ünï 🎧"
    folder.mkdir()
    return folder


def test_import_links_the_recording_beside_the_transcript(folder):
    (folder / "amara.txt").write_text(TRANSCRIPT, encoding="utf-8")
    write_wav(folder / "amara.wav", seconds=6)
    (folder / "other.txt").write_text("Ann: no recording here.\n", encoding="utf-8")
    with Project.create(folder / "study.qcoder", coder_name="Ann") as project:
        results = import_files(project, [folder / "amara.txt", folder / "amara.wav", folder / "other.txt"])
        assert [r.ok for r in results] == [True, True, True], [r.line() for r in results]
        assert results[0].media == "amara.wav" and "recording linked: amara.wav" in results[0].message
        assert results[2].media is None
        links = read(project, media_by_source)
        (_source_id, link), = links.items()
        assert link.path == "amara.wav" and link.kind == "audio" and link.duration_ms == 6000


def test_a_lone_recording_in_a_batch_is_explained_not_imported(folder):
    write_wav(folder / "lonely.wav", seconds=1)
    with Project.create(folder / "study.qcoder", coder_name="Ann") as project:
        (result,) = import_files(project, [folder / "lonely.wav"])
        assert not result.ok and "recording, not a transcript" in result.message
        assert read(project, list_sources) == []


def test_links_are_relative_so_a_moved_folder_keeps_them(tmp_path, folder):
    recordings = folder / "audio"
    recordings.mkdir()
    write_wav(recordings / "a.wav", seconds=1)
    project_file = folder / "study.qcoder"
    stored = stored_media_path(project_file, recordings / "a.wav")
    assert stored == "audio/a.wav"
    moved = tmp_path / "moved elsewhere"
    shutil.move(str(folder), str(moved))
    assert resolve_media_path(moved / "study.qcoder", stored).is_file()
    assert stored_media_path(project_file, tmp_path / "x.wav") == "../x.wav"
    assert resolve_media_path(None, "/abs/x.wav").as_posix() == "/abs/x.wav"


def test_sibling_media_matches_the_stem_only(folder):
    (folder / "ann.docx").write_bytes(b"")
    write_wav(folder / "ann.wav", seconds=1)
    write_wav(folder / "annabel.wav", seconds=1)
    assert sibling_media(folder / "ann.docx") == folder / "ann.wav"
    assert sibling_media(folder / "bob.docx") is None


def test_duration_and_refusals(folder):
    assert media_duration_ms(write_wav(folder / "t.wav", seconds=2.5)) == 2500
    (folder / "fake.mp3").write_bytes(b"not audio at all" * 10)
    with pytest.raises(QcoderError, match="could not be read as a recording"):
        media_duration_ms(folder / "fake.mp3")
    with pytest.raises(QcoderError, match="not a recording"):
        media_duration_ms(folder / "notes.txt")
    with pytest.raises(QcoderError, match="does not exist"):
        media_duration_ms(folder / "missing.wav")


def test_link_relink_unlink_and_turn_times(folder):
    (folder / "amara.txt").write_text(TRANSCRIPT, encoding="utf-8")
    with Project.create(folder / "study.qcoder", coder_name="Ann") as project:
        import_files(project, [folder / "amara.txt"])
        (source,) = read(project, list_sources)
        assert read(project, media_of, source.id) is None
        run(project, link_media, MediaLink(source.id, "a.wav", "audio", 1000))
        run(project, link_media, MediaLink(source.id, "b.mp4", "video", None))
        link = read(project, media_of, source.id)
        assert (link.path, link.kind, link.duration_ms) == ("b.mp4", "video", None) and link.guid
        with pytest.raises(QcoderError):
            run(project, link_media, MediaLink(source.id, "c.txt", "text", None))
        run(project, unlink_media, source.id)
        assert read(project, media_of, source.id) is None

        turns = read(project, source_turns, source.id)
        assert [t.time_ms for t in turns] == [0, None, 4000, None]
        run(project, set_turn_times, source.id, {turns[1].start: 1500})
        shifted = read(project, shifted_turn_times, source.id, 500)
        run(project, set_turn_times, source.id, shifted)
        assert [t.time_ms for t in read(project, source_turns, source.id)] == [500, 2000, 4500, None]
        with pytest.raises(QcoderError):
            run(project, set_turn_times, source.id, {turns[1].start + 1: 10})


def test_estimated_times_interpolate_between_known_ones():
    turns = [TurnInfo(0, 10, "A", 0), TurnInfo(10, 30, "B"), TurnInfo(30, 50, "A", 6000), TurnInfo(50, 130, "B")]
    timed = timed_turns(turns, characters=130, duration_ms=16000)
    assert [(t.time_ms, t.estimated) for t in timed] == [(0, False), (2000, True), (6000, False), (8000, True)]
    assert time_at(turns, 130, 80, 16000) == 11000
    assert turn_index_at_time(timed, 6500) == 2 and turn_index_at_time(timed, 0) == 0
    # without a length, the pace of the timed turns carries on after the last one
    assert timed_turns(turns, 130)[3].time_ms == 10000
    # nothing timed and no length: nothing to estimate from
    assert [t.time_ms for t in timed_turns([TurnInfo(0, 5, "A"), TurnInfo(5, 9, "B")], 9)] == [None, None]
    # nothing timed but a length: spread evenly over the recording
    assert [t.time_ms for t in timed_turns([TurnInfo(0, 5, "A"), TurnInfo(5, 10, "B")], 10, 10000)] == [0, 5000]
