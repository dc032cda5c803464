"""The map stays legible at the study's density: 40 organisations, 15 of them in Europe.

Every label is measured as it is drawn (its font, its text, at its baseline): none may cover
another label or any node, and all stay on the map. The window zooms, pans, fits, and keeps a
dragged node where it was put; organisations without a position are listed beside the map.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QImage, QPainter, QWheelEvent

from qcoder.analysis.collaboration_map import build_collaboration_map
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.organisations import set_organisation
from qcoder.core.usecases.queries.organisations import MENTIONED_ONLY
from qcoder.core.usecases.queries.study_settings import study_settings
from qcoder.ui.main_window import MainWindow
from qcoder.ui.map.network_painter import NetworkPainter

sys.path.insert(0, str(Path(__file__).parent))
from forty_organisations import EUROPE, build_forty


@pytest.fixture(scope="module")
def forty(tmp_path_factory):
    return build_forty(tmp_path_factory.mktemp("forty") / "forty.qcoder")


def network_of(path: Path):
    with Project.open(path) as project, project.reading() as session:
        return build_collaboration_map(session)


def drawn_label_boxes(figure: NetworkPainter) -> dict[str, QRectF]:
    """Each label's ink box, as :meth:`NetworkPainter._paint_label` draws it (with its halo)."""
    boxes = {}
    for name, shape in figure.nodes.items():
        if shape.label.isEmpty():
            continue
        font = figure._label_font()
        font.setBold(shape.node.category != MENTIONED_ONLY)
        metrics = QFontMetricsF(font)
        baseline = figure.label_baseline(shape)
        halo = 1.4 * figure.unit
        boxes[name] = metrics.tightBoundingRect(name).translated(baseline).adjusted(-halo, -halo, halo, halo)
    return boxes


