"""Benchmark: time and peak memory of REFI-QDA imports, legitimate, huge and hostile.

Each file is imported into a new project file in a subprocess of its own, which reports the
wall-clock and CPU seconds (the fairer figure on a busy machine) and the peak resident size (``VmHWM``) of the whole process, and how far
the peak rose during the import. The bound (issue 17): ≤ 5 s per 10 MB of file and ≤ 300 MB,
or a refusal with one clear message as quickly.

Files: the reference project (200 documents of 50,000 characters, 100,000 codings, exported by
qcoder), 130,000 coded passages in one source (legitimate, dense), a file of 1.5 million tiny
selections (~8 MB), a zip bomb, "billion laughs", deeply nested elements, a million elements of
a kind qcoder does not read.

Run: python tests/benchmarks/bench_refi_bounds.py [--code DIR] [--runs N]  — ``--code`` runs the
imports with another checkout's qcoder (to compare with main), the files are made with this one.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

FILES = Path(tempfile.gettempdir()) / "qcoder-refi-bounds"
CODE = "c0de0000-0000-4000-8000-000000000001"
SOURCE = "50000000-0000-4000-8000-000000000001"
TEXT = "abcdefghij" * 1000
MEASURE = r"""
import json, sys, time
from pathlib import Path
from qcoder.core.lifecycle.project import Project
from qcoder.io.refi_qda import import_refi
from qcoder.io.refi_qda.errors import RefiQdaError
target, source = Path(sys.argv[1]), Path(sys.argv[2])
project = Project.create(target, coder_name="Ann", codebook=None)
def high_water():  # kB; ru_maxrss would carry the parent's peak across exec
    return next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
baseline = high_water()
started, cpu = time.perf_counter(), time.process_time()
try:
    report = import_refi(project, source)
    outcome = f"imported {report.added.get('codings', 0)} codings"
except RefiQdaError as error:
    outcome = f"refused: {error}"
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = high_water()
print(json.dumps({"seconds": seconds, "cpu": cpu, "peak_mb": peak / 1024, "extra_mb": (peak - baseline) / 1024,
                  "outcome": outcome}))
"""


def _project_xml(inner: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="huge">'
        f'<CodeBook><Codes><Code guid="{CODE}" name="C" isCodable="true"/></Codes></CodeBook><Sources>'
        f'<TextSource guid="{SOURCE}" name="S"><PlainTextContent>{TEXT}</PlainTextContent>'
        f"{inner}</TextSource></Sources></Project>"
    )


def _zip(path: Path, entries: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def reference(path: Path) -> Path:
    from qcoder.core.lifecycle.project import Project
    from qcoder.io.refi_qda import export_qdpx
    from tests.benchmarks.bench_refi_qda import build

    project_path = path.with_suffix(".qcoder")
    project_path.unlink(missing_ok=True)
    build(project_path)
    with Project.open(project_path, coder_name="Ann") as project:
        export_qdpx(project, path)
    project_path.unlink()
    return path


def tiny_selections(path: Path) -> Path:
    starts = random.Random(2)
    return _zip(path, {"project.qde": _project_xml("".join(
        f'<PlainTextSelection startPosition="{a}" endPosition="{a + 3}"/>'
        for a in (starts.randrange(0, 9990) for _ in range(1_500_000))))})


def dense_codings(path: Path, count: int = 130_000) -> Path:
    """Legitimate and as dense as it gets: 130,000 coded passages with their GUIDs, 390,000
    elements, in one source (just under the cap of elements)."""
    import uuid

    starts = random.Random(4)
    return _zip(path, {"project.qde": _project_xml("".join(
        f'<PlainTextSelection guid="{uuid.UUID(int=starts.getrandbits(128), version=4)}" startPosition="{a}" '
        f'endPosition="{a + 3}"><Coding guid="{uuid.UUID(int=starts.getrandbits(128), version=4)}">'
        f'<CodeRef targetGUID="{CODE}"/></Coding></PlainTextSelection>'
        for a in (starts.randrange(0, 9990) for _ in range(count))))})


def zip_bomb(path: Path) -> Path:
    return _zip(path, {"project.qde": _project_xml("") + " " * (1500 * 2**20)})


def laughs(path: Path) -> Path:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10 if n > 1 else "&lol;" * 10}">' for n in range(1, 10))
    return _zip(path, {"project.qde": f'<?xml version="1.0"?><!DOCTYPE Project [{entities}]>'
                                      '<Project xmlns="urn:QDA-XML:project:1.0" name="&lol9;"/>'})


def deep(path: Path) -> Path:
    return _zip(path, {"project.qde": _project_xml("<Description>" + "<a>" * 100_000 + "</a>" * 100_000
                                                   + "</Description>")})


def unknown_elements(path: Path) -> Path:
    numbers = random.Random(3)
    return _zip(path, {"project.qde": _project_xml(
        "<Unknown>" + "".join(f'<x n="{numbers.randrange(10**6)}"/>' for _ in range(1_000_000)) + "</Unknown>")})


MAKERS = {"reference": reference, "dense-codings": dense_codings, "tiny-selections": tiny_selections, "zip-bomb": zip_bomb,
          "billion-laughs": laughs, "deep-nesting": deep, "million-unknown": unknown_elements}


def files(names: list[str]) -> dict[str, Path]:
    FILES.mkdir(exist_ok=True)
    made = {}
    for name in names:
        path = FILES / f"{name}.qdpx"
        if not path.exists():
            MAKERS[name](path)
        made[name] = path
    return made


def measure(code: Path, source: Path) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, str(Path(folder) / "p.qcoder"), str(source)],
            cwd=code, env={**os.environ, "PYTHONPATH": str(code)}, capture_output=True, text=True, check=False,
        )
    if done.returncode != 0:
        return {"seconds": float("nan"), "cpu": float("nan"), "peak_mb": float("nan"), "extra_mb": float("nan"),
                "outcome": "crashed: " + done.stderr.strip().splitlines()[-1][:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=REPOSITORY)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("names", nargs="*", default=list(MAKERS))
    arguments = parser.parse_args()
    for name, path in files(arguments.names).items():
        runs = [measure(arguments.code, path) for _ in range(arguments.runs)]
        megabytes = path.stat().st_size / 2**20
        seconds = statistics.median(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = statistics.median(r["peak_mb"] for r in runs)
        extra = statistics.median(r["extra_mb"] for r in runs)
        print(f"{name:16} {megabytes:6.1f} MB  median {seconds:5.2f} s, CPU {cpu:5.2f} s (bound {5 * megabytes / 10:.2f} s)  "
              f"peak {peak:5.0f} MB (+{extra:.0f} MB)  runs {[round(r['seconds'], 2) for r in runs]}  "
              f"{runs[0]['outcome'][:110]}")
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
