"""Importing a batch: a bad file in the middle gets its own message, the rest import, nothing
already in the project is touched, and nothing is half-written."""

from __future__ import annotations

import pytest

from qcoder.core.snapshots import TurnInfo
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns
from qcoder.io import readers
from qcoder.io.decoding import decode_text
from qcoder.io.importer import import_files
from qcoder.io.parsed import ParsedTranscript

GOOD_1 = "Interviewer: How did it start? 🚀\nAnn: With a hackathon.\n"
GOOD_2 = "Interviewer: And then?\r\nBob: We trained the model.\r\n"


@pytest.fixture
def existing(empty_project):
    """A project that already holds a coded source."""
    project = empty_project
    coder = project.coder_id()  # its own transaction: never inside another one
    with project.transaction() as session:
        source = add_source(session, "Earlier", "Kept exactly as it was.").created_id
        code = add_code(session, "Kept").created_id
        apply_coding(session, source, code, 0, 4, coder)
    with project.reading() as session:
        before = (list_sources(session), list_segments(session))
    return project, before


def _files(tmp_path):
    paths = {
        "good1": tmp_path / "one.txt",
        "binary": tmp_path / "picture.txt",
        "good2": tmp_path / "two.md",
        "unsupported": tmp_path / "slides.pptx",
        "missing": tmp_path / "absent.txt",
        "empty": tmp_path / "blank.txt",
    }
    paths["good1"].write_text(GOOD_1, encoding="utf-8")
    paths["binary"].write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    paths["good2"].write_bytes(GOOD_2.encode("utf-16"))
    paths["unsupported"].write_bytes(b"PK\x03\x04 not really")
    paths["empty"].write_bytes(b"  \n")
    return paths


def test_bad_files_in_the_middle_do_not_stop_the_batch(existing, tmp_path):
    project, (sources_before, segments_before) = existing
    paths = _files(tmp_path)
    order = ["good1", "binary", "good2", "unsupported", "missing", "empty"]
    seen: list[tuple[int, int, str]] = []
    results = import_files(project, [paths[key] for key in order],
                           progress=lambda done, total, name: seen.append((done, total, name)))
    assert [r.path for r in results] == [str(paths[key]) for key in order]
    assert [r.ok for r in results] == [True, False, True, False, False, False]
    failures = {key: r for key, r in zip(order, results) if not r.ok}
    assert "binary" in failures["binary"].message
    assert "not supported" in failures["unsupported"].message or "cannot" in failures["unsupported"].message
    assert "no such file" in failures["missing"].message
    assert "empty" in failures["empty"].message
    for result in failures.values():
        assert "\n" not in result.line() and result.line().startswith("FAILED")
    assert [step[0] for step in seen] == [1, 2, 3, 4, 5, 6]

    with project.reading() as session:
        sources = {s.name: s for s in list_sources(session)}
        assert set(sources) == {"Earlier", "one", "two"}
        assert source_text(session, sources["one"].id) == GOOD_1
        assert source_text(session, sources["two"].id) == GOOD_2.replace("\r\n", "\n")
        stored_turns = source_turns(session, sources["one"].id)
        # Nothing that was there before changed.
        assert [s for s in list_sources(session) if s.name == "Earlier"] == sources_before
        assert list_segments(session) == segments_before
    ok = {r.source_name: r for r in results if r.ok}
    # What the batch reports is what was stored (speaker detection itself is tested elsewhere).
    assert ok["one"].characters == len(GOOD_1)
    assert ok["one"].turns == len(stored_turns)
    assert ok["one"].speakers == tuple(dict.fromkeys(t.speaker for t in stored_turns))


def test_a_reader_crash_is_one_failure(existing, tmp_path, monkeypatch):
    project, _before = existing
    good = tmp_path / "good.txt"
    good.write_text("A: one\nB: two\n", encoding="utf-8")
    crashing = tmp_path / "crash.text"
    crashing.write_text("whatever", encoding="utf-8")

    def explode(data: bytes, name: str) -> ParsedTranscript:
        raise ValueError("library bug")

    monkeypatch.setitem(readers.READERS, ".text", explode)
    results = import_files(project, [crashing, good])
    assert [r.ok for r in results] == [False, True]
    assert "library bug" in results[0].message


def test_a_file_that_fails_while_stored_leaves_nothing_half_written(existing, tmp_path, monkeypatch):
    """The source row is inserted before its turns; a turn the database refuses must take
    the source with it (a SAVEPOINT per file) while the other files are kept."""
    project, _before = existing
    first, broken, last = (tmp_path / f"{name}.text" for name in ("first", "broken", "last"))
    for path in (first, broken, last):
        path.write_text(f"{path.stem}: some words\nOther: more words\n", encoding="utf-8")

    def reader(data: bytes, name: str) -> ParsedTranscript:
        text = decode_text(data, name)
        if name == "broken.text":
            return ParsedTranscript(text, (TurnInfo(0, 3, None),))  # type: ignore[arg-type]
        return ParsedTranscript(text, (TurnInfo(0, 5, "first"), TurnInfo(6, 10, "Other")))

    monkeypatch.setitem(readers.READERS, ".text", reader)
    results = import_files(project, [first, broken, last])
    assert [r.ok for r in results] == [True, False, True]
    assert "could not be stored" in results[1].message
    with project.reading() as session:
        names = sorted(s.name for s in list_sources(session))
    assert names == ["Earlier", "first", "last"]


def test_duplicates_are_imported_but_flagged(empty_project, tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Same words.\n", encoding="utf-8")
    b = tmp_path / "sub"
    b.mkdir()
    copy = b / "a.txt"
    copy.write_bytes("Same words.\r\n".encode("utf-16"))
    results = import_files(empty_project, [a, copy])
    assert all(r.ok for r in results)
    assert results[1].source_name == "a (2)"
    assert results[1].duplicate_of == ("a",)
    assert "already" in results[1].message


def test_cancelling_reports_the_rest_as_not_imported(empty_project, tmp_path):
    paths = []
    for index in range(3):
        path = tmp_path / f"f{index}.txt"
        path.write_text(f"text {index}\n", encoding="utf-8")
        paths.append(path)
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 1

    results = import_files(empty_project, paths, cancelled=cancelled)
    assert [r.ok for r in results] == [True, False, False]
    assert all("cancelled" in r.message for r in results[1:])
    with empty_project.reading() as session:
        assert [s.name for s in list_sources(session)] == ["f0"]
