"""The issue's property, on real project files: random edits in one copy against random
overlapping codings in the other — every merged coding covers its words with the edits applied
to them, and merging the edited copy into the unedited one or the other way round gives the
same project (texts, edit histories, codings by GUID with their words)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qcoder.app.merging import merge_project_files
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.reanchoring import TextEdit, apply_edit
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.source_edits import edit_source_text
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import find_source
from tests.core.merge_edit_helpers import content_of, expected_words

WORDS = ["we", "shared", "the", "lab", "Zurich", "😀", "café", "你好", "\n", "compute"]


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]], list[TextEdit]]:
    text = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=14))) + "\n"
    def spans(count: int) -> list[tuple[int, int]]:
        result = []
        for _ in range(count):
            a = draw(st.integers(0, len(text) - 1))
            result.append((a, draw(st.integers(a + 1, len(text)))))
        return result
    before, theirs = spans(draw(st.integers(0, 3))), spans(draw(st.integers(1, 5)))
    edits, current = [], text
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(current)))
        end = draw(st.integers(start, min(len(current), start + 12)))
        edit = TextEdit(start, end, draw(st.sampled_from(["", "x", "Zürich", "the ", "\n", "😀😀"])))
        if apply_edit(current, edit) == current or not apply_edit(current, edit).strip():
            continue
        edits.append(edit)
        current = apply_edit(current, edit)
    return text, before, theirs, edits


def _code(path: Path, coder: str, spans: list[tuple[int, int]], prefix: str) -> None:
    with Project.open(path, coder_name=coder) as project:
        coder_id = project.coder_id()
        with project.transaction() as session:
            source = find_source(session, "s")
            for number, (a, b) in enumerate(spans):  # a code each: no two codings share code and span
                apply_coding(session, source, add_code(session, f"{prefix}{number}").created_id, a, b, coder_id)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_merges_of_edited_and_unedited_copies_in_both_orders_give_the_same_project(case):
    text, before, theirs, edits = case
    with tempfile.TemporaryDirectory() as folder:
        base, edited, unedited = (Path(folder) / f"{name}.qcoder" for name in ("base", "edited", "unedited"))
        with Project.create(base, coder_name="Lead", codebook=None) as project, project.transaction() as session:
            add_source(session, "s", text)
        _code(base, "Lead", before, "lead")
        copy_database(base, edited)
        copy_database(base, unedited)
        with Project.open(edited, coder_name="Ann") as project:
            for edit in edits:
                with project.transaction() as session:
                    edit_source_text(session, find_source(session, "s"), edit.start, edit.end, edit.text)
        _code(unedited, "Bob", theirs, "bob")
        one, two = Path(folder) / "one.qcoder", Path(folder) / "two.qcoder"
        first = merge_project_files(edited, unedited, out=one).report
        second = merge_project_files(unedited, edited, out=two).report
        merged = content_of(one)
        assert merged == content_of(two)
        assert len(first.unplaced) == len(second.unplaced)
        placed = {code: words for _g, _s, code, _c, _a, _b, words in merged["codings"]}
        for prefix, spans in (("lead", before), ("bob", theirs)):
            for number, span in enumerate(spans):
                expected = expected_words(text, span, edits)
                assert placed.get(f"{prefix}{number}") == expected


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.data())
def test_copies_that_both_edited_apart_merge_to_the_same_texts_and_codings_in_both_orders(case, data):
    text, before, theirs, edits = case
    mine = data.draw(st.lists(st.integers(0, len(text)), min_size=1, max_size=2))  # Bob's insertions
    with tempfile.TemporaryDirectory() as folder:
        base, ann, bob = (Path(folder) / f"{name}.qcoder" for name in ("base", "ann", "bob"))
        with Project.create(base, coder_name="Lead", codebook=None) as project, project.transaction() as session:
            add_source(session, "s", text)
        _code(base, "Lead", before, "lead")
        copy_database(base, ann)
        copy_database(base, bob)
        with Project.open(ann, coder_name="Ann") as project:
            for edit in edits:
                with project.transaction() as session:
                    edit_source_text(session, find_source(session, "s"), edit.start, edit.end, edit.text)
        _code(bob, "Bob", theirs, "bob")
        with Project.open(bob, coder_name="Bob") as project:
            for position in sorted(mine, reverse=True):
                with project.transaction() as session:
                    edit_source_text(session, find_source(session, "s"), position, position, "[sic]")
        one, two = Path(folder) / "one.qcoder", Path(folder) / "two.qcoder"
        first = merge_project_files(ann, bob, out=one).report
        second = merge_project_files(bob, ann, out=two).report
        assert bool(first.conflicts) == bool(second.conflicts)
        if not first.conflicts:  # combined: the same texts and codings, whichever way round
            merged, other = content_of(one), content_of(two)
            assert merged["texts"] == other["texts"] and merged["codings"] == other["codings"]
            (combined,) = merged["texts"].values()
            assert combined.count("[sic]") == len(mine) + text.count("[sic]")
