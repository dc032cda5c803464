"""A dialog to create or edit an organisation: type, country, position, interviewed, its sources."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.countries import country_names
from qcoder.core.snapshots import SourceInfo
from qcoder.core.usecases.queries.organisations import ORG_TYPES, OrganisationInfo

UNKNOWN = "—"


class OrganisationDialog(QDialog):
    def __init__(
        self, organisations: list[OrganisationInfo], sources: list[SourceInfo], name: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Organisation details")
        self.setMinimumWidth(460)  # the title and the form in full
        self.organisations = {o.name: o for o in organisations}
        self.name = QComboBox()
        self.name.setEditable(True)
        self.name.addItems(sorted(self.organisations))
        self.name.setCurrentText(name or "")
        self.name.currentTextChanged.connect(self._fill)
        self.org_type = QComboBox()
        self.org_type.addItems([UNKNOWN, *ORG_TYPES])
        self.country = QLineEdit()
        completer = QCompleter(country_names(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.country.setCompleter(completer)
        self.country.setPlaceholderText("e.g. Kenya — places it at the country's centre")
        self.lat, self.lon = QLineEdit(), QLineEdit()
        self.lat.setValidator(QDoubleValidator(-90, 90, 4))
        self.lon.setValidator(QDoubleValidator(-180, 180, 4))
        self.lat.setPlaceholderText("latitude")
        self.lon.setPlaceholderText("longitude")
        position = QHBoxLayout()
        position.addWidget(self.lat)
        position.addWidget(self.lon)
        self.interviewed = QComboBox()
        self.interviewed.addItems([UNKNOWN, "yes", "no"])
        self.sources = QListWidget()
        for source in sources:
            item = QListWidgetItem(source.name)
            item.setData(Qt.ItemDataRole.UserRole, source.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.sources.addItem(item)
        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Type", self.org_type)
        form.addRow("&Country", self.country)
        # a layout is no buddy: the label names one (buddy= is PySide6's keyword setBuddy, not in its stubs)
        form.addRow(QLabel("&Position", buddy=self.lat), position)  # type: ignore[call-overload]  # see above
        form.addRow("&Interviewed", self.interviewed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("Its interviews (sources of this organisation):"))
        layout.addWidget(self.sources, 1)
        layout.addWidget(buttons)
        self._fill(self.name.currentText())

    def _fill(self, name: str) -> None:
        found = self.organisations.get(name.strip())
        self.org_type.setCurrentText(found.org_type if found and found.org_type else UNKNOWN)
        self.country.setText(found.country or "" if found else "")
        self.lat.setText("" if not found or found.lat is None else f"{found.lat:g}")
        self.lon.setText("" if not found or found.lon is None else f"{found.lon:g}")
        self.interviewed.setCurrentText(UNKNOWN if not found or found.interviewed is None else ("yes" if found.interviewed else "no"))
        linked = set(found.source_ids) if found else set()
        for index in range(self.sources.count()):
            item = self.sources.item(index)
            checked = item.data(Qt.ItemDataRole.UserRole) in linked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def values(self) -> tuple[str, dict[str, Any]]:
        """The name and the keyword arguments of ``edit_organisation`` the dialog asks for."""
        found = self.organisations.get(self.name.currentText().strip())
        values: dict[str, Any] = {}
        if self.org_type.currentText() != UNKNOWN:
            values["org_type"] = self.org_type.currentText()
        country = self.country.text().strip()
        if country and (found is None or country != (found.country or "")):
            values["country"] = country
        lat, lon = self.lat.text().strip(), self.lon.text().strip()
        if lat and lon:
            moved = found is None or found.lat is None or float(lat) != found.lat or float(lon) != found.lon
            if moved:  # an unchanged position with a new country moves to that country's centre
                values["lat"], values["lon"] = float(lat), float(lon)
        if self.interviewed.currentText() != UNKNOWN:
            values["interviewed"] = self.interviewed.currentText() == "yes"
        values["source_ids"] = [
            self.sources.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.sources.count())
            if self.sources.item(i).checkState() == Qt.CheckState.Checked
        ]
        return self.name.currentText().strip(), values
