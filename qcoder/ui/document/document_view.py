"""The text of one source with its codings painted in, selectable by mouse and keyboard.

All positions that leave this widget are the project's code points, half-open; Qt's UTF-16
positions never escape it (see :mod:`qcoder.ui.document.text_positions`).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QHelpEvent, QKeyEvent, QKeySequence, QPaintEvent, QPalette, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from qcoder.core.snapshots import CodingInfo, TurnInfo
from qcoder.ui.document.coded_text_paint import CodedTextPaint
from qcoder.ui.document.coding_highlighter import CodingHighlighter
from qcoder.ui.document.text_positions import PositionMap
from qcoder.ui.widgets.opaque_scroll_bars import make_scroll_bars_opaque
from qcoder.ui.widgets.steady_scroll_bar import SteadyScrollBar

SELECTION_MIME = "application/x-qcoder-selection"


class DocumentView(QPlainTextEdit):
    selection_changed_span = Signal(object)
    """The selected span ``(start, end)`` in code points, or ``None``."""
    text_edited = Signal(int, int, int, str)
    """In edit mode the user replaced ``[start, end)`` (code points) of the source's text with
    these words: ``(source_id, start, end, new_text)``. The document shows it already."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # a long source is laid out line by line as it is painted, and each line found moves the
        # bar's range: repainted where the slider moved, not the whole bar and the window behind it
        self.setVerticalScrollBar(SteadyScrollBar(self))
        make_scroll_bars_opaque(self)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setCenterOnScroll(False)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)
        self.document().setDocumentMargin(14)
        self.highlighter = CodingHighlighter(self.document())
        palette = self.palette()
        self.highlighter.set_base_colour(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))
        self.source_id: int | None = None
        self.text = ""
        self.codings: list[CodingInfo] = []
        self._by_id: dict[int, CodingInfo] = {}
        self.code_names: dict[int, str] = {}
        """The code names given with the codings: the caller's dict, not a copy (the document pane
        only ever adds a new code's name to it in place), so that a coding costs the same with
        3,000 codes as with 30."""
        self._coding_starts: list[int] = []
        self._longest = 0
        self.codings_version = 0
        """Counts changes to :attr:`codings`, so that what is derived from them knows when to redo it."""
        self.margin: QWidget | None = None
        self.editing = False
        self._syncing = False
        self.unsynced = False
        """The user edited the text and the project's answer (codings, turns) is not shown yet."""
        self.document().setUndoRedoEnabled(False)  # the window's undo stack undoes edits
        self.selectionChanged.connect(self._emit_selection)
        self.document().contentsChange.connect(self._contents_changed)

    @property
    def positions(self) -> PositionMap:
        return self.highlighter.positions

    # -- content ------------------------------------------------------------------------

    def show_source(
        self, source_id: int, text: str, turns: Sequence[TurnInfo], codings: Sequence[CodingInfo],
        colours: dict[int, str], names: dict[int, str],
    ) -> None:
        """Show a source's text with its codings; one layout pass, one highlight pass."""
        self.source_id = source_id
        self.text = text
        self.highlighter.blockSignals(True)
        self.highlighter.set_source(text, turns)
        self._take_codings(codings, colours, names)
        self.highlighter.blockSignals(False)
        self._set_plain_text(text)  # re-highlights every block once
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def clear_source(self) -> None:
        self.source_id = None
        self.text = ""
        self.codings = []
        self.codings_version += 1
        self._by_id = {}
        self.highlighter.set_source("", [])
        self.highlighter.set_codings([], {})
        self._set_plain_text("")

    def _set_plain_text(self, text: str) -> None:
        self._syncing = True
        try:
            self.setPlainText(text)
        finally:
            self._syncing = False
        self.unsynced = False

    def update_codings(self, codings: Sequence[CodingInfo], colours: dict[int, str], names: dict[int, str]) -> None:
        """New codings for the same text; the view is repainted (its text is not laid out again)."""
        self._take_codings(codings, colours, names)
        self.viewport().update()

    def change_codings(
        self, updated: Sequence[CodingInfo], removed: set[int], colours: dict[int, str], names: dict[int, str]
    ) -> bool:
        """Take added, changed and removed codings without reloading the rest; repaint their spans.

        Returns False when there were so many that all codings were taken and repainted anew.
        """
        touched = removed | {c.id for c in updated}
        if len(touched) > 50:
            kept = [c for c in self.codings if c.id not in touched]
            self.update_codings(kept + list(updated), colours, names)
            return False
        known = self.highlighter.code_colours
        for code_id in {c.code_id for c in updated if c.code_id not in known}:  # a new code's colour
            # (not ``set - known.keys()``: a set less a dict's keys walks every key, every code)
            if code_id in colours:
                self.highlighter.add_code_colour(code_id, colours[code_id])
        regions = [(old.start, old.end) for old in (self._by_id.get(i) for i in touched) if old is not None]
        regions += [(c.start, c.end) for c in updated]
        for coding_id in touched:
            self._drop(coding_id)
        for coding in updated:
            index = bisect.bisect_right(self._coding_starts, coding.start)
            self.codings.insert(index, coding)
            self._coding_starts.insert(index, coding.start)
            self._by_id[coding.id] = coding
            self._longest = max(self._longest, coding.end - coding.start)
        self.code_names = names
        self.codings_version += 1
        for start, end in regions:
            spans = ((c.start, c.end, c.code_id) for c in self.codings_overlapping(start, end))
            self.highlighter.update_region(start, end, spans)
            self.repaint_lines(*self.positions.span_to_qt(start, end))
        return True

    def repaint_lines(self, qt_start: int, qt_end: int) -> None:
        """Schedule a repaint of just the lines holding ``[qt_start, qt_end)`` (Qt positions)."""
        viewport = self.viewport()
        top = self.line_extent(qt_start)[0]
        bottom = self.line_extent(max(qt_end - 1, qt_start))[1]
        if bottom >= 0 and top <= viewport.height():
            viewport.update(0, int(top) - 1, viewport.width(), int(bottom - top) + 3)

    def line_extent(self, qt_position: int) -> tuple[float, float]:
        """Viewport y of the top and bottom of the line holding a Qt position."""
        block = self.document().findBlock(qt_position)
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        line = block.layout().lineForTextPosition(qt_position - block.position())
        if not line.isValid():
            return top, top + self.blockBoundingRect(block).height()
        return top + line.y(), top + line.y() + line.height()

    def _drop(self, coding_id: int) -> None:
        old = self._by_id.pop(coding_id, None)
        if old is None:
            return
        index = bisect.bisect_left(self._coding_starts, old.start)
        while index < len(self.codings) and self.codings[index].id != coding_id:
            index += 1
        if index < len(self.codings):
            del self.codings[index]
            del self._coding_starts[index]

    def _take_codings(self, codings: Sequence[CodingInfo], colours: dict[int, str], names: dict[int, str]) -> None:
        self.codings_version += 1
        # A damaged file's coding outside the text is left out here (File ▸ Check the project
        # names it); drawn, it would have no line to stand on.
        length = len(self.text)
        self.codings = sorted((c for c in codings if 0 <= c.start <= c.end <= length), key=lambda c: (c.start, c.end, c.id))
        self._by_id = {c.id: c for c in self.codings}
        self._coding_starts = [c.start for c in self.codings]
        self._longest = max((c.end - c.start for c in self.codings), default=0)
        self.code_names = names
        self.highlighter.set_codings(((c.start, c.end, c.code_id) for c in self.codings), colours)

    # -- edit mode --------------------------------------------------------------------------

    def set_editing(self, editing: bool) -> None:
        """Let the user type, delete and paste into the text (read-only otherwise)."""
        self.editing = editing
        self.setReadOnly(not editing)
        flags = Qt.TextInteractionFlag.TextEditorInteraction if editing else (
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setTextInteractionFlags(flags)

    def take_text(self, text: str, turns: Sequence[TurnInfo]) -> None:
        """The source's text as it now stands (after an edit, its undo or a pseudonymisation):
        only the changed stretch of the document is replaced, so the scroll position and the
        cursor stay; then the speaker labels and positions are taken anew."""
        old = self.text
        if text != old:
            prefix, tail = _common_ends(old, text)
            qt_start, qt_end = self.positions.span_to_qt(prefix, len(old) - tail)
            cursor = QTextCursor(self.document())
            cursor.setPosition(qt_start)
            cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
            self._syncing = True
            try:
                cursor.insertText(text[prefix:len(text) - tail])
            finally:
                self._syncing = False
        self.text = text
        self.unsynced = False
        self.highlighter.set_source(text, turns)

    def _contents_changed(self, qt_position: int, removed: int, added: int) -> None:
        """What the user typed, deleted or pasted, as an edit of the source's text in code points."""
        if self._syncing or not self.editing or self.source_id is None:
            return
        start, end = self.positions.span_to_python(qt_position, qt_position + removed)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_position)
        cursor.setPosition(qt_position + added, QTextCursor.MoveMode.KeepAnchor)
        words = cursor.selectedText().replace("\u2029", "\n").replace("\u2028", "\n")
        old = self.text[start:end]
        if old == words:
            return  # only the formats changed (the highlighter painting)
        same, tail = _common_ends(old, words)
        start, end, words = start + same, end - tail, words[same:len(words) - tail]
        self.text = self.text[:start] + words + self.text[end:]
        self.highlighter.positions = PositionMap(self.text)
        self.highlighter.shift(qt_position, removed, added)
        self.unsynced = True
        self.text_edited.emit(self.source_id, start, end, words)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
            event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
        ):
            event.ignore()  # the window's Undo and Redo, not the text box's own
            return False
        return self._tool_tip(event)

    # -- positions and selection --------------------------------------------------------

    def selected_span(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self.positions.span_to_python(cursor.selectionStart(), cursor.selectionEnd())
        return (start, end) if start < end else None

    def select_span(self, start: int, end: int, *, centre: bool = True) -> None:
        """Select ``[start, end)``. A jump to a passage centres it; ``centre=False`` (a passage
        grown or shrunk in place) keeps the view still unless the moving end left it."""
        qt_start, qt_end = self.positions.span_to_qt(start, end)
        cursor = self.textCursor()
        cursor.setPosition(qt_start)
        cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        if centre:
            self.centerCursor()
        else:
            self.ensureCursorVisible()

    def codings_at(self, position: int) -> list[CodingInfo]:
        """The codings covering the code-point ``position``."""
        low = bisect.bisect_left(self._coding_starts, position - self._longest)
        high = bisect.bisect_right(self._coding_starts, position)
        return [c for c in self.codings[low:high] if c.start <= position < c.end]

    def codings_overlapping(self, start: int, end: int) -> list[CodingInfo]:
        low = bisect.bisect_left(self._coding_starts, start - self._longest)
        high = bisect.bisect_left(self._coding_starts, end)
        return [c for c in self.codings[low:high] if c.end > start and c.start < end]

    def python_position_at(self, point: QPoint) -> int:
        return self.positions.to_python(self.cursorForPosition(point).position())

    def _emit_selection(self) -> None:
        self.selection_changed_span.emit(self.selected_span())

    # -- tool tips and dragging a selection onto a code ---------------------------------

    def _tool_tip(self, event) -> bool:
        if event.type() == event.Type.ToolTip and isinstance(event, QHelpEvent):
            point = self.viewport().mapFromGlobal(event.globalPos())
            codings = self.codings_at(self.python_position_at(point))
            if codings:
                lines = [f"{self.code_names.get(c.code_id, '?')} — {c.coder}" + (" ★" if c.exemplar else "")
                         for c in codings]
                QToolTip.showText(event.globalPos(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def createMimeDataFromSelection(self) -> QMimeData:
        """The selection's text, and where it is for a drop onto a code.

        Only the text: Qt's own mime data would render the selection as HTML and as an ODF
        document at each drag, and a plain text's formats (its font) are all they would add.
        A drag into another program, or a copy, carries the text as it reads."""
        data = QMimeData()
        data.setText(self.textCursor().selection().toPlainText())
        span = self.selected_span()
        if span is not None and self.source_id is not None:
            data.setData(SELECTION_MIME, f"{self.source_id}:{span[0]}:{span[1]}".encode())
        return data

    def place_margin(self) -> None:
        """Keep the stripe margin (a child widget) over the left viewport margin."""
        if self.margin is not None:
            rect = self.contentsRect()
            width = self.viewportMargins().left()
            self.margin.setGeometry(rect.left(), rect.top(), width, rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.place_margin()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text with its codings' colours (Qt's own paint when nothing is coded)."""
        if not self.highlighter.has_codings():
            super().paintEvent(event)
            return
        highlighter = self.highlighter
        coded = CodedTextPaint(self, event.rect(), highlighter.pieces, highlighter.right_to_left, highlighter.paint_cache)
        coded.tints()
        super().paintEvent(event)
        coded.over()



def _common_ends(old: str, new: str) -> tuple[int, int]:
    """How many characters ``old`` and ``new`` share at the start, and then at the end (the two
    never overlap), so that only what lies between counts as changed."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix
