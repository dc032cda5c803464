"""Puts the analysis views into the window: one dock each, and the Analysis menu entries.

The window calls :class:`AnalysisDocks` once after making its own menus; everything about
the analysis views' placement lives here, so that ``main_window.py`` stays a composition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from qcoder.ui.analysis.cooccurrence_view import CooccurrenceView
from qcoder.ui.analysis.crosstab_view import CrosstabView
from qcoder.ui.analysis.framework_view import FrameworkView
from qcoder.ui.analysis.frequencies_view import FrequenciesView
from qcoder.ui.analysis.saved_queries_editor import SavedQueriesEditor
from qcoder.ui.analysis.search_pane import SearchPane

if TYPE_CHECKING:
    from qcoder.ui.main_window import MainWindow


class AnalysisDocks:
    """The search pane and the analysis views, docked at the bottom and raised from the menu."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        controller = window.controller
        self.search = SearchPane(controller, window)
        self.frequencies = FrequenciesView(controller, window)
        self.cooccurrence = CooccurrenceView(controller, window)
        self.crosstab = CrosstabView(controller, window)
        self.framework = FrameworkView(controller, window)
        self.queries = SavedQueriesEditor(controller, window)
        views = (
            ("search", "Search", self.search, "&Search the sources…", "Ctrl+Shift+F"),
            ("frequencies", "Frequencies", self.frequencies, "&Frequencies", None),
            ("cooccurrence", "Co-occurrence", self.cooccurrence, "&Co-occurrence of codes", None),
            ("crosstab", "Crosstab", self.crosstab, "C&rosstab…", None),
            ("framework", "Framework matrix", self.framework, "Framework &matrix (cases × codes)…", None),
            ("queries", "Saved queries", self.queries, "Saved &queries…", None),
        )
        first = window.docks.get("retrieval")
        menu = window.menus["analysis"]
        # the views come first, above a separator from what the menu held
        before = menu.insertSeparator(menu.actions()[0]) if menu.actions() else menu.addSeparator()
        for name, title, widget, text, shortcut in views:
            dock = QDockWidget(title, window)
            dock.setObjectName(f"dock_{name}")
            dock.setWidget(widget)
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            if first is not None:
                window.tabifyDockWidget(first, dock)
            dock.hide()
            window.docks[name] = dock
            action = window.actions.add(f"analysis_{name}", text, lambda n=name: self.show(n), shortcut=shortcut)
            menu.insertAction(before, action)
            window.menus["view"].addAction(dock.toggleViewAction())
            if hasattr(widget, "message"):
                widget.message.connect(lambda text_: window.statusBar().showMessage(text_, 6000))
        if first is not None:
            first.raise_()

    def show(self, name: str) -> QWidget:
        """Show and raise one view, with room to read it; the search box gets the focus."""
        dock = self.window.docks[name]
        dock.show()
        dock.raise_()
        if not dock.isFloating():
            self.window.resizeDocks([dock], [max(320, self.window.height() // 2)], Qt.Orientation.Vertical)
        widget = dock.widget()
        if name == "search":
            self.search.focus_query()
        return widget
