"""An import's commit leaves the write-ahead log's checkpoint for later: committed all the same
(another process reads every row), copied into the project file by :func:`checkpoint` or by
the next commit, and every connection keeps its automatic checkpoint for other writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qcoder.core.store.database import sqlite_uri
from qcoder.core.store.wal_checkpoint import checkpoint
from qcoder.core.usecases.commands.codes import add_code
from qcoder.io.importer import import_files

_COUNT = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], uri=True)
print(*(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("sources", "source_texts", "speaker_turns")))
"""


def _counts(path: Path, *, file_only: bool = False) -> tuple[int, ...]:
    """Rows as another process reads them; ``file_only``: from the project file alone, as if
    its write-ahead log were not there (what a checkpoint has copied into it)."""
    uri = sqlite_uri(path, read_only=True, immutable=file_only)
    done = subprocess.run([sys.executable, "-c", _COUNT, uri], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    return tuple(int(number) for number in out.split())


def _transcripts(folder: Path, count: int = 12) -> list[Path]:
    """Enough text (about 6 MB) that its pages pass SQLite's automatic checkpoint (1,000 pages)."""
    paths = []
    for number in range(count):
        path = folder / f"interview-{number:02}.txt"
        path.write_text("".join(f"Interviewer: question {number} {turn} {'words ' * 40}\n\n"
                                f"Participant: answer {turn} {'more words ' * 60}\n\n" for turn in range(600)),
                        encoding="utf-8")
        paths.append(path)
    return paths


def _autocheckpoints(project) -> set[int]:
    with project.engine.connect() as connection:
        return {connection.connection.driver_connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0]}


def test_the_import_is_committed_before_its_checkpoint_which_copies_it_into_the_file(empty_project, tmp_path):
    checkpoint(empty_project.engine)  # the new project's schema into the file
    assert _counts(empty_project.path, file_only=True) == (0, 0, 0)
    results = import_files(empty_project, _transcripts(tmp_path))
    assert all(r.ok for r in results)
    imported = (12, 12, 12 * 1200)
    assert _counts(empty_project.path) == imported  # committed: another process reads it from the log
    assert _counts(empty_project.path, file_only=True) == (0, 0, 0)  # not yet copied into the file
    assert _autocheckpoints(empty_project) == {1000}  # the connection's own setting is back
    checkpoint(empty_project.engine)
    assert _counts(empty_project.path, file_only=True) == imported


def test_without_an_explicit_checkpoint_the_next_commit_takes_it(empty_project, tmp_path):
    checkpoint(empty_project.engine)
    import_files(empty_project, _transcripts(tmp_path))
    with empty_project.transaction() as session:  # the next action, as the person codes on
        add_code(session, "Next")
    assert _counts(empty_project.path, file_only=True) == (12, 12, 12 * 1200)


def test_a_batch_stored_in_chunks_leaves_only_the_last_ones_checkpoint(empty_project, tmp_path, monkeypatch):
    """A big batch is stored a chunk at a time; the chunks before the last are checkpointed as
    usual, so the log never holds more than the last chunk."""
    from qcoder.io import importer

    checkpoint(empty_project.engine)
    paths = _transcripts(tmp_path)
    monkeypatch.setattr(importer, "CHUNK_CHARACTERS", sum(len(path.read_text(encoding="utf-8")) for path in paths[:7]))
    assert all(r.ok for r in import_files(empty_project, paths))
    assert _counts(empty_project.path) == (12, 12, 12 * 1200)
    assert _counts(empty_project.path, file_only=True) == (7, 7, 7 * 1200)  # the first chunk's
    checkpoint(empty_project.engine)
    assert _counts(empty_project.path, file_only=True) == (12, 12, 12 * 1200)
