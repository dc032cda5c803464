"""File ▸ Check the project… checks the open project off the GUI thread, as ``qcoder check`` does."""

from __future__ import annotations

import sqlite3
import threading

from PySide6.QtWidgets import QMessageBox

from qcoder.app import checking
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.codings import list_segments


def test_the_window_checks_the_open_project_and_lists_what_it_found(window, emoji_project, monkeypatch):
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: told.append(text))
    threads: set[int] = set()
    original = checking.check_open_project

    def spy(project):  # type: ignore[no-untyped-def]
        threads.add(threading.get_ident())
        return original(project)

    monkeypatch.setattr("qcoder.ui.workflows.team_workflow.check_open_project", spy)
    assert window.team.check_project() == [] and told == ["No problems found."]
    assert threads and threading.get_ident() not in threads

    window.document.view.select_span(0, 3)
    window.coding.apply_code(next(c.id for c in window.controller.read(list_codes) if c.codable))
    assert window.controller.read(list_segments)
    window.controller.close_project()
    connection = sqlite3.connect(emoji_project)  # damaged by another program while closed
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("UPDATE codings SET \"end\" = 99999")
    connection.commit()
    connection.close()
    assert window.projects.open_path(emoji_project)
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    problems = window.team.check_project()
    assert problems and {p.kind for p in problems} >= {"span"}
    assert "problem" in shown[-1].text() and "span" in shown[-1].detailedText()
