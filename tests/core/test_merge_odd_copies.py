"""Merging odd copies: a copy altered by raw SQL (past the end of a text, start after end, ids
that point at nothing, a GUID shared across kinds, a root code literally named ``A/B``) merges
what is sound and skips each bad item with a line in the report; the result checks clean and
exports as valid QDPX."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qcoder.app.merging import merge_project_files
from qcoder.core.lifecycle.project import Project
from qcoder.core.lifecycle.restore import copy_database
from qcoder.core.store.integrity import check_connection
from qcoder.core.store.models import Code, Coding, Memo, Source
from qcoder.core.usecases.commands.codes import ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.core.usecases.queries.sources import find_source
from qcoder.io.refi_qda import export_qdpx

TEXT = "Interviewer: Who helped?\nSam: A university lab shared its cluster time.\n"
CLI = "import sys; from qcoder.cli.main import main; sys.exit(main())"


def guid() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def mine_and_theirs(tmp_path):
    """Two copies of one study; ``theirs`` is then altered by raw SQL through ``odd``."""
    base = tmp_path / "base.qcoder"
    with Project.create(base, coder_name="Lead", codebook=None) as project:
        with project.transaction() as session:
            add_source(session, "sam", TEXT)
            ensure_code_path(session, "A/B")
            ensure_code_path(session, "Compute")
        coder = project.coder_id()
        with project.transaction() as session:
            apply_coding(session, find_source(session, "sam"), resolve_code_path(session, "Compute"), 30, 48, coder)
    mine, theirs = tmp_path / "mine.qcoder", tmp_path / "theirs.qcoder"
    copy_database(base, mine)
    copy_database(base, theirs)
    return mine, theirs


def odd(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    """Alter a copy as a script or a broken tool could: no foreign keys, no CHECK constraints."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA ignore_check_constraints=ON")
        for statement, values in statements:
            connection.execute(statement, values)
        connection.commit()
    finally:
        connection.close()


def ids(path: Path) -> dict[str, object]:
    connection = sqlite3.connect(path)
    try:
        return {
            "source": connection.execute("SELECT id FROM sources").fetchone()[0],
            "source_guid": connection.execute("SELECT guid FROM sources").fetchone()[0],
            "code": connection.execute("SELECT id FROM codes WHERE name = 'Compute'").fetchone()[0],
            "coder": connection.execute("SELECT id FROM coders").fetchone()[0],
        }
    finally:
        connection.close()


CODING = ("INSERT INTO codings (guid, source_id, code_id, start, \"end\", coder_id, created_at, exemplar) "
          "VALUES (?, ?, ?, ?, ?, ?, '2026-01-01 00:00:00', 0)")


def coding(guid_: str, source: object, code: object, start: int, end: int, coder: object) -> tuple[str, tuple[object, ...]]:
    return CODING, (guid_, source, code, start, end, coder)


def test_each_bad_item_is_skipped_with_a_reason_and_the_rest_is_merged(mine_and_theirs, tmp_path):
    mine, theirs = mine_and_theirs
    at = ids(theirs)
    good = guid()
    bad = {name: guid() for name in ("past_end", "reversed", "negative", "no_source", "no_code", "no_coder")}
    odd(
        theirs,
        coding(good, at["source"], at["code"], 0, 12, at["coder"]),
        coding(bad["past_end"], at["source"], at["code"], 40, 10_000, at["coder"]),
        coding(bad["reversed"], at["source"], at["code"], 20, 10, at["coder"]),
        coding(bad["negative"], at["source"], at["code"], -5, 10, at["coder"]),
        coding(bad["no_source"], 999, at["code"], 0, 5, at["coder"]),
        coding(bad["no_code"], at["source"], 999, 0, 5, at["coder"]),
        coding(bad["no_coder"], at["source"], at["code"], 0, 6, 999),
        # a coding whose GUID is the source's GUID
        coding(at["source_guid"], at["source"], at["code"], 1, 7, at["coder"]),
        # a root code literally named 'A/B' (A → B exists in both copies), with a coding
        ("INSERT INTO codes (guid, parent_id, name, colour, description, is_codable, position, version) "
         "VALUES (?, NULL, 'A/B', '#112233', '', 1, 9, 1)", (guid(),)),
        (CODING.replace("?, ?, ?", "?, ?, (SELECT id FROM codes WHERE name = 'A/B' AND parent_id IS NULL)", 1),
         (guid(), at["source"], 2, 9, at["coder"])),
        # a code whose parent is gone
        ("INSERT INTO codes (guid, parent_id, name, colour, description, is_codable, position, version) "
         "VALUES (?, 999, 'Orphan', '#112233', '', 1, 0, 1)", (guid(),)),
        # a memo by a coder who is not there, one on a code that is not there
        ("INSERT INTO memos (guid, text, coder_id, created_at, version) VALUES (?, 'lost coder', 999, "
         "'2026-01-01 00:00:00', 1)", (guid(),)),
        ("INSERT INTO memos (guid, text, coder_id, created_at, code_id, version) VALUES (?, 'lost code', ?, "
         "'2026-01-01 00:00:00', 999, 1)", (guid(), at["coder"])),
        # a case link and an attribute value pointing at nothing
        ("INSERT INTO case_sources (case_id, source_id) VALUES (999, ?)", (at["source"],)),
        ("INSERT INTO attribute_values (attribute_id, case_id, value) VALUES (999, 999, 'x')", ()),
        # a resolution by a coder who is not there
        ("INSERT INTO resolutions (guid, source_id, code_id, start, \"end\", action, coders, resolved_by_id, "
         "created_at, note) VALUES (?, ?, ?, 0, 5, 'keep', '', 999, '2026-01-01 00:00:00', '')",
         (guid(), at["source"], at["code"])),
    )
    before = _count(mine, Coding)
    outcome = merge_project_files(mine, theirs, coder="Lead")
    skipped = "\n".join(outcome.report.skipped)
    assert _count(mine, Coding) == before + 1  # only the sound coding
    assert outcome.report.added["codings"] == 1
    for name in ("past_end", "negative", "no_source", "no_code", "no_coder"):
        assert bad[name] in skipped, (name, skipped)
    assert "lies outside its source's text" in skipped
    assert "start that is not before its end" in skipped
    assert "points to a missing source" in skipped and "points to a missing coder" in skipped
    assert f"{at['source_guid']} has the GUID of a source here" in skipped
    assert "'A/B'" in skipped and "has the path 'A/B', which is another code's" in skipped
    assert "belongs to a skipped code" in skipped  # the coding of the root 'A/B'
    assert "'Orphan'" in skipped and "has a missing parent" in skipped
    assert "lost coder" in skipped and "lost code" in skipped
    assert "case link" in skipped and "attribute value" in skipped and "resolution" in skipped
    with Project.open(mine, read_only=True) as project:
        with project.engine.connect() as connection:
            assert check_connection(connection) == []
        with project.reading() as session:
            assert [c.path for c in list_codes(session)].count("A/B") == 1
            assert session.scalar(select(func.count()).select_from(Memo)) == 0
        report = export_qdpx(project, tmp_path / "merged.qdpx")
    assert report.repaired == []


