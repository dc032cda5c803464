"""The ingest engine that both a merge and a REFI-QDA import go through: matching, adding in bulk,
recording what was added, and taking exactly that back (real project files in tmp_path)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from qcoder.core.ingest.added import AddedRows, added_changes, remove_added, restore_removed, undo_ingest
from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import (
    IncomingCoding,
    IncomingMemo,
    IncomingRecording,
    IncomingSource,
    IncomingTurn,
    IncomingValue,
)
from qcoder.core.ingest.matching import Match, Matcher
from qcoder.core.ingest.names import claim_unique_name, unique_name
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import (
    Attribute,
    AttributeValue,
    Case,
    Code,
    Coder,
    Coding,
    Memo,
    Source,
    SourceMedia,
    SourceText,
    SpeakerTurn,
    case_sources,
)
from qcoder.core.team.merge import merge_into
from qcoder.core.usecases.commands.cases import add_case
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import text_sha256
from qcoder.io.refi_qda import export_qdpx, import_refi
from tests.core.core_helpers import make_project

TEXT = "Amara: We trained it on shared compute.\nBo: And released the weights.\n"
TABLES = (Coder, Code, Case, Attribute, Source, SourceText, SpeakerTurn, SourceMedia, Coding, Memo, AttributeValue)
WHEN = datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=UTC)


def everything(session):
    """Every row of the tables an ingest writes, as plain tuples (ids included)."""
    rows = {model.__tablename__: sorted(tuple(r) for r in session.execute(select(*model.__table__.columns)))
            for model in TABLES}
    rows["case_sources"] = sorted(tuple(r) for r in session.execute(select(case_sources)))
    return rows


def test_names_are_made_unique_by_one_rule():
    assert unique_name("Interview", set()) == "Interview"
    assert unique_name("Interview", {"Interview", "Interview (2)"}) == "Interview (3)"
    taken = {"a"}
    assert [claim_unique_name("a", taken) for _ in range(3)] == ["a (2)", "a (3)", "a (4)"]


def test_a_matcher_finds_by_guid_before_its_key_and_folds_case_when_asked():
    matcher = Matcher([(1, "AAAA", "Ann"), (2, "bbbb", "Bo")], fold_case=True)
    assert matcher.find("aaaa", "Bo") == (1, Match.GUID)  # the GUID wins over the name
    assert matcher.find("cccc", "Bo") == (2, Match.KEY)
    assert matcher.find("cccc", "Cy") is None
    matcher.add_key(3, "Cy")
    assert matcher.find("dddd", "Cy") == (3, Match.KEY) and matcher.by_guid_only("dddd") is None
    assert Matcher([(1, "AAAA", "Ann")]).find("aaaa", "x") is None  # exact GUIDs unless folded


def test_an_ingest_adds_rows_records_them_and_its_undo_removes_exactly_those(tmp_path):
    with Project.create(tmp_path / "p.qcoder", coder_name="Ann", codebook=None) as project:
        with project.transaction() as session:  # work of the project's own, which must stay
            own_source = add_source(session, "own", "Own text.\n").created_id
            own_case = add_case(session, "Lab").created_id
            add_code(session, "help")
        with project.reading() as session:
            before = everything(session)
        with project.transaction() as session:
            ingest = Ingest(session)
            coder = ingest.add_coder("0a0a0a0a-0000-4000-8000-000000000001", "Bo", "#112233")
            code = ingest.add_code("0a0a0a0a-0000-4000-8000-000000000002", None, "compute", "#445566", "", True, 5)
            case = ingest.add_case("0a0a0a0a-0000-4000-8000-000000000003", "Amara's lab", "")
            (source,) = ingest.add_sources([IncomingSource(
                guid="0a0a0a0a-0000-4000-8000-000000000004", name="amara", text=TEXT, sha256=text_sha256(TEXT),
                imported_at=WHEN, turns=(IncomingTurn(0, 40, "Amara", 0), IncomingTurn(40, len(TEXT), "Bo")),
                recording=IncomingRecording("0a0a0a0a-0000-4000-8000-000000000005", "amara.wav", "audio"),
            )])
            ids = ingest.add_codings([
                IncomingCoding(f"0a0a0a0a-0000-4000-8000-1000000000{n:02}", source, code, n, n + 5, coder, WHEN)
                for n in range(20)
            ], want_ids=True)
            ingest.add_memos([IncomingMemo("0a0a0a0a-0000-4000-8000-000000000006", "a memo", coder, WHEN, source)])
            ingest.add_values([IncomingValue(_attribute(session, ingest), case, None, "France")])
            ingest.add_links([(case, source), (own_case, own_source)])
            added = ingest.added()
            changes = added_changes(session, added)
        assert len(ids) == 20 and changes.codings == frozenset(ids) and changes.code_tree
        assert changes.sources == {source, own_source} and changes.cases == {case, own_case}
        with project.reading() as session:  # the bulk path stores what the ORM reads back
            coding = session.scalar(select(Coding).where(Coding.id == ids[0]))
            assert (coding.created_at.replace(tzinfo=UTC), coding.exemplar, coding.memo) == (WHEN, False, None)
            turns = select(func.count()).select_from(SpeakerTurn).where(SpeakerTurn.source_id == source)
            assert session.scalar(turns) == 2
            after = everything(session)
        assert dict(added.guids)["codings"][0].endswith("100000000000") and added.values and len(added.links) == 2

        with project.transaction() as session:
            undone, removed = remove_added(session, added)
        assert undone.codings == frozenset(ids) and undone.sources == {source}
        with project.reading() as session:
            now = everything(session)
        assert now == before  # the project's own rows, matched or not, were never touched
        with project.transaction() as session:
            restore_removed(session, removed)
        with project.reading() as session:
            assert everything(session) == after  # the same ids and GUIDs again


def _attribute(session, ingest: Ingest) -> int:
    return ingest.add_attribute("0a0a0a0a-0000-4000-8000-000000000007", "country", "text", "case")


def test_the_bulk_cache_is_given_back(tmp_path):
    with Project.create(tmp_path / "p.qcoder", coder_name="Ann", codebook=None) as project:
        with project.transaction() as session:
            ingest = Ingest(session)
            size = session.connection().exec_driver_sql("PRAGMA cache_size").scalar()
            with ingest.bulk_cache():
                assert session.connection().exec_driver_sql("PRAGMA cache_size").scalar() == -65536
            assert session.connection().exec_driver_sql("PRAGMA cache_size").scalar() == size


def _merge_and_undo(project: Project, copy: Path) -> AddedRows:
    with project.transaction() as session:
        with Project.open(copy, read_only=True) as theirs, theirs.reading() as other:
            report = merge_into(session, other)
    with project.transaction() as session:
        undo_ingest(session, report.added_rows)
    return report.added_rows


def _import_and_undo(project: Project, qdpx: Path) -> AddedRows:
    rows = import_refi(project, qdpx).added_rows
    with project.transaction() as session:
        remove_added(session, rows)
    return rows


def test_a_merged_copy_and_its_refi_export_are_ingested_alike(tmp_path):
    """The same project brought in twice — merged as a .qcoder, imported as a .qdpx — adds the
    same coders, codes, sources and codings with the same GUIDs, and each undo leaves nothing."""
    copy = make_project(tmp_path / "bo.qcoder", coder="Bo", codings=3)
    qdpx = tmp_path / "bo.qdpx"
    with Project.open(copy, read_only=True) as project:
        export_qdpx(project, qdpx)
    added = {}
    for way, ingest_and_undo, other in (("merge", _merge_and_undo, copy), ("refi", _import_and_undo, qdpx)):
        with Project.create(tmp_path / f"{way}.qcoder", coder_name="Ann", codebook=None) as project:
            with project.reading() as session:
                empty = everything(session)
            rows = ingest_and_undo(project, other)
            with project.reading() as session:
                assert everything(session) == empty
        added[way] = {table: set(guids) for table, guids in rows.guids}
    assert added["merge"] == added["refi"]
    assert len(added["merge"]["codings"]) == 3 and added["merge"]["sources"] and added["merge"]["codes"]
