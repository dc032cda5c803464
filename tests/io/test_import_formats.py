"""Every format through the batch importer: stored text and turns are exactly what the reader
made; unreadable files of every kind get one line each and the rest import."""

from __future__ import annotations

from pathlib import Path

import pytest
from io_documents import (
    ARABIC,
    CHINESE,
    EMOJI,
    WORLD,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    rtf_bytes,
    scanned_pdf_bytes,
    whisper_json,
)

from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns
from qcoder.io import readers
from qcoder.io.importer import import_files
from qcoder.io.readers import read_transcript


def _good_files(folder):
    files = {
        "notes.txt": ("Interviewer: Hi\nParticipant: " + WORLD + "\n").encode("utf-16"),
        "legacy.txt": "Interviewer: Café\r\nParticipant: “naïve”\r\n".encode("cp1252"),
        "talk.md": f"**Ann:** {EMOJI}\n\nmore\n\n**Bob:** \\[00:10\\] {WORLD}\n".encode(),
        "bomless-le.txt": f"{ARABIC}: {CHINESE}\n李明: {WORLD}\n{ARABIC}: {EMOJI}\n".encode("utf-16-le"),
        "bomless-be.txt": f"{ARABIC}: {CHINESE}\n李明: {WORLD}\n{ARABIC}: {EMOJI}\n".encode("utf-16-be"),
        "word.docx": docx_bytes(["Interviewer: Hi", f"Participant: {WORLD}"]),
        "office.odt": odt_bytes(["Interviewer: Hi", f"Participant: {WORLD}"]),
        "old.rtf": rtf_bytes(["Interviewer: Hi", f"Participant: {WORLD}"]),
        "paper.pdf": pdf_bytes([["Interviewer: Hi", f"Participant: {CHINESE}"]]),
        "page.html": f"<p>Interviewer: Hi</p><p>Participant: {WORLD}</p>".encode(),
        "zoom.vtt": f"WEBVTT\n\n00:01.000 --> 00:02.000\nAnn: Hi\n\n00:03.000 --> 00:04.000\nBob: {WORLD}\n".encode(),
        "film.srt": f"1\n00:00:01,000 --> 00:00:02,000\n<v Ann>Hi</v>\n\n2\n00:00:03,000 --> 00:00:04,000\n<v Bob>{WORLD}</v>\n".encode(),
        "whisper.json": whisper_json([(0.0, 1.0, " Hi", "SPEAKER_00"), (1.5, 3.0, f" {WORLD}", "SPEAKER_01")]),
    }
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def test_every_format_imports_with_exact_text_and_turns(empty_project, tmp_path):
    paths = _good_files(tmp_path)
    results = import_files(empty_project, paths)
    assert [r.line() for r in results if not r.ok] == []
    with empty_project.reading() as session:
        stored = {s.original_filename: s for s in list_sources(session)}
        for path, result in zip(paths, results):
            expected = read_transcript(path)
            info = stored[path.name]
            text = source_text(session, info.id)
            assert text == expected.text and "\r" not in text and not text.startswith("\ufeff")
            if path.name.startswith("bomless"):
                assert text == f"{ARABIC}: {CHINESE}\n李明: {WORLD}\n{ARABIC}: {EMOJI}\n"
            assert source_turns(session, info.id) == list(expected.turns)
            assert len(expected.turns) >= 2, path.name
            assert info.kind == expected.kind
            assert result.source_id == info.id and result.turns == len(expected.turns)


MASAKHANE = Path(__file__).resolve().parents[3] / "shared" / "transcripts" / "practical-ai-167-masakhane.md"


@pytest.mark.skipif(not MASAKHANE.is_file(), reason="shared/transcripts is not beside the repository")
def test_the_real_masakhane_transcript_imports_as_readable_text(empty_project):
    result = import_files(empty_project, [MASAKHANE])[0]
    assert result.ok and result.turns == 28
    assert result.speakers == ("Daniel Whitenack", "Chris Benson", "Joyce Nabende", "Kathleen Siminyu")
    with empty_project.reading() as session:
        text = source_text(session, result.source_id)
    assert text.startswith("Daniel Whitenack: Welcome to another episode of Practical AI.")
    assert "Kathleen Siminyu: [04:21] Thank you" in text
    assert "**" not in text and "\\[" not in text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("binary.txt", bytes(range(256)) * 8, "binary"),
        ("scan.pdf", scanned_pdf_bytes(), "no text layer"),
        ("broken.docx", b"PK\x03\x04broken", "not a valid Word document"),
        ("broken.odt", b"not a zip", "not a valid OpenDocument"),
        ("broken.rtf", b"plain words", "not an RTF document"),
        ("broken.json", b"{", "not valid JSON"),
        ("broken.vtt", b"no cues here", "not a WebVTT"),
        ("legacy.doc", b"\xd0\xcf\x11\xe0", "save it as .docx"),
        ("slides.pptx", b"PK", "not supported"),
        ("no-extension", b"text", "not supported"),
    ],
)
def test_a_bad_file_of_each_kind_fails_alone(empty_project, tmp_path, name, data, message):
    good = tmp_path / "good.txt"
    good.write_text("Interviewer: Hi\nParticipant: Hello\n", encoding="utf-8")
    bad = tmp_path / name
    bad.write_bytes(data)
    results = import_files(empty_project, [bad, good])
    assert [r.ok for r in results] == [False, True]
    assert message in results[0].message
    line = results[0].line()
    assert line.startswith(f"FAILED  {name}") and "\n" not in line and "Traceback" not in line
    with empty_project.reading() as session:
        assert [s.name for s in list_sources(session)] == ["good"]


def test_a_huge_file_is_refused_without_being_read(empty_project, tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"Interviewer: words\n" * 100)
    result = import_files(empty_project, [huge])[0]
    assert not result.ok and "too large" in result.message


def test_a_folder_or_a_missing_file(empty_project, tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    results = import_files(empty_project, [folder, tmp_path / "absent.md"])
    assert [r.ok for r in results] == [False, False]
    assert "cannot be read" in results[0].message and "no such file" in results[1].message


def test_a_duplicate_of_a_source_already_in_the_project_is_flagged(empty_project, tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("Interviewer: Hi\nParticipant: Hello\n", encoding="utf-8")
    import_files(empty_project, [first])
    again = tmp_path / "again.md"
    again.write_bytes("Interviewer: Hi\r\nParticipant: Hello\r\n".encode("utf-8-sig"))
    result = import_files(empty_project, [again])[0]
    assert result.ok and result.duplicate_of == ("first",) and "DUPLICATE" in result.line()


def test_progress_is_reported_for_every_file(empty_project, tmp_path):
    paths = _good_files(tmp_path)[:3]
    seen = []
    import_files(empty_project, paths, progress=lambda done, total, name: seen.append((done, total, name)))
    assert seen == [(i + 1, 3, p.name) for i, p in enumerate(paths)]
