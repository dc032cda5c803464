"""Core reads and undoable deletes at the reference scale: 200 sources (~1 million words),
100,000 codings over the study's 83 codes, 3 coders.

Measured (median of 5 runs each, on one project built once before timing):

- ``open``: ``Project.open`` for writing (lock, schema probe) and close;
- ``list_sources`` / ``list_codes``: the source list and the code tree with counts;
- ``codings_in_source``: the codings of one source (what the document view draws);
- ``segments one code``: every passage of one code with its text (retrieval);
- ``segments all``: all 100,000 passages with texts (the CSV export's read);
- ``delete+restore source``: an undoable delete of a source with 500 codings, and its undo.

Run: python tests/benchmarks/bench_core.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import insert

from qcoder.core.edits import play
from qcoder.core.lifecycle.project import Project
from qcoder.core.row_set import RowKeys
from qcoder.core.store.models import Coding
from qcoder.core.usecases.commands.coders import ensure_coder
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.source_batch import SourceBatch
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.codings import codings_in_source, list_segments
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io.speakers import detect_turns
from tests.benchmarks.workload import transcript

SOURCES, CHARACTERS, CODINGS, RUNS = 200, 30_000, 100_000, 5


def build(path: Path) -> None:
    rng = random.Random(7)
    with Project.create(path, coder_name="Ann") as project:
        with project.transaction() as session:
            coders = [ensure_coder(session, name) for name in ("Ann", "Bob", "Cy")]
            batch = SourceBatch(session)
            lengths = []
            for index in range(SOURCES):
                text = transcript(CHARACTERS, seed=index)
                batch.add(f"Interview {index:03}", text, turns=detect_turns(text))
                lengths.append(len(text))
        with project.reading() as session:
            codes = [c.id for c in list_codes(session) if c.codable]
            sources = [s.id for s in list_sources(session)]
        rows = []
        for _ in range(CODINGS):
            source = rng.randrange(len(sources))
            size = rng.randint(40, 600)
            start = rng.randrange(0, lengths[source] - size)
            rows.append({
                "guid": f"{rng.getrandbits(128):032x}", "source_id": sources[source],
                "code_id": rng.choice(codes), "start": start, "end": start + size,
                "coder_id": rng.choice(coders), "exemplar": False,
            })
        with project.transaction() as session:
            session.execute(insert(Coding.__table__), rows)


def median(action: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="qcoder-bench-core-"))
    path = folder / "big.qcoder"
    began = time.perf_counter()
    build(path)
    print(f"built {SOURCES} sources, {CODINGS} codings in {time.perf_counter() - began:.1f} s")

    print(f"open+close              {median(lambda: Project.open(path).close()) * 1000:8.1f} ms")
    with Project.open(path) as project:
        def read(function: Callable[..., object], *args: object, **kwargs: object) -> Callable[[], object]:
            def run() -> object:
                with project.reading() as session:
                    return function(session, *args, **kwargs)
            return run

        sources = read(list_sources)()
        codes = [c for c in read(list_codes)() if c.codable]
        busiest = max(codes, key=lambda c: c.count)
        source = max(sources, key=lambda s: s.codings)
        print(f"list_sources            {median(read(list_sources)) * 1000:8.1f} ms")
        print(f"list_codes (counts)     {median(read(list_codes)) * 1000:8.1f} ms")
        print(f"codings_in_source       {median(read(codings_in_source, source.id)) * 1000:8.1f} ms"
              f"   ({source.codings} codings)")
        print(f"segments one code       {median(read(list_segments, code_id=busiest.id)) * 1000:8.1f} ms"
              f"   ({busiest.count} passages)")
        print(f"segments all            {median(read(list_segments)) * 1000:8.1f} ms   ({CODINGS} passages)")

        def delete_and_restore() -> None:
            with project.transaction() as session:
                removed = remove_rows(session, RowKeys.ids("sources", [source.id]))
            with project.transaction() as session:
                play(session, removed.undo)

        print(f"delete+restore source   {median(delete_and_restore) * 1000:8.1f} ms"
              f"   ({source.codings} codings)")


if __name__ == "__main__":
    main()
