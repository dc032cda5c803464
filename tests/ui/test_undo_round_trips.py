"""Every kind of edit, undone, redone and undone again through the window's undo stack, leaves
the database exactly as it was before the edit (and exactly as after it, once redone).

The tables are compared whole, row by row, read through the project's own session. Only the
optimistic ``version``/``edited_by`` of a code, case or memo may differ: an undo is an edit too,
and raises them so that other coders' stale views notice (``qcoder.core.store.versions``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.store.models import Base
from qcoder.core.usecases.commands.case_edits import set_case_attribute, set_case_sources
from qcoder.core.usecases.commands.cases import add_case
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.organisation_edits import edit_organisation
from qcoder.core.usecases.commands.saved_queries import save_query
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.commands.bulk_coding_commands import BulkCodingCommand
from qcoder.ui.commands.code_commands import (
    AddCodeCommand,
    DeleteCodeCommand,
    DescribeCodeCommand,
    MergeCodesCommand,
    MoveCodeCommand,
    RecolourCodeCommand,
    RenameCodeCommand,
)
from qcoder.ui.commands.coding_commands import (
    ApplyCodingCommand,
    RemoveCodingCommand,
    ResizeCodingCommand,
    SetCodingMemoCommand,
    SetExemplarCommand,
)
from qcoder.ui.commands.import_commands import AutocodeSpeakerCommand, ImportSourcesCommand, MergeSpeakersCommand
from qcoder.ui.commands.media_commands import SetTurnTimesCommand
from qcoder.ui.commands.memo_commands import AddMemoCommand, EditMemoCommand
from qcoder.ui.commands.organisation_commands import (
    CaseEditCommand,
    EditOrganisationCommand,
    RenameCaseCommand,
    mention_organisation,
)
from qcoder.ui.commands.query_commands import DeleteQueryCommand, SaveQueryCommand, UpdateQueryCommand

_MOVING = frozenset({"version", "edited_by"})


def dump(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order, without the version columns."""
    tables = {}
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if c.name not in _MOVING]
        rows = session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        tables[table.name] = [tuple(row) for row in rows]
    return tables


class Study:
    """Ids of a small study in the window's project: a source, codes, codings, a memo, a case."""

    def __init__(self, window: Any) -> None:
        controller = window.controller
        self.window, self.controller = window, controller
        self.source = controller.read(list_sources)[0].id
        coder = controller.coder_id()
        self.coder = coder
        self.group = controller.run(add_code, "Stage", codable=False).created_id
        self.code = controller.run(add_code, "Pre-training", parent_id=self.group).created_id
        self.other = controller.run(add_code, "Post-training", parent_id=self.group).created_id
        self.child = controller.run(add_code, "Data", parent_id=self.code).created_id
        self.coding = controller.run(apply_coding, self.source, self.code, 0, 11, coder, memo="first").created_id
        controller.run(apply_coding, self.source, self.other, 0, 11, coder)
        controller.run(apply_coding, self.source, self.child, 14, 30, coder)
        self.memo = controller.run(add_memo, "about pre-training", coder, target="code", target_id=self.code).created_id
        self.case = controller.run(add_case, "Lab").created_id
        self.query = controller.run(save_query, "exemplars", {"exemplar": True}).created_id

    def push(self, command: Any) -> None:
        self.controller.push(command)


