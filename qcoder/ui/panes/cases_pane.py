"""The cases pane: cases (organisations, people) with their attributes and sources, editable.

Every edit is one undoable :class:`CaseEditCommand`; organisations open the organisation dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.changes import Changes
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.case_edits import add_named_case, set_case_attribute, set_case_sources
from qcoder.core.usecases.queries.cases import VALUE_TYPES, list_attributes, list_cases
from qcoder.core.usecases.queries.sources import existing_sources, list_sources, source_names
from qcoder.ui.commands.organisation_commands import CaseEditCommand, RenameCaseCommand
from qcoder.ui.deferred_refresh import DeferredRefresh, coding_only, only_a_new_code, parts_of, sources_still_there
from qcoder.ui.map.organisation_workflow import OrganisationWorkflow
from qcoder.ui.models.case_table_model import CaseTableModel
from qcoder.ui.project_controller import ProjectController


class CasesPane(QWidget):
    message = Signal(str)

    def __init__(self, controller: ProjectController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.organisations = OrganisationWorkflow(controller, None, self)
        self.organisations.message.connect(self.message)
        self.model = CaseTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter cases")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self.edit_organisation())
        buttons = QGridLayout()  # two a row (Organisation… alone): a narrow pane never cuts them
        for place, (text, slot, tip) in zip(((0, 0, 1), (0, 1, 1), (1, 0, 2), (2, 0, 1), (2, 1, 1)), (
            ("New…", self.new_case, "A new case (a person, a group…)"),
            ("Rename…", self.rename_case, "Rename the selected case (an organisation's code too)"),
            ("Organisation…", self.edit_organisation, "Type, country, position, interviewed, interviews"),
            ("Attribute…", self.set_attribute, "Set or clear an attribute of the selected case"),
            ("Sources…", self.choose_sources, "Which sources belong to the selected case"),
        )):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button, place[0], place[1], 1, place[2])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._source_ids: set[int] = set()
        self._later = DeferredRefresh(self._apply, self, active=lambda: controller.is_open)
        controller.changed.connect(self._changed)
        controller.project_opened.connect(self.refresh)
        controller.project_closed.connect(lambda: self.model.set_cases([], {}))
        self.refresh()

    def refresh(self) -> None:
        if not self.controller.is_open:
            return
        selected = self.selected_case()
        sources = self.controller.read(source_names)
        self._source_ids = set(sources)
        self.model.set_cases(self.controller.read(list_cases), sources)
        if selected is not None:
            self.select_case(selected)

    def _changed(self, changes: Changes) -> None:
        for part in parts_of(changes):  # in vivo: a new code, then its passage
            self._follow(part)

    def _follow(self, changes: Changes) -> None:
        if coding_only(changes) and changes.sources <= self._source_ids:
            if not sources_still_there(changes):
                self._later.add(changes)  # a coding shows nothing here unless its source is gone
            return  # (its sources are certainly there: nothing to show, nor to check later)
        self._later.flush()
        self._apply(changes)

    def _apply(self, changes: Changes) -> None:
        if coding_only(changes) and changes.sources <= self._source_ids:
            if sources_still_there(changes) or self.controller.read(existing_sources, changes.sources) == changes.sources:
                return
        if (changes.cases or changes.attributes or changes.sources or changes.code_tree) and not only_a_new_code(changes):
            self.refresh()

    def selected_case(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.proxy.data(rows[0], CaseTableModel.CaseNameRole)

    def select_case(self, name: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, CaseTableModel.CaseNameRole) == name:
                self.table.selectRow(row)
                return

    def _push(self, command: CaseEditCommand) -> bool:
        try:
            self.controller.push(command)
        except QcoderError as error:
            self.message.emit(str(error))
            return False
        return True

    # -- edits --------------------------------------------------------------------------

    def new_case(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "New case", "Name of the case:")
            if not ok:
                return False
        if not name.strip():
            self.message.emit("A case needs a name.")
            return False
        done = self._push(CaseEditCommand(self.controller, name, f"New case “{name.strip()}”", add_named_case))
        if done:
            self.select_case(name.strip())
        return done

    def rename_case(self, name: str | None = None) -> bool:
        case = self.selected_case()
        if case is None:
            self.message.emit("Select a case first.")
            return False
        info = next(c for c in self.controller.read(list_cases) if c.name == case)  # before the dialog:
        if name is None:  # a rename is refused if another coder changed the case meanwhile
            name, ok = QInputDialog.getText(self, "Rename case", "New name:", text=case)
            if not ok:
                return False
        if not name.strip() or name.strip() == case:
            return False
        try:
            self.controller.push(RenameCaseCommand(self.controller, info.id, case, name, info.version))
        except QcoderError as error:
            self.message.emit(str(error))
            return False
        self.select_case(name.strip())
        return True

    def edit_organisation(self) -> bool:
        return self.organisations.edit(self.selected_case())

    def set_attribute(self, attribute: str | None = None, value: str | None = None, value_type: str = "text") -> bool:
        case = self.selected_case()
        if case is None:
            self.message.emit("Select a case first.")
            return False
        seen = self._version_of(case)  # before the dialog: refused if another coder changes it meanwhile
        if attribute is None:
            dialog = AttributeDialog([a for a in self.controller.read(list_attributes) if a.applies_to == "case"], self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            attribute, value, value_type = dialog.values()
        if not attribute:
            self.message.emit("An attribute needs a name.")
            return False
        text = f"Attribute “{attribute}” of “{case}”"
        return self._push(CaseEditCommand(
            self.controller, case, text, set_case_attribute, attribute, value or None, value_type, seen_version=seen
        ))

    def _version_of(self, case: str) -> int | None:
        return next((c.version for c in self.controller.read(list_cases) if c.name == case), None)

    def choose_sources(self, source_ids: list[int] | None = None) -> bool:
        case = self.selected_case()
        if case is None:
            self.message.emit("Select a case first.")
            return False
        info = next(c for c in self.controller.read(list_cases) if c.name == case)
        if source_ids is None:
            dialog = SourcesDialog(self.controller.read(list_sources), set(info.source_ids), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            source_ids = dialog.chosen()
        return self._push(CaseEditCommand(
            self.controller, case, f"Sources of “{case}”", set_case_sources, source_ids, seen_version=info.version
        ))


class AttributeDialog(QDialog):
    def __init__(self, attributes: list, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Case attribute")
        self.types = {a.name: a.value_type for a in attributes}
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(sorted(self.types))
        self.value_type = QComboBox()
        self.value_type.addItems(list(VALUE_TYPES))
        self.name.currentTextChanged.connect(
            lambda text: self.value_type.setCurrentText(self.types.get(text, self.value_type.currentText()))
        )
        self.value = QLineEdit()
        self.value.setPlaceholderText("empty clears the value")
        form = QFormLayout(self)
        form.addRow("&Attribute", self.name)
        form.addRow("&Type", self.value_type)
        form.addRow("&Value", self.value)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str]:
        return self.name.currentText().strip(), self.value.text().strip(), self.value_type.currentText()


class SourcesDialog(QDialog):
    def __init__(self, sources: list, linked: set[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sources of the case")
        self.list = QListWidget()
        for source in sources:
            item = QListWidgetItem(source.name)
            item.setData(Qt.ItemDataRole.UserRole, source.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if source.id in linked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
