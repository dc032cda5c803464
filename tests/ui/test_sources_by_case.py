"""The sources pane grouped by case: a tree of cases and their sources, live, filterable, by keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.main_window import MainWindow
from qcoder.ui.models.sources_by_case_model import NO_CASE, SourcesByCaseModel
from qcoder.ui.settings import UserSettings

TEXT = "Interviewer: Who helped?\nAmara: The Kestrel lab shared compute with us, and Lumen wrote the evals.\n"


@pytest.fixture
def cases_project(tmp_path):
    """alpha and bravo in Kestrel, bravo also in Lumen, Empty has no sources; charlie and delta in none."""
    path = tmp_path / "cases.qcoder"
    project = Project.create(path, coder_name="Ann", codebook=None)
    coder = project.coder_id()
    with project.transaction() as session:
        ids = {name: add_source(session, name, TEXT).created_id for name in ("bravo", "Alpha", "charlie", "delta")}
        cases = {name: add_case(session, name).created_id for name in ("Lumen", "kestrel", "Empty")}
        for case, source in (("kestrel", "Alpha"), ("kestrel", "bravo"), ("Lumen", "bravo")):
            link_source(session, cases[case], ids[source])
        code = add_code(session, "Compute").created_id
        for source, spans in (("Alpha", [(0, 5), (6, 10)]), ("bravo", [(0, 3)]), ("delta", [(1, 4)])):
            for start, end in spans:
                apply_coding(session, ids[source], code, start, end, coder)
    project.close()
    return path


@pytest.fixture
def grouped_window(qtbot, cases_project, user_settings):
    user_settings.set_sources_grouped_by_case(True)
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(cases_project)
    yield window
    window.controller.close_project()


def rows(pane):
    """What the tree shows: (name, sources, passages) per case, with its sources' (name, passages)."""
    proxy = pane.tree_proxy
    shown = []
    for row in range(proxy.rowCount()):
        group = proxy.index(row, 0)
        children = [(proxy.index(r, 0, group).data(), proxy.index(r, 2, group).data()) for r in range(proxy.rowCount(group))]
        shown.append((group.data(), proxy.index(row, 1).data(), proxy.index(row, 2).data(), children))
    return shown


def test_model_groups_sources_under_every_case_and_passes_the_model_tester(qtmodeltester, grouped_window):
    model = SourcesByCaseModel()
    sources = grouped_window.controller.read(list_sources)
    from qcoder.core.usecases.queries.cases import list_cases

    model.set_sources(sources, {c.id: c.name for c in grouped_window.controller.read(list_cases)})
    qtmodeltester.check(model)
    names = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert names == ["Empty", "kestrel", "Lumen", NO_CASE]  # by name, any case; "No case" last
    bravo = next(s.id for s in sources if s.name == "bravo")
    assert [i.parent().data() for i in model.places_of(bravo)] == ["kestrel", "Lumen"]
    before = model.index(1, 2).data()
    model.set_coding_counts({bravo: 5})
    assert model.index(1, 2).data() == before + 4 and model.index(2, 2).data() == 5
    qtmodeltester.check(model)
    model.set_sources([], {})
    assert model.rowCount() == 0


def test_grouped_pane_shows_cases_with_counts_and_sources_beneath(grouped_window):
    pane = grouped_window.sources
    assert pane.grouped and pane.group_action.isChecked() and pane.stack.currentWidget() is pane.tree
    assert rows(pane) == [
        ("Empty", 0, 0, []),
        ("kestrel", 2, 3, [("Alpha", 2), ("bravo", 1)]),
        ("Lumen", 1, 1, [("bravo", 1)]),
        (NO_CASE, 2, 1, [("charlie", 0), ("delta", 1)]),
    ]
    assert all(pane.tree.isExpanded(pane.tree_proxy.index(r, 0)) for r in range(4))
    # The window opened the first source, selected in the tree too.
    assert pane.current_source_id() == grouped_window.document.source_id is not None