@pytest.mark.parametrize("width", [1600, 2400, 1100])
def test_forty_organisations_have_no_overlapping_labels(qapp, forty, width):
    network = network_of(forty)
    assert len(network.nodes) == 40
    figure = NetworkPainter(network)
    height = figure.preferred_height(width)
    figure.layout(QRectF(0, 0, width, height))
    boxes = drawn_label_boxes(figure)
    assert len(boxes) == 40  # every organisation labelled
    names = sorted(boxes)
    overlapping = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if boxes[a].intersects(boxes[b])]
    assert overlapping == []
    covered = [
        (label, node) for label, box in boxes.items() for node, shape in figure.nodes.items()
        if box.intersects(QRectF(shape.centre.x() - shape.radius, shape.centre.y() - shape.radius,
                                 2 * shape.radius, 2 * shape.radius))
    ]
    assert covered == []
    assert all(figure.map_rect.contains(box) for box in boxes.values())
    assert not any(box.intersects(figure._legend_rect()) for box in boxes.values())
    image = QImage(width, round(height), QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    figure.paint(painter)
    painter.end()


def test_the_map_fits_the_organisations_extent(qapp, forty, tmp_path):
    europe_only = tmp_path / "europe.qcoder"
    with Project.create(europe_only, coder_name="Ann", codebook=None) as project, project.transaction() as session:
        for city, lat, lon in EUROPE:
            set_organisation(session, f"{city} Lab", org_type="sme", lat=lat, lon=lon, interviewed=True)
    figure = NetworkPainter(network_of(europe_only))
    figure.layout(QRectF(0, 0, 1600, NetworkPainter.preferred_height(1600)))
    projection = figure.projection
    assert projection.east - projection.west < 60 and projection.north - projection.south < 25
    xs = [shape.centre.x() for shape in figure.nodes.values()]
    assert max(xs) - min(xs) > 0.45 * figure.map_rect.width()  # Europe fills the figure, not a corner of a globe


def test_link_widths_span_a_visible_range_with_a_legend_to_match(qapp, forty):
    figure = NetworkPainter(network_of(forty))
    figure.layout(QRectF(0, 0, 1600, NetworkPainter.preferred_height(1600)))
    weights = sorted({link.weight for link in figure.links})
    assert len(weights) >= 3
    assert figure.link_width(weights[-1]) >= 5 * figure.link_width(weights[0])


@pytest.fixture
def forty_window(qtbot, forty, tmp_path, user_settings):
    path = tmp_path / "forty.qcoder"
    shutil.copy(forty, path)
    with Project.open(path) as project, project.transaction() as session:
        set_organisation(session, "Atlantis Open Lab", org_type="sme", interviewed=False)  # no position
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    yield window
    window.controller.close_project()


def test_zoom_pan_fit_and_a_dragged_node_stays(forty_window, qtbot):
    window = forty_window
    window.actions["collaboration_map"].trigger()
    map_window = window.map_window
    canvas = map_window.canvases["network"]
    canvas.resize(1400, 700)
    map_window.refresh_current(even_hidden=True)
    figure = canvas.figure
    assert [map_window.unplaced.item(i).text() for i in range(map_window.unplaced.count())] == ["Atlantis Open Lab"]
    berlin = figure.nodes["Berlin AI Lab"].centre
    paris = figure.nodes["Paris Language Technologies"].centre
    before = (berlin - paris).manhattanLength()
    wheel = QWheelEvent(berlin, canvas.mapToGlobal(berlin), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    canvas.wheelEvent(wheel)
    zoomed = canvas.figure.nodes["Berlin AI Lab"].centre
    assert canvas.zoom > 1.5 and (zoomed - berlin).manhattanLength() < 2  # zoomed about the mouse
    assert (zoomed - canvas.figure.nodes["Paris Language Technologies"].centre).manhattanLength() > 1.5 * before
    qtbot.keyClick(canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert canvas.figure.nodes["Berlin AI Lab"].centre.x() > zoomed.x() + 30
    empty = QPointF(canvas.figure.map_rect.right() - 5, canvas.figure.map_rect.bottom() - 5)
    assert canvas.key_at(empty) is None
    panned = canvas.offset.x()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=empty.toPoint())
    qtbot.mouseMove(canvas, (empty - QPointF(40, 0)).toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=(empty - QPointF(40, 0)).toPoint())
    assert canvas.offset.x() < panned - 30  # dragged the background 40 px to the left
    qtbot.keyClick(canvas, Qt.Key.Key_0)
    assert canvas.zoom == 1.0 and canvas.offset == QPointF()
    node = canvas.figure.nodes["Nairobi AI Lab"].centre
    target = node + QPointF(0, 60)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=node.toPoint())
    qtbot.mouseMove(canvas, (node + QPointF(0, 30)).toPoint())
    qtbot.mouseMove(canvas, target.toPoint())
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=target.toPoint())
    kept = window.controller.read(study_settings, "map.place.geographic.")
    lat, lon = (float(v) for v in kept["map.place.geographic.Nairobi AI Lab"].split(","))
    assert lat < -1.29 - 3 and abs(lon - 36.82) < 2  # moved south, and kept with the study
    map_window._stale = {"network"}
    map_window.refresh_current(even_hidden=True)  # a new figure from the project still has it there
    assert abs(canvas.figure.nodes["Nairobi AI Lab"].centre.y() - target.y()) < 6


def test_the_legend_covers_no_organisation_under_the_map_or_the_fewest_in_a_corner(qapp, built_sample):
    figure = NetworkPainter(network_of(built_sample))  # the sample study: two organisations in South America

    def covered() -> list[str]:
        legend = figure._legend_rect()
        return [name for name, s in figure.nodes.items()
                if legend.adjusted(-s.radius, -s.radius, s.radius, s.radius).contains(s.centre)]

    figure.layout(QRectF(0, 0, 960, 700))  # a tall pane: room under the map
    assert figure._legend_rect().top() > figure.map_rect.bottom() and covered() == []
    width = 1600
    figure.layout(QRectF(0, 0, width, figure.preferred_height(width)))  # an exported figure: no room
    assert figure.map_rect.contains(figure._legend_rect())
    fewest = len(covered())
    for corner in ((False, True), (True, True), (False, False), (True, False)):
        figure._legend_corner = corner
        assert len(covered()) >= fewest
