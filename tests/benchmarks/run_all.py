"""Every performance goal on the reference workload, in one table.

Run from the repository root:  python -m tests.benchmarks.run_all [--runs 3] [--codings 5000] [--repeats 50]

Each figure is the median of ``--runs`` runs, printed beside its goal and beside a physical
baseline measured in the same run on the same data (raw ``sqlite3`` ``executemany`` of the same
rows, reading or zipping the same bytes, a bare Qt document with the same text), so that a slow
machine shows as a slow baseline rather than as a missed goal.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text as text_query  # noqa: E402

from qcoder.analysis.collaboration_map import build_collaboration_map  # noqa: E402
from qcoder.analysis.crosstab import crosstab  # noqa: E402
from qcoder.analysis.search import search  # noqa: E402
from qcoder.core.lifecycle.project import Project  # noqa: E402
from qcoder.io.importer import import_files  # noqa: E402
from qcoder.io.refi_qda import export_qdpx, import_refi  # noqa: E402
from tests.benchmarks.reference_workload import (  # noqa: E402
    CODINGS,
    Workload,
    build_coded_project,
    write_transcripts,
)


@dataclass
class Row:
    name: str
    seconds: float
    goal: float | None
    baseline: float | None
    unit: str = "s"

    def cells(self) -> list[str]:
        goal = "—" if self.goal is None else f"≤ {self._show(self.goal)}"
        base = "—" if not self.baseline else self._show(self.baseline)
        ratio = "—" if not self.baseline else f"{self.seconds / self.baseline:,.1f}×"
        verdict = "" if self.goal is None else ("met" if self.seconds <= self.goal else "MISSED")
        return [self.name, self._show(self.seconds), goal, verdict, base, ratio]

    def _show(self, value: float) -> str:
        if self.unit != "s":
            return f"{value:,.1f} {self.unit}"
        return f"{value:,.2f} s" if value >= 1 else f"{value * 1000:,.1f} ms"


def median_time(action: Callable[[], object], runs: int, setup: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# -- physical baselines ---------------------------------------------------------------------


def raw_insert_texts(folder: Path, texts: list[str]) -> None:
    path = folder / "raw.db"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, text TEXT)")
    with connection:
        connection.executemany("INSERT INTO t (name, text) VALUES (?, ?)", [(str(i), t) for i, t in enumerate(texts)])
    connection.close()


def raw_select_codings(project_path: Path) -> None:
    connection = sqlite3.connect(project_path)
    connection.execute("SELECT source_id, code_id, start, \"end\", coder_id FROM codings").fetchall()
    connection.close()


# -- the benchmarks -------------------------------------------------------------------------


def bench_import(folder: Path, workload: Workload, runs: int) -> Row:
    """Importing into a new, empty project; creating the project file is not part of it."""
    counter = iter(range(1000))
    projects: list[Project] = []

    def new_project() -> None:
        projects.append(Project.create(folder / f"import-{next(counter)}.qcoder", coder_name="bench", codebook=None))

    def run() -> None:
        results = import_files(projects[-1], workload.files)
        assert all(result.ok for result in results)

    measured = median_time(run, runs, setup=new_project)
    for project in projects:
        project.close()
    baseline = median_time(lambda: raw_insert_texts(folder, [f.read_text(encoding="utf-8") for f in workload.files]), runs)
    return Row("import 200 transcripts (turns + search index)", measured, 0.4, baseline)


def bench_analysis(project: Project, runs: int) -> list[Row]:
    baseline = median_time(lambda: raw_select_codings(project.path), runs)
    rows = []
    with project.reading() as session:
        rows.append(Row("map data from 100,000 codings", median_time(lambda: build_collaboration_map(session), runs),
                        0.3, baseline))
        rows.append(Row("crosstab On-ramp × Lifecycle stage", median_time(
            lambda: crosstab(session, "On-ramp", "Lifecycle stage"), runs), 0.3, baseline))
        search(session, "open data")  # warm: the texts are read once per session
        texts = [t for (t,) in session.execute(text_query("SELECT text FROM source_texts"))]
        measured = median_time(lambda: search(session, "fine tune evaluate"), runs)
    scan = median_time(lambda: sum(t.count("fine tune evaluate") for t in texts), runs)
    rows.append(Row("search a phrase in 10 MB of text", measured, 0.05, scan))
    return rows


def bench_qdpx(folder: Path, project: Project, runs: int) -> list[Row]:
    out = folder / "export.qdpx"
    export = median_time(lambda: export_qdpx(project, out), runs)
    with project.reading() as session:
        texts = [t for (t,) in session.execute(text_query("SELECT text FROM source_texts"))]

    def zip_texts() -> None:
        with zipfile.ZipFile(folder / "raw.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for index, text in enumerate(texts):
                archive.writestr(f"sources/{index}.txt", text)

    zip_time = median_time(zip_texts, runs)
    counter = iter(range(1000))

    def run_import() -> None:
        with Project.create(folder / f"in-{next(counter)}.qcoder", coder_name="bench", codebook=None) as target:
            import_refi(target, out)

    import_time = median_time(run_import, runs)

    def unzip() -> None:
        with zipfile.ZipFile(folder / "raw.zip") as archive:
            for name in archive.namelist():
                archive.read(name).decode("utf-8")

    unzip_time = median_time(unzip, runs)
    return [Row("QDPX export (200 documents, 100,000 codings)", export, 2.0, zip_time),
            Row("QDPX import (same file)", import_time, 3.0, unzip_time)]


def bench_gui(folder: Path, project_path: Path, runs: int) -> list[Row]:
    def probe(*arguments: str) -> tuple[float, float]:
        line = subprocess.run([sys.executable, str(ROOT / "tests" / "benchmarks" / "gui_probe.py"), *arguments],
                              capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
        return float(line[1]), float(line[2])

    starts, memory = zip(*(probe("window", str(project_path)) for _ in range(runs)))
    bare_starts, bare_memory = zip(*(probe("bare") for _ in range(runs)))
    rows = [Row("start: imports + window with the project", statistics.median(starts), 1.0, statistics.median(bare_starts)),
            Row("memory with the project open", statistics.median(memory), 300.0, statistics.median(bare_memory), "MB")]
    # The document benchmarks run in a process of their own, as the app does: this one holds
    # the reference project's objects, which would slow Python's garbage collector.
    script = (
        "import json, sys; from pathlib import Path; "
        "from tests.benchmarks.bench_workbench import make_project, time_open; "
        "from tests.benchmarks.run_all import bare_document; "
        "from tests.benchmarks.workload import overlapping_spans; "
        "folder = Path(sys.argv[1]); "
        "path, source, _ = make_project(folder, 'dense', overlapping_spans(50_000, 3000)); "
        "opened = time_open(path, source, folder); bare = bare_document(path, int(sys.argv[2])); "
        "print(json.dumps([opened, bare]))"
    )
    output = subprocess.run([sys.executable, "-c", script, str(folder), str(runs)], capture_output=True,
                            text=True, cwd=ROOT, check=True).stdout.strip().splitlines()[-1]
    opened, bare = json.loads(output)
    rows.append(Row("open a document with 3,000 overlapping highlights", opened, 0.15, bare))
    return rows


def window_tables(codings: int, repeats: int) -> str:
    """Coding and the everyday actions through real inputs on the window (issue 21), each in a
    process of its own, as the app runs: their tables, with median and 95th percentile."""
    tables = []
    for module, arguments in (("tests.benchmarks.bench_coding_paths", ["--codings", str(codings)]),
                              ("tests.benchmarks.bench_everyday", ["--repeats", str(repeats)])):
        done = subprocess.run([sys.executable, "-m", module, *arguments], capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            raise SystemExit(f"{module} failed:\n{done.stderr[-2000:]}")
        tables.append(done.stdout.strip())
    return "\n\n".join(tables)


def bare_document(project_path: Path, runs: int) -> float:
    from PySide6.QtWidgets import QPlainTextEdit

    from qcoder.ui.app import application

    app = application()
    connection = sqlite3.connect(project_path)
    (text,) = connection.execute("SELECT text FROM source_texts LIMIT 1").fetchone()
    connection.close()
    editor = QPlainTextEdit()
    editor.resize(900, 700)
    editor.show()

    def load() -> None:
        editor.setPlainText(text)
        app.processEvents()

    return median_time(load, runs, setup=lambda: editor.setPlainText(""))


def file_size_row(folder: Path, workload: Workload) -> Row:
    empty = build_coded_project(folder / "size-0.qcoder", workload, codings=0)
    empty.close()
    full = build_coded_project(folder / "size-1.qcoder", workload, codings=CODINGS)
    full.close()
    for path in (folder / "size-0.qcoder", folder / "size-1.qcoder"):
        with sqlite3.connect(path) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    grown = (folder / "size-1.qcoder").stat().st_size - (folder / "size-0.qcoder").stat().st_size
    return Row("project file growth per 100,000 codings", grown / 2**20, None, None, "MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--codings", type=int, default=5000, help="codings per way to code (window table)")
    parser.add_argument("--repeats", type=int, default=50, help="repeats of each everyday action (window table)")
    arguments = parser.parse_args()
    runs = arguments.runs
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        print("generating the reference workload…", file=sys.stderr)
        workload = write_transcripts(folder / "transcripts")
        rows.append(bench_import(folder, workload, runs))
        project = build_coded_project(folder / "reference.qcoder", workload)
        rows += bench_analysis(project, runs)
        rows += bench_qdpx(folder, project, runs)
        project.close()
        rows += bench_gui(folder, folder / "reference.qcoder", runs)
        rows.append(file_size_row(folder, workload))
    print_table(rows, runs)
    print()
    print(window_tables(arguments.codings, arguments.repeats))


def print_table(rows: list[Row], runs: int) -> None:
    header = ["benchmark", f"median of {runs}", "goal", "", "baseline", "ratio"]
    table = [header] + [row.cells() for row in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for index, line in enumerate(table):
        print("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(line)))
        if index == 0:
            print("  ".join("-" * width for width in widths))


if __name__ == "__main__":
    main()
