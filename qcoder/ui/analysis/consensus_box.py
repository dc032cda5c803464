"""A choice of the consensus filter (docs/ARCHITECTURE.md §11): every passage, or only those enough coders coded."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

CHOICES: tuple[tuple[str, int | str | None], ...] = (
    ("Any coder", None),
    ("All coders", "all"),
    ("At least 2 coders", 2),
    ("At least 3 coders", 3),
)


class ConsensusBox(QComboBox):
    """Which passages count: coded by any coder, by all coders, or by at least k of them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for label, value in CHOICES:
            self.addItem(label, value)
        self.setToolTip("Count only the passages coded (with the same code) by all coders, or by at least k")

    def value(self) -> int | str | None:
        return self.currentData()

    def choose(self, value: int | str | None) -> None:
        index = next((i for i, (_, v) in enumerate(CHOICES) if v == value), -1)
        if index < 0:
            raise ValueError(f"no consensus choice {value!r}")
        self.setCurrentIndex(index)
