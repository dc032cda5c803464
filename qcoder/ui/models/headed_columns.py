"""The column headers of the tree models: a title per column and, where it helps, a tool tip."""

from __future__ import annotations

from PySide6.QtCore import Qt


class HeadedColumns:
    """Mixin for an item model with fixed columns named by ``HEADERS``, explained by ``HEADER_TIPS``."""

    HEADERS: tuple[str, ...] = ()
    HEADER_TIPS: tuple[str, ...] = ()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section] or None
        return None
