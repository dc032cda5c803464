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


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory):
    from qcoder.io.sample_study import build_sample_project

    return build_sample_project(tmp_path_factory.mktemp("built") / "sample.qcoder")


@pytest.fixture
def sample_board(qtbot, built_sample, tmp_path, user_settings):
    path = tmp_path / "sample.qcoder"
    shutil.copy(built_sample, path)
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Alex"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    window.actions["collaboration_map"].trigger()
    map_window = window.map_window
    map_window.tabs.setCurrentIndex(1)
    yield window, map_window
    window.controller.close_project()


def test_the_board_caption_says_what_it_counts_as_the_filters_change(sample_board):
    window, map_window = sample_board
    canvas = map_window.canvases["lifecycle"]
    every = canvas.figure.caption()
    assert "all coders' codings" in every and "agreement" not in every
    total = sum(i.passages for c in canvas.figure.board.columns for i in c.items)

    map_window.filters.consensus.choose("all")  # as a researcher picks it in the Filters tab
    agreed = canvas.figure.caption()
    assert "coded by all coders" in agreed and "agreement" in agreed
    assert sum(i.passages for c in canvas.figure.board.columns for i in c.items) < total

    map_window.filters.consensus.choose(None)
    coders = [map_window.filters.coder.itemText(i) for i in range(map_window.filters.coder.count())]
    map_window.filters.coder.setCurrentText(coders[1])
    assert f"passages {coders[1]} coded (one coder's codings only)" in canvas.figure.caption()

    map_window.filters.coder.setCurrentText(coders[0])
    map_window.filters.consensus.choose("all")
    map_window.tabs.setCurrentIndex(2)  # the matrix says it too
    assert "passages coded by all coders (the coders' agreement)" in map_window.canvases["matrix"].figure.whose()


def test_the_board_shows_the_codebook_definitions_and_stage_hints(sample_board, tmp_path):
    _window, map_window = sample_board
    figure = map_window.canvases["lifecycle"].figure
    hints = dict(figure.hints)
    assert set(hints) >= {"Pre-training", "Post-training", "Post-release"}
    pre = next(r for s, _c, r in figure.columns if s == "Pre-training")
    assert figure.tip_at(pre.center()).startswith("Pre-training: Building a model from scratch: model design")
    assert figure.tip_at(hints["Pre-training"].center()) == figure.tip_at(pre.center())
    compute = figure.board.column("Post-training").item("Compute partnerships")
    assert compute.usual_stage == "Pre-training"
    assert figure._away("Post-training", compute) == "codebook: usually Pre-training"
    assert figure._away("Pre-training", compute) == ""
    out = map_window.export_image(tmp_path / "board.svg")
    svg = out.read_text(encoding="utf-8")
    assert "Building a model from scratch" in svg and "codebook: usually Pre-training" in svg
    assert "passages of all coders" in svg
