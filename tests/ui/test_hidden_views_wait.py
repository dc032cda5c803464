"""A new code costs the hidden analysis views nothing: they read the code list when shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.conftest import EMOJI_TEXT


def test_an_in_vivo_code_reaches_the_hidden_views_when_they_are_shown(window, monkeypatch):
    reads: list[str] = []
    read = window.controller.read
    monkeypatch.setattr(window.controller, "read", lambda query, *a, **k: (reads.append(query.__name__), read(query, *a, **k))[1])
    cooccurrence, disagreements = window.analysis.cooccurrence, window.disagreements
    assert not cooccurrence.isVisible() and not disagreements.isVisible()
    start = EMOJI_TEXT.index("shared compute")
    window.document.view.select_span(start, start + len("shared compute"))
    QTest.keyClick(window.document.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.codes.model.code(window.coding.recent_codes[0]).name == "shared compute"
    assert "code_groups" not in reads  # the co-occurrence view's group list waits
    assert disagreements.code_box.findText("In vivo/shared compute") < 0  # not read while hidden

    window.show_disagreements()
    assert disagreements.isVisible() and disagreements.code_box.findText("In vivo/shared compute") > 0
    window.analysis.show("cooccurrence")
    assert cooccurrence.wait()
    assert cooccurrence.group.findText("In vivo") > 0
