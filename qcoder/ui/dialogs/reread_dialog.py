"""Read a source's file again in another encoding: choose the file and the encoding, see the text.

A short file in a legacy code page can be read in the wrong one (``Yorùbá`` as ``Yorłbį``). Here
the researcher picks the encoding from a list and sees at once how the file reads in it, whether
the text keeps its length (then the coded passages stay where they are) and, if it does not and
passages are coded, that the source cannot be replaced. OK replaces the source as one undoable
step (:class:`qcoder.ui.commands.import_commands.RereadSourceCommand`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.errors import QcoderError
from qcoder.core.snapshots import SourceInfo
from qcoder.io.decoding import describe_encoding
from qcoder.io.parsed import ParsedTranscript
from qcoder.io.reread import ENCODINGS, SUFFIXES, reread_transcript
from qcoder.ui.dialogs import file_dialogs

PREVIEW_CHARACTERS = 4000


class RereadDialog(QDialog):
    def __init__(self, source: SourceInfo, parent: QWidget | None = None, *, folder: str = "") -> None:
        super().__init__(parent)
        self.source = source
        self.parsed: ParsedTranscript | None = None
        self.setWindowTitle(f"Read “{source.name}” again in another encoding")
        was = describe_encoding(source.encoding) if source.encoding else "an unrecorded encoding"
        intro = QLabel(
            f"“{source.name}” was read as {was}. Choose its file and the encoding it was written in; "
            "the text below shows how it reads. Its cases and memos stay; its coded passages stay "
            "where they are when the text keeps its length.", self)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit(str(Path(folder) / source.original_filename) if source.original_filename else "", self)
        self.path_edit.setPlaceholderText(f"the file ({', '.join(SUFFIXES)})")
        choose = QPushButton("Choose…", self)
        choose.clicked.connect(self._choose)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(choose)
        self.encoding_box = QComboBox(self)
        for codec, label in ENCODINGS:
            self.encoding_box.addItem(label, codec)
        self.encoding_box.setCurrentIndex(max(0, self.encoding_box.findData("cp1252")))
        form = QFormLayout()
        form.addRow("File:", file_row)
        form.addRow("Encoding:", self.encoding_box)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Replace the text")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(640, 480)
        self.path_edit.editingFinished.connect(self.refresh)
        self.encoding_box.currentIndexChanged.connect(self.refresh)
        self.refresh()

    @property
    def encoding(self) -> str:
        return str(self.encoding_box.currentData())

    def _choose(self) -> None:
        path = file_dialogs.open_file_name(
            self, "The source's file", self.path_edit.text(), f"Text transcripts ({' '.join('*' + s for s in SUFFIXES)})"
        )
        if path:
            self.path_edit.setText(path)
            self.refresh()

    def refresh(self) -> None:
        """Read the file in the chosen encoding and say what replacing the source would do."""
        self.parsed = None
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        path = self.path_edit.text().strip()
        if not path:
            self.preview.setPlainText("")
            self.status.setText("Choose the file this source was imported from.")
            ok.setEnabled(False)
            return
        try:
            parsed = reread_transcript(Path(path), self.encoding)
        except QcoderError as error:
            self.preview.setPlainText("")
            self.status.setText(str(error))
            ok.setEnabled(False)
            return
        self.preview.setPlainText(parsed.text[:PREVIEW_CHARACTERS])
        same = len(parsed.text) == self.source.characters
        if parsed.text == "" or (not same and self.source.codings):
            self.status.setText(
                f"Read this way the text has {len(parsed.text):,} characters instead of {self.source.characters:,}: "
                f"its {_passages(self.source.codings)} would no longer fit. Choose another encoding."
            )
            ok.setEnabled(False)
            return
        kept = (f"its {_passages(self.source.codings)} stay{'s' if self.source.codings == 1 else ''} where "
                f"{'it is' if self.source.codings == 1 else 'they are'}" if self.source.codings else "no passages are coded")
        self.status.setText(
            f"{len(parsed.text):,} characters ({'the same length' if same else f'was {self.source.characters:,}'}), "
            f"{len(parsed.turns)} speaker turns; {kept}."
        )
        self.parsed = parsed
        ok.setEnabled(True)


def _passages(count: int) -> str:
    return f"{count} coded passage{'' if count == 1 else 's'}"
