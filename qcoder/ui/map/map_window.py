"""The Collaboration map window: network, lifecycle board and matrix, live on the project.

It reads the map data through the controller after every committed change (only the view on
show; the others when they are next shown), so coding a new mention adds its link at once.
The quotes behind what is hovered or clicked, and the filters, are tabs of a side panel.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from qcoder.analysis import map_export
from qcoder.analysis.board_groups import BoardGroups, board_groups
from qcoder.analysis.code_matrix import CodeMatrix, build_code_matrix
from qcoder.analysis.collaboration_map import CollaborationMap, MapFilters, build_collaboration_map
from qcoder.analysis.evidence import Evidence
from qcoder.analysis.lifecycle_board import LifecycleBoard, build_lifecycle_board
from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.study_settings import set_study_settings
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.coders import list_coders
from qcoder.core.usecases.queries.study_settings import kept_places, study_settings
from qcoder.core.wording import counted
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.map.board_painter import BoardPainter
from qcoder.ui.map.figure_export import save_painter
from qcoder.ui.map.map_canvas import Figure, MapCanvas
from qcoder.ui.map.map_filter_panel import MapFilterPanel
from qcoder.ui.map.map_inset import InsetFigure
from qcoder.ui.map.matrix_painter import MatrixPainter
from qcoder.ui.map.network_painter import NetworkPainter
from qcoder.ui.map.node_place_command import NodePlaceCommand
from qcoder.ui.map.organisation_workflow import OrganisationWorkflow
from qcoder.ui.map.quote_list import QuoteList
from qcoder.ui.project_controller import ProjectController

VIEWS = ("network", "lifecycle", "matrix")
NETWORK_DATA_FILTERS = ("CSV, one row per link (*.csv)", "GraphML, undirected (*.graphml)")
DIRECTED_DATA_FILTERS = ("CSV, one row per direction (*.csv)", "GraphML, directed (*.graphml)")


class MapWindow(QMainWindow):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle("Collaboration map — qcoder")
        self.resize(1400, 860)
        self.data: dict[str, CollaborationMap | LifecycleBoard | CodeMatrix] = {}
        self._settings_applied = False
        self._stale = set(VIEWS)
        self.canvases = {"network": MapCanvas(self), "lifecycle": MapCanvas(self, grows=True), "matrix": MapCanvas(self)}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.canvases["network"], "&Network")
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.canvases["lifecycle"])
        self.tabs.addTab(scroll, "&Lifecycle board")
        self.tabs.addTab(self.canvases["matrix"], "&Matrix")
        self.setCentralWidget(self.tabs)
        self.organisations = OrganisationWorkflow(controller, None, self)
        self.organisations.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.filters = MapFilterPanel(self)
        self.quotes = QuoteList(self)
        self.unplaced = QListWidget(self)
        self.unplaced.setToolTip("Organisations without a position: double-click one to give it a country")
        self.unplaced.itemActivated.connect(lambda item: self._edit_node(item.text()))
        self._dock("Quotes", self.quotes, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Filters", self.filters, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Not on the map", self.unplaced, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.dockWidget("Quotes"), self.dockWidget("Filters"))  # tabs: the world map keeps the room
        self.tabifyDockWidget(self.dockWidget("Quotes"), self.dockWidget("Not on the map"))
        self.dockWidget("Quotes").raise_()
        self.resizeDocks([self.dockWidget("Quotes")], [360], Qt.Orientation.Horizontal)
        self._create_toolbar()
        for canvas in self.canvases.values():
            canvas.hovered.connect(self._show_key)
            canvas.hovered.connect(lambda key, c=canvas: c.setToolTip(self.describe(key)))
            canvas.picked.connect(self._show_key)
        self.canvases["network"].activated.connect(self._edit_node)
        self.canvases["network"].node_moved.connect(self._keep_place)
        self.quotes.passage_chosen.connect(self.controller.show_passage)
        self.filters.changed.connect(self._filters_changed)
        self.tabs.currentChanged.connect(lambda _index: self.refresh_current())
        self.controller.changed.connect(self._project_changed)
        self.controller.project_opened.connect(self._project_opened)
        self.controller.project_closed.connect(self.close)
        self.controller.blind_changed.connect(self._blind_changed)
        self._blind_changed(self.controller.blind)
        self.reload()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"map_dock_{title.lower().replace(' ', '_')}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)

    def dockWidget(self, title: str) -> QDockWidget:
        return cast(QDockWidget, self.findChild(QDockWidget, f"map_dock_{title.lower().replace(' ', '_')}"))  # made in __init__

    def _create_toolbar(self) -> None:
        bar = self.addToolBar("Map")
        bar.setObjectName("map_toolbar")
        image = QAction("Export &image…", self)
        image.setShortcut(QKeySequence("Ctrl+Shift+E"))
        image.setToolTip("Save the view on show as PNG or SVG")
        image.triggered.connect(self._choose_image_file)
        data = QAction("Export &data…", self)
        data.setToolTip("Save the view's data as CSV (the network also as GraphML)")
        data.triggered.connect(self._choose_data_file)
        edit = QAction("&Organisation…", self)
        edit.setToolTip("Edit the organisation last clicked (or double-click a node)")
        edit.triggered.connect(lambda: self._edit_node(self.canvases["network"].highlight))
        stack = self.controller.undo_stack  # the window's own: a drag is undone like any edit
        undo, redo = stack.createUndoAction(self, "&Undo"), stack.createRedoAction(self, "&Redo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        self.inset_action = QAction("&Inset", self)
        self.inset_action.setCheckable(True)
        self.inset_action.setToolTip("Exported network images (world map) get a magnified inset of the densest "
                                     "region under the map, its organisations labelled there")
        bar.addAction(image)
        bar.addAction(self.inset_action)
        bar.addAction(data)
        bar.addSeparator()
        bar.addAction(edit)
        bar.addSeparator()
        canvas = self.canvases["network"]
        for text, key, tip, slot in (
            ("Zoom &in", "Ctrl++", "Zoom into the network (or the mouse wheel, +)", lambda: canvas.zoom_by(1.25)),
            ("Zoom &out", "Ctrl+-", "Zoom out (or the mouse wheel, -)", lambda: canvas.zoom_by(0.8)),
            ("&Fit", "Ctrl+0", "Show every organisation again (or 0); drag the background to pan", canvas.fit),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(key))
            action.setToolTip(tip)
            action.triggered.connect(slot)
            bar.addAction(action)

    # -- data ---------------------------------------------------------------------------

    def current_view(self) -> str:
        return VIEWS[self.tabs.currentIndex()]

    def reload(self) -> None:
        """Re-read the choices (codes, coders) and every view."""
        if not self.controller.is_open:
            return
        codes = self.controller.read(list_codes)
        coders = [c.name for c in self.controller.read(list_coders)]
        self.filters.set_choices(codes, coders, self.controller.read(board_groups))
        if not self._settings_applied:
            self.filters.apply_settings(self.controller.read(study_settings, "map."))
            self._settings_applied = True
        self._stale = set(VIEWS)
        self.refresh_current()

    def _project_opened(self) -> None:
        self._settings_applied = False
        self.reload()

    def _project_changed(self, changes: Changes) -> None:
        if not (changes.codings or changes.codes or changes.cases or changes.attributes or changes.sources
                or changes.code_tree or changes.coders):
            return  # a memo, say: nothing the map shows
        if changes.code_tree or changes.coders:
            self.reload()
            return
        self._stale = set(VIEWS)
        self.refresh_current()

    def _blind_changed(self, blind: bool) -> None:
        """While coding blind the views count only my coding; the coder filter is mine and fixed."""
        self.filters.coder.setEnabled(not blind)
        self.filters.coder.setToolTip("Coding blind: only your coding is counted" if blind else "")
        self._stale = set(VIEWS)
        self.refresh_current()

    def _coder(self) -> str | None:
        if self.controller.blind and self.controller.project is not None:
            return self.controller.project.coder_name
        return self.filters.coder_name()

    def _filters_changed(self) -> None:
        if self.controller.is_open and not self.controller.read_only:
            try:  # the study's map choices travel with the project file
                stage, items = self.filters.stage_group.currentData(), self.filters.board_item_ids()
                board = self.controller.read(lambda s: BoardGroups(stage, items).guid_settings(s))
                self.controller.run(set_study_settings, {**self.filters.settings(), **board})
            except QcoderError as error:
                self.statusBar().showMessage(str(error), 6000)
        self._stale = set(VIEWS)
        self.refresh_current()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_current()

    def refresh_current(self, *, even_hidden: bool = False) -> None:
        """Re-read the view on show if the project changed since; a hidden window waits till shown."""
        view = self.current_view()
        if view not in self._stale or not self.controller.is_open:
            return
        if not (self.isVisible() or even_hidden):
            return
        self._stale.discard(view)
        try:
            data = self._read(view)
        except QcoderError as error:
            self.canvases[view].set_figure(None)
            self.statusBar().showMessage(str(error), 8000)
            return
        self.data[view] = data
        self.canvases[view].set_figure(self._figure(data))

    def _read(self, view: str) -> CollaborationMap | LifecycleBoard | CodeMatrix:
        coder, unit, consensus = self._coder(), self.filters.unit_name(), self.filters.consensus_value()
        if view == "network":
            filters = MapFilters(
                with_codes=self.filters.with_codes(), coder=coder, unit=unit, attributes=self.filters.attributes(),
                consensus=consensus,
            )
            return self.controller.read(build_collaboration_map, filters)
        if view == "lifecycle":
            stage, items = self.filters.board_groups()
            return self.controller.read(build_lifecycle_board, coder=coder, unit=unit, consensus=consensus,
                                        stage_group=stage, item_groups=items)
        rows, columns, measure = self.filters.matrix_axes()
        return self.controller.read(build_code_matrix, rows, columns, measure=measure, coder=coder, unit=unit,
                                    consensus=consensus)

    def _figure(self, data: CollaborationMap | LifecycleBoard | CodeMatrix) -> Figure:
        if isinstance(data, CollaborationMap):
            layout = self.filters.layout_name()
            self._list_unplaced(data)
            return NetworkPainter(data, layout, places=self._places(layout))
        return BoardPainter(data) if isinstance(data, LifecycleBoard) else MatrixPainter(data)

    def _places(self, layout: str) -> dict[str, tuple[float, float]]:
        """Where nodes were dragged to, as kept in the study settings."""
        return self.controller.read(kept_places, layout)

    def _keep_place(self, name: str, place: tuple[float, float]) -> None:
        """One undoable command per drag (Edit ▸ Undo, or Ctrl+Z here, puts the node back)."""
        if self.controller.read_only:
            return
        command = NodePlaceCommand.for_drag(self.controller, self.filters.layout_name(), name, place,
                                            self._places_changed)
        try:
            self.controller.push(command)
        except QcoderError as error:
            self.statusBar().showMessage(str(error), 6000)
            return
        self.statusBar().showMessage(f"{name} stays where you put it (saved with the study; Ctrl+Z undoes)", 6000)

    def _places_changed(self) -> None:
        """A drag done, undone or redone: the network shows the places the study now keeps."""
        self._stale.add("network")
        self.refresh_current()

    def _list_unplaced(self, network: CollaborationMap) -> None:
        self.unplaced.clear()
        missing = sorted(n.name for n in network.nodes if n.lat is None or n.lon is None)
        self.unplaced.addItems(missing)
        self.dockWidget("Not on the map").setWindowTitle(f"Not on the map ({len(missing)})" if missing else "Not on the map")

    def network(self) -> CollaborationMap:
        self.refresh_current(even_hidden=True)
        network = self.data["network"]
        assert isinstance(network, CollaborationMap)
        return network

    def data_for(self, view: str) -> CollaborationMap | LifecycleBoard | CodeMatrix:
        """The data of ``view`` (the one on show), read again if the project changed since."""
        assert view == self.current_view(), "show the view first"
        self.refresh_current(even_hidden=True)
        return self.data[view]

    # -- quotes -------------------------------------------------------------------------

    def evidence_for(self, key: object) -> tuple[str, list[Evidence]]:
        """A title and the passages behind a node, link, board item or matrix cell."""
        data = self.data.get(self.current_view())
        if key is None or data is None:
            return "", []
        if isinstance(data, CollaborationMap) and isinstance(key, str):
            return key, self._unique(data.node_evidence(key))
        if isinstance(data, CollaborationMap):
            a, b = cast("tuple[str, str]", key)  # a link's key is its two names
            edges = [e for e in data.edges if {e.source, e.target} == {a, b}]
            return f"{a} ↔ {b}", [ev for e in edges for ev in e.evidence]
        if isinstance(data, LifecycleBoard):
            stage, name = cast("tuple[str, str]", key)  # a board item's key is (stage, name)
            column = data.column(stage)
            item = column.item(name) if column else None
            return f"{name} — {stage}", list(item.evidence) if item else []
        row, column_name = cast("tuple[str, str]", key)  # a matrix cell's key is (row, column)
        cell = data.cells.get((row, column_name))
        return f"{row} × {column_name}", list(cell.evidence) if cell else []

    @staticmethod
    def _unique(evidence: list[Evidence]) -> list[Evidence]:
        """Each coding once (a node's links may share a passage when both sides mention each other)."""
        return list({e.coding_id: e for e in evidence}.values())

    def describe(self, key: object) -> str:
        """A one-glance tooltip: who an organisation is, or how much each side of a link says."""
        data = self.data.get("network")
        if self.current_view() != "network" or not isinstance(data, CollaborationMap) or key is None:
            return ""
        if isinstance(key, str):
            node = data.node(key)
            if node is None:
                return key
            where = node.country or "no country"
            return (f"{node.name}\n{node.category} · {where}\n"
                    f"mentions {node.mentions_made} · mentioned in {counted(node.mentions_received, 'passage')}")
        a, b = cast("tuple[str, str]", key)  # a link's key is its two names
        lines = [f"{x} → {y}: {counted(e.weight, 'passage')}"
                 for x, y in ((a, b), (b, a)) if (e := data.edge(x, y)) is not None]
        return "\n".join(lines)

    def _show_key(self, key: object) -> None:
        if key is None:
            return
        title, evidence = self.evidence_for(key)
        self.quotes.show_quotes(title, evidence)
        self.dockWidget("Quotes").raise_()

    def _edit_node(self, key: object) -> None:
        if self.controller.read_only:
            return
        self.organisations.edit(key if isinstance(key, str) else None)

    # -- export -------------------------------------------------------------------------

    def export_image(self, path: Path, width: int = 1600) -> Path:
        """The view on show as PNG or SVG; the world map with an inset when *Inset* is on."""
        view = self.current_view()
        self.refresh_current(even_hidden=True)
        figure: Figure | InsetFigure = self._figure(self.data[view])
        if isinstance(figure, NetworkPainter) and self.inset_action.isChecked() and figure.layout_name == "geographic":
            figure = InsetFigure(figure)
        return save_painter(figure, path, width=width)

    def export_data(self, path: Path, *, directed: bool = False) -> Path:
        """The view's data; the network undirected (one row per link) unless ``directed``."""
        view = self.current_view()
        self.refresh_current(even_hidden=True)
        data = self.data[view]
        suffix = path.suffix.lower()
        if view == "network" and suffix == ".graphml":
            map_export.write_network_graphml(data, path, directed=directed)  # type: ignore[arg-type]  # the network view's data
        elif view == "network" and suffix == ".csv":
            map_export.write_network_csv(data, path, directed=directed)  # type: ignore[arg-type]  # the network view's data
        elif suffix == ".csv":
            writer = {"network": map_export.write_network_csv, "lifecycle": map_export.write_board_csv,
                      "matrix": map_export.write_matrix_csv}[view]
            writer(data, path)  # type: ignore[operator]  # the writer picked by view fits that view's data
        else:
            raise QcoderError("save the data as .csv (the network also as .graphml)")
        return path

    def _choose_image_file(self) -> None:
        path = file_dialogs.save_file_name(self, "Export image", f"{self.current_view()}.png",
                                              "PNG image (*.png);;SVG image (*.svg)")
        if path:
            self._try(lambda: self.export_image(Path(path)))

    def _choose_data_file(self) -> None:
        filters = ";;".join((*NETWORK_DATA_FILTERS, *DIRECTED_DATA_FILTERS)) if self.current_view() == "network" \
            else "CSV (*.csv)"
        path, chosen = file_dialogs.save_file_name_and_filter(self, "Export data", f"{self.current_view()}.csv", filters)
        if path:
            self._try(lambda: self.export_data(Path(path), directed=chosen in DIRECTED_DATA_FILTERS))

    def _try(self, action) -> None:
        try:
            saved = action()
        except (QcoderError, OSError) as error:
            QMessageBox.warning(self, "Export failed", str(error))
            return
        self.statusBar().showMessage(f"Saved {saved}", 6000)