def test_a_source_whose_text_disagrees_with_its_record_is_skipped_with_its_codings(mine_and_theirs):
    mine, theirs = mine_and_theirs
    at = ids(theirs)
    new_source = guid()
    odd(
        theirs,
        ("INSERT INTO sources (guid, name, kind, sha256, characters, imported_at) "
         "VALUES (?, 'short', 'text', ?, 500, '2026-01-01 00:00:00')",
         (new_source, "0" * 64)),
        ("INSERT INTO source_texts (source_id, text) VALUES ((SELECT id FROM sources WHERE name = 'short'), "
         "'only a few words')", ()),
        (CODING.replace("?, ?, ?", "?, (SELECT id FROM sources WHERE name = 'short'), ?", 1),
         (guid(), at["code"], 0, 400, at["coder"])),
    )
    outcome = merge_project_files(mine, theirs, coder="Lead")
    skipped = "\n".join(outcome.report.skipped)
    assert "source 'short'" in skipped and "where its record says 500" in skipped
    assert "belongs to a skipped source" in skipped
    assert _count(mine, Source) == 1


def test_a_new_item_whose_guid_another_kind_has_here_is_skipped(mine_and_theirs):
    mine, theirs = mine_and_theirs
    at = ids(theirs)
    with Project.open(mine, read_only=True) as project, project.reading() as session:
        compute_guid = session.scalar(select(Code.guid).where(Code.name == "Compute"))
    odd(theirs, coding(compute_guid, at["source"], at["code"], 2, 8, at["coder"]))
    outcome = merge_project_files(mine, theirs, coder="Lead")
    assert f"coding {compute_guid} has the GUID of a code here: skipped" in outcome.report.skipped
    assert outcome.report.added["codings"] == 0


def test_many_bad_codings_give_a_short_report(mine_and_theirs):
    mine, theirs = mine_and_theirs
    at = ids(theirs)
    odd(theirs, *(coding(guid(), at["source"], at["code"], 60, 5000 + n, at["coder"]) for n in range(200)))
    outcome = merge_project_files(mine, theirs, coder="Lead")
    lines = [line for line in outcome.report.skipped if "outside its source's text" in line]
    assert len(lines) == 1 and lines[0].startswith("200 codings skipped, as each lies outside") and "190 more" in lines[0]


def test_the_command_line_reports_the_skipped_items_and_succeeds(mine_and_theirs, tmp_path):
    mine, theirs = mine_and_theirs
    at = ids(theirs)
    bad = guid()
    odd(theirs, coding(bad, 999, at["code"], 0, 5, at["coder"]))
    out = tmp_path / "merged.qcoder"
    finished = subprocess.run([sys.executable, "-c", CLI, "merge", str(mine), str(theirs), "--out", str(out)],
                              capture_output=True, text=True, timeout=120, check=False)
    assert finished.returncode == 0, finished.stderr
    assert f"skipped: coding {bad} points to a missing source: skipped" in finished.stdout


def _count(path: Path, model: type) -> int:
    with Project.open(path, read_only=True) as project, project.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0
