"""Views show a code's whole name, "/" and all (it used to be cut at the last slash)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from qcoder.core.usecases.commands.codes import ensure_code_path
from tests.ui.test_coding_in_window import select_with_qt


def test_retrieved_passages_show_the_whole_name(window, qtbot):
    code = window.controller.run(ensure_code_path, "Outputs/Documentation and model\\/data cards").created_id
    select_with_qt(window, "the café crew")
    window.coding.apply_code(code)
    window.retrieval.show_codes([code])
    qtbot.waitUntil(lambda: window.retrieval.model.rowCount() == 1)
    model = window.retrieval.model
    assert model.data(model.index(0, 2), Qt.ItemDataRole.DisplayRole) == "Documentation and model/data cards"
