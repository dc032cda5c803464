"""The other actions a researcher repeats, through real inputs on the window (issue 21).

On the reference project in a 1440×900 window, the code selected in the tree (so the retrieval
pane lists its passages): unmark (Ctrl+Backspace), undo and redo of a coding (their shortcuts),
grow and shrink a passage by a word (Alt+→/←), switch to another source (↓ in the sources
list: opening the project with its first source — the first source of the process timed on its
own too —, first opens, repeated opens), select another code (a click in the tree; its ~850 or
~2,800 passages retrieved, the counts printed), type in the code filter
with 500 codes (per key); and import (200 transcripts) and QDPX export through the window's
menu actions. Each timed from the input to the repainted view, deferred refreshes flushed;
median and 95th percentile in wall-clock and GUI-thread CPU time.

Run: python -m tests.benchmarks.bench_everyday [--repeats 50] [--only edits,codes,filter,sources,transfers]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QEventLoop, QSettings, Qt
from PySide6.QtTest import QTest

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.ui.app import application
from qcoder.ui.dialogs import file_dialogs
from qcoder.ui.document.document_pane import DocumentPane
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings
from tests.benchmarks.bench_coding_paths import CodingPaths, percentile, settle, timed
from tests.benchmarks.reference_cache import reference_project_copy
from tests.benchmarks.reference_workload import CHARACTERS, write_transcripts
from tests.benchmarks.workload import overlapping_spans

Row = tuple[str, float, float, float, float, float]
"""(label, wall median, wall p95, cpu median, cpu p95, goal for the median)"""
CTRL = Qt.KeyboardModifier.ControlModifier


def row(label: str, times: list[tuple[float, float]], goal: float) -> Row:
    wall, cpu = [t[0] for t in times], [t[1] for t in times]
    return (label, statistics.median(wall), percentile(wall, 0.95), statistics.median(cpu), percentile(cpu, 0.95), goal)


class Everyday(CodingPaths):
    def key(self, widget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> Callable[[], object]:  # type: ignore[no-untyped-def]
        return lambda: QTest.keyClick(widget, key, modifiers)

    def edits(self, repeats: int) -> list[Row]:
        window, view = self.window, self.window.document.view
        code = self.prepare("On-ramp 3")
        spans = overlapping_spans(CHARACTERS, repeats, seed=5)
        applied, undo, redo, grow, shrink, unmark = [], [], [], [], [], []
        for start, end in spans:
            self.select(start, end)
            applied.append(timed(window, lambda: window.coding.apply_code(code)))
            undo.append(timed(window, lambda: QTest.keySequence(view, window.actions["undo"].shortcut())))
            redo.append(timed(window, lambda: QTest.keySequence(view, window.actions["redo"].shortcut())))
            self.select(start + 1, start + 2)  # the cursor in the passage just coded
            grow.append(timed(window, lambda: QTest.keySequence(view, window.actions["grow_end"].shortcut())))
            shrink.append(timed(window, lambda: QTest.keySequence(view, window.actions["shrink_end"].shortcut())))
            self.select(start + 1, start + 2)
            unmark.append(timed(window, self.key(view, Qt.Key.Key_Backspace, CTRL)))
        assert window.controller.undo_stack.count() >= 4 * repeats
        return [row("undo a coding (its shortcut)", undo, 0.005), row("redo a coding (its shortcut)", redo, 0.005),
                row("grow a passage by a word (Alt+→)", grow, 0.005),
                row("shrink a passage by a word (Alt+←)", shrink, 0.005),
                row("unmark a passage (Ctrl+Backspace)", unmark, 0.005)]

    def switch_sources(self, repeats: int, very_first: tuple[float, float],
                       first_of_process: tuple[float, float]) -> list[Row]:
        window = self.window
        sources = window.sources
        sources.set_grouped(False)  # the flat list, in name order
        sources.select_source(window.document.source_id, emit=False)
        view = sources.current_view()
        view.setFocus()
        settle(window)
        first = []
        for _ in range(min(repeats, len(self.sources) - self.used - 1)):
            before = window.document.source_id
            first.append(timed(window, self.key(view, Qt.Key.Key_Down)))
            assert window.document.source_id != before
        repeated = []
        for number in range(repeats):
            repeated.append(timed(window, self.key(view, Qt.Key.Key_Up if number % 2 == 0 else Qt.Key.Key_Down)))
        return [row("open the project: window, code tree, first source", [very_first], 1.0),
                row("  of which the first source of the process", [first_of_process], 0.150),
                row("open a source not opened before (↓)", first, 0.150),
                row("open a source again (↑/↓)", repeated, 0.150)]

    def select_codes(self, repeats: int) -> list[Row]:
        window, tree = self.window, self.window.codes.tree
        rows = []
        for names in (("Organisation 00", "Organisation 01"), ("On-ramp 8", "On-ramp 9")):
            times, listed = [], []
            for number in range(repeats // 2 or 1):
                code = self.codes[names[number % 2]]
                point = self._code_point(code)
                times.append(timed(window, lambda: QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                                                                      pos=point)))
                assert window.retrieval.code_ids == [code] and window.retrieval.model.rowCount() > 500
                listed.append(window.retrieval.model.rowCount())
            rows.append(row(f"select another code ({min(listed):,}–{max(listed):,} passages)", times, 0.050))
        return rows

    def type_filter(self, repeats: int) -> list[Row]:
        window, box = self.window, self.window.codes.filter_box
        assert len(window.codes.model.codes()) >= 500
        times = []
        while len(times) < repeats:
            box.clear()
            settle(window)
            for character in "on-ramp 1":
                times.append(timed(window, self.key(box, Qt.Key(ord(character.upper())) if character.isalpha()
                                                    else Qt.Key(ord(character)))))
        box.clear()
        return [row("type a key in the code filter (500 codes)", times, 0.016)]


def add_codes(path: Path, total: int) -> None:
    with Project.open(path) as project, project.transaction() as session:
        existing = 54
        group = add_code(session, "Extra codes", codable=False).created_id
        for number in range(total - existing - 1):
            add_code(session, f"Extra {number:03}", parent_id=group)


def window_transfers(folder: Path, repeats: int) -> list[Row]:
    """Import 200 transcripts into a new project and export the reference project as QDPX,
    each through the window's menu action (file dialogs answered)."""
    app = application()
    workload = write_transcripts(folder / "transcripts")
    imports, exports = [], []
    for number in range(repeats):
        settings = UserSettings(QSettings(str(folder / "t.ini"), QSettings.Format.IniFormat))
        window = MainWindow(settings=settings)
        window.projects.coder_name = "bench"  # who is coding: no prompt
        window.resize(1440, 900)
        window.show()
        Project.create(folder / f"new-{number}.qcoder", coder_name="bench", codebook=None).close()
        window.projects.open_path(folder / f"new-{number}.qcoder", ask=False)
        settle(window)
        done: list[object] = []
        window.imports.finished.connect(done.append)
        file_dialogs.open_file_names = lambda *a, **k: [str(p) for p in workload.files]
        imports.append(_until(window, lambda: window.actions["import"].trigger(), done))
        window.imports.report.close()
        window.controller.close_project()
        window.projects.open_path(reference_project_copy(folder / f"ref-{number}.qcoder"), ask=False)
        settle(window)
        window.exchange.exported.connect(done.append)
        out = folder / f"out-{number}.qdpx"
        file_dialogs.save_file_name = lambda *a, out=out, **k: str(out)
        done.clear()
        exports.append(_until(window, lambda: window.actions["export_qdpx"].trigger(), done))
        assert out.stat().st_size > 0
        window.controller.close_project()
        window.close()
        app.processEvents()
    return [row("import 200 transcripts (File ▸ Import)", imports, 0.4),
            row("QDPX export of the reference project (File ▸ Export)", exports, 2.0)]


