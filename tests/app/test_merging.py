"""The merge service: one refusal of a merge with itself, one backup before, the same from the
command line's file merge and the window's open project."""

from __future__ import annotations

import pytest

from qcoder.app.backups import BackupFailedError
from qcoder.app.merging import (
    SelfMergeError,
    merge_into_project,
    merge_project_files,
    preview_merge,
)
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.backup import backups_dir, list_backups
from qcoder.core.lifecycle.project import Project
from tests.app.helpers import coders_copy, counts, make_project


@pytest.fixture
def lead(tmp_path):
    return make_project(tmp_path / "lead.qcoder")


@pytest.fixture
def copy(lead, tmp_path):
    return coders_copy(lead, tmp_path / "bo.qcoder")


def test_an_open_project_is_backed_up_then_merged(lead, copy):
    with Project.open(lead, coder_name="Ann") as project:
        merged = merge_into_project(project, copy)
    assert merged.report.added["codings"] == 1 and merged.changes.codings
    assert merged.backup is not None and "before-merge" in merged.backup.name
    assert list_backups(lead) == [merged.backup]
    assert counts(merged.backup) == (1, 1)  # the state before the merge
    assert counts(lead) == (1, 2)


def test_a_project_is_never_merged_with_itself(lead):
    with Project.open(lead, coder_name="Ann") as project:
        with pytest.raises(SelfMergeError):
            merge_into_project(project, lead)
        with pytest.raises(SelfMergeError):
            preview_merge(project, lead)
    with pytest.raises(SelfMergeError):
        merge_project_files(lead, lead)
    with pytest.raises(SelfMergeError):
        merge_project_files(lead, lead, dry_run=True)
    assert list_backups(lead) == [] and counts(lead) == (1, 1)


def test_the_file_merge_in_place_is_the_open_project_merge(lead, copy):
    outcome = merge_project_files(lead, copy, coder="Ann")
    assert outcome.written == lead and outcome.backup is not None
    assert outcome.backup in list_backups(lead) and counts(outcome.backup) == (1, 1)
    assert counts(lead) == (1, 2)
    assert merge_project_files(lead, copy, coder="Ann").report.total_added == 0  # idempotent


def test_a_preview_writes_nothing_and_makes_no_backup(lead, copy):
    with Project.open(lead, coder_name="Ann") as project:
        report = preview_merge(project, copy)
    assert report.added["codings"] == 1
    assert counts(lead) == (1, 1) and list_backups(lead) == []


def test_what_is_no_project_is_refused_before_any_backup(lead, tmp_path):
    bogus = tmp_path / "bogus.qcoder"
    bogus.write_text("not a database", encoding="utf-8")
    with Project.open(lead, coder_name="Ann") as project:
        with pytest.raises(QcoderError):
            merge_into_project(project, bogus)
        with pytest.raises(QcoderError, match="no project file"):
            merge_into_project(project, tmp_path / "missing.qcoder")
    assert list_backups(lead) == [] and counts(lead) == (1, 1)


def test_no_backup_no_merge_and_the_project_is_as_it_was(lead, copy):
    backups_dir(lead).parent.mkdir(parents=True)
    backups_dir(lead).write_text("a file where the backups folder should be", encoding="utf-8")
    with Project.open(lead, coder_name="Ann") as project:
        with pytest.raises(BackupFailedError, match="merge did not start"):
            merge_into_project(project, copy)
    assert counts(lead) == (1, 1)


def test_a_merge_into_a_new_file_leaves_both_as_they_were(lead, copy, tmp_path):
    out = tmp_path / "merged.qcoder"
    outcome = merge_project_files(lead, copy, out=out, coder="Ann")
    assert outcome.written == out and outcome.backup is None
    assert counts(out) == (1, 2) and counts(lead) == (1, 1) and counts(copy) == (1, 2)
    with pytest.raises(QcoderError, match="already exists"):
        merge_project_files(lead, copy, out=out, coder="Ann")
