"""Agreement figures as a Qt table: one row per code, one per group (any code below it), and a
last row "Overall"."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from qcoder.analysis.agreement import AgreementFigures, AgreementReport

Index = QModelIndex | QPersistentModelIndex
UNDEFINED = "—"
UNDEFINED_TIP = "Undefined: every character has the same value for every coder, so there is no chance agreement to beat."


class AgreementTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, AgreementFigures]] = []
        self._columns: list[tuple[str, str]] = []

    def set_report(self, report: AgreementReport | None) -> None:
        self.beginResetModel()
        if report is None:
            self._rows, self._columns = [], []
        else:
            groups = [(f"{path} (any code below)", figures) for path, figures in report.per_group.items()]
            self._rows = [*report.per_code.items(), *groups, ("Overall", report.overall)]
            self._columns = [("Code", ""), ("Characters", "units"), ("Agreement", "percent")]
            if len(report.coders) == 2:
                self._columns.append(("Cohen's κ", "cohen_kappa"))
            self._columns += [("Fleiss' κ", "fleiss_kappa"), ("Krippendorff's α", "krippendorff_alpha")]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        name, figures = self._rows[index.row()]
        field = self._columns[index.column()][1]
        value = getattr(figures, field) if field else name
        if role == Qt.ItemDataRole.DisplayRole:
            if not field:
                return name
            if value is None:
                return UNDEFINED
            if field == "units":
                return f"{value:,}"
            return f"{value * 100:.1f}%" if field == "percent" else f"{value:.3f}"
        if role == Qt.ItemDataRole.TextAlignmentRole and field:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and field and value is None:
            return UNDEFINED_TIP
        if role == Qt.ItemDataRole.FontRole and index.row() == len(self._rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        return None
