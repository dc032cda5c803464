"""Restore, exports, push/pull checks and the sample: each service's own preconditions."""

from __future__ import annotations

import pytest

from qcoder.app.exporting import EXPORT_FORMATS, FORMATS, WINDOW_FORMATS, export_project
from qcoder.app.merging import merge_project_files
from qcoder.app.restoring import list_project_backups, restore_project
from qcoder.app.sample import SampleExistsError, build_sample
from qcoder.app.team_transfer import check_pull, check_push, pull_project
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from tests.app.helpers import coders_copy, counts, make_project


@pytest.fixture
def merged_once(tmp_path):
    """A project with one backup (before a merge that added one coding)."""
    lead = make_project(tmp_path / "lead.qcoder")
    merge_project_files(lead, coders_copy(lead, tmp_path / "bo.qcoder"), coder="Ann")
    return lead


def test_restore_backs_up_the_state_it_replaces(merged_once):
    [before_merge] = list_project_backups(merged_once)
    restored = restore_project(merged_once, "1", "Ann")
    assert restored.backup == before_merge
    assert restored.saved is not None and "before-restore" in restored.saved.name
    assert counts(merged_once) == (1, 1) and counts(restored.saved) == (1, 2)
    assert list_project_backups(merged_once)[0] == restored.saved


def test_restore_refuses_a_server_a_missing_backup_and_itself(merged_once):
    with pytest.raises(QcoderError, match="administrator"):
        list_project_backups("postgresql://ann@localhost/study")
    with pytest.raises(QcoderError, match="administrator"):
        restore_project("postgresql://ann@localhost/study", "1", "Ann")
    with pytest.raises(QcoderError):
        restore_project(merged_once, "7", "Ann")
    with pytest.raises(QcoderError, match="itself"):
        restore_project(merged_once, merged_once, "Ann")
    assert counts(merged_once) == (1, 2)


def test_the_window_offers_the_command_line_formats(tmp_path):
    assert {f.key for f in WINDOW_FORMATS} < set(FORMATS)
    assert len(FORMATS) == len(EXPORT_FORMATS)
    project_file = make_project(tmp_path / "study.qcoder")
    with Project.open(project_file, read_only=True) as project:
        for fmt in EXPORT_FORMATS:
            out = tmp_path / f"out-{fmt.key}{fmt.suffix}"
            assert export_project(project, fmt.key, out)
            assert out.stat().st_size > 0


def test_an_export_never_overwrites_a_project_or_writes_nowhere(tmp_path):
    project_file = make_project(tmp_path / "study.qcoder")
    other = make_project(tmp_path / "other.qcoder")
    with Project.open(project_file, read_only=True) as project:
        for target in (project_file, other, tmp_path / "study.qcoder-wal"):
            with pytest.raises(QcoderError):
                export_project(project, "csv", target)
        with pytest.raises(QcoderError, match="does not exist"):
            export_project(project, "csv", tmp_path / "missing" / "out.csv")
        with pytest.raises(QcoderError, match="no export format"):
            export_project(project, "docx", tmp_path / "out.docx")
    assert counts(project_file) == (1, 1) and counts(other) == (1, 1)


def test_push_and_pull_check_their_ends_before_connecting(tmp_path):
    project_file = make_project(tmp_path / "study.qcoder")
    with pytest.raises(QcoderError, match="not a server address"):
        check_push(project_file, "study-copy.qcoder")
    with pytest.raises(QcoderError, match="FILE"):
        check_push("postgresql://ann@localhost/a", "postgresql://ann@localhost/b")
    with pytest.raises(QcoderError, match="already exists"):
        check_pull("postgresql://ann@localhost/study", project_file)
    with pytest.raises(QcoderError, match="does not exist"):
        pull_project("postgresql://ann@localhost/study", tmp_path / "missing" / "copy.qcoder")
    (tmp_path / "copy.qcoder-wal").write_bytes(b"")
    with pytest.raises(QcoderError, match="lies beside"):
        check_pull("postgresql://ann@localhost/study", tmp_path / "copy.qcoder")


def test_the_sample_replaces_only_when_asked(tmp_path):
    out = tmp_path / "sample.qcoder"
    assert build_sample(out) == out and counts(out)[0] > 0
    with pytest.raises(SampleExistsError):
        build_sample(out)
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    with pytest.raises(QcoderError, match="only a .qcoder"):
        build_sample(notes, replace=True)
    assert notes.read_text(encoding="utf-8") == "mine"
