"""Exports onto a full disk: one clear line, a non-zero exit, and no stub of a file left behind
(every export is written beside its target and renamed into place only when whole)."""

from __future__ import annotations

import pytest

from qcoder.cli.main import main
from qcoder.io.sample_study import build_sample_project
from tests.reliability.conftest import fill

EXPORTS = [
    ["export", "--format", "qdpx"], ["export", "--format", "qdc"], ["export", "--format", "html"],
    ["export", "--format", "md"], ["export", "--format", "csv"], ["export", "--format", "xlsx"],
    ["export", "--format", "codebook-csv"], ["export", "--format", "codebook-xlsx"],
    ["map", "--view", "network", "--suffix", "png"], ["map", "--view", "network", "--suffix", "svg"],
    ["map", "--view", "network", "--suffix", "graphml"], ["map", "--view", "network", "--suffix", "csv"],
    ["map", "--view", "lifecycle", "--suffix", "csv"], ["map", "--view", "matrix", "--suffix", "csv"],
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample_project(tmp_path_factory.mktemp("sample") / "sample.qcoder")


@pytest.mark.parametrize("arguments", EXPORTS, ids=lambda a: " ".join(a).replace("--", ""))
def test_an_export_onto_a_full_disk_says_so_and_leaves_nothing(sample, small_disk, capsys, arguments):
    filler = fill(small_disk)
    if "--suffix" in arguments:
        suffix = arguments[-1]
        arguments = arguments[:-2]
    else:
        suffix = arguments[-1].replace("codebook-", "") if arguments[-1] != "md" else "md"
    out = small_disk / f"out.{suffix}"
    capsys.readouterr()
    status = main([*arguments, str(sample), "--out", str(out)])
    err = capsys.readouterr().err
    assert status != 0
    assert err.count("\n") == 1 and err.startswith("qcoder: ") and "disk is full" in err, err
    assert sorted(p.name for p in small_disk.iterdir()) == [filler.name], "no stub, no temporary file"


def test_the_window_says_the_disk_is_full_when_an_export_cannot_be_written(qtbot, sample, small_disk):
    """The window's exports run as jobs of its runner: a full disk is one sentence, no stub."""
    from qcoder.core.lifecycle.project import Project
    from qcoder.io.project_exports import export_workbook
    from qcoder.ui.jobs import JobRunner

    filler = fill(small_disk)
    runner = JobRunner()
    with Project.open(sample, read_only=True) as project:
        job = runner.start(lambda _context: export_workbook(project, small_disk / "segments.xlsx"))
        with qtbot.waitSignal(job.failed, timeout=20_000) as failed:
            pass  # the answer comes back through the event loop, after the signal is watched
        runner.wait()
    assert failed.args == ["the disk is full, so nothing was written; free some space and try again"]
    assert sorted(p.name for p in small_disk.iterdir()) == [filler.name]