def test_sorting_by_passages_keeps_no_case_last(grouped_window):
    pane = grouped_window.sources
    pane.tree.sortByColumn(SourcesByCaseModel.CODINGS, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in rows(pane)] == ["kestrel", "Lumen", "Empty", NO_CASE]
    pane.tree.sortByColumn(SourcesByCaseModel.NAME, Qt.SortOrder.DescendingOrder)
    assert [r[0] for r in rows(pane)] == ["Lumen", "kestrel", "Empty", NO_CASE]


def test_filter_matches_cases_and_sources(grouped_window):
    pane = grouped_window.sources
    pane.filter_box.setText("bravo")
    assert [(r[0], r[3]) for r in rows(pane)] == [("kestrel", [("bravo", 1)]), ("Lumen", [("bravo", 1)])]
    pane.filter_box.setText("KESTREL")  # a case's name shows all its sources
    assert [(r[0], [c[0] for c in r[3]]) for r in rows(pane)] == [("kestrel", ["Alpha", "bravo"])]
    pane.filter_box.clear()
    assert len(rows(pane)) == 4


def test_selecting_and_opening_by_keys_shows_the_source(grouped_window, qtbot):
    pane, document = grouped_window.sources, grouped_window.document
    grouped_window.actions["focus_sources"].trigger()
    qtbot.keyClicks(pane.filter_box, "")
    pane.filter_box.setFocus()
    qtbot.keyClicks(pane.filter_box, "charl")
    qtbot.keyClick(pane.filter_box, Qt.Key.Key_Down)  # ↓ goes to the tree
    assert pane.tree.hasFocus()
    qtbot.keyClick(pane.tree, Qt.Key.Key_Down)  # from the "No case" row to charlie
    charlie = next(s.id for s in grouped_window.controller.read(list_sources) if s.name == "charlie")
    assert document.source_id == charlie  # selection shows the source
    pane.filter_box.clear()
    group = pane.tree_proxy.index(0, 0)
    pane.tree.setCurrentIndex(group)
    qtbot.keyClick(pane.tree, Qt.Key.Key_Return)  # Enter on a case folds it, again unfolds it
    assert not pane.tree.isExpanded(group)
    qtbot.keyClick(pane.tree, Qt.Key.Key_Return)
    assert pane.tree.isExpanded(group)


def test_linking_a_source_to_a_case_moves_it_live_and_undo_moves_it_back(grouped_window):
    pane, cases = grouped_window.sources, grouped_window.cases
    charlie = next(s.id for s in grouped_window.controller.read(list_sources) if s.name == "charlie")
    pane.select_source(charlie)
    cases.select_case("Empty")
    assert cases.choose_sources([charlie])  # an undoable CaseEditCommand
    assert rows(pane)[0] == ("Empty", 1, 0, [("charlie", 0)])
    assert rows(pane)[3] == (NO_CASE, 1, 1, [("delta", 1)])
    assert pane.current_source_id() == charlie  # still chosen, now under its case
    grouped_window.actions["undo"].trigger()
    assert rows(pane)[0] == ("Empty", 0, 0, [])
    assert rows(pane)[3][3] == [("charlie", 0), ("delta", 1)]


def test_coding_updates_counts_in_every_place_and_keeps_folding(grouped_window, qtbot):
    pane, window = grouped_window.sources, grouped_window
    bravo = next(s.id for s in window.controller.read(list_sources) if s.name == "bravo")
    lumen = pane.tree_proxy.index(2, 0)
    pane.tree.collapse(lumen)
    pane.select_source(bravo)  # bravo under kestrel (its first case); the document shows it
    assert window.document.source_id == bravo
    window.document.view.select_span(0, 11)
    code_id = window.codes.model.codes()[0].id
    assert window.coding.apply_code(code_id)
    qtbot.waitUntil(lambda: rows(pane)[1][2] == 4)
    assert rows(pane)[1] == ("kestrel", 2, 4, [("Alpha", 2), ("bravo", 2)])
    assert rows(pane)[2] == ("Lumen", 1, 2, [("bravo", 2)])
    assert not pane.tree.isExpanded(pane.tree_proxy.index(2, 0))  # counts only: folding kept
    window.actions["undo"].trigger()
    qtbot.waitUntil(lambda: rows(pane)[2][2] == 1)


