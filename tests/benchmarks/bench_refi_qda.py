"""Benchmark: QDPX export and import of 200 documents of 50,000 characters with 100,000 codings.

Goals: export ≤ 2 s, import ≤ 3 s. The project is built once (bulk inserts, not timed); each
export run writes a new .qdpx (reading the project, building and validating project.qde, zipping);
each import run reads that .qdpx into a new, empty project file (parsing, decoding, speaker turns,
bulk inserts of sources, texts, turns and codings).

Run: python tests/benchmarks/bench_refi_qda.py  — prints the median of 3 runs each.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Coding, SourceText
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.sources import add_source
from qcoder.io.refi_qda import export_qdpx, import_refi
from tests.benchmarks.workload import overlapping_spans, transcript

DOCUMENTS, CHARACTERS, CODINGS, CODES, RUNS = 200, 50_000, 100_000, 60, 3
EXPORT_GOAL, IMPORT_GOAL = 2.0, 3.0


def build(path: Path) -> None:
    rng = random.Random(7)
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        coders = [project.coder_id()]
        with project.transaction() as session:
            coders += [ensure_coder(session, name) for name in ("Bo", "Cy")]
            groups = [add_code(session, f"Group {g}", codable=False).created_id for g in range(6)]
            codes = [add_code(session, f"Code {c}", parent_id=groups[c % 6]).created_id for c in range(CODES)]
            sources = [
                add_source(session, f"Interview {d:03}", transcript(CHARACTERS, seed=d)).created_id
                for d in range(DOCUMENTS)
            ]
            per = CODINGS // DOCUMENTS
            rows = [
                {"source_id": source, "code_id": rng.choice(codes), "start": start, "end": end,
                 "coder_id": rng.choice(coders), "memo": "a memo" if rng.random() < 0.01 else None}
                for index, source in enumerate(sources)
                for start, end in overlapping_spans(CHARACTERS, per, seed=index)
            ]
            session.execute(insert(Coding), rows)


CPU: dict[str, list[float]] = {"export": [], "import": []}


def timed(action, kind: str) -> float:  # type: ignore[no-untyped-def]
    """Wall-clock seconds (the goal); CPU seconds are kept too, a fairer figure on a busy machine."""
    begin, cpu = time.perf_counter(), time.process_time()
    action()
    CPU[kind].append(time.process_time() - cpu)
    return time.perf_counter() - begin


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        source = base / "source.qcoder"
        build(source)
        exports: list[float] = []
        imports: list[float] = []
        out = base / "bench.qdpx"
        with Project.open(source, coder_name="Ann") as project:
            for _ in range(RUNS):
                exports.append(timed(lambda: export_qdpx(project, out), "export"))
        for run in range(RUNS):
            target = base / f"copy-{run}.qcoder"
            with Project.create(target, coder_name="Ann", codebook=None) as copy:
                imports.append(timed(lambda: import_refi(copy, out), "import"))
                with copy.reading() as session:
                    codings = session.scalar(select(func.count()).select_from(Coding))
                    characters = session.scalar(select(func.sum(func.length(SourceText.text))))
            assert codings == CODINGS and characters == DOCUMENTS * CHARACTERS, (codings, characters)
        size = out.stat().st_size / 2**20
    export_median, import_median = statistics.median(exports), statistics.median(imports)
    print(f"QDPX of {DOCUMENTS} documents × {CHARACTERS} characters, {CODINGS} codings ({size:.1f} MB)")
    print(f"export: median {export_median:.2f} s of {RUNS} runs {[round(t, 2) for t in exports]} (goal ≤ {EXPORT_GOAL} s)")
    print(f"import: median {import_median:.2f} s of {RUNS} runs {[round(t, 2) for t in imports]} (goal ≤ {IMPORT_GOAL} s)")
    print(f"CPU time: export median {statistics.median(CPU['export']):.2f} s, import median "
          f"{statistics.median(CPU['import']):.2f} s; load average {os.getloadavg()[0]:.1f}")
    return 0 if export_median <= EXPORT_GOAL and import_median <= IMPORT_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
