"""No text cut without its whole text on hover, at 1366×768 and at 100 % and 200 % scaling.

The full check (``clipping_check.py``) runs in a process of its own per scale (``QT_SCALE_FACTOR``
is read once, when Qt starts): it opens the sample study, then retrieves a code's passages with
the Cases and Memos panes in front, and measures every visible label, button, box hint, tab,
header section and item. Here too: code and source names are never cut (their columns widen,
the list scrolls sideways), and without the full-text tips the check would find cut texts.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from qcoder.io.sample_study import build_sample_project
from qcoder.ui.main_window import MainWindow
from qcoder.ui.widgets.full_text_tips import FullTextTips, item_is_cut

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import clipping_check  # noqa: E402


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample_project(tmp_path_factory.mktemp("laptop") / "sample.qcoder")


@pytest.mark.parametrize("scale", ["1", "2"])
def test_nothing_is_cut_without_its_whole_text_on_hover_at_1366_by_768(sample, tmp_path, scale):
    project = tmp_path / "sample.qcoder"
    shutil.copy(sample, project)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": scale}
    done = subprocess.run([sys.executable, str(HERE / "clipping_check.py"), str(project), str(tmp_path / "window.png")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["size"] == [1366, 768] and report["ratio"] == float(scale)
    assert report["looked"] > 150  # sources, cases, codes, passages, memos, their headers and buttons
    assert report["cut"] == []


@pytest.fixture
def laptop_window(qtbot, sample, tmp_path, user_settings):
    path = tmp_path / "sample.qcoder"
    shutil.copy(sample, path)
    window = MainWindow(settings=user_settings)
    window.projects.coder_name = "Alex"
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    assert window.projects.open_path(path)
    qtbot.wait(20)
    yield window
    window.controller.close_project()


def counts_in_sight(tree) -> bool:
    header = tree.header()
    last = max(range(header.count()), key=header.sectionPosition)
    return header.sectionViewportPosition(last) + header.sectionSize(last) <= tree.viewport().width()


def test_code_counts_stay_in_sight_with_long_names_whole_on_hover_and_sources_scroll_sideways(laptop_window, qtbot):
    tree = laptop_window.codes.tree
    header = tree.header()
    # no scrolling to see the counts (once the table has taken in the columns' fitted widths)
    qtbot.waitUntil(lambda: counts_in_sight(tree) and tree.horizontalScrollBar().maximum() == 0, timeout=2000)
    assert header.sectionSize(0) < tree.sizeHintForColumn(0)  # so long names are cut...
    rows = tree.model()
    on_ramp = next(row for row in range(rows.rowCount()) if rows.index(row, 0).data() == "On-ramp")
    long_name = max((rows.index(r, 0) for r in range(rows.rowCount()) if rows.parent_row(r) == on_ramp),
                    key=lambda index: tree.visualRect(index).left() + tree.sizeHintForIndex(index).width())
    assert item_is_cut(tree, long_name)
    spot = tree.visualRect(long_name).intersected(tree.viewport().rect()).center()
    assert str(long_name.data()) in clipping_check.tip_at(tree.viewport(), spot)  # ...and whole on hover
    table = laptop_window.sources.table  # source names are never cut: the list scrolls sideways
    assert table.horizontalHeader().sectionSize(0) >= table.sizeHintForColumn(0)
    tree.collapseAll()  # fewer names shown, no scroll bar: the column fills the wider pane
    others = sum(header.sectionSize(c) for c in range(1, header.count()))
    qtbot.waitUntil(lambda: header.sectionSize(0) == tree.viewport().width() - others and counts_in_sight(tree))


def test_a_wide_code_pane_shows_every_name_whole_beside_the_counts(laptop_window, qtbot):
    window, tree = laptop_window, laptop_window.codes.tree
    window.resize(1900, 1000)
    window.resizeDocks([window.docks["codes"]], [760], Qt.Orientation.Horizontal)
    header = tree.header()
    qtbot.waitUntil(lambda: header.sectionSize(0) >= tree.sizeHintForColumn(0))
    assert counts_in_sight(tree) and tree.horizontalScrollBar().maximum() == 0
    rows = tree.model()
    shown = [index for r in range(rows.rowCount()) if rows.depth(r) == 1
             and tree.viewport().rect().contains(tree.visualRect(index := rows.index(r, 0)))]
    assert len(shown) > 10 and not any(item_is_cut(tree, index) for index in shown)


def test_a_narrow_code_pane_keeps_names_readable_and_scrolls_to_the_counts(laptop_window, qtbot):
    window, tree = laptop_window, laptop_window.codes.tree
    window.resizeDocks([window.docks["codes"]], [170], Qt.Orientation.Horizontal)
    least = laptop_window.codes.names.least
    qtbot.waitUntil(lambda: tree.header().sectionSize(0) == least)  # never narrower than its least width
    assert tree.horizontalScrollBar().maximum() > 0


def test_the_check_finds_cut_texts_without_the_full_text_tips(laptop_window):
    tips = FullTextTips.instance()
    tips.enabled = False
    try:
        cut, _looked = clipping_check.problems(laptop_window)
    finally:
        tips.enabled = True
    assert any("Filter sources" in text or "Lumen Commons" in text for text in cut)
    cut, _looked = clipping_check.problems(laptop_window)
    assert cut == []



def test_a_renamed_code_shows_whole_on_hover_and_a_coding_does_not_measure_it_again(laptop_window, qtbot, monkeypatch):
    from qcoder.core.usecases.commands.codes import rename_code
    from qcoder.core.usecases.commands.codings import apply_coding
    from qcoder.core.usecases.queries.code_tree import resolve_code_path
    from qcoder.core.usecases.queries.sources import list_sources

    window = laptop_window
    tree = window.codes.tree
    code = window.controller.read(resolve_code_path, "Lifecycle stage/Pre-training")
    long_name = "Pre-training, " + " ".join(["a name far longer than any other"] * 3)
    window.controller.run(rename_code, code, long_name)

    def renamed():
        found = tree.model().match(tree.model().index(0, 0), Qt.ItemDataRole.DisplayRole, long_name, 1,
                                   Qt.MatchFlag.MatchRecursive)
        return found[0] if found else None

    qtbot.waitUntil(lambda: renamed() is not None)
    tree.scrollTo(renamed())
    qtbot.wait(20)
    assert counts_in_sight(tree) and item_is_cut(tree, renamed())  # cut beside the counts...
    spot = tree.visualRect(renamed()).center()
    assert long_name in clipping_check.tip_at(tree.viewport(), spot)  # ...whole on hover
    settled = 0  # the name column fitted, and the scroll bars that fit showed or hid taken in (a loaded machine lags)
    while settled < 3:
        qtbot.wait(50)
        settled = 0 if window.codes.names._timer.isActive() else settled + 1
    measured: list[int] = []
    real = tree.sizeHintForColumn
    monkeypatch.setattr(tree, "sizeHintForColumn", lambda column: measured.append(column) or real(column))
    source = window.controller.read(list_sources)[0].id
    window.controller.run(apply_coding, source, code, 0, 5, window.controller.coder_id())
    qtbot.wait(300)  # the deferred counts are shown
    assert measured == []  # counts repainted; the name column is not measured again for them
