"""The one loop that matches or adds sources for a merge and a REFI-QDA import: by GUID, then (a
merge) by the text's hash; unique names; one bulk add; typed outcomes. And the part of codings
and memos both share: by GUID, then (a merge) by content; GUID claims; adding (real project files)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from qcoder.core.ingest.coding_ingest import CodingIngest
from qcoder.core.ingest.engine import Ingest
from qcoder.core.ingest.incoming import IncomingCoding, IncomingMemo, IncomingSource
from qcoder.core.ingest.memo_ingest import MemoIngest
from qcoder.core.ingest.project_ingest import DropReason, IngestPolicy, Outcome, ProjectIngest
from qcoder.core.ingest.project_value import IncomingText
from qcoder.core.lifecycle.project import Project
from qcoder.core.team.merge_checks import GuidRegister
from qcoder.core.usecases.commands.cases import add_case
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import list_sources, text_sha256

NOW = datetime.now(UTC)
HERE = "Here is the interview.\n"
THERE = "Another interview.\n"


def _project(tmp_path: Path) -> tuple[Project, str, int]:
    project = Project.create(tmp_path / "p.qcoder", coder_name="Ann", codebook=None)
    with project.transaction() as session:
        source_id = add_source(session, "Interview 1", HERE, guid="src-here").created_id
        add_case(session, "Lab")
    assert source_id is not None
    return project, "src-here", source_id


def _row(item: IncomingText, name: str, text: str) -> IncomingSource:
    return IncomingSource(guid=item.guid, name=name, text=text, sha256=item.sha256)


def test_a_merge_matches_by_guid_then_by_text_and_adds_the_rest_under_unique_names(tmp_path):
    project, guid, source_id = _project(tmp_path)
    items = [
        IncomingText(guid, "Interview one", text_sha256(THERE)),  # same GUID, other name and text
        IncomingText("src-2", "Copy", text_sha256(HERE)),  # the text here, under another GUID
        IncomingText("src-3", "Interview 1", text_sha256(THERE)),  # new, with a name taken
        IncomingText("src-4", "Again", text_sha256(THERE)),  # the text of the source just added
    ]
    with project.transaction() as session:
        batch = ProjectIngest(Ingest(session), IngestPolicy()).sources(items, by_text=True)
        assert [n.guid for n in batch.new] == ["src-3"]
        assert batch.outcomes[2].source_id is None  # not added yet
        (new_id,) = batch.add([_row(items[2], batch.new[0].name, THERE)])
    first, second, third, fourth = batch.outcomes
    assert (first.outcome, first.source_id, first.same_text) == (Outcome.MATCHED_BY_GUID, source_id, False)
    assert [(d.field, d.here, d.there) for d in first.differences] == [("name", "Interview 1", "Interview one")]
    assert (second.outcome, second.source_id, second.here_guid) == (Outcome.MATCHED_BY_KEY, source_id, guid)
    assert (third.outcome, third.source_id, third.name, third.renamed) == (Outcome.ADDED, new_id, "Interview 1 (2)", True)
    assert (fourth.outcome, fourth.source_id, fourth.here_guid) == (Outcome.MATCHED_BY_KEY, new_id, "src-3")
    with project.transaction() as session:
        assert sorted(s.name for s in list_sources(session)) == ["Interview 1", "Interview 1 (2)"]


def test_an_import_matches_by_guid_only_folding_case_and_the_same_text_is_told_apart(tmp_path):
    project, guid, source_id = _project(tmp_path)
    items = [IncomingText(guid.upper(), "Interview 1", text_sha256(HERE)),
             IncomingText("SRC-5", "Copy", text_sha256(HERE)),  # the same text: still new without by_text
             IncomingText("src-5", "Copy", text_sha256(THERE))]  # the same GUID again, another text
    with project.transaction() as session:
        batch = ProjectIngest(Ingest(session), IngestPolicy(fold_guid_case=True)).sources(items)
        (new_id,) = batch.add([_row(items[1], "Copy", HERE)])
    first, second, third = batch.outcomes
    assert (first.outcome, first.source_id, first.same_text, first.differences) == (
        Outcome.MATCHED_BY_GUID, source_id, True, ())
    assert (second.outcome, second.renamed) == (Outcome.ADDED, False)
    assert (third.outcome, third.source_id, third.same_text) == (Outcome.MATCHED_BY_GUID, new_id, False)


def test_a_new_source_is_dropped_when_refused_or_its_guid_is_another_kinds(tmp_path):
    project, _, _ = _project(tmp_path)
    with project.transaction() as session:
        case_guid = session.connection().exec_driver_sql("SELECT guid FROM cases").scalar_one()
        items = [IncomingText("src-6", "Broken", "0" * 64), IncomingText(case_guid, "Case-like", text_sha256(THERE))]
        policy = IngestPolicy(guid_claims=GuidRegister(session))
        batch = ProjectIngest(Ingest(session), policy).sources(
            items, by_text=True, refuse_new=lambda i: (DropReason.UNFIT, "has no text") if i.name == "Broken" else None)
        assert batch.add([]) == []
    assert [(o.outcome, o.reason, o.detail, o.source_id) for o in batch.outcomes] == [
        (Outcome.DROPPED, DropReason.UNFIT, "has no text", None),
        (Outcome.DROPPED, DropReason.GUID_CLAIMED, "case", None),
    ]


def test_the_rows_handed_over_must_be_the_new_sources_in_order(tmp_path):
    project, _, _ = _project(tmp_path)
    with project.transaction() as session:
        batch = ProjectIngest(Ingest(session), IngestPolicy()).sources([IncomingText("src-7", "New", text_sha256(THERE))])
        with pytest.raises(ValueError):
            batch.add([])


def test_codings_are_found_by_guid_then_by_content_and_added_in_one_go(tmp_path):
    project, _, source_id = _project(tmp_path)
    with project.transaction() as session:
        ann = ensure_coder(session, "Ann")
        code_id = add_code(session, "Trust").created_id
        assert code_id is not None
        ingest = Ingest(session)
        ingest.add_codings([IncomingCoding("cod-1", source_id, code_id, 0, 4, ann, NOW)])
        merge = CodingIngest(ingest, IngestPolicy(guid_claims=GuidRegister(session)), by_content=True)
        assert merge.find("cod-1", (source_id, code_id, 0, 4, ann))[:2] == (Outcome.MATCHED_BY_GUID, True)
        assert merge.find("cod-1", (source_id, code_id, 0, 5, ann))[:2] == (Outcome.MATCHED_BY_GUID, False)
        assert merge.find("COD-1", (source_id, code_id, 0, 4, ann))[:2] == (Outcome.MATCHED_BY_KEY, True)  # exact GUIDs
        assert merge.find("cod-2", (source_id, code_id, 5, 7, ann)) is None
        assert merge.claim(session.connection().exec_driver_sql("SELECT guid FROM cases").scalar_one()) == "case"
        assert merge.claim("cod-2") is None
        merge.add(IncomingCoding("cod-2", source_id, code_id, 5, 7, ann, NOW))
        assert merge.find("cod-3", (source_id, code_id, 5, 7, ann))[:2] == (Outcome.MATCHED_BY_KEY, True)
        (new_id,) = merge.add_all(want_ids=True)
        imports = CodingIngest(Ingest(session), IngestPolicy(fold_guid_case=True))
        assert imports.find("COD-2")[:2] == (Outcome.MATCHED_BY_GUID, True) and imports.find("cod-9") is None
        assert session.connection().exec_driver_sql(f"SELECT guid FROM codings WHERE id = {new_id}").scalar_one() == "cod-2"


def test_memos_are_found_by_guid_then_by_content_and_a_merge_adds_each_with_its_id(tmp_path):
    project, _, source_id = _project(tmp_path)
    with project.transaction() as session:
        ann = ensure_coder(session, "Ann")
        ingest = Ingest(session)
        ingest.add_memos([IncomingMemo("memo-1", "Ask about trust.", ann, NOW, source_id=source_id)])
        merge = MemoIngest(ingest, IngestPolicy(guid_claims=GuidRegister(session)), by_content=True)
        found = merge.find("memo-1")
        assert found is not None and found.outcome is Outcome.MATCHED_BY_GUID and found.here is not None
        assert found.here[0] == "Ask about trust."  # a merge compares the texts itself
        again = IncomingMemo("memo-2", "Ask about trust.", ann, NOW, source_id=source_id)
        assert merge.find("memo-2", merge.content(again)) == (Outcome.MATCHED_BY_KEY, True, None)
        other = IncomingMemo("memo-3", "Ask about money.", ann, NOW, source_id=source_id)
        assert merge.find("memo-3", merge.content(other)) is None and merge.claim("memo-3") is None
        memo_id = merge.add_one(other)
        assert merge.find("MEMO-4", merge.content(other)) == (Outcome.MATCHED_BY_KEY, True, None)
        imports = MemoIngest(Ingest(session), IngestPolicy(fold_guid_case=True))
        assert imports.find("MEMO-3") is not None and imports.find("memo-5") is None
        imports.add(IncomingMemo("memo-5", "A project memo.", ann, NOW))
        assert imports.find("Memo-5") is not None and imports.add_all() == []
        texts = dict(session.connection().exec_driver_sql("SELECT guid, text FROM memos").all())
    assert memo_id > 0 and texts == {"memo-1": "Ask about trust.", "memo-3": "Ask about money.",
                                     "memo-5": "A project memo."}
