"""The main window: composes the panes, docks, menus and actions; holds no logic of its own."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QMainWindow, QMenu, QMessageBox, QStackedWidget, QWidget

from qcoder import __version__
from qcoder.ui.actions import Actions
from qcoder.ui.analysis.analysis_docks import AnalysisDocks
from qcoder.ui.dialogs.shortcuts_dialog import KeyboardShortcuts
from qcoder.ui.document.document_pane import DocumentPane
from qcoder.ui.document.file_drop import FileDropFilter
from qcoder.ui.jobs.backup_scheduler import BackupScheduler
from qcoder.ui.keyboard_access import give_accelerators, release_tab
from qcoder.ui.map.organisation_workflow import OrganisationWorkflow
from qcoder.ui.media.media_workflow import MediaWorkflow
from qcoder.ui.panes.cases_pane import CasesPane
from qcoder.ui.panes.code_tree_pane import CodeTreePane
from qcoder.ui.panes.disagreements_pane import DisagreementsPane
from qcoder.ui.panes.memos_pane import MemosPane
from qcoder.ui.panes.retrieval_pane import RetrievalPane
from qcoder.ui.panes.sources_pane import SourcesPane
from qcoder.ui.panes.start_page import StartPage
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.recent_codes_menu import RecentCodesMenu
from qcoder.ui.settings import UserSettings
from qcoder.ui.tool_bar import build_tool_bar
from qcoder.ui.undo_messages import UndoMessages
from qcoder.ui.widgets.full_text_tips import FullTextTips
from qcoder.ui.widgets.pane_dock import PaneDock
from qcoder.ui.window_actions import add_window_actions
from qcoder.ui.window_layout import WindowLayout
from qcoder.ui.workflows.code_tree_workflow import CodeTreeWorkflow
from qcoder.ui.workflows.coder_name_workflow import CoderNameWorkflow
from qcoder.ui.workflows.coding_workflow import CodingWorkflow
from qcoder.ui.workflows.exchange_workflow import ExchangeWorkflow
from qcoder.ui.workflows.import_workflow import ImportWorkflow
from qcoder.ui.workflows.project_workflow import ProjectWorkflow
from qcoder.ui.workflows.pseudonymise_workflow import PseudonymiseWorkflow
from qcoder.ui.workflows.server_workflow import ServerWorkflow
from qcoder.ui.workflows.source_edit_workflow import SourceEditWorkflow
from qcoder.ui.workflows.start_workflow import StartWorkflow
from qcoder.ui.workflows.team_workflow import TeamWorkflow


class MainWindow(QMainWindow):
    actions: Actions  # type: ignore[assignment]  # the window's named actions, in the place of QWidget.actions()
    def __init__(self, controller: ProjectController | None = None, settings: UserSettings | None = None) -> None:
        super().__init__()
        FullTextTips.install()  # every cut text shows whole on hover
        self.controller = controller or ProjectController(self)
        self.settings = settings or UserSettings()
        self.setWindowTitle("qcoder")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)

        self.document = DocumentPane(self.controller, self)
        self.start_page = StartPage(self)
        self.central = QStackedWidget(self)
        self.central.addWidget(self.start_page)
        self.central.addWidget(self.document)
        self.setCentralWidget(self.central)
        self.sources = SourcesPane(self.controller, self, settings=self.settings)
        self.codes = CodeTreePane(self.controller, self)
        self.retrieval = RetrievalPane(self.controller, self)
        self.docks: dict[str, QDockWidget] = {}
        self._dock("sources", "Sources", self.sources, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("codes", "Codes", self.codes, Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("retrieval", "Retrieved passages", self.retrieval, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.disagreements = DisagreementsPane(self.controller, self)
        self._dock("disagreements", "Disagreements", self.disagreements, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["retrieval"], self.docks["disagreements"])
        self.docks["disagreements"].hide()  # Analysis ▸ Disagreements shows it
        self.memos = MemosPane(self.controller, self)
        self._dock("memos", "Memos", self.memos, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["retrieval"], self.docks["memos"])
        self.docks["memos"].toggleViewAction().setText("&Memos")  # the letters of "Memos" are all taken
        self.docks["memos"].visibilityChanged.connect(self.memos.shown)
        self.docks["retrieval"].raise_()
        self.cases = CasesPane(self.controller, self)
        self._dock("cases", "Cases", self.cases, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.docks["sources"], self.docks["cases"])
        self.docks["sources"].raise_()

        self.projects = ProjectWorkflow(self.controller, self.settings, self)
        self.server = ServerWorkflow(self.controller, self.projects, self)
        self.coder_names = CoderNameWorkflow(self.controller, self.projects, self.settings, self)
        self.team = TeamWorkflow(self.controller, self)
        self.backups = BackupScheduler(self.controller, self)
        self.coding = CodingWorkflow(self.controller, self.document, self.codes, self)
        self.code_tree = CodeTreeWorkflow(self.controller, self.codes, self.settings, self)
        self.imports = ImportWorkflow(self.controller, self)
        self.organisations = OrganisationWorkflow(self.controller, self.document, self)
        self.exchange = ExchangeWorkflow(self.controller, self)
        self.media = MediaWorkflow(self.controller, self.document, self.retrieval, self)
        self.text_edits = SourceEditWorkflow(self.controller, self.document, self)
        self.pseudonyms = PseudonymiseWorkflow(self.controller, self)
        self.start = StartWorkflow(self.controller, self.projects, self.imports, self)
        self.layout_keeper = WindowLayout(self, self.settings, self.document, self.docks)
        self.actions = Actions(self)
        self._create_actions()
        self.shortcuts = KeyboardShortcuts(self.actions.by_name, self.settings)
        self.menus: dict[str, QMenu] = {}
        self._create_menus()
        self.analysis = AnalysisDocks(self)
        self.tool_bar = build_tool_bar(self, self.actions)
        give_accelerators(self.menuBar())  # every menu item reachable by letters
        release_tab(self)  # Tab leaves tables instead of walking their cells
        self._connect()
        self.statusBar().setAutoFillBackground(True)  # opaque: a message repaints only the bar
        self.layout_keeper.apply_defaults()
        self.layout_keeper.restore_saved()
        self._fill_start_page()
        self._project_state_changed()
        FullTextTips.watch(self)

    # -- composition --------------------------------------------------------------------

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = PaneDock(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def _create_actions(self) -> None:
        """Each feature declares its own actions; the order here is their order within a menu section."""
        for feature in (self.projects, self.team, self.server, self.coder_names):
            feature.add_actions(self.actions)
        add_window_actions(self, self.actions)
        for later in (self.start, self.exchange, self.imports, self.coding, self.code_tree, self.organisations,
                      self.media, self.text_edits, self.pseudonyms):
            later.add_actions(self.actions)
        self.sources.menu_actions += self.media.source_actions(self.sources.current_source_id)

    def _create_menus(self) -> None:
        """The menus as sections of the features' actions (see :meth:`Actions.place`)."""
        bar, a = self.menuBar(), self.actions
        for key, title in (("file", "&File"), ("edit", "&Edit"), ("code", "&Code"), ("view", "&View"),
                           ("recording", "&Recording"), ("analysis", "&Analysis"), ("settings", "&Settings"),
                           ("help", "&Help")):
            self.menus[key] = bar.addMenu(title)
        file = self.menus["file"]
        a.place(file, ["file.open"])
        self.recent_menu = QMenu("Open &recent", self)
        file.addMenu(self.recent_menu)
        a.place(file, [None, "file.import"])
        self.menus["export"] = file.addMenu("&Export")
        a.place(self.menus["export"], ["export"])
        a.place(file, [None, "file.team", None, "file.close", None, "file.quit"])
        a.place(self.menus["analysis"], ["analysis.coders"])
        a.place(self.menus["recording"], ["recording"])
        a.place(self.menus["edit"], ["edit.undo", None, "edit.text", None, "edit.find"])
        a.place(self.menus["code"],
                ["code.passage", None, "code.resize", None, "code.tree", None, "code.organisations"])
        self.recent_codes_menu = RecentCodesMenu(self.coding, self.codes, self)
        self.menus["code"].insertMenu(self.actions["in_vivo"], self.recent_codes_menu)
        view = self.menus["view"]
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        view.addAction(self.sources.group_action)
        a.place(view, ["view.options", None])
        a.place(view.addMenu("&Jump to pane"), ["view.jump"])
        a.place(view, [None, "view.map", None, "view.layout"])
        a.place(self.menus["settings"], ["settings"])
        a.place(self.menus["help"], ["help.guide", None, "help.about"])
        self._fill_recent()

    def _show_code(self, code_id: int) -> None:
        self.focus_pane(self.codes.tree)
        self.codes.select_code(code_id)

    def _show_case(self, name: str) -> None:
        self.focus_pane(self.cases.table)
        self.cases.select_case(name)

    def _connect(self) -> None:
        self.sources.source_chosen.connect(self.document.show_source)
        self.sources.source_opened.connect(lambda _source: self.focus_pane(self.document.view))
        self.codes.code_activated.connect(self.coding.apply_code)
        self.document.margin.memo_clicked.connect(self.coding.edit_memo_of)
        self.memos.source_requested.connect(self.sources.select_source)
        self.memos.code_requested.connect(self._show_code)
        self.memos.case_requested.connect(self._show_case)
        self.codes.tree.selection_dropped.connect(self.coding.apply_code_to)
        self.codes.tree.selectionModel().selectionChanged.connect(
            lambda *_: self.retrieval.show_codes(self.codes.selected_code_ids())
        )
        self.codes.model.modelReset.connect(  # a code shown was deleted: Qt drops it from the selection unsaid
            lambda: self.retrieval.show_codes(self.codes.selected_code_ids())
        )
        self.coding.message.connect(self._status)
        self.code_tree.message.connect(self._status)
        self.document.status_message.connect(self._status)
        self.team.message.connect(self._status)
        self.server.message.connect(self._status)
        self.controller.others_changed.connect(self._status)
        self.controller.edit_refused.connect(lambda text: QMessageBox.warning(self, "qcoder", text))
        self.statusBar().addPermanentWidget(self.server.location_label)
        self.statusBar().addPermanentWidget(self.coder_names.status_button)
        self.coder_names.message.connect(self._status)
        self.backups.backed_up.connect(self._status)
        self.imports.message.connect(self._status)
        self.organisations.message.connect(self._status)
        self.cases.message.connect(self._status)
        self.exchange.message.connect(self._status)
        self.media.message.connect(self._status)
        self.text_edits.message.connect(self._status)
        self.pseudonyms.message.connect(self._status)
        self.undo_messages = UndoMessages(self.controller.undo_stack, self.actions["undo"], self.actions["redo"],
                                          self.controller.edit_refused)
        self.undo_messages.message.connect(self._status)
        self.file_drop = FileDropFilter(lambda paths: self.exchange.import_dropped(paths, self.imports.import_paths), self)
        self.file_drop.watch(self)
        self.file_drop.watch(self.sources.table.viewport())
        self.file_drop.watch(self.sources.tree.viewport())
        self.disagreements.message.connect(self._status)
        self.projects.recent_changed.connect(self._fill_recent)
        self.controller.project_opened.connect(self._project_state_changed)
        self.controller.project_closed.connect(self._project_state_changed)
        self.controller.source_requested.connect(lambda source_id, *_: self.sources.select_source(source_id, emit=False))

    # -- small reactions ----------------------------------------------------------------

    def _status(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def open_map_window(self):
        """Show (creating it once) the Collaboration map window, and return it."""
        from qcoder.ui.map.map_window import MapWindow

        if getattr(self, "map_window", None) is None:
            self.map_window = MapWindow(self.controller, self)
            self.map_window.setWindowFlag(Qt.WindowType.Window)
            self.map_window.destroyed.connect(lambda *_: setattr(self, "map_window", None))
            self.map_window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.map_window.show()
        self.map_window.raise_()
        self.map_window.activateWindow()
        return self.map_window

    def show_disagreements(self) -> None:
        self.docks["disagreements"].show()
        self.docks["disagreements"].raise_()
        self.resizeDocks([self.docks["disagreements"]], [320], Qt.Orientation.Vertical)

    def focus_pane(self, widget: QWidget) -> None:
        """Keyboard focus to a pane's widget: its dock shown and raised, a list on a row."""
        dock = next((d for d in self.docks.values() if d.isAncestorOf(widget)), None)
        if dock is not None:
            dock.show()
            dock.raise_()
        widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if isinstance(widget, QAbstractItemView) and not widget.currentIndex().isValid():
            model = widget.model()
            if model is not None and model.rowCount() > 0:
                widget.setCurrentIndex(model.index(0, 0))

    def _project_state_changed(self) -> None:
        is_open = self.controller.is_open
        self.central.setCurrentWidget(self.document if is_open else self.start_page)
        self.actions.set_project_open(is_open, self.controller.read_only)
        self.server.update_window(self.actions.by_name)
        self.setWindowTitle(self.server.title(self.controller.project))
        if is_open and self.document.source_id is None:
            self.sources.select_first()
        FullTextTips.watch(self)  # the panes a project fills

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.settings.recent_files():
            self.recent_menu.addAction(entry, partial(self.server.open_location, entry))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())
        self.start_page.show_recent(self.settings.recent_files())

    def _fill_start_page(self) -> None:
        page, a = self.start_page, self.actions
        page.add_choice("new", a["new"], "Start a study: a project file, with the open-LLM study's codebook or none.")
        page.add_choice("open", a["open"], "Open a project file (.qcoder).")
        page.add_choice("sample", a["sample"], "Try everything on a small, fully coded example study (fictional).")
        page.add_choice("import", a["import"], "Bring in interview transcripts (a new project is made for them).")
        page.add_choice("open_team", a["open_team"], "Code together with your team on a PostgreSQL server.")
        page.add_choice("user_guide", a["user_guide"], "How qcoder works, offline (F1).")
        page.recent_chosen.connect(self.server.open_location)

    def about(self) -> None:
        QMessageBox.about(self, "About qcoder", f"<b>qcoder {__version__}</b><br>Qualitative coding of interview "
                          "transcripts, with a collaboration map.<br>Open source; REFI-QDA for exchange.")

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.imports.shutdown()
        self.exchange.shutdown()
        self.server.shutdown()
        self.controller.close_project()
        super().closeEvent(event)
