"""The map's figures a researcher cites: a dragged node is one undoable edit, the board says what
it counts and what the codebook expects, and an exported figure can carry an inset of a dense region."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt

from qcoder.core.usecases.queries.study_settings import study_settings
from tests.ui.conftest import window_on_copy

sys.path.insert(0, str(Path(__file__).parent))
from forty_organisations import EUROPE, build_forty
from test_map_legibility import drawn_label_boxes

PLACES = "map.place.geographic."
EUROPEAN_CITIES = {city.split()[0] for city, _lat, _lon in EUROPE}


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    return build_forty(tmp_path_factory.mktemp("forty") / "forty.qcoder")


@pytest.fixture
def forty_map(qtbot, forty, tmp_path, user_settings):
    window = window_on_copy(qtbot, forty, tmp_path, user_settings, "Ann")
    window.actions["collaboration_map"].trigger()
    map_window = window.map_window
    qtbot.addWidget(map_window)  # closed after the test: a map left open keeps the keyboard from the next window
    map_window.canvases["network"].resize(1400, 700)
    map_window.refresh_current(even_hidden=True)
    return window, map_window


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


@pytest.fixture
def sample_board(sample_window, qtbot):
    window = sample_window
    window.actions["collaboration_map"].trigger()
    map_window = window.map_window
    qtbot.addWidget(map_window)
    map_window.tabs.setCurrentIndex(1)
    return window, map_window


def test_the_board_caption_says_what_it_counts_as_the_filters_change(sample_board):
    _window, map_window = sample_board
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


def test_an_inset_magnifies_the_dense_region_and_labels_every_organisation_there(qapp, forty):
    from PySide6.QtCore import QRectF

    from qcoder.analysis.collaboration_map import build_collaboration_map
    from qcoder.core.lifecycle.project import Project
    from qcoder.ui.map.map_inset import InsetFigure
    from qcoder.ui.map.network_painter import NetworkPainter

    with Project.open(forty) as project, project.reading() as session:
        network = build_collaboration_map(session)
    for region in ("europe", "auto"):
        figure = InsetFigure(NetworkPainter(network), region)
        width = 1600
        figure.layout(QRectF(0, 0, width, figure.preferred_height(width)))
        main, inset = figure.main, figure.inset
        assert inset is not None and figure.magnification() > 2.5
        assert not figure.box.intersects(main.map_rect) and figure.rect.contains(figure.box)  # covers nothing
        european = {name for name in main.nodes if name.split()[0] in EUROPEAN_CITIES}
        assert len(european) == 15 and main.unlabelled == european
        assert all(main.nodes[name].label.isEmpty() for name in european)  # not crowded on the world map
        labelled = {name for name in european if not inset.nodes[name].label.isEmpty()}
        assert labelled == european
        inked = drawn_label_boxes(inset)  # each label's text and halo, as drawn
        boxes = [inked[name] for name in sorted(labelled)]
        assert all(figure.box.contains(box) for box in boxes)
        assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.intersects(b)]
        centres = [inset.nodes[name] for name in european]
        assert not [(box, s.node.name) for box in boxes for s in centres
                    if box.intersects(QRectF(s.centre.x() - s.radius, s.centre.y() - s.radius, 2 * s.radius, 2 * s.radius))]


def test_the_window_and_the_command_line_export_a_figure_with_an_inset(forty_map, forty, tmp_path, capsys):
    from qcoder.cli.main import main

    _window, map_window = forty_map
    plain = map_window.export_image(tmp_path / "plain.svg").read_text(encoding="utf-8")
    map_window.inset_action.trigger()  # the toolbar's Inset
    inset = map_window.export_image(tmp_path / "inset.svg").read_text(encoding="utf-8")
    assert "Inset ×" not in plain and "Inset ×" in inset
    assert inset.count("Berlin AI Lab") > plain.count("Berlin AI Lab") - 1  # its label is text in the inset

    out = tmp_path / "cli.png"
    assert main(["map", str(forty), "--out", str(out), "--inset", "europe"]) == 0
    assert out.stat().st_size > 10_000
    capsys.readouterr()
    assert main(["map", str(forty), "--out", str(tmp_path / "bad.png"), "--inset", "atlantis"]) != 0
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0 and "auto" in error and "Traceback" not in error
    assert main(["map", str(forty), "--view", "lifecycle", "--out", str(tmp_path / "b.png"), "--inset", "auto"]) != 0


@pytest.mark.parametrize("width", [900, 1600])
def test_the_legend_holds_its_labels_in_a_laptop_sized_window(qapp, forty, width):
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF

    from qcoder.analysis.collaboration_map import build_collaboration_map
    from qcoder.core.lifecycle.project import Project
    from qcoder.ui.map import map_style
    from qcoder.ui.map.network_painter import NetworkPainter

    with Project.open(forty) as project, project.reading() as session:
        figure = NetworkPainter(build_collaboration_map(session))
    figure.layout(QRectF(0, 0, width, figure.preferred_height(width)))
    legend = figure._legend_rect()
    metrics = QFontMetricsF(figure._label_font())
    for text in map_style.LEGEND_LABELS.values():  # drawn 34 units in from the legend's left edge
        assert legend.left() + 34 * figure.unit + metrics.horizontalAdvance(text) < legend.right()
