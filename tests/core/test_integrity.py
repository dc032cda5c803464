"""``check_connection``: SQLite's own checks, then the promises of the data model."""

from __future__ import annotations

import sqlite3

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.core.snapshots import TurnInfo
from qcoder.core.store.integrity import check_connection
from qcoder.core.usecases.commands.codes import add_code, ensure_code_path
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source

TEXT = "Interviewer: Hello?\nAda: Hello, and thanks.\n"


def make(path):
    with Project.create(path, coder_name="Ann", codebook=None) as project:
        coder = project.coder_id()
        with project.transaction() as session:
            source = add_source(session, "ada", TEXT, turns=[TurnInfo(0, 19, "Interviewer")]).created_id
            code = ensure_code_path(session, "Theme/Greeting").created_id
            apply_coding(session, source, code, 20, 30, coder)
            add_code(session, "Group only", codable=False)


def tamper(path, *statements):
    """Change the file behind qcoder's back, as a crash or another program might."""
    connection = sqlite3.connect(path)
    for (name, sql) in connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall():
        if "immutable" in (sql or ""):
            connection.execute(f'DROP TRIGGER "{name}"')
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def problems(path):
    with Project.open(path, read_only=True) as project, project.engine.connect() as connection:
        return check_connection(connection)


def test_a_sound_project_has_no_problems(project_path):
    make(project_path)
    assert problems(project_path) == []


def test_broken_promises_are_each_named(project_path):
    make(project_path)
    tamper(
        project_path,
        "UPDATE source_texts SET text = text || 'x'",  # its length no longer matches
        "UPDATE speaker_turns SET \"end\" = 999",
        "UPDATE codings SET code_id = (SELECT id FROM codes WHERE name = 'Group only')",
    )
    found = {(p.kind, p.message.split(" ")[0]) for p in problems(project_path)}
    assert ("text", "source") in found
    assert any(kind == "span" for kind, _ in found)
    assert ("model", "coding") in found


def test_a_changed_text_of_the_same_length_breaks_its_sha256(project_path):
    make(project_path)
    tamper(project_path, "UPDATE source_texts SET text = replace(text, 'Hello', 'Howdy')")
    assert [p.kind for p in problems(project_path)] == ["text"]
    assert "SHA-256" in problems(project_path)[0].message


def test_a_damaged_file_is_one_line_and_non_zero(project_path, capsys):
    make(project_path)
    data = bytearray(project_path.read_bytes())
    for offset in range(4096 + 100, min(len(data), 4096 * 4), 7):  # scribble over pages after the first
        data[offset] = 0xFF
    project_path.write_bytes(bytes(data))
    status = main(["check", str(project_path)])
    _out, err = capsys.readouterr()
    assert status != 0
    assert "Traceback" not in err and err.strip()