EDITS: dict[str, Callable[[Study], None]] = {
    "apply coding": lambda s: s.push(ApplyCodingCommand(s.controller, s.source, s.other, 20, 40, "Post-training")),
    "remove coding": lambda s: s.push(RemoveCodingCommand(s.controller, s.coding, "Pre-training")),
    "resize coding": lambda s: s.push(ResizeCodingCommand(s.controller, s.coding, 2, 25)),
    "flag exemplar": lambda s: s.push(SetExemplarCommand(s.controller, s.coding, True)),
    "passage memo": lambda s: s.push(SetCodingMemoCommand(s.controller, s.coding, "second thoughts")),
    "add code": lambda s: s.push(AddCodeCommand(s.controller, "Release", s.group)),
    "rename code": lambda s: s.push(RenameCodeCommand(s.controller, s.code, "Pretraining")),
    "recolour code": lambda s: s.push(RecolourCodeCommand(s.controller, s.code, "#112233")),
    "describe code": lambda s: s.push(DescribeCodeCommand(s.controller, s.code, "Before any tuning.")),
    "move code": lambda s: s.push(MoveCodeCommand(s.controller, s.code, None, 0)),
    "merge codes": lambda s: s.push(MergeCodesCommand(s.controller, s.code, s.other)),
    "delete code": lambda s: s.push(DeleteCodeCommand(s.controller, s.code)),
    "add memo": lambda s: s.push(AddMemoCommand(s.controller, "on the source", "source", s.source)),
    "edit memo": lambda s: s.push(EditMemoCommand(s.controller, s.memo, "edited")),
    "save query": lambda s: s.push(SaveQueryCommand(s.controller, "flagged", {"exemplar": True})),
    "change query": lambda s: s.push(UpdateQueryCommand(s.controller, s.query, "renamed", {"exemplar": True}, "d")),
    "delete query": lambda s: s.push(DeleteQueryCommand(s.controller, s.query, "exemplars")),
    "case attribute": lambda s: s.push(CaseEditCommand(s.controller, "Lab", "Attribute", set_case_attribute,
                                                       "country", "NO", "text")),
    "case sources": lambda s: s.push(CaseEditCommand(s.controller, "Lab", "Sources", set_case_sources, [s.source])),
    "rename case": lambda s: s.push(RenameCaseCommand(s.controller, s.case, "Lab", "Laboratory")),
    "new organisation": lambda s: s.push(EditOrganisationCommand(
        s.controller, "EleutherAI", org_type="non-profit", country="US", source_ids=[s.source])),
    "edit organisation": lambda s: s.push(CaseEditCommand(
        s.controller, "Lab", "Organisation", edit_organisation, org_type="large enterprise", interviewed=True)),
    "mention organisation": lambda s: mention_organisation(s.controller, s.source, 30, 45, "Hugging Face"),
    "code all hits": lambda s: s.push(BulkCodingCommand(
        s.controller, s.other, [(s.source, 1, 5), (s.source, 50, 60)], "Post-training")),
    "autocode speaker": lambda s: s.push(AutocodeSpeakerCommand(s.controller, "Amara", s.other, "Post-training")),
    "rename speaker": lambda s: s.push(MergeSpeakersCommand(s.controller, ["Amara"], "Amara K.")),
    "turn times": lambda s: s.push(SetTurnTimesCommand(s.controller, s.source, {0: 1500}, "Set the turn's time")),
    "import transcripts": lambda s: s.push(ImportSourcesCommand(s.controller, [s.controller.run(
        add_source, "second", "Ann: a second interview.\n").created_id])),
    "in-vivo code": lambda s: (s.window.document.view.select_span(52, 60), s.window.coding.in_vivo()),
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_undo_redo_undo_restores_the_database_exactly(window, kind):
    study = Study(window)
    controller, stack = window.controller, window.controller.undo_stack
    before = controller.read(dump)
    count = stack.count()
    EDITS[kind](study)
    assert stack.count() == count + 1, "one edit, one undo step"
    after = controller.read(dump)
    assert after != before, "the edit changed nothing"
    stack.undo()
    assert controller.read(dump) == before
    stack.redo()
    assert controller.read(dump) == after
    stack.undo()
    assert controller.read(dump) == before


def test_undo_texts_are_what_the_user_reads(window):
    study = Study(window)
    stack = window.controller.undo_stack
    mention_organisation(window.controller, study.source, 30, 45, "Hugging Face")
    assert stack.undoText() == "Mention “Hugging Face”"
    study.push(RenameCodeCommand(window.controller, study.code, "Pretraining"))
    assert stack.undoText() == "Rename “Pre-training” to “Pretraining”"
    study.push(DeleteQueryCommand(window.controller, study.query, "exemplars"))
    assert stack.undoText() == "Delete query “exemplars”"
    stack.undo()
    assert stack.redoText() == "Delete query “exemplars”"


def test_a_composite_edit_that_fails_part_way_leaves_nothing(window):
    """In-vivo coding of a span that no longer fits takes back the code it created first."""
    study = Study(window)
    controller = window.controller
    before = controller.read(dump)
    count = controller.undo_stack.count()
    window.document.view.select_span(52, 60)
    outside = controller.read(list_sources)[0].characters + 5
    window.document.view.selected_span = lambda: (52, outside)  # type: ignore[method-assign]
    assert not window.coding.in_vivo()
    assert controller.read(dump) == before and controller.undo_stack.count() == count
    assert study.code in {c.id for c in controller.read(list_codes)}


def test_an_undo_after_another_coders_edit_is_refused_and_keeps_theirs(window, monkeypatch):
    """Undo of a memo edit is refused once someone else edited the memo since (versions)."""
    from PySide6.QtWidgets import QMessageBox

    from qcoder.core.usecases.commands.memos import edit_memo

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _w, _t, text: shown.append(text)))
    study = Study(window)
    controller = window.controller
    study.push(EditMemoCommand(controller, study.memo, "mine"))
    controller.project.write(edit_memo, study.memo, "theirs", seen_version=None)  # as if from elsewhere
    controller.project.own_versions = type(controller.project.own_versions)()  # not made by this window
    refused = []
    controller.edit_refused.connect(refused.append)
    controller.undo_stack.undo()
    assert refused and "meanwhile" in refused[0] and shown == refused
    assert [m.text for m in controller.read(list_memos) if m.id == study.memo] == ["theirs"]
    assert [c.name for c in controller.read(list_cases)] == ["Lab"]


@pytest.mark.parametrize("action", ["accept", "remove"])
def test_undoing_a_resolved_disagreement_restores_the_database_exactly(window, action):
    """A redo resolves again (new copies, a new record), so only the undos are compared exactly."""
    from qcoder.core.usecases.commands.coders import ensure_coder
    from qcoder.ui.commands.team_commands import ResolveDisagreementCommand

    study = Study(window)
    controller, stack = window.controller, window.controller.undo_stack
    bob = controller.run(lambda session: (Changes(), ensure_coder(session, "Bob")))[1]
    controller.run(apply_coding, study.source, study.code, 2, 11, bob)
    before = controller.read(dump)
    study.push(ResolveDisagreementCommand(
        controller, study.source, study.code, 0, 11, (study.coder, bob), action,
        accepted_coder_id=study.coder if action == "accept" else None, accepted_name="Ann",
    ))
    assert controller.read(dump) != before
    stack.undo()
    assert controller.read(dump) == before
    stack.redo()
    assert controller.read(dump) != before
    stack.undo()
    assert controller.read(dump) == before
