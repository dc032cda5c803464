"""Every kind of edit, undone, redone and undone again through the window's undo stack, leaves
the database exactly as it was before the edit (and exactly as after it, once redone).

The tables are compared whole, row by row, read through the project's own session. Only the
optimistic ``version``/``edited_by`` of a code, case or memo may differ: an undo is an edit too,
and raises them so that other coders' stale views notice (``qcoder.core.store.versions``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF, Qt
from sqlalchemy import select
from sqlalchemy.orm import Session

from qcoder.core.changes import Changes
from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Base
from qcoder.core.usecases.commands.case_edits import set_case_attribute, set_case_sources
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.organisation_edits import edit_organisation
from qcoder.core.usecases.commands.saved_queries import save_query
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.media import media_of
from qcoder.core.usecases.queries.memos import list_memos
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io.refi_qda import export_qdpx
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
from qcoder.ui.commands.media_commands import EmbedMediaCommand, SetTurnTimesCommand
from qcoder.ui.commands.memo_commands import AddMemoCommand, EditMemoCommand
from qcoder.ui.commands.organisation_commands import (
    CaseEditCommand,
    EditOrganisationCommand,
    RenameCaseCommand,
    mention_organisation,
)
from qcoder.ui.commands.query_commands import DeleteQueryCommand, SaveQueryCommand, UpdateQueryCommand
from tests.recordings import write_wav

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


def assert_round_trip(window: Any, edit: Callable[[], object]) -> None:
    """``edit`` pushes one undo step; undo, redo, undo leave the tables exactly as before/after."""
    controller, stack = window.controller, window.controller.undo_stack
    before = controller.read(dump)
    count = stack.count()
    edit()
    assert stack.count() == count + 1, "one edit, one undo step"
    after = controller.read(dump)
    assert after != before, "the edit changed nothing"
    stack.undo()
    assert controller.read(dump) == before
    stack.redo()
    assert controller.read(dump) == after
    stack.undo()
    assert controller.read(dump) == before


@pytest.mark.parametrize("kind", list(EDITS))
def test_undo_redo_undo_restores_the_database_exactly(window, kind):
    study = Study(window)
    assert_round_trip(window, lambda: EDITS[kind](study))


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


def _other_project(folder: Path) -> Path:
    """Another coder's project: a source, a code, a passage coded, a memo and a case."""
    folder.mkdir()
    path = folder / "bo.qcoder"
    with Project.create(path, coder_name="Bo", codebook=None) as other:
        coder = other.coder_id()
        with other.transaction() as session:
            source = add_source(session, "bo interview", "Interviewer: Who helped? 🚀\nBo: The 你好 lab did.\n").created_id
            code = add_code(session, "Helpers", colour="#123456").created_id
            apply_coding(session, source, code, 33, 39, coder)
            add_memo(session, "a lab", coder, target="code", target_id=code)
            case = add_case(session, "Bo's lab").created_id
            link_source(session, case, source)
    return path


def test_a_merge_from_the_window_undoes_and_redoes_exactly(window, tmp_path):
    Study(window)
    other = _other_project(tmp_path / "bo")
    assert_round_trip(window, lambda: window.team.merge_path(other, confirm=False))
    assert window.controller.undo_stack.redoText() == "Merge bo.qcoder"


def test_a_refi_import_from_the_window_undoes_and_redoes_exactly(window, qtbot, tmp_path):
    Study(window)
    qdpx = tmp_path / "bo.qdpx"
    with Project.open(_other_project(tmp_path / "bo")) as other:
        export_qdpx(other, qdpx)

    def import_it() -> None:
        with qtbot.waitSignal(window.exchange.imported, timeout=30_000):
            assert window.exchange.import_path(qdpx)

    assert_round_trip(window, import_it)
    assert window.controller.undo_stack.redoText() == "Import bo.qdpx"


@pytest.mark.parametrize("case", ["Masakhane", "Lab"])
def test_linking_a_speaker_to_a_case_undoes_and_redoes_exactly(window, qtbot, case):
    """A new case is created and removed again on undo; an existing one only gets its links."""
    from qcoder.ui.dialogs.speaker_review_dialog import SpeakerReviewDialog

    study = Study(window)
    dialog = SpeakerReviewDialog(window.controller, [study.source], window)
    qtbot.addWidget(dialog)
    assert_round_trip(window, lambda: dialog.link_case("Amara", case))
    assert window.controller.undo_stack.redoText() == f"Link speaker “Amara” to case “{case}”"


def _link_recording(window: Any, source: int) -> None:
    folder = window.controller.project.path.parent
    write_wav(folder / "amara.wav", seconds=2)
    assert window.media.link_file(source, str(folder / "amara.wav"))


def test_linking_a_recording_undoes_and_redoes_exactly(window):
    study = Study(window)
    assert_round_trip(window, lambda: _link_recording(window, study.source))
    assert window.controller.undo_stack.redoText() == "Link recording"


def test_keeping_a_copy_of_the_recording_and_unlinking_it_undo_and_redo_exactly(window):
    """Unlinking drops the copy kept inside the project; undo puts the link and the copy back."""
    study = Study(window)
    controller = window.controller
    _link_recording(window, study.source)
    data = (controller.project.path.parent / "amara.wav").read_bytes()
    assert_round_trip(window, lambda: controller.push(EmbedMediaCommand(controller, study.source, data)))
    controller.undo_stack.redo()
    assert controller.read(media_of, study.source).embedded
    window.document.show_source(study.source)
    assert_round_trip(window, lambda: window.actions["unlink_media"].trigger())
    assert controller.undo_stack.redoText() == "Unlink recording"
    assert controller.read(media_of, study.source).embedded


def test_dragging_a_node_on_the_map_undoes_and_redoes_exactly(window, qtbot):
    study = Study(window)
    study.push(EditOrganisationCommand(study.controller, "EleutherAI", org_type="non-profit", country="US",
                                       source_ids=[study.source]))
    window.actions["collaboration_map"].trigger()
    canvas = window.map_window.canvases["network"]
    canvas.resize(1200, 700)
    window.map_window.refresh_current(even_hidden=True)
    start = canvas.figure.nodes["EleutherAI"].centre

    def drag() -> None:
        qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start.toPoint())
        qtbot.mouseMove(canvas, (start + QPointF(20, 30)).toPoint())
        qtbot.mouseMove(canvas, (start + QPointF(40, 60)).toPoint())
        qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=(start + QPointF(40, 60)).toPoint())

    assert_round_trip(window, drag)
    assert window.controller.undo_stack.redoText() == "Move “EleutherAI” on the map"
    assert (canvas.figure.nodes["EleutherAI"].centre - start).manhattanLength() < 3
