"""The analysis views in the window: search and code all hits (one undo), frequencies,
co-occurrence, crosstab and saved queries, each number leading to its passages; model tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QSettings, Qt

from qcoder.analysis.cooccurrence import cooccurrence
from qcoder.analysis.crosstab import crosstab
from qcoder.analysis.frequencies import attribute_frequencies, code_frequencies
from qcoder.analysis.search import search
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import list_segments
from qcoder.core.usecases.queries.saved_queries import list_saved_queries
from qcoder.ui.analysis.cooccurrence_models import CooccurrenceMatrixModel, CooccurrencePairsModel
from qcoder.ui.analysis.crosstab_model import CrosstabModel
from qcoder.ui.analysis.frequency_model import FrequencyModel
from qcoder.ui.analysis.search_hit_model import SearchHitModel
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings

sys.path.insert(0, str(Path(__file__).parent.parent / "analysis"))
from analysis_fixtures import build_study

TALK = "Ann: We need compute.\nBob: Compute, compute everywhere; recompute nothing.\n"


@pytest.fixture
def study_path(tmp_path):
    path = tmp_path / "study.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        ids = build_study(project)
        with project.transaction() as session:
            ids["Talk"] = add_source(session, "Talk", TALK).created_id
    return path, ids


@pytest.fixture
def window(qtbot, study_path, tmp_path):
    path, ids = study_path
    settings = UserSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    window.projects.coder_name = "Ann"
    qtbot.addWidget(window)
    window.show()
    assert window.projects.open_path(path)
    window.ids = ids
    yield window
    window.controller.close_project()


def _passages(view) -> set[str]:
    model = view.passages.model
    return {f"{model.segment(r).source}:{model.segment(r).start}" for r in range(model.rowCount())}


def test_analysis_menu_reaches_every_view(window):
    texts = [a.text() for a in window.menus["analysis"].actions()]
    for text in ("&Search the sources…", "&Frequencies", "&Co-occurrence of codes", "C&rosstab…", "Saved &queries…"):
        assert text in texts
    window.actions["analysis_crosstab"].trigger()
    assert window.docks["crosstab"].isVisible()


def test_search_jumps_and_codes_all_hits_in_one_undoable_step(window, qtbot):
    pane = window.analysis.search
    window.actions["analysis_search"].trigger()
    assert pane.query_box.hasFocus() or window.docks["search"].isVisible()
    qtbot.keyClicks(pane.query_box, "compute")
    qtbot.keyClick(pane.query_box, Qt.Key.Key_Return)
    assert pane.wait()
    hits = pane.model.hits()
    assert [(h.source, h.start, h.end) for h in hits] == [("Talk", 13, 20), ("Talk", 27, 34), ("Talk", 36, 43)]
    assert pane.summary.text() == "3 hits in 1 source"
    with qtbot.waitSignal(window.controller.source_requested) as shown:
        pane.jump(pane.model.index(1, 0))
    assert shown.args == [window.ids["Talk"], 27, 34]
    assert window.document.source_id == window.ids["Talk"]
    stack = window.controller.undo_stack
    before = stack.count()
    assert pane.code_all_hits(window.ids["Forums"], "Ramp/Forums") and pane.wait()
    assert stack.count() == before + 1
    coded = [s for s in window.controller.read(list_segments) if s.source == "Talk"]
    assert sorted((s.start, s.end, s.code) for s in coded) == [
        (13, 20, "Ramp/Forums"), (27, 34, "Ramp/Forums"), (36, 43, "Ramp/Forums")]
    stack.undo()
    assert [s for s in window.controller.read(list_segments) if s.source == "Talk"] == []
    stack.redo()
    assert sorted(s.guid for s in window.controller.read(list_segments) if s.source == "Talk") == sorted(s.guid for s in coded)


def test_a_bad_regex_is_told_not_raised(window, qtbot):
    pane = window.analysis.search
    pane.regex.setChecked(True)
    pane.query_box.setText("(")
    assert not pane.run_search()
    assert "not a valid regular expression" in pane.summary.text() and not pane.code_all_button.isEnabled()


def test_frequencies_table_sorts_and_a_row_lists_its_passages(window, qtbot):
    view = window.analysis.frequencies
    window.analysis.show("frequencies")
    assert view.wait()
    labels = [view.model.label(r) for r in range(view.model.rowCount())]
    assert labels == ["Stage", "Stage/Pre", "Stage/Pre/Data", "Stage/Post", "Ramp", "Ramp/Compute", "Ramp/Forums"]
    view.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # passages with those of the sub-codes
    first = view.proxy.mapToSource(view.proxy.index(0, 0)).row()
    assert view.model.label(first) == "Ramp" and view.model.value(first) == 7
    assert [bar[:2] for bar in view.chart.bars()[:2]] == [("Ramp", 7), ("Stage", 5)]
    compute = view.proxy.mapFromSource(view.model.index(labels.index("Ramp/Compute"), 0))
    view.row_chosen(compute)
    assert _passages(view) == {"S1:10", "S2:5", "S2:50", "S3:20"}
    view.bar_chosen(1)
    assert _passages(view) == {"S1:0", "S1:45", "S1:50", "S2:0", "S3:0"}
    view.kind.setCurrentIndex(1)
    assert view.wait()
    rows = {view.model.label(r): view.model.value(r) for r in range(view.model.rowCount())}
    assert rows["Type = SME"] == 8 and rows["Language = en"] == 9
    view.attribute.setCurrentIndex(view.attribute.findText("Type (case)"))
    assert [view.model.label(r) for r in range(view.model.rowCount())] == ["Type = Nonprofit", "Type = SME"]
    assert [bar[:2] for bar in view.chart.bars()] == [("Type = SME", 8), ("Type = Nonprofit", 3)]  # as sorted


def test_cooccurrence_cell_lists_both_sides(window):
    view = window.analysis.cooccurrence
    window.analysis.show("cooccurrence")
    assert view.wait()
    codes = [c.name for c in view.matrix_model.result.codes]
    index = view.matrix_model.index(codes.index("Pre"), codes.index("Compute"))
    assert view.matrix_model.data(index) == 1
    assert view.matrix_model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    view.cell_chosen(index)
    assert _passages(view) == {"S1:0", "S1:10"}  # c1 and the c2 it overlaps (both Ann's)
    view.same_coder.setChecked(False)
    view.unit.setCurrentIndex(view.unit.findData("turn"))
    assert view.wait()
    pairs = [(view.pairs_model.pair(r).first.name, view.pairs_model.pair(r).second.name) for r in range(view.pairs_model.rowCount())]
    assert pairs[0] == ("Pre", "Compute") and len(pairs) == 5
    out = Path(window.controller.path).with_name("matrix.csv")
    assert view.export(out)
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("Stage/Pre,0,") and len(lines) == 1 + len(view.matrix_model.result.codes)


def test_crosstab_cells_totals_layers_and_export(window, tmp_path):
    view = window.analysis.crosstab
    window.analysis.show("crosstab")
    view.choose("code:Ramp", "case:Type")
    assert view.wait() and not view.busy
    model = view.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Nonprofit", "SME", "(no value)", "Total"]
    assert [[model.data(model.index(r, c)) for c in range(4)] for r in range(3)] == [[2, 2, 0, 4], [0, 2, 1, 3], [2, 4, 1, 7]]
    view.cell_chosen(model.index(0, 1))
    assert _passages(view) == {"S1:10", "S3:20"}
    view.choose("code:Ramp", "case:Type", by="code:Stage", count="cases", unit="turn")
    assert view.wait()
    assert [view.layer.itemText(i) for i in range(view.layer.count())] == ["Pre", "Post"]
    view.layer.setCurrentIndex(1)
    assert model.data(model.index(0, 0)) == 1  # Compute × Nonprofit in the Post layer: one case (Beta)
    out = tmp_path / "table.xlsx"
    assert view.export(out)
    assert load_workbook(out).sheetnames == ["Pre", "Post", "Passages"]
    assert view.export(tmp_path / "table.csv")
    assert (tmp_path / "table.csv").read_text(encoding="utf-8-sig").startswith('"Cases of Ramp by Type, split by Stage')


def test_saved_query_save_undo_and_use_in_a_view(window):
    editor = window.analysis.queries
    window.analysis.show("queries")
    editor.name.setText("Ann on ramps")
    editor.expression.setText("code:Ramp AND NOT coder:Bob")
    assert editor.run_query() and len(_passages(editor)) == 4
    exported = Path(window.controller.path).with_name("ann.xlsx")
    assert editor.export(exported) and load_workbook(exported).worksheets[0].max_row == 1 + 4
    assert editor.save()
    assert [q.name for q in window.controller.read(list_saved_queries)] == ["Ann on ramps"]
    frequencies = window.analysis.frequencies
    assert frequencies.query_box.findText("Ann on ramps") > 0
    frequencies.query_box.setCurrentIndex(frequencies.query_box.findText("Ann on ramps"))
    window.analysis.show("frequencies")
    assert frequencies.wait()
    rows = {frequencies.model.label(r): frequencies.model.value(r) for r in range(frequencies.model.rowCount())}
    assert rows["Ramp"] == 4 and rows["Stage"] == 0
    editor.expression.setText("code:Nowhere")
    assert not editor.save() and "no code" in editor.problem.text()
    window.controller.undo_stack.undo()
    assert window.controller.read(list_saved_queries) == []
    window.controller.undo_stack.redo()
    assert [q.name for q in window.controller.read(list_saved_queries)] == ["Ann on ramps"]
    window.analysis.show("queries")
    editor.list.setCurrentRow(0)
    assert editor.delete() and window.controller.read(list_saved_queries) == []
    window.controller.undo_stack.undo()
    assert len(window.controller.read(list_saved_queries)) == 1


def test_item_models_pass_the_model_tester(qtmodeltester, study_path):
    path, _ids = study_path
    with Project.open(path, read_only=True) as project, project.reading() as session:
        hits = search(session, "compute").hits
        codes, attributes = code_frequencies(session), attribute_frequencies(session)
        matrix = cooccurrence(session, same_coder=False)
        table = crosstab(session, "Ramp", "Type", by="Stage", unit="turn", same_coder=False)
    search_model = SearchHitModel()
    search_model.set_hits(hits)
    qtmodeltester.check(search_model)
    frequency_model = FrequencyModel()
    frequency_model.set_codes(codes)
    qtmodeltester.check(frequency_model)
    frequency_model.set_attributes(attributes)
    qtmodeltester.check(frequency_model)
    matrix_model = CooccurrenceMatrixModel()
    matrix_model.set_result(matrix)
    qtmodeltester.check(matrix_model)
    pairs_model = CooccurrencePairsModel()
    pairs_model.set_pairs(matrix.pairs())
    qtmodeltester.check(pairs_model)
    crosstab_model = CrosstabModel()
    crosstab_model.set_table(table, 1)
    qtmodeltester.check(crosstab_model)
    crosstab_model.set_table(None)
    qtmodeltester.check(crosstab_model)


def test_background_reads_show_only_the_latest_answer_and_tell_failures(window):
    from qcoder.core.errors import QcoderError

    view = window.analysis.crosstab
    window.analysis.show("crosstab")
    assert view.wait()
    shown: list[str] = []
    view.in_background(lambda _session: "old", on_result=shown.append)
    view.in_background(lambda _session: "new", on_result=shown.append)
    assert view.wait() and shown == ["new"] and not view.busy

    def broken(_session):
        raise QcoderError("the dimension went away")

    view.in_background(broken, on_result=shown.append)
    assert view.wait() and view.summary.text() == "the dimension went away" and shown == ["new"]
    view.in_background(lambda _session: 1 / 0, on_result=shown.append)
    assert view.wait() and "could not be computed" in view.summary.text()


def test_search_shows_at_most_the_limit_and_says_so(window, monkeypatch):
    from qcoder.ui.analysis import search_pane

    monkeypatch.setattr(search_pane, "HIT_LIMIT", 2)
    pane = window.analysis.search
    pane.query_box.setText("compute")
    assert pane.run_search() and pane.wait()
    assert pane.model.rowCount() == 2 and "the first 2" in pane.summary.text()


def test_search_results_follow_a_new_source(window):
    pane = window.analysis.search
    pane.query_box.setText("compute")
    assert pane.run_search() and pane.wait() and pane.model.rowCount() == 3
    window.controller.run(add_source, "Later", "Compute again.")
    assert pane.wait()
    assert [h.source for h in pane.model.hits()] == ["Later", "Talk", "Talk", "Talk"]
