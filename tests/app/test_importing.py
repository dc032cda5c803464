"""The import services: a backup before importing into a project with sources (none into an
empty one), no backup no import, and a bad file never stops the others."""

from __future__ import annotations

import pytest

from qcoder.app.backups import BackupFailedError
from qcoder.app.importing import create_from_refi, import_paths, import_refi_file, import_transcripts
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.backup import backups_dir, list_backups
from qcoder.core.lifecycle.project import Project
from qcoder.io.refi_qda import export_qdpx
from tests.app.helpers import counts, make_project


@pytest.fixture
def study(tmp_path):
    return make_project(tmp_path / "study.qcoder")


@pytest.fixture
def transcript(tmp_path):
    path = tmp_path / "kai.txt"
    path.write_text("Interviewer: Hello?\nKai: Hello back.\n", encoding="utf-8")
    return path


@pytest.fixture
def qdpx(tmp_path):
    (tmp_path / "other").mkdir()
    other = make_project(tmp_path / "other" / "other.qcoder", coder="Bo", sources=2)
    out = tmp_path / "other.qdpx"
    with Project.open(other, read_only=True) as project:
        export_qdpx(project, out)
    return out


def test_transcripts_go_in_after_a_backup_of_the_state_before(study, transcript):
    with Project.open(study, coder_name="Ann") as project:
        imported = import_transcripts(project, [transcript])
    assert [r.ok for r in imported.results] == [True] and len(imported.source_ids) == 1
    assert imported.changes.sources == frozenset(imported.source_ids)
    assert imported.backup is not None and "before-import" in imported.backup.name
    assert counts(imported.backup) == (1, 1) and counts(study) == (2, 1)


def test_an_empty_project_needs_no_backup(tmp_path, transcript):
    path = tmp_path / "new.qcoder"
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        imported = import_transcripts(project, [transcript])
    assert imported.backup is None and list_backups(path) == [] and counts(path) == (1, 0)


def test_no_backup_no_import_and_the_project_is_as_it_was(study, transcript, qdpx):
    backups_dir(study).parent.mkdir(parents=True)
    backups_dir(study).write_text("a file where the backups folder should be", encoding="utf-8")
    with Project.open(study, coder_name="Ann") as project:
        with pytest.raises(BackupFailedError, match="import did not start"):
            import_transcripts(project, [transcript])
        with pytest.raises(BackupFailedError):
            import_refi_file(project, qdpx)
        with pytest.raises(BackupFailedError):
            import_paths(project, [transcript, qdpx])
    assert counts(study) == (1, 1)


def test_a_refi_import_is_backed_up_first_and_says_what_undo_removes(study, qdpx):
    with Project.open(study, coder_name="Ann") as project:
        imported = import_refi_file(project, qdpx)
    assert imported.report.added["sources"] == 2
    assert imported.backup is not None and counts(imported.backup) == (1, 1)
    assert len(imported.added.table("sources")) == 2
    assert counts(study) == (3, 3)


def test_a_batch_makes_one_backup_and_goes_past_a_bad_file(study, transcript, qdpx, tmp_path):
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"not a zip")
    with Project.open(study, coder_name="Ann") as project:
        batch = import_paths(project, [transcript, broken, qdpx])
    assert not batch.ok
    assert [r.ok for r in batch.transcripts] == [True]
    assert [(o.path.name, o.report is not None) for o in batch.refi] == [("broken.qdpx", False), ("other.qdpx", True)]
    assert batch.refi[0].error
    assert list_backups(study) == [batch.backup] and counts(study) == (4, 3)


def test_a_new_project_from_a_refi_file_leaves_nothing_when_it_fails(tmp_path, qdpx):
    made = tmp_path / "made.qcoder"
    report = create_from_refi(made, qdpx, coder="Cy", codebook=None)
    assert report.added["sources"] == 2 and counts(made) == (2, 2)
    broken = tmp_path / "broken.qdpx"
    broken.write_bytes(b"not a zip")
    failed = tmp_path / "failed.qcoder"
    with pytest.raises(QcoderError):
        create_from_refi(failed, broken, coder="Cy", codebook=None)
    assert not failed.exists()


def test_the_new_sources_rows_are_as_a_list_of_sources_reads_them_also_pseudonymised(study, tmp_path):
    """The window lists an import's sources from rows made beside it (speakers and turns from the
    import itself): the same rows as reading every source back, also with a kept pseudonym map."""
    from qcoder.app.importing import new_source_rows
    from qcoder.core.usecases.commands.pseudonymise import save_pseudonym_map
    from qcoder.core.usecases.queries.pseudonymise import PseudonymEntry
    from qcoder.core.usecases.queries.sources import list_sources

    files = []
    for number, speakers in enumerate((("Kai", "Interviewer", "Kai", "Lena"), ("Interviewer", "Mo", "Interviewer", "Mo"), ())):
        path = tmp_path / f"t{number}.txt"
        lines = [f"{who}: line {line} of {number}." for line, who in enumerate(speakers)] or ["No turns at all."]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
    with Project.open(study, coder_name="Ann") as project:
        with project.transaction() as session:
            save_pseudonym_map(session, [PseudonymEntry("Kai", "P01")])
        done = import_transcripts(project, files)
        rows = new_source_rows(project, done)
        with project.reading() as session:
            assert rows == list_sources(session, source_ids=done.source_ids)
    assert {row.speakers for row in rows} == {("P01", "Interviewer", "Lena"), ("Interviewer", "Mo"), ()}
    assert sorted(row.turns for row in rows) == [0, 4, 4]
