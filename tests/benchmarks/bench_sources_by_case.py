"""Sources pane grouped by case (issue 4) at 200 sources and 30 cases.

Run: python tests/benchmarks/bench_sources_by_case.py   (prints medians of several runs)

Measures, in a real window on a real project file: a full reload of the pane (reading the
sources and cases, rebuilding both views, unfolding), building the grouped model alone, the
counts update after one coding, and typing a filter.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.cases import add_case, link_source
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.cases import list_cases
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.ui.app import application
from qcoder.ui.main_window import MainWindow
from qcoder.ui.models.sources_by_case_model import SourcesByCaseModel
from qcoder.ui.settings import UserSettings

SOURCES, CASES, CODINGS_PER_SOURCE, RUNS = 200, 30, 25, 7


def make_project(path: Path) -> None:
    """200 transcripts; most in one case, some in two, a few in none; 25 codings each."""
    rng = random.Random(4)
    project = Project.create(path, coder_name="bench", codebook=None)
    coder = project.coder_id()
    text = "Interviewer: How did you collaborate?\nParticipant: " + "We shared compute and data. " * 40 + "\n"
    with project.transaction() as session:
        code = add_code(session, "Compute").created_id
        cases = [add_case(session, f"Organisation {n:02d}").created_id for n in range(CASES)]
        for n in range(SOURCES):
            source = add_source(session, f"interview-{n:03d}", text).created_id
            assert source is not None and code is not None
            homes = [] if n % 20 == 0 else rng.sample(cases, 2 if n % 7 == 0 else 1)
            for case in homes:
                link_source(session, case, source)  # type: ignore[arg-type]
            for k in range(CODINGS_PER_SOURCE):
                apply_coding(session, source, code, k * 10, k * 10 + 8, coder)
    project.close()


def median_ms(run: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    app = application()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        path = folder / "cases.qcoder"
        make_project(path)
        settings = UserSettings(QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat))
        settings.set_sources_grouped_by_case(True)
        window = MainWindow(settings=settings)
        window.resize(1440, 900)
        window.show()
        window.projects.coder_name = "bench"
        assert window.projects.open_path(path)
        app.processEvents()
        pane = window.sources
        sources = window.controller.read(list_sources)
        names = {c.id: c.name for c in window.controller.read(list_cases)}

        def reload() -> None:
            pane.reload()
            app.processEvents()

        model = SourcesByCaseModel()
        doubled = sources[7]
        flip = [doubled.codings + 1, doubled.codings]

        def coding_update() -> None:
            flip.reverse()
            pane.by_case.set_coding_counts({doubled.id: flip[0]})
            pane.model.set_coding_counts({doubled.id: flip[0]})
            app.processEvents()

        def type_filter() -> None:
            for text in ("o", "or", "org", "organisation 1", ""):
                pane.filter_box.setText(text)
            app.processEvents()

        rows = [
            ("reload the pane (read + both views + unfold)", median_ms(reload)),
            ("build the grouped model alone", median_ms(lambda: model.set_sources(sources, names), 21)),
            ("counts after one coding (both views, painted)", median_ms(coding_update, 21)),
            ("type a 5-step filter in the grouped view", median_ms(type_filter)),
        ]
        grouped_rows = sum(pane.tree_proxy.rowCount(pane.tree_proxy.index(r, 0)) for r in range(pane.tree_proxy.rowCount()))
        print(f"{SOURCES} sources, {CASES} cases, {grouped_rows} source rows in the tree; medians:")
        for name, ms in rows:
            print(f"  {name:<48} {ms:8.2f} ms")
        window.controller.close_project()
        window.close()


if __name__ == "__main__":
    main()
