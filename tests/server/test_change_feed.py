"""The change feed of a server project: others' changes are seen, in commit order, none skipped."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from qcoder.core.lifecycle.project import Project
from qcoder.core.row_set import RowKeys
from qcoder.core.team.change_feed import (
    LOG_TABLE,
    TRIGGER,
    changes_since,
    ensure_change_feed,
    has_change_feed,
    latest_change_id,
)
from qcoder.core.usecases.commands.cases import add_case
from qcoder.core.usecases.commands.codes import add_code
from qcoder.core.usecases.commands.codings import apply_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source


@pytest.fixture
def two_coders(pg_url):
    ann = Project.create(pg_url, coder_name="Ann", codebook=None)
    bea = Project.open(pg_url, coder_name="Bea")
    with ann.transaction() as session:
        source = add_source(session, "interview", "Ann: we shared compute with the lab.").created_id
        code = add_code(session, "Compute").created_id
    yield ann, bea, source, code
    ann.close()
    bea.close()


def _since(project: Project, last: int):
    with project.engine.connect() as connection:
        return changes_since(connection, last, origin=project.origin)


def _latest(project: Project) -> int:
    with project.engine.connect() as connection:
        return latest_change_id(connection)


def test_another_coders_coding_names_the_sources_and_codes_to_reread(two_coders):
    ann, bea, source, code = two_coders
    start = _latest(ann)
    bea.write(apply_coding, source, code, 4, 10, bea.coder_id())
    last, changes = _since(ann, start)
    assert last > start
    assert source in changes.sources and code in changes.codes
    assert not changes.code_tree and not changes.memos
    assert changes.messages == ("updated with Bea's changes",)
    # Read again: nothing new.
    assert _since(ann, last) == (last, type(changes)())


def test_own_changes_are_left_out_but_move_the_cursor(two_coders):
    ann, _bea, source, code = two_coders
    start = _latest(ann)
    ann.write(apply_coding, source, code, 4, 10, ann.coder_id())
    last, changes = _since(ann, start)
    assert last > start and changes.empty


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (lambda s, p, src, code: add_case(s, "Lab"), "cases"),
        (lambda s, p, src, code: add_memo(s, "a memo", p.coder_id(), target="code", target_id=code), "memos"),
        (lambda s, p, src, code: add_code(s, "Data"), "code_tree"),
        (lambda s, p, src, code: add_source(s, "second", "text"), "sources"),
    ],
)
def test_each_kind_of_change_names_its_kind(two_coders, edit, field):
    ann, bea, source, code = two_coders
    bea.coder_id()
    start = _latest(ann)
    with bea.transaction() as session:
        edit(session, bea, source, code)
    _last, changes = _since(ann, start)
    assert getattr(changes, field)


def test_a_deleted_code_is_named_so_that_views_drop_it(two_coders):
    ann, bea, _source, code = two_coders
    start = _latest(ann)
    bea.write(remove_rows, RowKeys.ids("codes", [code]))
    _last, changes = _since(ann, start)
    assert changes.code_tree and code in changes.codes


def test_a_transaction_that_commits_late_is_not_skipped(two_coders):
    """Ids follow commit order: a reader that saw a later commit still gets an earlier-started one."""
    ann, bea, source, code = two_coders
    start = _latest(ann)
    slow_started, reader_done = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_writer() -> None:
        try:
            with bea.transaction() as session:
                add_case(session, "Slow lab")
                session.flush()
                slow_started.set()
                reader_done.wait(10)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    thread = threading.Thread(target=slow_writer)
    thread.start()
    assert slow_started.wait(10)
    carl = Project.open(ann.url.set(password="qcoder-test"), coder_name="Carl")
    try:
        carl.write(apply_coding, source, code, 0, 3, carl.coder_id())
        after_fast, changes = _since(ann, start)
        assert changes.sources and not changes.cases
        reader_done.set()
        thread.join(10)
        assert not errors
        _last, late = _since(ann, after_fast)
        assert late.cases, "the transaction that began first but committed last is reported"
    finally:
        reader_done.set()
        carl.close()


def test_the_feed_is_put_back_when_a_project_lacks_it(two_coders):
    ann, _bea, _source, _code = two_coders
    with ann.engine.begin() as connection:
        connection.execute(text(f"DROP TRIGGER {TRIGGER} ON codings"))
        assert not has_change_feed(connection)
        ensure_change_feed(connection)
        assert has_change_feed(connection)
        ensure_change_feed(connection)  # idempotent
        triggers = connection.execute(
            text("SELECT count(*) FROM pg_trigger WHERE tgname = :name AND tgrelid = 'codings'::regclass"),
            {"name": TRIGGER},
        ).scalar_one()
    assert triggers == 1


def test_old_entries_are_pruned(two_coders):
    ann, bea, source, code = two_coders
    bea.write(apply_coding, source, code, 0, 3, bea.coder_id())
    with ann.engine.begin() as connection:
        connection.execute(text(f"UPDATE {LOG_TABLE} SET changed_at = now() - interval '30 days'"))
        ensure_change_feed(connection)
        left = connection.execute(text(f"SELECT count(*) FROM {LOG_TABLE}")).scalar_one()
    assert left == 0


def test_a_project_file_has_no_feed(empty_project):
    with empty_project.engine.connect() as connection:
        assert latest_change_id(connection) == 0
        assert not has_change_feed(connection)
        last, changes = changes_since(connection, 0)
    assert last == 0 and changes.empty


def test_a_coder_with_rights_on_the_project_tables_only_still_writes_and_is_logged(two_coders, pg_admin_url):
    """The feed's functions run with its creator's rights: a coder needs none on the feed's tables."""
    import uuid

    from sqlalchemy import create_engine
    from sqlalchemy.engine.url import make_url

    from qcoder.core.store.models import Base

    ann, _bea, source, code = two_coders
    role = f"coder_{uuid.uuid4().hex[:8]}"
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with ann.engine.begin() as connection:
        connection.execute(text(f"CREATE ROLE {role} LOGIN PASSWORD 'pw'"))
        connection.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {tables} TO {role}"))
        connection.execute(text(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}"))
        connection.execute(text(f"REVOKE ALL ON {LOG_TABLE} FROM {role}"))
    url = make_url(str(ann.engine.url)).set(username=role, password="pw")
    try:
        start = _latest(ann)
        with Project.open(url) as dana:  # a coder who is not the lead codes as their login
            dana.write(apply_coding, source, code, 0, 4, dana.coder_id())
            with dana.engine.connect() as connection:
                with pytest.raises(DBAPIError):
                    latest_change_id(connection)  # no rights on the log: the window just does not watch
        _last, changes = _since(ann, start)
        assert changes.messages == (f"updated with {role}'s changes",) and source in changes.sources
    finally:
        admin = create_engine(make_url(pg_admin_url), isolation_level="AUTOCOMMIT")
        with ann.engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {role}"))
        with admin.connect() as connection:
            connection.execute(text(f"DROP ROLE IF EXISTS {role}"))
        admin.dispose()
