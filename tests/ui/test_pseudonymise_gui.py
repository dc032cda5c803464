"""Pseudonymising through the window: the dialog's table and preview, an unticked hit left as it
is, one undoable step, the table kept in the project and exported only on its own."""

from __future__ import annotations

import csv
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

import qcoder.core.usecases.commands.pseudonymise as pseudonymise_commands
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.pseudonymise import PseudonymEntry, pseudonym_map
from qcoder.core.usecases.queries.sources import list_sources, source_text
from qcoder.io.pseudonym_table import read_pseudonym_table, write_pseudonym_table

TABLE = [PseudonymEntry("Greta", "Gerda"), PseudonymEntry("Lumen Commons", "Org A"),
         PseudonymEntry(r"Wanjiru|Haruto", "[P]", regex=True)]


def texts(window) -> dict[int, str]:
    return {s.id: window.controller.read(source_text, s.id) for s in window.controller.read(list_sources)}


def test_the_preview_lists_every_hit_and_an_unticked_one_stays(sample_window, tmp_path):
    window = sample_window
    segments_before = {s.coding_id: s.text for s in window.controller.read(list_segments)}
    dialog = window.pseudonyms.dialog()
    dialog.set_entries(TABLE)
    assert dialog.entries() == TABLE
    hits = dialog.hits
    assert {h.found for h in hits} >= {"Greta", "Lumen Commons", "Wanjiru", "Haruto"}
    assert {h.where for h in hits} >= {"source text", "speaker"}
    kept = next(i for i, h in enumerate(hits) if h.where == "source text" and h.found == "Lumen Commons")
    dialog.preview.topLevelItem(kept).setCheckState(0, Qt.CheckState.Unchecked)
    assert dialog.skipped() == [hits[kept].key]
    assert dialog.apply_button.text() == f"Replace {len(hits) - 1} hits"
    before = texts(window)
    assert window.pseudonyms.apply(dialog.entries(), dialog.skipped())
    after = "\n".join(texts(window).values())
    assert "Greta" not in after and "Wanjiru" not in after and "Haruto" not in after
    assert after.count("Lumen Commons") == 1  # the unticked hit
    assert window.controller.read(pseudonym_map) == TABLE
    for segment in window.controller.read(list_segments):  # every coding on the same words, renamed
        old = segments_before[segment.coding_id]
        assert segment.text == old.replace("Greta", "Gerda").replace("Wanjiru", "[P]").replace("Haruto", "[P]") \
            or "Lumen Commons" in old
    window.controller.undo_stack.undo()
    assert texts(window) == before
    assert window.controller.read(pseudonym_map) == []
    window.controller.undo_stack.redo()
    assert "Greta" not in "\n".join(texts(window).values())


def test_the_shown_document_follows_a_pseudonymisation(sample_window):
    window = sample_window
    view = window.document.view
    assert "Greta" in view.toPlainText()
    window.pseudonyms.apply([PseudonymEntry("Greta", "Gerda")])
    assert "Greta" not in view.toPlainText() and "Gerda" in view.toPlainText()
    assert view.text == window.controller.read(source_text, window.document.source_id)


def test_the_table_loads_saves_and_exports_only_on_its_own(sample_window, tmp_path):
    window = sample_window
    path = tmp_path / "names.csv"
    write_pseudonym_table(path, TABLE)
    assert read_pseudonym_table(path) == TABLE
    assert not window.pseudonyms.export_table(tmp_path / "none.csv", confirmed=True)  # nothing kept yet
    window.pseudonyms.apply(TABLE)
    exported = tmp_path / "kept.csv"
    assert window.pseudonyms.export_table(exported, confirmed=True)
    with exported.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["real", "pseudonym", "options"]
    assert ["Wanjiru|Haruto", "[P]", "regex"] in rows
    assert window.actions["export_pseudonyms"] in window.menus["export"].actions()


def test_a_line_removed_from_the_table_is_no_longer_kept(sample_window):
    window = sample_window
    window.pseudonyms.apply(TABLE)
    dialog = window.pseudonyms.dialog()
    assert dialog.entries() == TABLE  # the kept table fills the dialog
    dialog.table.selectRow(0)
    dialog.remove_rows()
    assert window.pseudonyms.apply(dialog.entries(), dialog.skipped())
    assert window.controller.read(pseudonym_map) == TABLE[1:]
    window.controller.undo_stack.undo()
    assert window.controller.read(pseudonym_map) == TABLE


def test_pseudonymising_runs_off_the_gui_thread_as_one_undoable_step(sample_window, monkeypatch):
    window = sample_window
    threads = []
    real_find_hits = pseudonymise_commands.find_hits

    def find_hits_here(session, entries):
        threads.append(threading.current_thread())
        return real_find_hits(session, entries)

    monkeypatch.setattr(pseudonymise_commands, "find_hits", find_hits_here)
    steps = window.controller.undo_stack.count()
    before = texts(window)
    assert window.pseudonyms.apply(TABLE)
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    assert window.controller.undo_stack.count() == steps + 1
    assert "Greta" not in "\n".join(texts(window).values())
    assert window.document.view.text == window.controller.read(source_text, window.document.source_id)
    window.controller.undo_stack.undo()
    assert texts(window) == before


def test_a_refused_pseudonymisation_says_why_and_changes_nothing(sample_window, monkeypatch):
    window = sample_window
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    first, second = (case.name for case in window.controller.read(list_cases)[:2])
    steps, before = window.controller.undo_stack.count(), texts(window)
    assert not window.pseudonyms.apply([PseudonymEntry(first, "Same"), PseudonymEntry(second, "Same")])
    assert len(warned) == 1 and "Nothing was changed" in warned[0] and "Same" in warned[0]
    assert window.controller.undo_stack.count() == steps and texts(window) == before
    assert window.controller.read(pseudonym_map) == []


def test_emptying_the_table_clears_the_kept_one(sample_window):
    window = sample_window
    window.pseudonyms.apply(TABLE)
    dialog = window.pseudonyms.dialog()
    dialog.table.selectAll()
    dialog.remove_rows()
    assert dialog.entries() == []
    assert dialog.apply_button.isEnabled() and dialog.apply_button.text() == "Clear the kept table"
    assert window.pseudonyms.apply(dialog.entries(), dialog.skipped())
    assert window.controller.read(pseudonym_map) == []
    assert "Greta" not in "\n".join(texts(window).values())  # the texts stay pseudonymised
    window.controller.undo_stack.undo()
    assert window.controller.read(pseudonym_map) == TABLE
    window.controller.undo_stack.redo()  # a project that keeps no table: nothing to clear
    assert not window.pseudonyms.dialog().apply_button.isEnabled()


def test_closing_the_project_with_the_dialog_open_closes_it_and_its_preview_reads_nothing(sample_window, qtbot):
    window = sample_window
    dialog = window.pseudonyms.dialog()
    dialog.show()
    dialog.set_entries(TABLE)
    dialog.table.item(0, 1).setText("Gudrun")  # an edit: the preview is read again 300 ms later
    assert dialog._refresh.isActive()
    window.controller.close_project()
    assert not dialog.isVisible()
    qtbot.wait(400)  # the preview's timer fires with no project: no error, no hits
    assert dialog.hits == []
