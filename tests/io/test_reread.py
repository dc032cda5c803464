"""A source read again in another encoding: the new text replaces the old, codings kept when they fit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qcoder.core.errors import QcoderError
from qcoder.core.store.models import Memo
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.source_reread import reread_source, swap_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import list_sources, source_text, source_turns
from qcoder.io.importer import import_files
from qcoder.io.parsed import UnreadableFileError
from qcoder.io.reread import ENCODINGS, reread_transcript

TEXT = "Interviewer: Who spoke Yorùbá first?\n\nAdébáyò: My grandmother, in Ìbàdàn.\n\nInterviewer: And then?\n"


def _imported_wrongly(project, tmp_path):
    """A cp1252 file the detector could misread, stored in cp1257 (the mojibake of the issue)."""
    path = tmp_path / "yoruba.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    wrong = TEXT.encode("cp1252").decode("cp1257")
    from qcoder.core.usecases.commands.source_batch import SourceBatch
    from qcoder.io.speakers import detect_turns

    coder = project.coder_id()
    with project.transaction() as session:
        source_id = SourceBatch(session).add("yoruba", wrong, turns=detect_turns(wrong), encoding="cp1257").id
        code = add_code(session, "Language").created_id
        start = wrong.index("Yor")
        apply_coding(session, source_id, code, start, start + 6, coder, memo="the language")
        add_memo(session, "source memo", coder, target="source", target_id=source_id)
        link_source(session, add_case(session, "Family").created_id, source_id)
    return path, source_id


def test_reading_again_in_the_right_encoding_keeps_codings_memos_and_cases(empty_project, tmp_path):
    path, source_id = _imported_wrongly(empty_project, tmp_path)
    parsed = reread_transcript(path, "cp1252")
    assert parsed.text == TEXT and parsed.encoding == "cp1252"
    with empty_project.transaction() as session:
        _changes, old = reread_source(session, source_id, parsed.text, parsed.turns, parsed.encoding)
    with empty_project.reading() as session:
        assert source_text(session, source_id) == TEXT
        [segment] = list_segments(session)
        assert (segment.text, segment.memo) == ("Yorùbá", "the language")
        assert session.execute(select(Memo.text)).scalars().all() == ["source memo"]
        [info] = list_sources(session)
        assert info.encoding == "cp1252" and info.case_ids and info.speakers == ("Interviewer", "Adébáyò")
    # undo: the old source comes back exactly; redo: the new one again
    with empty_project.transaction() as session:
        _changes, new = swap_source(session, source_id, old)
    with empty_project.reading() as session:
        assert source_text(session, source_id) == TEXT.encode("cp1252").decode("cp1257")
        assert [t.speaker for t in source_turns(session, source_id)] == ["Interviewer", "Adébįyņ", "Interviewer"]
    with empty_project.transaction() as session:
        swap_source(session, source_id, new)
    with empty_project.reading() as session:
        assert source_text(session, source_id) == TEXT
        assert [t.speaker for t in source_turns(session, source_id)] == ["Interviewer", "Adébáyò", "Interviewer"]


def test_a_text_of_another_length_is_refused_when_passages_are_coded(empty_project, tmp_path):
    path, source_id = _imported_wrongly(empty_project, tmp_path)
    with pytest.raises(UnreadableFileError, match="not utf-8 text"):
        reread_transcript(path, "utf-8")
    longer = TEXT + "More.\n"
    with empty_project.transaction() as session, pytest.raises(QcoderError, match="would no longer fit"):
        reread_source(session, source_id, longer, (), "cp1252")
    with empty_project.reading() as session:
        assert source_text(session, source_id) == TEXT.encode("cp1252").decode("cp1257")


def test_an_uncoded_source_may_change_length(empty_project, tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes("**Ann:** café\n\n**Bo:** thé\n".encode())
    [result] = import_files(empty_project, [path])
    parsed = reread_transcript(path, "cp1252")  # UTF-8 bytes read as cp1252: longer, mojibake
    assert parsed.text == "Ann: cafÃ©\n\nBo: thÃ©\n"
    with empty_project.transaction() as session:
        reread_source(session, result.source_id, parsed.text, parsed.turns, parsed.encoding)
    with empty_project.reading() as session:
        assert source_text(session, result.source_id) == parsed.text


def test_only_text_files_and_known_encodings():
    assert ("cp1252", "Windows-1252 (Western Europe, Americas, Africa)") in ENCODINGS
    with pytest.raises(UnreadableFileError, match="only plain-text and Markdown"):
        reread_transcript(__import__("pathlib").Path("x.docx"), "cp1252")