def _until(window: MainWindow, action: Callable[[], object], done: list[object]) -> tuple[float, float]:
    app = application()
    started, cpu = time.perf_counter(), time.thread_time()
    action()
    while not done:  # as the window's event loop waits: woken by the next event, not polling
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    settle(window)
    return time.perf_counter() - started, time.thread_time() - cpu


SECTIONS = ("edits", "codes", "filter", "sources", "transfers")


def measure(repeats: int, only: frozenset[str] = frozenset(SECTIONS)) -> list[Row]:
    application()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = reference_project_copy(folder / "reference.qcoder")
        add_codes(path, 500)
        first_source: list[tuple[float, float]] = []
        show_source = DocumentPane.show_source

        def timed_show(pane: DocumentPane, source_id: int) -> None:
            started, cpu = time.perf_counter(), time.thread_time()
            show_source(pane, source_id)
            first_source.append((time.perf_counter() - started, time.thread_time() - cpu))

        DocumentPane.show_source = timed_show  # type: ignore[method-assign]  # the first source of the process, timed
        try:
            bench = Everyday(folder, path)  # the window, the project and its first source shown
        finally:
            DocumentPane.show_source = show_source  # type: ignore[method-assign]
        very_first = bench.opened  # timed without the benchmark's own reads of the sources and codes
        assert bench.window.document.source_id == bench.sources[0] and len(first_source) == 1
        bench.used = 1
        try:
            rows += bench.edits(repeats) if "edits" in only else []
            rows += bench.select_codes(repeats) if "codes" in only else []
            rows += bench.type_filter(repeats) if "filter" in only else []
            rows += bench.switch_sources(repeats, very_first, first_source[0]) if "sources" in only else []
        finally:
            bench.close()
        rows += window_transfers(folder, 3) if "transfers" in only else []
    return rows


def print_rows(rows: list[Row]) -> None:
    print(f"{'everyday action':56} {'median':>8} {'p95':>8} {'cpu med':>8} {'cpu p95':>8}  goal (median)")
    for label, median, p95, cpu_median, cpu_p95, goal in rows:
        verdict = "met" if median <= goal else "MISSED"
        print(f"{label:56} {median * 1000:6.1f}ms {p95 * 1000:6.1f}ms {cpu_median * 1000:6.1f}ms "
              f"{cpu_p95 * 1000:6.1f}ms  ≤ {goal * 1000:.0f} ms {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help="comma-separated sections to run: " + ", ".join(SECTIONS))
    arguments = parser.parse_args()
    only = frozenset(part.strip() for part in arguments.only.split(","))
    if not only <= set(SECTIONS):
        parser.error(f"--only takes {', '.join(SECTIONS)}")
    print_rows(measure(arguments.repeats, only))


if __name__ == "__main__":
    main()
