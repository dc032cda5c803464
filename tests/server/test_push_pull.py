"""A project moves to a server and back without losing or renumbering anything."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from qcoder.core.lifecycle.project import Project
from qcoder.core.store.models import Base, ProjectMeta
from qcoder.core.team.transfer import pull, push
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.sources import add_source
from qcoder.io.sample_study import ensure_sample_project


def _all_rows(project: Project) -> dict[str, list[tuple]]:
    rows = {}
    with project.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table is ProjectMeta.__table__:
                continue
            result = connection.execute(select(table).order_by(*table.primary_key))
            rows[table.name] = [
                tuple(value.replace(tzinfo=None) if hasattr(value, "tzinfo") and value.tzinfo else value
                      for value in row)
                for row in result
            ]
    return rows


def test_the_sample_study_survives_a_push_and_a_pull(tmp_path, pg_url):
    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    report = push(sample, pg_url)
    assert report.rows["codings"] > 100 and report.rows["sources"] == 12
    back = tmp_path / "back.qcoder"
    pulled = pull(pg_url, back)
    assert pulled.rows == report.rows
    with Project.open(sample, read_only=True) as original, Project.open(pg_url, read_only=True) as server, \
            Project.open(back, read_only=True) as copy:
        expected = _all_rows(original)
        assert _all_rows(server) == expected
        assert _all_rows(copy) == expected


def test_new_rows_on_the_server_take_fresh_ids_after_a_push(tmp_path, pg_url):
    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    push(sample, pg_url)
    with Project.open(pg_url, coder_name="Bea") as server:
        coder = server.coder_id()
        with server.transaction() as session:
            source = add_source(session, "New interview", "We met the maintainers at a sprint.").created_id
            code = session.execute(text("SELECT id FROM codes WHERE parent_id IS NOT NULL LIMIT 1")).scalar()
            coding = apply_coding(session, source, code, 0, 6, coder).created_id
        with Project.open(sample, read_only=True) as original, original.reading() as session:
            highest = session.execute(text("SELECT MAX(id) FROM codings")).scalar()
        assert coding == highest + 1


def test_a_push_refuses_a_database_that_holds_a_project(tmp_path, pg_url):
    import pytest

    from qcoder.core.errors import QcoderError

    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    push(sample, pg_url)
    with pytest.raises(QcoderError, match="already holds a qcoder project"):
        push(sample, pg_url)


def test_a_pull_never_overwrites_a_file(tmp_path, pg_url):
    import pytest

    from qcoder.core.errors import QcoderError

    existing = tmp_path / "mine.qcoder"
    existing.write_bytes(b"precious")
    with pytest.raises(QcoderError, match="already exists"):
        pull(pg_url, existing)
    assert existing.read_bytes() == b"precious"


@pytest.mark.parametrize("folder", ["Team #1", "what?", "%41 & 📚 'quoted'"])
def test_push_and_pull_from_a_folder_with_an_odd_name(tmp_path, pg_url, folder):
    place = tmp_path / folder
    place.mkdir()
    original = place / "study.qcoder"
    with Project.create(original, coder_name="Ann") as project, project.transaction() as session:
        add_source(session, "amara", "Amara: The lab shared compute with us. 😀\n")
    report = push(original, pg_url)
    assert report.rows["sources"] == 1
    back = place / "back.qcoder"
    assert pull(pg_url, back).rows == report.rows
    with Project.open(back, read_only=True) as copy, Project.open(original, read_only=True) as first:
        assert _all_rows(copy) == _all_rows(first)
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]
