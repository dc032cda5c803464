"""The main use cases on a server project show exactly what they show on a project file.

The sample study is built into a file and into a PostgreSQL database; then the same actions
(merge and unmerge codes, delete and restore a code, a source and a case with the same ids,
rename, move, memos, cases, attributes, bulk coding) run on both, and after each the codes,
sources, passages, cases, memos, search, map, lifecycle board, crosstab, co-occurrence,
frequencies, agreement and disagreements read from both are compared.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import select, text

from qcoder.core.edits import play
from qcoder.core.lifecycle.project import Project
from qcoder.core.row_set import RowKeys
from qcoder.core.store.models import Memo
from qcoder.core.usecases.commands.bulk_coding import apply_codings_bulk
from qcoder.core.usecases.commands.cases import add_case, link_source, set_attribute_value
from qcoder.core.usecases.commands.codes import (
    merge_codes_recorded,
    move_code,
    rename_code,
    unmerge_codes,
)
from qcoder.core.usecases.commands.in_vivo import in_vivo_code
from qcoder.core.usecases.commands.memos import add_memo, edit_memo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.queries.code_tree import list_codes, resolve_code_path
from qcoder.core.usecases.queries.sources import list_sources
from qcoder.io.sample_study import _fill, read_study, sample_folder
from tests.server.usecase_views import views


def _build(target: Any) -> Project:
    study = read_study()
    coders = study.get("coders") or ["Alex", "Sam"]
    project = Project.create(target, coder_name=coders[0], codebook=study.get("codebook", "default"))
    with project.transaction() as session:
        _fill(session, study, sample_folder(), coders)
    return project


def _seen(project: Project) -> dict[str, Any]:
    with project.reading() as session:
        return views(session)


def _differences(file_views: dict[str, Any], server_views: dict[str, Any]) -> list[str]:
    return [name for name in file_views if file_views[name] != server_views.get(name)]


@pytest.fixture
def file_and_server(tmp_path, pg_url):
    on_file, on_server = _build(tmp_path / "sample.qcoder"), _build(pg_url)
    yield on_file, on_server
    on_file.close()
    on_server.close()


Step = Callable[[Project, dict[str, Any]], None]


def _code(project: Project, path: str) -> int:
    with project.reading() as session:
        return resolve_code_path(session, path)


def _codable(project: Project) -> list[Any]:
    with project.reading() as session:
        return [c for c in list_codes(session) if c.codable and c.count]


def merge_then_unmerge(project: Project, kept: dict[str, Any]) -> None:
    codes = _codable(project)
    first, second = next((a, b) for a in codes for b in codes if a.id != b.id and a.parent_id == b.parent_id)
    _changes, record = project.write(merge_codes_recorded, first.id, second.id)
    kept["merged"] = _seen(project)
    project.write(unmerge_codes, record)


def delete_and_restore_a_code(project: Project, kept: dict[str, Any]) -> None:
    code = _codable(project)[2]
    removed = project.write(remove_rows, RowKeys.ids("codes", [code.parent_id or code.id]))
    kept["code deleted"] = _seen(project)
    project.write(play, removed.undo)


def delete_and_restore_a_source_and_a_case(project: Project, kept: dict[str, Any]) -> None:
    with project.reading() as session:
        source = list_sources(session)[1]
    deleted_source = project.write(remove_rows, RowKeys.ids("sources", [source.id]))
    deleted_case = project.write(remove_rows, RowKeys.ids("cases", [1]))
    kept["source and case deleted"] = _seen(project)
    project.write(play, deleted_case.undo)
    project.write(play, deleted_source.undo)


def edit_codes_cases_and_memos(project: Project, kept: dict[str, Any]) -> None:
    code = _codable(project)[0]
    project.write(rename_code, code.id, f"{code.name} (renamed)")
    project.write(move_code, code.id, None, 0)
    case = project.write(add_case, "Extra lab").created_id
    project.write(link_source, case, 1)
    project.write(set_attribute_value, "case", case, "country", "NO")
    project.write(set_attribute_value, "source", 1, "interview date", "2025-02-03", value_type="date")
    memo = project.write(add_memo, "A memo 🗺️", project.coder_id(), target="code", target_id=code.id).created_id
    project.write(edit_memo, memo, "A memo, edited 🗺️")
    removed = project.write(remove_rows, RowKeys.ids("memos", [memo]))
    project.write(play, removed.undo)
    project.write(apply_codings_bulk, code.id, [(1, 0, 12), (2, 5, 40)], project.coder_id())


def in_vivo_codes_then_undo(project: Project, kept: dict[str, Any]) -> None:
    """The first in-vivo code makes the group; the next is stored in one query and two inserts."""
    coder = project.coder_id()
    first = project.write(in_vivo_code, "their own words", 1, 0, 10, coder)
    second = project.write(in_vivo_code, "more of their words", 2, 5, 20, coder)
    kept["made"] = _seen(project)
    project.write(play, second.undo)
    project.write(play, first.undo)


STEPS: tuple[Step, ...] = (
    merge_then_unmerge, delete_and_restore_a_code, delete_and_restore_a_source_and_a_case,
    edit_codes_cases_and_memos,
)


def test_the_server_shows_what_the_file_shows_through_every_step(file_and_server):
    on_file, on_server = file_and_server
    assert not _differences(_seen(on_file), _seen(on_server))
    before = _seen(on_file)
    for step in STEPS:
        kept_file: dict[str, Any] = {}
        kept_server: dict[str, Any] = {}
        step(on_file, kept_file)
        step(on_server, kept_server)
        for moment in kept_file:
            assert not _differences(kept_file[moment], kept_server[moment]), (step.__name__, moment)
        after_file, after_server = _seen(on_file), _seen(on_server)
        assert not _differences(after_file, after_server), step.__name__
        if step is not edit_codes_cases_and_memos:
            assert after_file == before, f"{step.__name__} is undone exactly"


def test_in_vivo_codes_and_their_undo_show_on_the_server_what_they_show_in_the_file(file_and_server):
    """Its own step (new ids are taken: a file gives them out again after an undo, a server's
    sequence does not, so the steps after it would differ by ids alone)."""
    on_file, on_server = file_and_server
    before = _seen(on_file)
    kept_file: dict[str, Any] = {}
    kept_server: dict[str, Any] = {}
    in_vivo_codes_then_undo(on_file, kept_file)
    in_vivo_codes_then_undo(on_server, kept_server)
    assert not _differences(kept_file["made"], kept_server["made"])
    assert kept_file["made"] != before
    assert _seen(on_file) == before and not _differences(_seen(on_file), _seen(on_server))


def test_timestamps_are_utc_whatever_the_servers_time_zone(pg_url):
    """A timestamp without a zone (as a project file holds them) is UTC on the server too."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine.url import make_url

    admin = create_engine(make_url(pg_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{make_url(pg_url).database}" SET timezone = \'Asia/Tokyo\''))
    admin.dispose()
    noon = datetime(2025, 3, 1, 12, 0)
    with Project.create(pg_url, coder_name="Ann", codebook=None) as project:
        coder = project.coder_id()
        with project.transaction() as session:
            session.add(Memo(text="from a file", coder_id=coder, created_at=noon))
            session.add(Memo(text="made now", coder_id=coder))
        with project.reading() as session:
            stamps = dict(session.execute(select(Memo.text, Memo.created_at)).all())
            shown = session.execute(text("SELECT to_char(created_at, 'HH24:MI') FROM memos WHERE text = 'from a file'")).scalar_one()
    assert stamps["from a file"] == noon.replace(tzinfo=UTC)
    assert abs((stamps["made now"] - datetime.now(UTC)).total_seconds()) < 60
    assert shown == "12:00"
