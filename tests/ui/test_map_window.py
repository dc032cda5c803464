"""The Collaboration map window on the sample study: live updates, quotes, filters, export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.sources import find_source
from qcoder.ui.map.map_window import MapWindow


def open_map(window) -> MapWindow:
    window.actions["collaboration_map"].trigger()
    map_window = window.map_window
    assert isinstance(map_window, MapWindow) and map_window.isVisible()
    return map_window


def test_view_menu_opens_the_map_with_the_organisations(sample_window):
    map_window = open_map(sample_window)
    assert "collaboration_map" in [a.objectName() or name for name, a in sample_window.actions.by_name.items()]
    network = map_window.network()
    assert len(network.nodes) == 16
    assert ("Kestrel Labs", "Orchid Systems") in network.edge_set()
    figure = map_window.canvases["network"].figure
    assert figure is not None and figure.layout_name == "geographic"


def test_coding_a_new_mention_in_the_window_adds_the_edge_at_once(sample_window):
    map_window = open_map(sample_window)
    assert ("Kestrel Labs", "Polaris Research Institute") not in map_window.network().edge_set()
    controller = sample_window.controller
    sample_window.document.show_source(controller.read(find_source, "03-kestrel-labs"))
    view = sample_window.document.view
    cursor = view.document().find("Swahili model")
    assert not cursor.isNull()
    view.setTextCursor(cursor)
    code_id = controller.read(resolve_code_path, "Organisations/Polaris Research Institute")
    sample_window.codes.select_code(code_id)
    sample_window.actions["apply"].trigger()
    edge = map_window.data["network"].edge("Kestrel Labs", "Polaris Research Institute")
    assert edge is not None and edge.weight == 1 and edge.evidence[0].text == "Swahili model"
    canvas = map_window.canvases["network"]
    shape_names = {(link.a, link.b) for link in canvas.figure.links}
    assert ("Kestrel Labs", "Polaris Research Institute") in shape_names
    sample_window.actions["undo"].trigger()
    assert ("Kestrel Labs", "Polaris Research Institute") not in map_window.network().edge_set()


def test_hover_and_click_list_the_quotes_behind_a_node_and_a_link(sample_window, qtbot):
    map_window = open_map(sample_window)
    map_window.resize(1400, 860)
    canvas = map_window.canvases["network"]
    qtbot.waitExposed(map_window)
    shape = canvas.figure.nodes["Kestrel Labs"]
    qtbot.mouseMove(canvas, shape.centre.toPoint())
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=shape.centre.toPoint())
    assert "Kestrel Labs" in map_window.quotes.heading.text()
    assert any("Kestrel-Sw is a fine-tune of Orchid-LM" in q for q in map_window.quotes.quotes())
    link = next(k for k in canvas.figure.links if {k.a, k.b} == {"Kestrel Labs", "Orchid Systems"})
    along = [link.path.pointAtPercent(t / 20) for t in range(4, 17)]
    on_link = [p for p in along if canvas.key_at(p) == ("Kestrel Labs", "Orchid Systems")]
    assert on_link  # points under labels or nodes belong to them; the rest of the line to the link
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=on_link[0].toPoint())
    assert "Kestrel Labs ↔ Orchid Systems" in map_window.quotes.heading.text()
    orchid = canvas.figure.nodes["Orchid Systems"].centre
    hover = QMouseEvent(QEvent.Type.MouseMove, orchid, canvas.mapToGlobal(orchid), Qt.MouseButton.NoButton,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, hover)
    assert canvas.highlight == "Orchid Systems" and "Orchid Systems" in map_window.quotes.heading.text()
    with qtbot.waitSignal(sample_window.controller.source_requested):
        map_window.quotes.list.itemActivated.emit(map_window.quotes.list.item(0))


def test_filters_change_the_network(sample_window):
    map_window = open_map(sample_window)
    everything = map_window.network().edge_set()
    map_window.filters.check_code("On-ramp/Compute partnerships")
    compute = map_window.network().edge_set()
    assert compute and compute < everything
    assert ("Instituto Andino de Computación", "Atlas Open Models Foundation") in compute
    map_window.filters.clear_codes()
    map_window.filters.coder.setCurrentText("Sam")
    assert ("Pampa Data Cooperative", "Orchid Systems") in map_window.network().edge_set()
    map_window.filters.coder.setCurrentText("Alex")
    assert ("Pampa Data Cooperative", "Orchid Systems") not in map_window.network().edge_set()
    map_window.filters.mentioned_by.setCurrentIndex(4)  # large enterprises
    assert {e.source for e in map_window.network().edges} == {"Orchid Systems", "Meridian Cloud"}
    map_window.filters.mentioned_by.setCurrentIndex(0)
    map_window.filters.layout_choice.setCurrentIndex(1)
    assert map_window.canvases["network"].figure.layout_name == "force"


def test_board_and_matrix_tabs_show_their_quotes(sample_window, qtbot):
    map_window = open_map(sample_window)
    map_window.tabs.setCurrentIndex(1)
    board = map_window.data["lifecycle"]
    assert [c.stage for c in board.columns][0] == "Pre-training"
    title, evidence = map_window.evidence_for(("Pre-training", "Compute partnerships"))
    assert evidence and "Compute partnerships" in title
    map_window.tabs.setCurrentIndex(2)
    canvas = map_window.canvases["matrix"]
    canvas.repaint()
    figure = canvas.figure
    row = figure.matrix.rows.names.index("Post-release")
    column = figure.matrix.columns.names.index("Community feedback")
    point = QPointF(figure.grid.left() + (column + 0.5) * figure.cell[0], figure.grid.top() + (row + 0.5) * figure.cell[1])
    assert canvas.key_at(point) == ("Post-release", "Community feedback")
    map_window._show_key(("Post-release", "Community feedback"))
    assert any("Sheng" in q for q in map_window.quotes.quotes())


@pytest.mark.parametrize("tab", [0, 1, 2])
def test_each_view_exports_image_and_data(sample_window, tmp_path, tab):
    map_window = open_map(sample_window)
    map_window.tabs.setCurrentIndex(tab)
    for suffix in ("png", "svg", "csv"):
        out = map_window.export_image(tmp_path / f"v.{suffix}") if suffix != "csv" else map_window.export_data(tmp_path / "v.csv")
        assert out.stat().st_size > 200
    if tab == 0:
        assert map_window.export_data(tmp_path / "v.graphml").read_text(encoding="utf-8").count("<node ") == 16
        assert (tmp_path / "v.csv").read_text(encoding="utf-8").startswith("source,target,weight,source_to_target")
        assert (tmp_path / "v-nodes.csv").read_text(encoding="utf-8").startswith("name,type,category,country")
        map_window.export_data(tmp_path / "d.csv", directed=True)
        assert (tmp_path / "d.csv").read_text(encoding="utf-8").startswith("source,target,weight\n")


def test_mention_from_the_selection_creates_the_organisation_and_undo_removes_it(sample_window):
    map_window = open_map(sample_window)
    controller = sample_window.controller
    sample_window.document.show_source(controller.read(find_source, "07-tessellate-ai"))
    view = sample_window.document.view
    view.setTextCursor(view.document().find("all the clusters in the world"))
    assert sample_window.organisations.mention_from_selection("Nimbus Compute Cooperative")
    network = map_window.data["network"]
    assert network.node("Nimbus Compute Cooperative").category == "mentioned only"
    assert network.edge("Tessellate AI", "Nimbus Compute Cooperative").weight == 1
    sample_window.actions["undo"].trigger()  # one step: the coding, the code and the case
    assert map_window.network().node("Nimbus Compute Cooperative") is None
    from qcoder.core.usecases.queries.organisations import organisation_codes

    assert "Nimbus Compute Cooperative" not in controller.read(organisation_codes)
    sample_window.actions["redo"].trigger()
    assert map_window.network().edge("Tessellate AI", "Nimbus Compute Cooperative").weight == 1


def test_editing_an_organisation_recolours_its_node_undoably(sample_window):
    map_window = open_map(sample_window)
    assert map_window.network().node("Vireo Foundation").category == "mentioned only"
    assert sample_window.organisations.save("Vireo Foundation", {"interviewed": True, "org_type": "non-profit"})
    node = map_window.data["network"].node("Vireo Foundation")
    assert node.category == "non-profit/grassroots" and node.interviewed is True
    sample_window.actions["undo"].trigger()
    assert map_window.network().node("Vireo Foundation").category == "mentioned only"


def test_organisation_dialog_fills_from_the_organisation_and_returns_changes(sample_window, qtbot):
    from qcoder.core.usecases.queries.organisations import list_organisations
    from qcoder.core.usecases.queries.sources import list_sources
    from qcoder.ui.map.organisation_dialog import OrganisationDialog

    controller = sample_window.controller
    dialog = OrganisationDialog(controller.read(list_organisations), controller.read(list_sources), "Kestrel Labs")
    qtbot.addWidget(dialog)
    assert dialog.country.text() == "Kenya" and dialog.interviewed.currentText() == "yes"
    dialog.country.setText("Tanzania")
    name, values = dialog.values()
    kestrel = controller.read(find_source, "03-kestrel-labs")
    assert name == "Kestrel Labs" and values["country"] == "Tanzania" and values["source_ids"] == [kestrel]
    assert "lat" not in values  # a new country with an untouched position: placed at its centre
    dialog.lat.setText("-6.8")
    assert dialog.values()[1]["lat"] == -6.8


def test_a_hidden_map_waits_and_catches_up_when_shown(sample_window, qtbot):
    hidden = MapWindow(sample_window.controller)
    qtbot.addWidget(hidden)
    assert hidden.data == {}
    hidden.show()
    qtbot.waitExposed(hidden)
    assert len(hidden.data["network"].nodes) == 16


def test_map_choices_are_kept_in_the_project_file(sample_window, qtbot):
    from qcoder.core.usecases.queries.study_settings import study_settings

    map_window = open_map(sample_window)
    map_window.filters.layout_choice.setCurrentIndex(1)
    map_window.filters.check_code("On-ramp/Compute partnerships")
    stored = sample_window.controller.read(study_settings, "map.")
    assert stored["map.layout"] == "force" and stored["map.with_codes"] == "On-ramp/Compute partnerships"
    assert sample_window.controller.undo_stack.count() == 0  # a view choice, not an edit
    again = MapWindow(sample_window.controller)
    qtbot.addWidget(again)
    assert again.filters.layout_name() == "force"
    assert again.filters.with_codes() == ("On-ramp/Compute partnerships",)


def test_keyboard_steps_through_nodes_links_items_and_cells(sample_window, qtbot):
    map_window = open_map(sample_window)
    canvas = map_window.canvases["network"]
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.highlight == "Atlas Open Models Foundation"
    assert "Atlas Open Models Foundation" in map_window.quotes.heading.text()
    qtbot.keyClick(canvas, Qt.Key.Key_Left)
    assert isinstance(canvas.highlight, tuple)  # wrapped round to the last link
    map_window.tabs.setCurrentIndex(2)
    matrix = map_window.canvases["matrix"]
    qtbot.keyClick(matrix, Qt.Key.Key_Right)
    assert matrix.highlight == ("Pre-training", "Contributing to open source frameworks")
    assert map_window.quotes.list.count() > 0


def test_tooltips_say_who_an_organisation_is_and_what_each_side_of_a_link_says(sample_window):
    map_window = open_map(sample_window)
    map_window.network()
    node = map_window.describe("Kestrel Labs")
    assert "small or medium enterprise · Kenya" in node and "mentions" in node
    link = map_window.describe(("Kestrel Labs", "Orchid Systems"))
    assert link == "Kestrel Labs → Orchid Systems: 1 passage\nOrchid Systems → Kestrel Labs: 1 passage"


def test_renaming_every_group_keeps_the_board_and_matrix_in_the_window(sample_window):
    from sqlalchemy import select

    from qcoder.core.store.models import Code
    from qcoder.core.usecases.commands.codes import rename_code

    map_window = open_map(sample_window)
    map_window.tabs.setCurrentIndex(1)
    before = {(c.stage, i.name): i.passages for c in map_window.data_for("lifecycle").columns for i in c.items}
    map_window.tabs.setCurrentIndex(2)
    cells = {key: cell.passages for key, cell in map_window.data_for("matrix").cells.items()}
    controller = sample_window.controller
    roots = controller.read(lambda s: s.execute(select(Code.id, Code.name).where(Code.parent_id.is_(None))).all())
    for code_id, name in roots:
        controller.run(rename_code, code_id, f"{name} (renamed)")
    matrix = map_window.data_for("matrix")
    assert (matrix.row_group, matrix.column_group) == ("Lifecycle stage (renamed)", "On-ramp (renamed)")
    assert {key: cell.passages for key, cell in matrix.cells.items()} == cells
    map_window.tabs.setCurrentIndex(1)
    board = map_window.data_for("lifecycle")
    assert board.warnings == () and board.item_groups == ("On-ramp (renamed)", "Challenge (renamed)")
    assert {(c.stage, i.name): i.passages for c in board.columns for i in c.items} == before
    filters = map_window.filters
    for index in range(filters.item_groups.count()):  # choose other groups in the window
        item = filters.item_groups.item(index)
        if item.text() in ("Motivation (renamed)", "On-ramp (renamed)"):
            checked = item.text() == "Motivation (renamed)"
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    board = map_window.data_for("lifecycle")
    assert "Motivation (renamed)" in board.item_groups and "On-ramp (renamed)" not in board.item_groups
    filters.consensus.choose("all")
    assert map_window.data_for("lifecycle").columns
