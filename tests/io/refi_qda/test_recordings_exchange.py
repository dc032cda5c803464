"""Sources with recordings through REFI-QDA: written as AudioSource/VideoSource with a timed
Transcript (valid against the schema), read back as transcripts linked to their recordings,
with the same codings, turn times and GUIDs — the recordings inside the .qdpx when asked."""

from __future__ import annotations

import zipfile

from lxml import etree

from qcoder.core.ingest.added import remove_added, restore_removed
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.media import media_by_source
from qcoder.core.usecases.queries.sources import list_sources, source_turns
from qcoder.io.importer import import_files
from qcoder.io.refi_qda import export_qdpx, import_refi
from tests.core.core_helpers import read, run
from tests.recordings import TRANSCRIPT, write_wav

NS = {"q": "urn:QDA-XML:project:1.0"}


def _recorded_project(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "amara.txt").write_text(TRANSCRIPT, encoding="utf-8")
    write_wav(folder / "amara.wav", seconds=8)
    (folder / "plain.txt").write_text("Ann: a transcript without recording.\nBob: indeed.\n", encoding="utf-8")
    project = Project.create(folder / "study.qcoder", coder_name="Ann")
    import_files(project, [folder / "amara.txt", folder / "plain.txt"])
    sources = {s.name: s for s in read(project, list_sources)}
    code_id = run(project, add_code, "Compute partnerships").created_id
    start = TRANSCRIPT.index("A public lab")
    run(project, apply_coding, sources["amara"].id, code_id, start, start + 30, project.coder_id(), memo="key moment")
    run(project, apply_coding, sources["plain"].id, code_id, 0, 4, project.coder_id())
    return project, sources, start


def test_export_writes_a_valid_timed_transcript(tmp_path):
    project, sources, start = _recorded_project(tmp_path / "a")
    out = tmp_path / "a.qdpx"
    report = export_qdpx(project, out)  # validated against the schema before it is written
    assert report.written["recordings"] == 1
    with zipfile.ZipFile(out) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        assert not any(name.endswith(".wav") for name in archive.namelist())
    audio = root.find(".//q:AudioSource", NS)
    assert audio.get("guid") == sources["amara"].guid
    assert audio.get("path").startswith("absolute://") and audio.get("path").endswith("/amara.wav")
    transcript = audio.find("q:Transcript", NS)
    points = {p.get("guid"): p for p in transcript.findall("q:SyncPoint", NS)}
    timed = sorted((int(p.get("position")), int(p.get("timeStamp"))) for p in points.values() if p.get("timeStamp"))
    assert timed == [(0, 0), (TRANSCRIPT.index("[00:00:04]"), 4000)]
    (selection,) = transcript.findall("q:TranscriptSelection", NS)
    assert int(points[selection.get("fromSyncPoint")].get("position")) == start
    assert int(points[selection.get("toSyncPoint")].get("position")) == start + 30
    assert selection.find("q:NoteRef", NS) is not None
    assert len(root.findall(".//q:TextSource", NS)) == 1  # the source without a recording stays text
    project.close()


def test_round_trip_with_the_recording_inside(tmp_path):
    project, sources, _start = _recorded_project(tmp_path / "a")
    out = tmp_path / "with media.qdpx"
    export_qdpx(project, out, with_media=True)
    before = sorted((s.source, s.start, s.end, s.memo) for s in read(project, list_segments))
    project.close()
    with zipfile.ZipFile(out) as archive:
        assert any(name.endswith(".wav") for name in archive.namelist())
    (tmp_path / "a" / "amara.wav").unlink()  # only the copy inside the .qdpx is left

    (tmp_path / "b").mkdir()
    other = Project.create(tmp_path / "b" / "copy.qcoder", coder_name="Bea")
    report = import_refi(other, out)
    assert report.added["recordings"] == 1, report.lines()
    after = sorted((s.source, s.start, s.end, s.memo) for s in read(other, list_segments))
    assert after == before
    imported = {s.name: s for s in read(other, list_sources)}
    assert imported["amara"].guid == sources["amara"].guid
    (link,) = read(other, media_by_source).values()
    assert link.path == "copy recordings/amara.wav" and (tmp_path / "b" / "copy recordings" / "amara.wav").is_file()
    times = [t.time_ms for t in read(other, source_turns, imported["amara"].id)]
    assert times[0] == 0 and times[2] == 4000

    # undo and redo of the import take the link with them and bring it back
    with other.transaction() as session:
        _changes, removed = remove_added(session, report.added_rows)
    assert read(other, media_by_source) == {}
    with other.transaction() as session:
        restore_removed(session, removed)
    assert len(read(other, media_by_source)) == 1
    other.close()


def test_a_recording_that_cannot_be_found_is_reported(tmp_path):
    project, _sources, _start = _recorded_project(tmp_path / "a")
    out = tmp_path / "links only.qdpx"
    export_qdpx(project, out)
    project.close()
    (tmp_path / "a" / "amara.wav").unlink()
    (tmp_path / "b").mkdir()
    other = Project.create(tmp_path / "b" / "copy.qcoder", coder_name="Bea")
    report = import_refi(other, out)
    assert any("recording of 'amara'" in line for line in report.lines())
    assert read(other, media_by_source) == {}
    assert len(read(other, list_segments)) == 2  # the transcript and its codings still arrive
    other.close()
