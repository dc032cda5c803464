"""In the window: an edit made while another coder changed the same code is refused with a
message, the tree shows the other's change, and the undo stack stays usable."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code, rename_code
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.ui.commands.code_commands import RecolourCodeCommand
from tests.server.server_window import open_window, seed


def test_a_rename_refused_because_bea_renamed_first(qtbot, pg_url, tmp_path, monkeypatch):
    _source, code = seed(pg_url)
    window = open_window(qtbot, pg_url, tmp_path)
    shown: list[str] = []
    try:
        other = window.controller.run(add_code, "Data").created_id
        window.controller.push(RecolourCodeCommand(window.controller, other, "#AA0000"))

        def bea_renames_while_ann_types(*_args, **_kwargs):
            with Project.open(pg_url, coder_name="Bea") as bea:
                bea.write(rename_code, code, "Compute (Bea)")
            return "Compute (Ann)", True

        monkeypatch.setattr(QInputDialog, "getText", staticmethod(bea_renames_while_ann_types))
        monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _w, _t, text: shown.append(text)))
        window.codes.select_code(code)
        depth = window.controller.undo_stack.count()
        window.code_tree.rename()

        assert shown == ["Bea changed this code meanwhile (it is now “Compute (Bea)”); your change was not applied"]
        assert [c.name for c in window.controller.read(list_codes) if c.id == code] == ["Compute (Bea)"]
        qtbot.waitUntil(lambda: window.codes.model.code(code).name == "Compute (Bea)", timeout=3000)
        assert window.controller.undo_stack.count() == depth, "the refused edit is not on the undo stack"
        window.controller.undo_stack.undo()  # Ann's own earlier edit still undoes
        assert window.codes.model.code(other).colour != "#AA0000"
        window.controller.undo_stack.redo()
        assert [c.colour for c in window.controller.read(list_codes) if c.id == other] == ["#AA0000"]
        # Now seeing Bea's name, Ann renames it.
        monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a, **_k: ("Compute (Ann)", True)))
        window.code_tree.rename()
        assert [c.name for c in window.controller.read(list_codes) if c.id == code] == ["Compute (Ann)"]
        assert len(shown) == 1
    finally:
        window.controller.close_project()


def test_undo_after_bea_changed_the_code_is_refused_and_leaves_the_history(qtbot, pg_url, tmp_path, monkeypatch):
    _source, code = seed(pg_url)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _w, _t, text: shown.append(text)))
    window = open_window(qtbot, pg_url, tmp_path)
    stack = window.controller.undo_stack
    try:
        other = window.controller.run(add_code, "Data").created_id
        window.controller.push(RecolourCodeCommand(window.controller, other, "#AA0000"))
        window.controller.push(RecolourCodeCommand(window.controller, code, "#00AA00"))
        assert stack.count() == 2
        with Project.open(pg_url, coder_name="Bea") as bea:
            bea.write(rename_code, code, "Compute (Bea)")
        stack.undo()
        assert shown == ["Bea changed this code meanwhile (it is now “Compute (Bea)”); your change was not applied"]
        [now] = [c for c in window.controller.read(list_codes) if c.id == code]
        assert (now.name, now.colour) == ("Compute (Bea)", "#00AA00"), "Bea's rename and Ann's colour both stand"
        assert stack.count() == 1 and stack.index() == 1, "the refused step left the history; the rest is intact"
        stack.undo()
        assert [c.colour for c in window.controller.read(list_codes) if c.id == other] != ["#AA0000"]
    finally:
        window.controller.close_project()


def test_several_own_edits_of_one_code_undo_and_redo_without_conflict(qtbot, pg_url, tmp_path, monkeypatch):
    """Undoing a later edit raises the version too: the window's own versions are no conflict."""
    from qcoder.ui.commands.code_commands import DescribeCodeCommand, RenameCodeCommand

    _source, code = seed(pg_url)
    window = open_window(qtbot, pg_url, tmp_path)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _w, _t, text: shown.append(text)))
    stack = window.controller.undo_stack

    def state():
        [now] = [c for c in window.controller.read(list_codes) if c.id == code]
        return now.name, now.colour, now.description

    try:
        original = state()
        window.controller.push(RenameCodeCommand(window.controller, code, "Compute (Ann)"))
        window.controller.push(RecolourCodeCommand(window.controller, code, "#00AA00"))
        window.controller.push(DescribeCodeCommand(window.controller, code, "Shared GPUs"))
        done = state()
        for _ in range(3):
            stack.undo()
        assert state() == original
        for _ in range(3):
            stack.redo()
        assert state() == done
        stack.undo()
        stack.undo()
        with Project.open(pg_url, coder_name="Bea") as bea:
            bea.write(rename_code, code, "Compute (Bea)")
        stack.undo()  # would put back the original name over Bea's: refused
        assert shown and shown[0].startswith("Bea changed this code meanwhile")
        assert state()[0] == "Compute (Bea)" and stack.count() == 2
        assert not stack.canUndo()
    finally:
        window.controller.close_project()
