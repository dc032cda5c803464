"""Merging two coders' copies of a project: both coders' work, nothing doubled, idempotent."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from qcoder.app.merging import merge_project_files
from qcoder.core.errors import QcoderError
from qcoder.core.ingest.added import undo_ingest
from qcoder.core.lifecycle.backup import list_backups
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.store.models import Attribute, AttributeValue, Case, Code, Coder, Coding, Memo, Source
from qcoder.core.team.merge import merge_into
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.codes import ensure_code_path, recolour_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.sources import find_source

TEXTS = {
    "interview-1": "Interviewer: Why open weights?\nEve: Because the community fine-tunes them.\n",
    "interview-2": "Interviewer: Who helped?\nSam: A university lab shared its cluster time.\n",
}

TABLES = (Coder, Code, Source, Case, Attribute, AttributeValue, Coding, Memo)


def counts(path):
    with Project.open(path, read_only=True) as project, project.reading() as session:
        return {model.__tablename__: session.scalar(select(func.count()).select_from(model)) for model in TABLES}


def code(project, source, path, start, end):
    coder_id = project.coder_id()
    with project.transaction() as session:
        apply_coding(session, find_source(session, source), resolve_code_path(session, path), start, end, coder_id)


@pytest.fixture
def copies(tmp_path):
    """A base study copied to Ann and Bob, each of whom then codes and adds things of their own."""
    base = tmp_path / "base.qcoder"
    with Project.create(base, coder_name="Lead") as project, project.transaction() as session:
        for name, text in TEXTS.items():
            add_source(session, name, text)
        case = add_case(session, "Eve's lab").created_id
        link_source(session, case, find_source(session, "interview-1"))
        set_attribute_value(session, "case", case, "country", "France")
    ann, bob = tmp_path / "ann.qcoder", tmp_path / "bob.qcoder"
    copy_database(base, ann)
    copy_database(base, bob)
    with Project.open(ann, coder_name="Ann") as project:
        code(project, "interview-1", "Lifecycle stage/Post-training", 36, 75)
        code(project, "interview-2", "Lifecycle stage/Pre-training", 30, 71)
        with project.transaction() as session:
            ensure_code_path(session, "Emergent/Compute sharing")
            add_memo(session, "Ann's memo", project.coder_id())
        code(project, "interview-2", "Emergent/Compute sharing", 40, 71)
    with Project.open(bob, coder_name="Bob") as project:
        code(project, "interview-1", "Lifecycle stage/Post-training", 40, 75)
        with project.transaction() as session:
            ensure_code_path(session, "Emergent/Compute sharing")  # same path, another GUID
            add_source(session, "interview-3", "Interviewer: And then?\nKim: We released it.\n")
            add_source(session, "copy of interview-2", TEXTS["interview-2"])  # same text, new GUID
            set_attribute_value(session, "case", session.scalar(select(Case.id)), "country", "Germany")
            recolour_code(session, resolve_code_path(session, "Lifecycle stage/Pre-training"), "#000000")
        code(project, "copy of interview-2", "Emergent/Compute sharing", 40, 71)
        code(project, "interview-3", "Lifecycle stage/Post-release", 23, 43)
    return ann, bob


def test_merge_keeps_both_coders_work_and_doubles_nothing(copies, tmp_path):
    ann, bob = copies
    merged = tmp_path / "merged.qcoder"
    outcome = merge_project_files(ann, bob, out=merged)
    report = outcome.report
    assert report.added["codings"] == 3 and report.added["sources"] == 1 and report.added["coders"] == 1
    assert report.added["codes"] == 0  # "Emergent/Compute sharing" matched by path
    assert report.matched["codes by path"] == 2
    assert report.matched["sources by content hash"] == 1
    kinds = sorted(c.kind for c in report.conflicts)
    assert kinds == ["attribute value", "code"]  # Germany vs France; #000000 vs its colour
    with Project.open(merged, read_only=True) as project, project.reading() as session:
        segments = list_segments(session)
        assert sorted((s.source, s.code, s.coder, s.start) for s in segments) == [
            ("interview-1", "Lifecycle stage/Post-training", "Ann", 36),
            ("interview-1", "Lifecycle stage/Post-training", "Bob", 40),
            ("interview-2", "Emergent/Compute sharing", "Ann", 40),
            ("interview-2", "Emergent/Compute sharing", "Bob", 40),
            ("interview-2", "Lifecycle stage/Pre-training", "Ann", 30),
            ("interview-3", "Lifecycle stage/Post-release", "Bob", 23),
        ]
        assert session.scalar(select(AttributeValue.value)) == "France"  # this project wins
        assert session.scalar(select(func.count()).select_from(Source)) == 3
    assert counts(ann)["codings"] == 3  # the inputs are untouched
    assert not list_backups(merged)


def test_merging_twice_equals_merging_once(copies, tmp_path):
    ann, bob = copies
    merged = tmp_path / "merged.qcoder"
    merge_project_files(ann, bob, out=merged)
    once = counts(merged)
    again = merge_project_files(merged, bob)
    assert again.report.total_added == 0
    assert counts(merged) == once
    assert again.backup is not None and again.backup.is_file()
    # And the other way round: Bob's copy with Ann's work, then Ann's again.
    merge_project_files(bob, ann)
    first = counts(bob)
    assert merge_project_files(bob, ann).report.total_added == 0
    assert counts(bob) == first
    assert first["codings"] == once["codings"]


def test_preview_counts_equal_the_merge_and_write_nothing(copies):
    ann, bob = copies
    before = counts(ann)
    with open(ann, "rb") as handle:
        before_bytes = handle.read()
    preview = merge_project_files(ann, bob, dry_run=True)
    assert counts(ann) == before and open(ann, "rb").read() == before_bytes
    assert not list_backups(ann)
    done = merge_project_files(ann, bob)
    assert done.report.added == preview.report.added
    assert len(done.report.conflicts) == len(preview.report.conflicts)
    assert "3 codings added" in preview.report.summary() and "2 conflicts" in preview.report.summary()


def test_in_place_merge_backs_up_the_state_before(copies):
    ann, bob = copies
    outcome = merge_project_files(ann, bob)
    assert outcome.backup is not None
    con = sqlite3.connect(outcome.backup)
    assert con.execute("select count(*) from codings").fetchone()[0] == 3
    con.close()
    assert counts(ann)["codings"] == 6


def test_a_source_with_the_same_guid_but_another_text_is_a_conflict_and_codings_off_its_words_are_listed(tmp_path):
    a, b = tmp_path / "a.qcoder", tmp_path / "b.qcoder"
    with Project.create(a, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        add_source(session, "s", "one text", guid="11111111-1111-1111-1111-111111111111")
    with Project.create(b, coder_name="Bob", codebook=None) as project:
        bob = project.coder_id()
        with project.transaction() as session:
            source = add_source(session, "s", "another text", guid="11111111-1111-1111-1111-111111111111").created_id
            code_id = ensure_code_path(session, "X").created_id
            apply_coding(session, source, code_id, 0, 7, bob)
    report = merge_project_files(a, b).report
    assert [c.kind for c in report.conflicts] == ["source"]
    assert report.added["codings"] == 0
    assert ["another" in line for line in report.unplaced] == [True]  # its words are not in this text
    with Project.open(a, read_only=True) as project, project.reading() as session:
        assert session.scalar(select(func.count()).select_from(Coding)) == 0


def dump(path):
    connection = sqlite3.connect(path)
    tables = [  # the full-text index's own tables store the same index in another layout after deletes
        r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        if not r[0].startswith(("source_fts", "sqlite_"))
    ]
    data = {t: sorted(map(repr, connection.execute(f'SELECT * FROM "{t}"').fetchall())) for t in tables}
    connection.close()
    return data


def test_undo_merge_removes_exactly_what_was_added_and_redo_puts_it_back(copies):
    ann, bob = copies
    before = dump(ann)
    with Project.open(ann, coder_name="Ann") as ours, Project.open(bob, read_only=True) as theirs:
        with ours.transaction() as session, theirs.reading() as other:
            report = merge_into(session, other)
    merged = dump(ann)
    assert merged != before and report.changes().codings
    with Project.open(ann, coder_name="Ann") as ours:
        with ours.transaction() as session:
            undone = undo_ingest(session, report.added_rows)
    assert dump(ann) == before
    bob.unlink()  # redo does not need the other file
    with Project.open(ann, coder_name="Ann") as ours:
        with ours.transaction() as session:
            undone.undo.play(session)
    assert dump(ann) == merged


def test_refuses_to_merge_a_file_with_itself_or_overwrite(copies, tmp_path):
    ann, bob = copies
    with pytest.raises(QcoderError, match="itself"):
        merge_project_files(ann, ann)
    with pytest.raises(QcoderError, match="already exists"):
        merge_project_files(ann, bob, out=ann)
    with pytest.raises(QcoderError, match="no project"):
        merge_project_files(ann, tmp_path / "missing.qcoder")


def test_saved_queries_follow_codes_matched_under_another_guid(copies, tmp_path):
    from qcoder.core.store.models import SavedQuery
    from qcoder.core.usecases.commands.saved_queries import save_query

    ann, bob = copies
    with Project.open(bob, coder_name="Bob") as project, project.transaction() as session:
        bobs_code = session.scalar(select(Code.guid).where(Code.name == "Compute sharing"))
        save_query(session, "sharing", {"code": bobs_code})
    with Project.open(ann, read_only=True) as project, project.reading() as session:
        anns_code = session.scalar(select(Code.guid).where(Code.name == "Compute sharing"))
    assert anns_code != bobs_code
    report = merge_project_files(ann, bob).report
    assert report.added["saved_queries"] == 1
    with Project.open(ann, read_only=True) as project, project.reading() as session:
        expression = session.scalar(select(SavedQuery.expression))
    assert anns_code in expression and bobs_code not in expression
    assert merge_project_files(ann, bob).report.total_added == 0
