"""The map's figures a researcher cites: a dragged node is one undoable edit, the board says what
it counts and what the codebook expects, and an exported figure can carry an inset of a dense region."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from qcoder.core.usecases.study_settings import study_settings
from qcoder.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).parent))
from forty_organisations import build_forty  # noqa: E402

PLACES = "map.place.geographic."


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    return build_forty(tmp_path_factory.mktemp("forty") / "forty.qcoder")


@pytest.fixture
def forty_map(qtbot, forty, tmp_path, user_settings):
    path = tmp_path / "forty.qcoder"
    shutil.copy(forty, path)
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    window.actions["collaboration_map"].trigger()
    map_window = window.map_window
    map_window.canvases["network"].resize(1400, 700)
    map_window.refresh_current(even_hidden=True)
    yield window, map_window
    window.controller.close_project()


def drag(qtbot, canvas, name: str, by: QPointF) -> QPointF:
    start = canvas.figure.nodes[name].centre
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(canvas, (start + by / 2).toPoint())
    qtbot.mouseMove(canvas, (start + by).toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=(start + by).toPoint())
    return start + by


def test_each_drag_of_a_node_is_one_undoable_edit(forty_map, qtbot):
    window, map_window = forty_map
    canvas = map_window.canvases["network"]
    stack = window.controller.undo_stack
    home = canvas.figure.nodes["Nairobi AI Lab"].centre
    depth = stack.count()
    first = drag(qtbot, canvas, "Nairobi AI Lab", QPointF(0, 60))
    second = drag(qtbot, canvas, "Nairobi AI Lab", QPointF(50, 0))
    assert stack.count() == depth + 2  # one command per drag, not one per mouse move
    assert "Nairobi AI Lab" in stack.text(stack.count() - 1)
    kept = window.controller.read(study_settings, PLACES)[PLACES + "Nairobi AI Lab"]
    assert abs(canvas.figure.nodes["Nairobi AI Lab"].centre.x() - second.x()) < 6

    qtbot.keyClick(map_window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    after_undo = window.controller.read(study_settings, PLACES)[PLACES + "Nairobi AI Lab"]
    assert after_undo != kept
    assert (canvas.figure.nodes["Nairobi AI Lab"].centre - first).manhattanLength() < 8

    stack.undo()  # the first drag: no place kept, the node is back at its city
    assert PLACES + "Nairobi AI Lab" not in window.controller.read(study_settings, PLACES)
    assert (canvas.figure.nodes["Nairobi AI Lab"].centre - home).manhattanLength() < 3

    stack.redo()
    stack.redo()
    assert window.controller.read(study_settings, PLACES)[PLACES + "Nairobi AI Lab"] == kept
    assert (canvas.figure.nodes["Nairobi AI Lab"].centre - second).manhattanLength() < 8
