"""The side list of the quotes behind what is hovered or clicked in a map view."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from qcoder.analysis.evidence import Evidence
from qcoder.core.wording import counted

MAX_SHOWN = 500


class QuoteList(QWidget):
    passage_chosen = Signal(int, int, int)
    """(source id, start, end) of a quote double-clicked or activated with Enter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Hover or click a node, link or cell to see its quotes.")
        self.heading.setWordWrap(True)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.itemActivated.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)

    def show_quotes(self, title: str, evidence: Sequence[Evidence]) -> None:
        self.list.clear()
        passage_count = len({(e.source_id, e.start, e.end) for e in evidence})
        self.heading.setText(f"<b>{title}</b><br>{counted(passage_count, 'passage')}"
                             f" ({counted(len(evidence), 'coding')}) — double-click to open")
        passages: dict[tuple[int, int, int], list[Evidence]] = {}
        for quote in evidence:
            passages.setdefault((quote.source_id, quote.start, quote.end), []).append(quote)
        for group in list(passages.values())[:MAX_SHOWN]:
            quote = group[0]
            text = " ".join(quote.text.split())
            star = "★ " if any(q.exemplar for q in group) else ""
            coders = ", ".join(sorted({q.coder for q in group}))
            item = QListWidgetItem(f"{star}“{text}”\n— {quote.source}, coded by {coders}")
            item.setToolTip(f"{quote.code}\n{quote.source} [{quote.start}, {quote.end})")
            item.setData(Qt.ItemDataRole.UserRole, (quote.source_id, quote.start, quote.end))
            self.list.addItem(item)

    def quotes(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _activated(self, item: QListWidgetItem) -> None:
        source_id, start, end = item.data(Qt.ItemDataRole.UserRole)
        self.passage_chosen.emit(source_id, start, end)
