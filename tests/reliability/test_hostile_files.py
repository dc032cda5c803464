"""Hostile and broken files given to the command line: each is refused with one clear line,
within 5 s and 200 MB of memory beyond start-up, with no traceback and nothing written outside
the target (measured in a subprocess: peak resident size by ``resource.getrusage``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.sources import list_sources, source_text
from qcoder.io.refi_qda import import_refi
from tests.reliability.hostile_files import REFI, TRANSCRIPTS, _zip, project_qde

REPOSITORY = Path(__file__).resolve().parents[2]
SECONDS = 5.0
EXTRA_MB = 200.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="peak memory is read with the resource module")


def _files_under(folder: Path) -> set[Path]:
    return {Path(root) / name for root, _, names in os.walk(folder) for name in names}


def _run_measured(tmp_path: Path, arguments: list[str]) -> tuple[dict, str, str]:
    report = tmp_path.parent / f"{tmp_path.name}-measure.json"
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "tests.reliability.measured_cli", str(report), *arguments],
        cwd=REPOSITORY, capture_output=True, text=True, timeout=120, check=False,
    )
    wall = time.perf_counter() - started
    assert report.exists(), f"the command did not finish normally: {finished.stderr[-2000:]}"
    measured = json.loads(report.read_text())
    report.unlink()
    measured["wall"] = wall
    return measured, finished.stdout, finished.stderr


def _check_limits(measured: dict, what: str) -> None:
    assert measured["seconds"] < SECONDS, f"{what} took {measured['seconds']:.1f} s"
    assert measured["extra_mb"] < EXTRA_MB, f"{what} used {measured['extra_mb']:.0f} MB more than at start"


@pytest.mark.parametrize("case", sorted(REFI))
def test_a_hostile_refi_qda_file_is_refused(tmp_path, case):
    given = tmp_path / "given"
    given.mkdir()
    hostile = REFI[case](given)
    target = tmp_path / "target"
    target.mkdir()
    before = _files_under(tmp_path)
    evil_before = Path("/tmp/evil.txt").exists()

    measured, out, err = _run_measured(tmp_path, ["new", str(target / "new.qcoder"), "--from", str(hostile)])

    assert measured["status"] == 2, (out, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("qcoder: "), err
    assert "Traceback" not in err + out and "unexpected error" not in err, err
    _check_limits(measured, case)
    assert _files_under(tmp_path) == before, "nothing is written, not even a half project"
    assert not (tmp_path.parent / "evil.txt").exists() and Path("/tmp/evil.txt").exists() == evil_before


@pytest.mark.parametrize("case", sorted(TRANSCRIPTS))
def test_a_broken_or_hostile_transcript_is_refused(tmp_path, case):
    given = tmp_path / "given"
    given.mkdir()
    broken = TRANSCRIPTS[case](given)
    path = tmp_path / "target" / "study.qcoder"
    path.parent.mkdir()
    Project.create(path, coder_name="Ann", codebook=None).close()
    before = _files_under(tmp_path)

    measured, out, err = _run_measured(tmp_path, ["import", str(path), str(broken)])

    assert measured["status"] == 1, (out, err)
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"FAILED  {broken.name}"), out
    assert "Traceback" not in err + out, err
    _check_limits(measured, case)
    assert _files_under(tmp_path) == before
    with Project.open(path, read_only=True) as project, project.reading() as session:
        assert list_sources(session) == []


def test_a_source_path_pointing_outside_the_archive_reads_nothing_there(empty_project, tmp_path):
    """``internal://../../etc/passwd`` is looked up inside the archive only: the source is
    reported without text, and nothing of the file system gets into the project."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0")
    relative = os.path.relpath(secret, tmp_path / "a" / "b")
    archive = _zip(tmp_path / "slip.qdpx", {"project.qde": project_qde(text_path=f"internal://{relative}")})
    report = import_refi(empty_project, archive)
    dropped = report.problems.lines("dropped")
    assert any("has no" in line for line in dropped), dropped
    with empty_project.reading() as session:
        assert all("root:" not in source_text(session, s.id) for s in list_sources(session))


def test_an_enormous_source_text_in_a_qdpx_is_left_out_with_a_message(tmp_path):
    """A 100 MB text inside a QDPX (stored, so no zip bomb) is not read: the source is reported
    as left out and the rest of the project comes in, within the same time and memory."""
    archive = tmp_path / "big.qdpx"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as package:
        package.writestr("project.qde", project_qde(text_path="internal://big.txt"))
        with package.open("sources/big.txt", "w", force_zip64=True) as entry:
            for _ in range(100):
                entry.write(b"Interviewer: words words words.\n" * (2**20 // 32))
    target = tmp_path / "new.qcoder"
    measured, out, err = _run_measured(tmp_path, ["new", str(target), "--from", str(archive)])
    assert measured["status"] == 0, err
    assert "big.txt' is 100 MB, more than the 24 MB" in out, out
    _check_limits(measured, "a 100 MB source text")
    with Project.open(target, read_only=True) as project, project.reading() as session:
        assert list_sources(session) == []
