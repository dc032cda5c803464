"""SQLite itself enforces the model's foreign keys, CHECK constraints and cascades.

These go around the use cases on purpose: whatever code writes to the file (an importer, a
merge, a migration, a future team server), the database refuses a bad span or a dangling id.
"""

from __future__ import annotations

import sqlite3

import pytest
from core_helpers import run
from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import IntegrityError

from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.models import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Memo,
    Source,
    SourceText,
    SpeakerTurn,
    case_sources,
)
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.sources import add_source

FOUNDATION_TABLES = (
    "coders", "sources", "source_texts", "speaker_turns", "codes", "codings", "cases",
    "case_sources", "attributes", "attribute_values", "memos", "project_meta",
)


@pytest.fixture
def filled(empty_project):
    """One source with a turn, a coding, a memo, a case link and an attribute value."""
    project = empty_project
    coder = project.coder_id()
    source = run(project, add_source, "s", "Ann: some text here",
                 turns=(TurnInfo(0, 19, "Ann"),)).created_id
    code = run(project, add_code, "C").created_id
    coding = run(project, apply_coding, source, code, 5, 9, coder).created_id
    run(project, add_memo, "memo", coder, target="source", target_id=source)
    case = run(project, add_case, "Org").created_id
    run(project, link_source, case, source)
    run(project, set_attribute_value, "source", source, "language", "en")
    run(project, set_attribute_value, "case", case, "type", "SME")
    return project, {"coder": coder, "source": source, "code": code, "coding": coding, "case": case}


def _insert_coding(session, **values):
    row = {"guid": "g-" + str(values), "exemplar": False, **values}
    session.execute(Coding.__table__.insert(), [row])


@pytest.mark.parametrize("span", [(5, 5), (9, 5), (-1, 4)])
def test_a_bad_coding_span_is_refused_by_sqlite(filled, span):
    project, ids = filled
    with pytest.raises(IntegrityError, match="CHECK constraint failed"):
        with project.transaction() as session:
            _insert_coding(session, source_id=ids["source"], code_id=ids["code"], coder_id=ids["coder"],
                           start=span[0], end=span[1])


@pytest.mark.parametrize("column", ["code_id", "source_id", "coder_id"])
def test_a_dangling_id_is_refused_by_sqlite(filled, column):
    project, ids = filled
    values = {"source_id": ids["source"], "code_id": ids["code"], "coder_id": ids["coder"], "start": 0, "end": 2}
    values[column] = 4242
    with pytest.raises(IntegrityError, match="FOREIGN KEY constraint failed"):
        with project.transaction() as session:
            _insert_coding(session, **values)


def test_a_bad_turn_span_and_an_attribute_value_with_two_owners_are_refused(filled):
    project, ids = filled
    with pytest.raises(IntegrityError, match="CHECK"):
        with project.transaction() as session:
            session.execute(SpeakerTurn.__table__.insert(),
                            [{"source_id": ids["source"], "start": 5, "end": 2, "speaker": "X"}])
    with pytest.raises(IntegrityError, match="CHECK"):
        with project.transaction() as session:
            attribute = session.scalar(select(Attribute.id))
            session.execute(AttributeValue.__table__.insert(), [
                {"attribute_id": attribute, "case_id": ids["case"], "source_id": ids["source"], "value": "x"}
            ])


def test_guids_are_unique(filled):
    project, ids = filled
    with pytest.raises(IntegrityError, match="UNIQUE"):
        with project.transaction() as session:
            guid = session.scalar(select(Code.guid).where(Code.id == ids["code"]))
            session.add(Code(name="twin", guid=guid))


def _count(session, model_or_table, *where) -> int:
    query = select(func.count()).select_from(model_or_table)
    for condition in where:
        query = query.where(condition)
    return session.scalar(query)


