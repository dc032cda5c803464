"""Coding, unmarking, undoing, redoing and resizing a passage update the panes in place: the new
row inserted, the one count changed, nothing read back to count, no model reset — and the panes
end where a full reload would (issue 21)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtTest import QTest

from qcoder.core.usecases.queries.code_tree import resolve_code_path
from qcoder.core.usecases.queries.reach_tally import load_tally
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.deferred_refresh import DeferredRefresh
from tests.ui.conftest import EMOJI_TEXT

COMPUTE = "On-ramp/Compute partnerships"
RECOUNTS = {"passages_per_source", "load_tally", "source_coding_counts", "existing_sources", "source_exists",
            "codings_by_ids", "codings_in_source", "list_sources", "list_codes", "list_segments"}
"""Reads that would mean a pane counted or listed again instead of following the change."""


class Spy:
    """What the window's models signalled and which queries it ran, during one action."""

    def __init__(self, window, monkeypatch: pytest.MonkeyPatch) -> None:
        self.window = window
        self.signals: list[tuple[str, str]] = []
        self.reads: list[str] = []
        read = window.controller.read

        def counting(query, *args, **kwargs):
            self.reads.append(getattr(query, "__name__", repr(query)))
            return read(query, *args, **kwargs)

        monkeypatch.setattr(window.controller, "read", counting)
        self.models: dict[str, QAbstractItemModel] = {
            "code tree": window.codes.model, "sources": window.sources.model, "sources by case": window.sources.by_case,
            "retrieval": window.retrieval.model,
        }
        for name, model in self.models.items():
            for signal in ("modelReset", "layoutChanged", "rowsInserted", "rowsRemoved", "dataChanged"):
                getattr(model, signal).connect(lambda *_a, n=name, s=signal: self.signals.append((n, s)))

    def during(self, action: Callable[[], object]) -> tuple[list[tuple[str, str]], list[str]]:
        self.signals.clear()
        self.reads.clear()
        action()
        for deferred in self.window.findChildren(DeferredRefresh):  # the counts' moment later, now
            deferred.flush()
        return list(self.signals), list(self.reads)


def select(window, needle: str) -> None:
    start = EMOJI_TEXT.index(needle)
    window.document.view.select_span(start, start + len(needle))


def assert_as_if_reloaded(window) -> None:
    tally = window.controller.read(load_tally)
    assert {c: window.codes.model.reach(c) for c in tally.everything()} == tally.everything()
    shown = {window.sources.model.source(row).id: window.sources.model.source(row).codings
             for row in range(window.sources.model.rowCount())}
    assert shown == {s.id: s.codings for s in window.controller.read(list_sources)}
    rows = window.retrieval.model.items()
    window.retrieval.reload()
    assert window.retrieval.model.items() == rows


def test_each_change_to_a_passage_updates_the_panes_in_place(window, monkeypatch):
    code = window.controller.read(resolve_code_path, COMPUTE)
    window.codes.select_code(code)
    spy = Spy(window, monkeypatch)
    view, undo_stack = window.document.view, window.controller.undo_stack

    def keys(name: str) -> Callable[[], None]:
        return lambda: QTest.keySequence(view, window.actions[name].shortcut())

    select(window, "shared compute")
    signals, reads = spy.during(lambda: QTest.keyClick(window.codes.tree, Qt.Key.Key_Return))
    assert ("retrieval", "rowsInserted") in signals and ("code tree", "dataChanged") in signals
    assert ("sources", "dataChanged") in signals
    assert reads == ["source_facts", "code_facts"]  # the row's source and code, once; no count read back
    assert_as_if_reloaded(window)
    steps = {
        "undo": (lambda: undo_stack.undo(), ("retrieval", "rowsRemoved")),
        "redo": (lambda: undo_stack.redo(), ("retrieval", "rowsInserted")),
        "grow": (keys("grow_end"), ("retrieval", "dataChanged")),
        "shrink": (keys("shrink_end"), ("retrieval", "dataChanged")),
        "unmark": (lambda: (select(window, "red compute"), QTest.keyClick(view, Qt.Key.Key_Backspace,
                                                                          Qt.KeyboardModifier.ControlModifier)),
                   ("retrieval", "rowsRemoved")),
    }
    for name, (action, expected) in steps.items():
        signals, reads = spy.during(action)
        assert expected in signals, name
        assert not [s for s in signals if s[1] in ("modelReset", "layoutChanged")], name
        assert not RECOUNTS.intersection(reads), (name, reads)
        assert_as_if_reloaded(window)
    assert window.retrieval.model.rowCount() == 0 and window.codes.model.reach(code).passages == 0
    select(window, "the café crew")
    signals, reads = spy.during(lambda: QTest.keyClick(window.codes.tree, Qt.Key.Key_Return))
    assert ("retrieval", "rowsInserted") in signals and reads == []  # the next row is built from them alone
    assert_as_if_reloaded(window)


def test_in_vivo_puts_in_the_new_codes_rows_without_resetting_the_tree(window, monkeypatch, qtmodeltester):
    from qcoder.core.usecases.queries.code_tree import list_codes

    model = window.codes.model
    spy = Spy(window, monkeypatch)
    for needle in ("shared compute", "the café crew"):
        select(window, needle)
        signals, _reads = spy.during(lambda: QTest.keyClick(window.document.view, Qt.Key.Key_I,
                                                           Qt.KeyboardModifier.ControlModifier))
        assert ("code tree", "rowsInserted") in signals
        assert not [s for s in signals if s[0] == "code tree" and s[1] in ("modelReset", "layoutChanged")]
        new = window.coding.recent_codes[0]
        assert window.codes.model.code(new).name == needle
        assert window.codes.current_code_id() != new  # brought into sight, not chosen
    qtmodeltester.check(model)
    fresh = window.controller.read(list_codes)
    assert [(c.id, c.path, c.parent_id) for c in model.codes()] == [(c.id, c.path, c.parent_id) for c in fresh]
    assert_as_if_reloaded(window)
    window.controller.undo_stack.undo()  # the second in-vivo code and its passage go again
    assert [c.id for c in model.codes()] == [c.id for c in fresh][:-1]
    assert_as_if_reloaded(window)
