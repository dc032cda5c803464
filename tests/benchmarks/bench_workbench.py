"""Workbench benchmarks (issue 4): open a dense document; apply a code through the GUI path.

Run: python tests/benchmarks/bench_workbench.py   (prints medians of several runs)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.io.speakers import detect_turns
from qcoder.ui.app import application
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings
from tests.benchmarks.workload import overlapping_spans, tiled_spans, transcript

CHARACTERS = 50_000
CODES = 30
RUNS = 5


def make_project(folder: Path, name: str, spans: list[tuple[int, int]]) -> tuple[Path, int, list[int]]:
    path = folder / f"{name}.qcoder"
    project = Project.create(path, coder_name="bench", codebook=None)
    text = transcript(CHARACTERS)
    coder = project.coder_id()
    with project.transaction() as session:
        codes = [add_code(session, f"Code {i}").created_id for i in range(CODES)]
        source = add_source(session, "doc", text, turns=detect_turns(text)).created_id
        for index, (start, end) in enumerate(spans):
            apply_coding(session, source, codes[index % CODES], start, end, coder)
    project.close()
    return path, source, codes  # type: ignore[return-value]


def open_window(path: Path, folder: Path) -> MainWindow:
    settings = UserSettings(QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings=settings)
    window.projects.coder_name = "bench"  # who is coding: no prompt
    window.resize(1400, 900)
    window.show()
    window.projects.open_path(path)
    return window


def time_open(path: Path, source: int, folder: Path) -> float:
    app = application()
    times = []
    for _ in range(RUNS):
        window = open_window(path, folder)
        window.document.clear()
        app.processEvents()
        started = time.perf_counter()
        window.document.show_source(source)
        app.processEvents()
        times.append(time.perf_counter() - started)
        window.controller.close_project()
        window.close()
    return statistics.median(times)


def time_apply(folder: Path, cpu: list[float] | None = None) -> tuple[float, float, float]:
    """Apply 5,000 codes one by one through the GUI path; medians of the first/last 500 and all.

    ``cpu``, when given, receives the medians of the first and last 500 in this thread's CPU
    time, steadier than the clock on a machine busy with other work."""
    app = application()
    path, source, codes = make_project(folder, "apply", [])
    window = open_window(path, folder)
    window.document.show_source(source)
    app.processEvents()
    spans = overlapping_spans(CHARACTERS, 5000, seed=7)
    times, cpu_times = [], []
    for index, (start, end) in enumerate(spans):
        window.document.view.select_span(start, end)
        app.processEvents()  # the scroll to the selection is the user's doing, not the coding's
        started, cpu_started = time.perf_counter(), time.thread_time()
        window.coding.apply_code(codes[index % CODES])
        app.processEvents()
        times.append(time.perf_counter() - started)
        cpu_times.append(time.thread_time() - cpu_started)
    window.controller.close_project()
    window.close()
    if cpu is not None:
        cpu[:] = [statistics.median(cpu_times[:500]), statistics.median(cpu_times[-500:])]
    return statistics.median(times[:500]), statistics.median(times[-500:]), statistics.median(times)


def main() -> None:
    application()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        rows = []
        for label, spans, goal in (
            ("open, 1,000 overlapping highlights", overlapping_spans(CHARACTERS, 1000), 0.100),
            ("open, 3,000 overlapping highlights", overlapping_spans(CHARACTERS, 3000), 0.150),
            ("open, 5,000 tiled highlights", tiled_spans(CHARACTERS, 5000), 0.150),
        ):
            path, source, _codes = make_project(folder, label.split()[1].rstrip(","), spans)
            rows.append((label, time_open(path, source, folder), goal))
        cpu: list[float] = []
        first, last, overall = time_apply(folder, cpu)
        first_cpu, last_cpu = cpu
        rows.append(("apply a code (first 500)", first, 0.005))
        rows.append(("apply a code (last 500 of 5,000)", last, 0.005))
        rows.append(("apply a code (all 5,000)", overall, 0.005))
        rows.append(("  CPU time, first 500", first_cpu, 0.005))
        rows.append(("  CPU time, last 500 of 5,000", last_cpu, 0.005))
    print(f"{'benchmark':40} {'median':>10} {'goal':>8}")
    for label, seconds, goal in rows:
        print(f"{label:40} {seconds * 1000:8.1f} ms {goal * 1000:6.0f} ms {'ok' if seconds <= goal else 'MISSED'}")


if __name__ == "__main__":
    main()
