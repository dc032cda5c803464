"""Positions stay exact for any Unicode text: spans survive the document view's Qt positions
(UTF-16) both ways, and merging two coders' copies (QDPX export/import is covered by
tests/io/refi_qda/test_roundtrip_property.py, the bare conversion by tests/ui/test_text_positions.py)."""

from __future__ import annotations

import sqlite3
import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcoder.app.merging import merge_project_files
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source

# Any character a transcript may hold once imported: no CR (texts are stored with LF), no lone
# surrogates (not text); astral emoji, combining marks, joiners, RTL scripts and tabs included.
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\ufeff")
SPICE = st.sampled_from(["😀", "👩🏽‍💻", "e\u0301", "مرحبا", "שלום", "你好", "𝔘", "\n", "\t", "\u200d", "🇳🇴"])
TEXTS = st.lists(st.one_of(CHARACTERS, SPICE), min_size=1, max_size=40).map("".join)


@st.composite
def text_and_spans(draw):  # type: ignore[no-untyped-def]
    text = draw(TEXTS)
    pairs = st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted)
    spans = draw(st.lists(pairs.filter(lambda p: p[0] < p[1]), min_size=1, max_size=5))
    return text, spans


def _shown(selected: str) -> str:
    """Qt's selectedText() writes each line break as U+2029."""
    return selected.replace("\u2029", "\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text_and_spans())
def test_spans_survive_the_document_view_both_ways(qapp, case):
    from qcoder.ui.document.document_view import DocumentView

    text, spans = case
    view = DocumentView()
    try:
        view.show_source(1, text, [], [], {}, {})
        assert view.document().characterCount() - 1 == len(text.encode("utf-16-le")) // 2
        for start, end in spans:
            view.select_span(start, end)  # code points in, Qt positions inside
            assert view.selected_span() == (start, end)
            assert _shown(view.textCursor().selectedText()) == text[start:end]
            # And a selection made in Qt's units (as by the mouse) reads back as the same text.
            cursor = view.textCursor()
            qt_start, qt_end = cursor.selectionStart(), cursor.selectionEnd()
            cursor.setPosition(qt_end)
            cursor.setPosition(qt_start, cursor.MoveMode.KeepAnchor)  # selected backwards
            view.setTextCursor(cursor)
            assert view.selected_span() == (start, end)
    finally:
        view.deleteLater()


def _coded_texts(path: Path) -> list[tuple[str, str, int, int, str]]:
    """Every coding as (code, coder, start, end, the text it covers)."""
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute(
            'SELECT k.name, c.name, g.start, g."end", t.text FROM codings g JOIN codes k ON k.id = g.code_id '
            "JOIN coders c ON c.id = g.coder_id JOIN source_texts t ON t.source_id = g.source_id"
        ).fetchall()
    finally:
        connection.close()
    return sorted((code, coder, start, end, text[start:end]) for code, coder, start, end, text in rows)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text_and_spans(), st.data())
def test_spans_of_any_text_survive_merging(case, data):
    text, ours_spans = case
    theirs_spans = data.draw(st.lists(
        st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted).filter(lambda p: p[0] < p[1]),
        min_size=1, max_size=5))
    with tempfile.TemporaryDirectory() as folder:
        base, ours, theirs, merged = (Path(folder) / f"{n}.qcoder" for n in ("base", "ours", "theirs", "merged"))
        with Project.create(base, coder_name="Lead", codebook=None) as project, project.transaction() as s:
            add_source(s, "interview", text)
            add_code(s, "Code")
        copy_database(base, ours)
        copy_database(base, theirs)
        for path, coder, spans in ((ours, "Ann", ours_spans), (theirs, "Ben", theirs_spans)):
            with Project.open(path, coder_name=coder) as project:
                coder_id = project.coder_id()
                with project.transaction() as s:
                    for start, end in spans:
                        apply_coding(s, 1, 1, start, end, coder_id)
        merge_project_files(ours, theirs, out=merged)
        result = _coded_texts(merged)
        mine = _coded_texts(ours)
        new = set(_coded_texts(theirs)) - set(mine)  # a copy's duplicate of one span comes once
        assert Counter(result) == Counter(mine) + Counter(new)
        assert all(covered == text[start:end] for _code, _coder, start, end, covered in result)
