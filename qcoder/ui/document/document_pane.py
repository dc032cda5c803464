"""The central pane: a source's title, a find bar, the text with its codings and coding stripes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from qcoder.core.changes import Changes
from qcoder.core.snapshots import CodingInfo
from qcoder.core.usecases.queries.code_tree import code_info, list_codes
from qcoder.core.usecases.queries.coders import list_coders
from qcoder.core.usecases.queries.codings import codings_by_ids, codings_in_source
from qcoder.core.usecases.queries.sources import source_exists, source_heading, source_text, source_turns
from qcoder.io.speakers import name_list
from qcoder.ui.deferred_refresh import only_a_new_code, parts_of, sources_still_there
from qcoder.ui.document.coding_margin import CodingMargin
from qcoder.ui.document.document_view import DocumentView
from qcoder.ui.project_controller import ProjectController


class DocumentPane(QWidget):
    status_message = Signal(str)
    source_shown = Signal(object)
    """The id of the source now shown, or ``None`` when none is."""

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.title = QLabel("No source open — choose one in Sources, or import transcripts with File ▸ Import")
        self.title.setObjectName("documentTitle")
        self.title.setWordWrap(True)
        self.view = DocumentView(self)
        self.margin = CodingMargin(self.view)
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find in document (Enter: next, Shift+Enter: previous)")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.returnPressed.connect(self.find_next)
        self.find_box.hide()
        close_find = QToolButton(self)
        close_find.setText("✕")
        close_find.setAutoRaise(True)
        close_find.clicked.connect(self.hide_find)
        close_find.hide()
        self._close_find = close_find
        find_row = QHBoxLayout()
        find_row.setContentsMargins(0, 0, 0, 0)
        find_row.addWidget(self.find_box)
        find_row.addWidget(close_find)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addLayout(find_row)
        layout.addWidget(self.view, 1)
        self._layout = layout
        self.code_colours: dict[int, str] = {}
        self.code_names: dict[int, str] = {}
        self.coder_colours: dict[int, str] = {}
        self.blind = False
        self._title_parts = ("", "")
        """Blind coding: show only the current coder's codings, not the other coders'."""
        controller.changed.connect(self.on_changed)
        controller.source_requested.connect(self.show_passage)
        controller.project_closed.connect(self.clear)
        controller.blind_changed.connect(self.set_blind)
        self.margin.coding_clicked.connect(self.select_coding)

    @property
    def source_id(self) -> int | None:
        return self.view.source_id

    # -- showing ------------------------------------------------------------------------

    def show_source(self, source_id: int) -> None:
        if source_id == self.view.source_id:
            return
        self._load_code_colours()
        text = self.controller.read(source_text, source_id)
        turns = self.controller.read(source_turns, source_id)
        codings = self._codings(source_id)
        self.view.show_source(source_id, text, turns, codings, self.code_colours, self.code_names)
        self.margin.refresh(self.code_colours, self.coder_colours)
        self._show_title(source_id)
        self.source_shown.emit(source_id)

    def _show_title(self, source_id: int) -> None:
        info = self.controller.read(source_heading, source_id)
        if info is not None:
            speakers = name_list(info.speakers) if info.speakers else "no speakers detected"
            self._title_parts = (info.name, speakers)
            self._title_text(info.characters)

    def _title_text(self, characters: int) -> None:
        name, speakers = self._title_parts
        self.title.setText(f"<b>{_escape(name)}</b> — {characters:,} characters · {speakers}")

    def show_passage(self, source_id: int, start: int, end: int) -> None:
        self.show_source(source_id)
        self.view.select_span(start, end)
        self.view.setFocus()

    def clear(self) -> None:
        self.view.clear_source()
        self.margin.refresh({}, {})
        self.title.setText("No source open")
        self.source_shown.emit(None)

    def add_banner(self, widget: QWidget) -> None:
        """Put a bar (e.g. the edit mode's notice) between the title and the text."""
        self._layout.insertWidget(1, widget)

    def add_below(self, widget: QWidget) -> None:
        """Put a bar (e.g. the recording's player) under the text."""
        self._layout.addWidget(widget)

    def select_coding(self, coding_id: int) -> None:
        coding = next((c for c in self.view.codings if c.id == coding_id), None)
        if coding is not None:
            self.view.select_span(coding.start, coding.end)

    def _load_code_colours(self) -> None:
        codes = self.controller.read(list_codes, counts=False)
        self.code_colours = {c.id: c.colour for c in codes}
        self.code_names = {c.id: c.name for c in codes}
        self.coder_colours = {c.id: c.colour for c in self.controller.read(list_coders)}

    # -- keeping up with changes ---------------------------------------------------------

    def on_changed(self, changes: Changes) -> None:
        for part in parts_of(changes):  # in vivo: the new code's colour and name, then its passage
            self._follow(part)

    def _follow(self, changes: Changes) -> None:
        source_id = self.view.source_id
        if source_id is None:
            return
        if (source_id in changes.texts or self.view.unsynced) and self._take_text(source_id, changes):
            return
        if only_a_new_code(changes) and changes.created_id is not None:  # no passage has it yet
            code = changes.code_row(changes.created_id) or self.controller.read(code_info, changes.created_id)
            self.code_colours[code.id], self.code_names[code.id] = code.colour, code.name
            return
        appearance = changes.code_tree or bool(changes.codes and not changes.codings)
        changed: tuple[list[CodingInfo], set[int]] | None = None
        if changes.codings and not appearance:
            present = [c for c in self._changed_codings(changes) if c.source_id == source_id]
            if not present and self._deleted(source_id, changes):
                return
            if any(code not in self.code_names for code in changes.codes):
                self._load_code_colours()
            shown = [c for c in present if self._shows(c)]
            removed = set(changes.codings) - {c.id for c in shown}
            if self.view.change_codings(shown, removed, self.code_colours, self.code_names):
                changed = (shown, removed)
        elif appearance or source_id in changes.sources:
            if self._deleted(source_id, changes):
                return
            self._load_code_colours()
            self.view.update_codings(self._codings(source_id), self.code_colours, self.code_names)
        else:
            return
        self.margin.refresh(self.code_colours, self.coder_colours, changed=changed)

    def _take_text(self, source_id: int, changes: Changes) -> bool:
        """Show the source's text anew if it changed (an edit typed here, its undo, a
        pseudonymisation): the changed words, the turns, every coding; say whether it did."""
        if self._deleted(source_id, changes):
            return True
        typed = self.view.unsynced
        text = self.controller.read(source_text, source_id)
        if text == self.view.text and not typed:
            return False
        typed = typed and text == self.view.text  # as typed here (not refused)
        self.view.take_text(text, self.controller.read(source_turns, source_id))
        if changes.code_tree or changes.codes - set(self.code_names):  # a pseudonymised code name
            self._load_code_colours()
        self.view.update_codings(self._codings(source_id), self.code_colours, self.code_names)
        self.margin.refresh(self.code_colours, self.coder_colours)
        if typed:  # only the length changed in the title
            self._title_text(len(text))
        else:
            self._show_title(source_id)
        return True

    def resync(self) -> None:
        """Show the stored text again (an edit typed here was refused)."""
        if self.view.source_id is not None:
            self.view.unsynced = True
            self._take_text(self.view.source_id, Changes())

    def _changed_codings(self, changes: Changes) -> list[CodingInfo]:
        """The changed codings that still exist: those the use case handed back as stored, and
        the rest read (a just-applied coding, one unmarked or undone is never read back)."""
        given = [c for c in changes.coding_rows if c.id in changes.codings]
        if changes.coding_shift() is not None:
            return given  # stated in full: the others are gone
        missing = changes.codings - {c.id for c in given}
        return given + (self.controller.read(codings_by_ids, missing) if missing else [])

    def _deleted(self, source_id: int, changes: Changes) -> bool:
        """Close the open source if it was deleted (e.g. an import undone); say whether it was."""
        if source_id in changes.sources and not sources_still_there(changes) \
                and not self.controller.read(source_exists, source_id):
            self.clear()
            return True
        return False

    def _codings(self, source_id: int) -> list[CodingInfo]:
        return [c for c in self.controller.read(codings_in_source, source_id) if self._shows(c)]

    def _shows(self, coding: CodingInfo) -> bool:
        """In blind coding only the current coder's own codings are shown."""
        return not self.blind or coding.coder_id == self.controller.coder_id()

    def set_blind(self, blind: bool) -> None:
        """Hide (or show again) the other coders' codings, for coding without seeing theirs."""
        self.blind = blind
        source_id = self.view.source_id
        if source_id is not None:
            self.view.update_codings(self._codings(source_id), self.code_colours, self.code_names)
            self.margin.refresh(self.code_colours, self.coder_colours)

    def set_colour_by_coder(self, by_coder: bool) -> None:
        self.margin.colour_by_coder = by_coder
        self.margin.update()

    # -- find ---------------------------------------------------------------------------

    def show_find(self) -> None:
        self.find_box.show()
        self._close_find.show()
        self.find_box.setFocus()
        self.find_box.selectAll()

    def hide_find(self) -> None:
        self.find_box.hide()
        self._close_find.hide()
        self.view.setFocus()

    def find_next(self, backwards: bool = False) -> bool:
        needle = self.find_box.text()
        if not needle:
            return False
        flags = QTextDocument.FindFlag.FindBackward if backwards else QTextDocument.FindFlag(0)
        found = self.view.find(needle, flags)
        if not found:  # wrap around
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.End if backwards else cursor.MoveOperation.Start)
            self.view.setTextCursor(cursor)
            found = self.view.find(needle, flags)
        self.status_message.emit("" if found else f"“{needle}” is not in this document")
        return found

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.find_box.isVisible():
            self.hide_find()
            return
        if self.find_box.hasFocus() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.find_next(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
            return
        super().keyPressEvent(event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