def test_import_adds_the_source_under_no_case_and_undo_removes_it(grouped_window, tmp_path, qtbot):
    path = tmp_path / "echo.txt"
    path.write_text("Interviewer: Hello?\nEcho: Hi.\n", encoding="utf-8")
    with qtbot.waitSignal(grouped_window.imports.finished, timeout=20_000):
        assert grouped_window.imports.import_paths([path])
    pane = grouped_window.sources
    assert rows(pane)[3] == (NO_CASE, 3, 1, [("charlie", 0), ("delta", 1), ("echo", 0)])
    grouped_window.imports.report.close()
    grouped_window.actions["undo"].trigger()
    assert rows(pane)[3][3] == [("charlie", 0), ("delta", 1)]


def test_the_toggle_switches_views_keeps_the_source_and_is_remembered(grouped_window, tmp_path, qtbot):
    pane, window = grouped_window.sources, grouped_window
    chosen = pane.current_source_id()
    pane.group_action.trigger()
    assert not pane.grouped and pane.stack.currentWidget() is pane.table
    assert pane.current_source_id() == chosen
    assert not window.settings.sources_grouped_by_case()
    pane.group_button.click()
    assert pane.grouped and window.settings.sources_grouped_by_case()
    assert pane.current_source_id() == chosen


def test_grouping_is_off_by_default_and_read_from_settings(qtbot, tmp_path):
    settings = UserSettings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat))
    assert not settings.sources_grouped_by_case()
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert not window.sources.grouped
    settings.set_sources_grouped_by_case(True)
    second = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "fresh.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(second)
    assert second.sources.grouped


def test_the_filter_carries_over_when_switching_views(grouped_window):
    pane = grouped_window.sources
    pane.filter_box.setText("bravo")
    pane.set_grouped(False)
    assert [pane.proxy.index(r, 0).data() for r in range(pane.proxy.rowCount())] == ["bravo"]
    pane.filter_box.setText("a")
    pane.set_grouped(True)
    assert [r[0] for r in rows(pane)] == ["kestrel", "Lumen", NO_CASE]  # Alpha, bravo, charlie, delta match
    assert all(pane.tree.isExpanded(pane.tree_proxy.index(r, 0)) for r in range(3))


def test_double_click_on_a_source_opens_it_and_on_a_case_folds_it(grouped_window, qtbot):
    pane, window = grouped_window.sources, grouped_window
    kestrel = pane.tree_proxy.index(1, 0)
    bravo = pane.tree_proxy.index(1, 0, kestrel)
    assert bravo.data() == "bravo"
    where = pane.tree.visualRect(bravo).center()
    qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a real double-click's first press
    qtbot.mouseDClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.document.source_id == bravo.data(SourcesByCaseModel.SourceIdRole)
    assert window.document.view.hasFocus()
    where = pane.tree.visualRect(kestrel).center()
    qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)  # a real double-click's first press
    qtbot.mouseDClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert not pane.tree.isExpanded(kestrel)


def test_counts_coded_while_the_flat_list_shows_reach_the_grouped_list_when_shown(grouped_window):
    from qcoder.ui.deferred_refresh import DeferredRefresh

    pane, window = grouped_window.sources, grouped_window
    before = rows(pane)
    pane.set_grouped(False)
    bravo = next(s.id for s in window.controller.read(list_sources) if s.name == "bravo")
    pane.select_source(bravo)
    code_id = window.codes.model.codes()[0].id
    for start in (0, 4):
        window.document.view.select_span(start, start + 3)
        assert window.coding.apply_code(code_id)
        for deferred in window.findChildren(DeferredRefresh):
            deferred.flush()
    assert rows(pane) == before  # the hidden grouped list is not kept up while hidden
    pane.set_grouped(True)
    assert rows(pane)[1] == ("kestrel", 2, 5, [("Alpha", 2), ("bravo", 3)])
    assert rows(pane)[2] == ("Lumen", 1, 3, [("bravo", 3)])
    window.actions["undo"].trigger()
    for deferred in window.findChildren(DeferredRefresh):
        deferred.flush()
    assert rows(pane)[2] == ("Lumen", 1, 2, [("bravo", 2)])  # shown: kept up at once again
