"""The main window: composes the panes, docks, menus and actions; holds no logic of its own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QDockWidget, QMainWindow, QMenu, QMessageBox, QStackedWidget, QWidget

from qcoder import __version__
from qcoder.ui.actions import Actions
from qcoder.ui.analysis.analysis_docks import AnalysisDocks
from qcoder.ui.code_tree_pane import CodeTreePane
from qcoder.ui.code_tree_workflow import CodeTreeWorkflow
from qcoder.ui.coder_name_workflow import CoderNameWorkflow
from qcoder.ui.coding_workflow import CodingWorkflow
from qcoder.ui.document_pane import DocumentPane
from qcoder.ui.file_drop import FileDropFilter
from qcoder.ui.import_workflow import ImportWorkflow
from qcoder.ui.media.media_workflow import MENU_NAMES as RECORDING_MENU, MediaWorkflow
from qcoder.ui.keyboard_access import give_accelerators, release_tab
from qcoder.ui.map.organisation_workflow import OrganisationWorkflow
from qcoder.ui.cases_pane import CasesPane
from qcoder.ui.exchange_workflow import ExchangeWorkflow
from qcoder.ui.memos_pane import MemosPane
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.project_workflow import ProjectWorkflow
from qcoder.ui.recent_codes_menu import RecentCodesMenu
from qcoder.ui.retrieval_pane import RetrievalPane
from qcoder.ui.settings import UserSettings
from qcoder.ui.sources_pane import SourcesPane
from qcoder.ui.tool_bar import build_tool_bar
from qcoder.ui.disagreements_pane import DisagreementsPane
from qcoder.ui.team_workflow import TeamWorkflow
from qcoder.ui.backup_scheduler import BackupScheduler
from qcoder.ui.server_workflow import ServerWorkflow
from qcoder.ui.shortcuts_dialog import KeyboardShortcuts, ShortcutsDialog
from qcoder.ui.start_page import StartPage
from qcoder.ui.start_workflow import StartWorkflow
from qcoder.ui.user_guide import UserGuideDialog
from qcoder.ui.window_layout import WindowLayout


class MainWindow(QMainWindow):
    actions: Actions  # type: ignore[assignment]  # the window's named actions, in the place of QWidget.actions()
    def __init__(self, controller: ProjectController | None = None, settings: UserSettings | None = None) -> None:
        super().__init__()
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

    # -- composition --------------------------------------------------------------------

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[name] = dock

    def _create_actions(self) -> None:
        a, p, c, t, stack = self.actions, self.projects, self.coding, self.code_tree, self.controller.undo_stack
        a.add("new", "&New project…", p.new_project, shortcut=QKeySequence.StandardKey.New, needs_project=False)
        a.add("open", "&Open project…", p.open_dialog, shortcut=QKeySequence.StandardKey.Open, needs_project=False)
        a.add("new_team", "New &team project…", self.server.new_team_project, needs_project=False,
              tip="Create a project on a PostgreSQL server, for a team to code in at the same time")
        a.add("open_team", "Open team pro&ject…", self.server.open_team_project, needs_project=False,
              tip="Open a project on your team's PostgreSQL server with your own login")
        a.add("push_to_server", "Push to team ser&ver…", self.server.push_to_server,
              tip="Copy this project file, with everything in it, to an empty database on a team server")
        a.add("pull_to_file", "Pu&ll a copy to a file…", self.server.pull_to_file,
              tip="Copy this team project into a new project file (to work alone, archive or send)")
        a.add("set_up_coders", "Set up coders' ri&ghts…", self.server.set_up_coders,
              tip="As the team project's lead: let these logins read everything and write only their own work")
        a.add("close", "&Close project", p.close_project, shortcut=QKeySequence.StandardKey.Close)
        a.add("quit", "&Quit", self.close, shortcut=QKeySequence.StandardKey.Quit, needs_project=False)
        undo = stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        a.by_name["undo"], a.by_name["redo"] = undo, redo
        a.add("find", "&Find in document…", self.document.show_find, shortcut=QKeySequence.StandardKey.Find)
        a.add("apply", "&Apply current code", c.apply_current, shortcut="Ctrl+Return",
              tip="Code the selected text with the code chosen in the code tree")
        a.add("in_vivo", "&In-vivo code from selection", c.in_vivo, shortcut="Ctrl+I")
        a.add("unmark", "&Unmark passage", c.unmark, shortcut="Ctrl+Backspace")
        a.add("exemplar", "Flag &exemplar quote", c.toggle_exemplar, shortcut="Ctrl+E")
        a.add("passage_memo", "Passage &memo…", c.edit_passage_memo, shortcut="Ctrl+M")
        a.add("source_memo", "&Source memo…", c.edit_source_memo, shortcut="Ctrl+Alt+M")
        # Alt+arrows, not Ctrl+Alt+arrows: those switch workspaces on GNOME, Xfce and Openbox.
        a.add("grow_end", "Extend passage end by a word", lambda: c.resize("end", True), shortcut="Alt+Right")
        a.add("shrink_end", "Pull passage end back by a word", lambda: c.resize("end", False), shortcut="Alt+Left")
        a.add("grow_start", "Extend passage start by a word", lambda: c.resize("start", True), shortcut="Alt+Up")
        a.add("shrink_start", "Pull passage start in by a word", lambda: c.resize("start", False), shortcut="Alt+Down")
        for number in range(1, 10):
            a.add(f"pinned_{number}", f"Apply pinned code {number}", lambda n=number: c.apply_pinned(n), shortcut=str(number))
        a.add("new_code", "&New code…", t.new_code, shortcut="Ctrl+Shift+N")
        a.add("new_subcode", "New &subcode…", lambda: t.new_code(as_child=True))
        a.add("rename_code", "&Rename code…", t.rename, shortcut="F2")
        a.add("recolour_code", "&Colour…", t.recolour)
        a.add("describe_code", "&Definition…", t.describe)
        a.add("code_memo", "Code m&emo…", t.memo)
        a.add("pin_code", "&Pin / unpin code", t.toggle_pin, shortcut="Ctrl+P")
        a.add("merge_code", "&Merge into…", t.merge)
        a.add("delete_code", "&Delete code…", t.delete, shortcut="Ctrl+Shift+Delete")
        a.add("stripes_by_coder", "Colour stripes by &coder", self.document.set_colour_by_coder, checkable=True,
              needs_project=False)
        a.add("focus_codes", "Go to &codes", lambda: self._focus(self.codes.filter_box), shortcut="Ctrl+Shift+C",
              needs_project=False)
        a.add("focus_sources", "Go to &sources", lambda: self._focus(self.sources.current_view()), shortcut="Ctrl+Shift+S",
              needs_project=False)
        a.add("focus_document", "Go to &document", lambda: self._focus(self.document.view), shortcut="Ctrl+Shift+D",
              needs_project=False)
        a.add("focus_retrieval", "Go to &retrieved passages", lambda: self._focus(self.retrieval.table), shortcut="Ctrl+4",
              needs_project=False)
        a.add("focus_cases", "Go to cases", lambda: self._focus(self.cases.table), shortcut="Ctrl+5", needs_project=False)
        for name, keys in (("focus_sources", ("Ctrl+1", "Ctrl+Shift+S")), ("focus_document", ("Ctrl+2", "Ctrl+Shift+D")),
                           ("focus_codes", ("Ctrl+3", "Ctrl+Shift+C"))):
            a[name].setShortcuts([QKeySequence(k) for k in keys])  # Ctrl+1…5: the panes in order
        a.add("about", "&About qcoder", self._about, needs_project=False)
        a.add("coder_name", "Your &name as coder…", self.coder_names.change_name, needs_project=False,
              tip="The name recorded on every passage you code and memo you write")
        a.add("import", "&Import transcripts…", self.start.import_transcripts, shortcut="Ctrl+Shift+I",
              needs_project=False,
              tip="Import interview transcripts (txt, docx, odt, rtf, pdf, md, html, vtt, srt, Whisper JSON)")
        a.add("sample", "Open the &sample study", self.start.open_sample, needs_project=False,
              tip="A small, fully coded example study (fictional interviews) to try everything on")
        a.add("user_guide", "&User guide", lambda: UserGuideDialog(self).exec(), shortcut="F1", needs_project=False)
        a.add("shortcuts", "&Keyboard shortcuts…", lambda: ShortcutsDialog(self.shortcuts, self).exec(),
              needs_project=False, tip="See and change the keys of every command")
        a.add("reset_layout", "Reset la&yout", self.layout_keeper.reset, needs_project=False,
              tip="Put every pane back where it started and the window at its default size")
        a.add("review_speakers", "Review &speakers…", self.imports.review_speakers,
              tip="Rename and merge speakers, link them to cases, autocode their turns")
        a.add("merge", "&Merge another coder's project…", self.team.merge_dialog,
              tip="Add what is new in another copy of this project (preview first; undoable)")
        a.add("restore", "Restore a &backup…", self.team.restore_dialog,
              tip="Replace the project by one of its rolling backups (the current state is backed up first)")
        a.add("agreement", "Inter-coder &agreement…", self.team.show_agreement)
        a.add("disagreements", "&Disagreements between coders", self._show_disagreements)
        a.add("collaboration_map", "Collaboration &map", self.open_map_window, shortcut="Ctrl+Shift+M",
              tip="Organisations and who mentions whom, the lifecycle board and the code matrix, live")
        a.add("mention_organisation", "Mark as mentioning an &organisation…", self.organisations.mention_from_selection,
              shortcut="Ctrl+Shift+O", tip="Code the selection with an organisation's code (made with its case if new)")
        a.add("edit_organisation", "Organisation de&tails…", self.organisations.edit,
              tip="Type, country, position, interviewed and interviews of an organisation")
        a.mark_edits(["mention_organisation", "edit_organisation"])
        a.add("blind", "Show only &my coding (blind)", self.controller.set_blind, checkable=True,
              tip="Hide the other coders' coding (document, counts, retrieval, map), to code without seeing theirs")
        a.mark_edits(["import", "review_speakers"])
        self.exchange.add_actions(a)
        self.media.add_actions(a)
        self.sources.menu_actions += self.media.source_actions(self.sources.current_source_id)
        a.mark_edits(["merge", "restore", "apply", "in_vivo", "unmark", "exemplar", "passage_memo", "source_memo", "grow_end", "shrink_end",
                      "grow_start", "shrink_start", "new_code", "new_subcode", "rename_code", "recolour_code",
                      "describe_code", "code_memo", "merge_code", "delete_code",
                      *[f"pinned_{n}" for n in range(1, 10)]])

    def _create_menus(self) -> None:
        bar = self.menuBar()
        for key, title in (("file", "&File"), ("edit", "&Edit"), ("code", "&Code"), ("view", "&View"),
                           ("recording", "&Recording"), ("analysis", "&Analysis"), ("settings", "&Settings"),
                           ("help", "&Help")):
            self.menus[key] = bar.addMenu(title)
        self.recent_menu = QMenu("Open &recent", self)
        self.actions.fill(self.menus["file"], ["new", "open", "new_team", "open_team"])
        self.menus["file"].addMenu(self.recent_menu)
        self.actions.fill(self.menus["file"], [None, "import", "import_refi", "review_speakers"])
        self.menus["export"] = self.menus["file"].addMenu("&Export")
        self.actions.fill(self.menus["export"], self.exchange.export_menu_names())
        self.actions.fill(self.menus["file"], [None, "merge", "restore", "push_to_server", "pull_to_file", "set_up_coders"])
        self.actions.fill(self.menus["file"], [None, "close", None, "quit"])
        self.actions.fill(self.menus["analysis"], ["agreement", "disagreements"])
        self.actions.fill(self.menus["recording"], RECORDING_MENU)
        self.actions.fill(self.menus["edit"], ["undo", "redo", None, "find"])
        self.actions.fill(self.menus["code"], [
            "apply", "in_vivo", "unmark", "exemplar", "passage_memo", "source_memo", None, "grow_end", "shrink_end",
            "grow_start", "shrink_start", None, "new_code", "new_subcode", "rename_code", "recolour_code",
            "describe_code", "code_memo", "pin_code", "merge_code", "delete_code",
        ])
        self.actions.fill(self.menus["code"], [None, "mention_organisation", "edit_organisation"])
        self.recent_codes_menu = RecentCodesMenu(self.coding, self.codes, self)
        self.menus["code"].insertMenu(self.actions["in_vivo"], self.recent_codes_menu)
        view = self.menus["view"]
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        view.addSeparator()
        view.addAction(self.sources.group_action)
        self.actions.fill(view, ["stripes_by_coder", "blind", None])
        self.actions.fill(view.addMenu("&Jump to pane"), ["focus_sources", "focus_document", "focus_codes", "focus_retrieval",
                                                  "focus_cases"])
        self.actions.fill(view, [None, "collaboration_map"])
        self.actions.fill(view, [None, "reset_layout"])
        self.actions.fill(self.menus["settings"], ["coder_name", "shortcuts"])
        self.actions.fill(self.menus["help"], ["user_guide", "shortcuts", "sample", None, "about"])
        self._fill_recent()

    def _connect(self) -> None:
        self.sources.source_chosen.connect(self.document.show_source)
        self.sources.source_opened.connect(lambda _source: self._focus(self.document.view))
        self.codes.code_activated.connect(self.coding.apply_code)
        self.document.margin.memo_clicked.connect(self.coding.edit_memo_of)
        self.memos.source_requested.connect(self.sources.select_source)
        self.memos.code_requested.connect(lambda code_id: (self._focus(self.codes.tree), self.codes.select_code(code_id)))
        self.memos.case_requested.connect(lambda name: (self._focus(self.cases.table), self.cases.select_case(name)))
        self.codes.tree.selection_dropped.connect(self.coding.apply_code_to)
        self.codes.tree.selectionModel().selectionChanged.connect(
            lambda *_: self.retrieval.show_codes(self.codes.selected_code_ids())
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

    def _show_disagreements(self) -> None:
        self.docks["disagreements"].show()
        self.docks["disagreements"].raise_()
        self.resizeDocks([self.docks["disagreements"]], [320], Qt.Orientation.Vertical)

    def _focus(self, widget: QWidget) -> None:
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

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for entry in self.settings.recent_files():
            self.recent_menu.addAction(entry, lambda e=entry: self.server.open_location(e))
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

    def _about(self) -> None:
        QMessageBox.about(self, "About qcoder", f"<b>qcoder {__version__}</b><br>Qualitative coding of interview "
                          "transcripts, with a collaboration map.<br>Open source; REFI-QDA for exchange.")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.settings.save_window_state(self.saveGeometry(), self.saveState())
        self.imports.shutdown()
        self.exchange.shutdown()
        self.server.shutdown()
        self.controller.close_project()
        super().closeEvent(event)