def _assert_source_gone_with_everything(project, source_id: int, case_id: int) -> None:
    with project.reading() as session:
        assert _count(session, Source) == 0
        assert _count(session, SourceText) == 0
        assert _count(session, SpeakerTurn) == 0
        assert _count(session, Coding) == 0
        assert _count(session, Memo) == 0
        assert _count(session, case_sources) == 0
        assert _count(session, AttributeValue, AttributeValue.source_id == source_id) == 0
        # What belongs to others stays: the case, its own value, the code, the coder.
        assert _count(session, Case) == 1
        assert _count(session, AttributeValue, AttributeValue.case_id == case_id) == 1
        assert _count(session, Code) == 1 and _count(session, Coder) == 1


def test_deleting_a_source_in_sql_cascades_to_everything_of_it(filled):
    project, ids = filled
    with project.transaction() as session:
        session.execute(delete(Source).where(Source.id == ids["source"]))
    _assert_source_gone_with_everything(project, ids["source"], ids["case"])


def test_deleting_a_source_through_the_orm_cascades_too(filled):
    project, ids = filled
    with project.transaction() as session:
        session.delete(session.get(Source, ids["source"]))
    _assert_source_gone_with_everything(project, ids["source"], ids["case"])


def test_deleting_a_case_keeps_its_sources(filled):
    project, ids = filled
    with project.transaction() as session:
        session.execute(delete(Case).where(Case.id == ids["case"]))
    with project.reading() as session:
        assert _count(session, Source) == 1
        assert _count(session, case_sources) == 0
        assert _count(session, AttributeValue, AttributeValue.case_id.is_not(None)) == 0


def test_a_coder_with_codings_cannot_vanish(filled):
    project, ids = filled
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        with project.transaction() as session:
            session.execute(delete(Coder).where(Coder.id == ids["coder"]))


def test_a_connection_without_the_pragma_would_not_enforce_foreign_keys(filled, project_path):
    """Why the pragma matters: plain sqlite3 ignores foreign keys, the project's engine does not."""
    project, _ids = filled
    raw = sqlite3.connect(project_path)
    try:
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 0
    finally:
        raw.close()
    with project.reading() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_every_cascading_foreign_key_of_the_foundation_is_indexed(empty_project, project_path):
    """ON DELETE CASCADE scans the child table unless the child column leads an index."""
    raw = sqlite3.connect(project_path)
    missing = []
    try:
        for table in FOUNDATION_TABLES:
            leading = {
                raw.execute(f"PRAGMA index_info('{index[1]}')").fetchone()[2]
                for index in raw.execute(f"PRAGMA index_list('{table}')")
            }
            primary = sorted((row for row in raw.execute(f"PRAGMA table_info('{table}')") if row[5]),
                             key=lambda row: row[5])
            if primary:
                leading.add(primary[0][1])
            for fk in raw.execute(f"PRAGMA foreign_key_list('{table}')"):
                if fk[6] == "CASCADE" and fk[3] not in leading:
                    missing.append(f"{table}.{fk[3]}")
    finally:
        raw.close()
    assert missing == []


def test_a_source_text_is_immutable_in_the_file_itself(filled):
    project, ids = filled
    for statement in (
        "UPDATE source_texts SET text = 'rewritten' WHERE source_id = :id",
        "UPDATE sources SET characters = 3 WHERE id = :id",
        "UPDATE sources SET sha256 = 'x' WHERE id = :id",
    ):
        with pytest.raises(Exception, match="immutable"):
            with project.transaction() as session:
                session.execute(text(statement), {"id": ids["source"]})
    with project.transaction() as session:  # renaming a source is fine
        session.execute(text("UPDATE sources SET name = 'renamed' WHERE id = :id"), {"id": ids["source"]})
        session.execute(text("UPDATE source_texts SET text = text WHERE source_id = :id"), {"id": ids["source"]})
    with project.reading() as session:
        assert session.scalar(select(SourceText.text)) == "Ann: some text here"
