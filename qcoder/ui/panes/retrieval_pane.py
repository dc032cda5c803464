"""The retrieval pane: every passage of the chosen codes with its context, filtered by coder,
case or case attribute; double-click (or Enter) jumps to the passage in its source."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.changes import Changes
from qcoder.core.snapshots import CaseInfo, CodingInfo, SegmentInfo
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.code_tree import descendant_ids
from qcoder.core.usecases.queries.coders import list_coders
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.segments import segments_by_ids
from qcoder.core.wording import counted
from qcoder.ui.deferred_refresh import parts_of
from qcoder.ui.models.segment_table_model import SegmentTableModel
from qcoder.ui.panes.passage_preview import PassagePreview
from qcoder.ui.panes.passage_rows import PassageRows
from qcoder.ui.panes.passage_table import PassageTable
from qcoder.ui.project_controller import ProjectController
from qcoder.ui.widgets.opaque_scroll_bars import make_scroll_bars_opaque
from qcoder.ui.widgets.summary_line import SummaryLine

ALL_CODERS = "All coders"
ALL_CASES = "All cases"
CONTEXT_CHARACTERS = 240
_CHOOSE_ROW = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
MAX_ROWS_UPDATED = 200
"""More changed codings than this (an import, "code all hits") and the list is read anew."""


class RetrievalPane(QWidget):
    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.code_ids: list[int] = []
        self._shown_codes: set[int] = set()
        self._cases: list[CaseInfo] = []
        self._fresh: dict[int, list[CodingInfo]] = {}
        """A code the last change made along with its passages (in vivo), as they stand: choosing
        it next builds its rows from them instead of reading its passages."""
        self.model = SegmentTableModel(self)
        self._rows = PassageRows(controller, CONTEXT_CHARACTERS)
        self.summary = SummaryLine("Choose codes in the code tree to see their passages.", self)
        self.coder_box = QComboBox(self)
        self.coder_box.addItem(ALL_CODERS)
        self.coder_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.case_box = QComboBox(self)
        self.case_box.addItem(ALL_CASES)
        self.case_box.setToolTip("Only passages from sources of this case, or of cases with this attribute value")
        self.case_box.currentIndexChanged.connect(lambda _i: self.reload())
        self.table = PassageTable(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        make_scroll_bars_opaque(self.table)  # its range moves with every coding
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self.jump)
        self.table.selectionModel().currentRowChanged.connect(self._preview)
        self.preview = PassagePreview(self)
        make_scroll_bars_opaque(self.preview)  # each passage shown moves its range
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("Coder:"))
        top.addWidget(self.coder_box)
        top.addWidget(QLabel("Case:"))
        top.addWidget(self.case_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(splitter)
        controller.changed.connect(self.on_changed)
        controller.project_opened.connect(self._load_filters)
        controller.project_opened.connect(self._rows.forget)
        controller.blind_changed.connect(self._set_blind)
        controller.project_closed.connect(self._forget)

    def show_codes(self, code_ids: list[int]) -> None:
        chosen = [c for c in code_ids if c is not None]
        if chosen and chosen == self.code_ids:  # the tree's selection signalled again (a filter key)
            return
        self.code_ids = chosen
        fresh = self._fresh.get(chosen[0]) if len(chosen) == 1 else None
        if fresh is not None and self.controller.is_open:  # a new code has no sub-codes
            self._shown_codes = set(chosen)
            self._show(self._rows.rows(fresh))
            return
        self._shown_codes = self._with_children(self.code_ids)
        self.reload()

    def _forget(self) -> None:
        self.code_ids = []
        self._fresh = {}
        self._rows.forget()
        self.model.set_segments([])

    def _with_children(self, code_ids: list[int]) -> set[int]:
        if not self.controller.is_open:
            return set()
        return {d for code in code_ids for d in self.controller.read(descendant_ids, code)}

    # -- filters ------------------------------------------------------------------------

    def _load_filters(self) -> None:
        self._refill(self.coder_box, ALL_CODERS, [c.name for c in self.controller.read(list_coders)])
        self._cases = self.controller.read(list_cases)
        values = sorted({f"{name} = {value}" for case in self._cases for name, value in case.attributes})
        self._refill(self.case_box, ALL_CASES, [case.name for case in self._cases] + values)

    def _set_blind(self, blind: bool) -> None:
        """While coding blind only my passages are listed: the coder filter is mine and fixed."""
        self.coder_box.setEnabled(not blind)
        self.coder_box.setToolTip("Coding blind: only your passages are shown" if blind else "")
        self.reload()

    def _coder_filter(self) -> str | None:
        if self.controller.blind and self.controller.project is not None:
            return self.controller.project.coder_name
        return None if self.coder_box.currentText() == ALL_CODERS else self.coder_box.currentText()

    @staticmethod
    def _refill(box: QComboBox, everything: str, items: list[str]) -> None:
        current = box.currentText()
        box.blockSignals(True)
        box.clear()
        box.addItem(everything)
        box.addItems(items)
        box.setCurrentIndex(max(box.findText(current), 0))
        box.blockSignals(False)

    def _case_filter(self) -> set[str] | None:
        """The case names a passage's source must belong to, or ``None`` for no filter."""
        choice = self.case_box.currentText()
        if choice == ALL_CASES or not choice:
            return None
        if any(case.name == choice for case in self._cases):
            return {choice}
        name, _, value = choice.partition(" = ")
        return {case.name for case in self._cases if case.attribute(name) == value}

    # -- passages -----------------------------------------------------------------------

    def reload(self) -> None:
        if not self.controller.is_open or not self.code_ids:
            self.model.set_segments([])
            self.preview.clear()
            self.summary.setText("Choose codes in the code tree to see their passages.")
            return
        coder = self._coder_filter()
        segments: list[SegmentInfo] = []
        for code_id in self.code_ids:
            segments += self.controller.read(
                list_segments, code_id=code_id, include_children=True, coder=coder, context=CONTEXT_CHARACTERS
            )
        self._show(segments, coder_filtered=True)

    def _show(self, segments: list[SegmentInfo], *, coder_filtered: bool = False) -> None:
        """List ``segments`` (the passages of the codes shown) as the filters above leave them."""
        coder = None if coder_filtered else self._coder_filter()
        cases = self._case_filter()
        if coder is not None or cases is not None:
            segments = [s for s in segments if (coder is None or s.coder == coder)
                        and (cases is None or cases.intersection(s.cases))]
        was_current = self.table.currentIndex()
        in_place = self.model.set_segments(segments, in_source_order=True, in_place=True)
        self._show_summary()
        if in_place:
            # as after a reset: the first row alone chosen (never toggled by a held Ctrl) and shown
            first = self.model.index(0, 0)
            self.table.selectionModel().setCurrentIndex(first, _CHOOSE_ROW)
            self.table.scrollTo(first)
            if was_current.row() == 0:  # the current row stayed: its new passage is shown here
                self._preview(first, was_current)
        elif self.model.rowCount():
            self.table.selectRow(0)
        else:
            self.preview.clear()

    def _show_summary(self) -> None:
        self.summary.setText(f"{counted(self.model.rowCount(), 'passage')} in {counted(self.model.source_count(), 'source')}")

    def on_changed(self, changes: Changes) -> None:
        parts = parts_of(changes)
        self._fresh = {} if len(parts) == 1 else {
            parts[-2].created_id: [c for c in changes.coding_rows if c.id in changes.codings]}  # type: ignore[dict-item]
        for part in parts:  # in vivo: a new code (not shown yet), then its passage
            self._follow(part)

    def _follow(self, changes: Changes) -> None:
        self._rows.follow(changes)
        if changes.coders or changes.cases or changes.attributes:
            self._load_filters()
        if changes.code_tree:
            if self._only_a_new_code_placed(changes):
                return
            shown = self._with_children(self.code_ids)
            if shown == self._shown_codes and changes.codes == {changes.created_id} and not changes.codings:
                return  # a new code outside the codes shown
            self._shown_codes = shown
            self.reload()
        elif (changes.codings or changes.codes) and (not changes.codes or changes.codes & self._shown_codes):
            if changes.codings and len(changes.codings) <= MAX_ROWS_UPDATED:
                self._update(changes)
            else:
                self.reload()
        elif self._lists_what_changed(changes):
            self.reload()

    def _lists_what_changed(self, changes: Changes) -> bool:
        """A source listed was renamed, or a case changed (its sources, its name, its attributes:
        what a row says of its cases, and what the case filter keeps): the rows are read anew.
        A coding names its source too; the rows of codings are followed one by one (``_update``)."""
        if not self.code_ids or changes.codings:
            return False
        return bool(changes.cases or changes.attributes) or any(map(self.model.lists_source, changes.sources))

    def _only_a_new_code_placed(self, changes: Changes) -> bool:
        """A code just made (in vivo), as the change states it: it joins the codes shown if its
        parent is one of them; it has no passages yet. No sub-codes are read."""
        new = changes.code_row(changes.created_id) if changes.created_id is not None else None
        if new is None or changes.codes != {new.id} or changes.codings:
            return False
        if new.parent_id is not None and new.parent_id in self._shown_codes:
            self._shown_codes = self._shown_codes | {new.id}
        return True

    def _update(self, changes: Changes) -> None:
        """Put in, change or take out the rows of the codings that changed, one by one."""
        if not self.controller.is_open or not self.code_ids:
            return
        given = {c.id: c for c in changes.coding_rows}
        if all(c in given and given[c].code_id not in self._shown_codes and self.model.row_of(c) < 0
               for c in changes.codings):
            return  # coded with a code not shown here
        shift = changes.coding_shift()
        coder, cases = self._coder_filter(), self._case_filter()
        if shift is not None:  # the codings as they now stand: their rows are built, not read
            shown = [c for c in shift[1].values() if c.code_id in self._shown_codes]
            segments = self._rows.rows(shown) if shown else []
        else:
            segments = self.controller.read(segments_by_ids, changes.codings, context=CONTEXT_CHARACTERS)
        segments = [
            s for s in segments
            if s.code_id in self._shown_codes and (coder is None or s.coder == coder)
            and (cases is None or cases.intersection(s.cases))
        ]
        self.model.update_segments(changes.codings, segments)
        self._show_summary()

    def _preview(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.preview.clear()
            return
        segment = self.model.segment(current.row())
        where = f"{escape(segment.source)}" + (f" · {escape(segment.speaker)}" if segment.speaker else "")
        memo = f"<p><i>Memo:</i> {escape(segment.memo)}</p>" if segment.memo else ""
        self.preview.setHtml(
            f"<p style='color:gray'>{where} · {escape(segment.code)} · {escape(segment.coder)}</p>"
            f"<p>…{escape(segment.before)}<b>{escape(segment.text)}</b>{escape(segment.after)}…</p>{memo}"
        )

    def jump(self, index: QModelIndex) -> None:
        segment = self.model.segment(index.row())
        self.controller.show_passage(segment.source_id, segment.start, segment.end)
