"""A coder on a set-up team server cannot write as anyone else, by SQL or by the program.

Bob connects with his own login straight through psycopg, as he could with psql, and tries to
rewrite the project behind qcoder's back; every attempt is refused or touches nothing.
"""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from qcoder.core.team.change_feed import LOG_TABLE
from tests.server.logins import Login
from tests.server.team import TEXT, Team, team  # noqa: F401


def _as(team: Team, login: Login) -> psycopg.Connection:
    return psycopg.connect(team.dsn(login), autocommit=True)


def _coder_id(connection: psycopg.Connection, name: str) -> int:
    return connection.execute("SELECT id FROM coders WHERE name = %s", (name,)).fetchone()[0]


def test_a_coder_reads_everything(team):
    with _as(team, team.bob) as bob:
        assert bob.execute("SELECT count(*) FROM codings").fetchone()[0] == 2
        assert bob.execute("SELECT count(*) FROM memos").fetchone()[0] == 2
        assert bob.execute("SELECT text FROM source_texts").fetchone()[0] == TEXT
        assert bob.execute(f"SELECT count(*) FROM {LOG_TABLE}").fetchone()[0] > 0


def test_another_coders_coding_and_memo_cannot_be_changed_or_deleted(team):
    cats_coding, cats_memo = team.codings[team.cat.user], team.memos[team.cat.user]
    with _as(team, team.bob) as bob:
        assert bob.execute('UPDATE codings SET start = 0, "end" = 20 WHERE id = %s', (cats_coding,)).rowcount == 0
        assert bob.execute("DELETE FROM codings WHERE id = %s", (cats_coding,)).rowcount == 0
        assert bob.execute("DELETE FROM codings").rowcount == 1  # his own only
        assert bob.execute("UPDATE memos SET text = 'forged' WHERE id = %s", (cats_memo,)).rowcount == 0
        assert bob.execute("DELETE FROM memos WHERE id = %s", (cats_memo,)).rowcount == 0
    with _as(team, team.lead) as lead:
        assert lead.execute("SELECT start, \"end\" FROM codings WHERE id = %s", (cats_coding,)).fetchone() == (5, 11)
        assert lead.execute("SELECT text FROM memos WHERE id = %s", (cats_memo,)).fetchone()[0] == f"{team.cat.user}'s memo"


def test_a_coding_or_memo_cannot_be_written_under_another_coder(team):
    with _as(team, team.bob) as bob:
        cat = _coder_id(bob, team.cat.user)
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            bob.execute('INSERT INTO codings (guid, source_id, code_id, start, "end", coder_id, exemplar, created_at) '
                        "VALUES (gen_random_uuid()::text, %s, %s, 1, 4, %s, false, now())", (team.source, team.code, cat))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            bob.execute("UPDATE codings SET coder_id = %s WHERE id = %s", (cat, team.codings[team.bob.user]))
        with pytest.raises(errors.InsufficientPrivilege, match="row-level security"):
            bob.execute("INSERT INTO memos (guid, text, coder_id, version, created_at) "
                        "VALUES (gen_random_uuid()::text, 'forged', %s, 1, now())", (cat,))
        with pytest.raises(errors.InsufficientPrivilege):
            bob.execute("INSERT INTO coders (guid, name, colour) VALUES (gen_random_uuid()::text, 'Eve', '#000000')")
        with pytest.raises(errors.InsufficientPrivilege):  # renaming himself would make a coder of another name
            bob.execute("UPDATE coders SET name = 'Bobby' WHERE name = %s", (team.bob.user,))
        assert bob.execute("UPDATE coders SET name = 'x' WHERE name = %s", (team.cat.user,)).rowcount == 0


def test_a_coding_without_a_coder_is_recorded_under_the_login(team):
    with _as(team, team.bob) as bob:
        coder = bob.execute('INSERT INTO codings (guid, source_id, code_id, start, "end", exemplar, created_at) '
                            "VALUES (gen_random_uuid()::text, %s, %s, 12, 19, false, now()) RETURNING coder_id",
                            (team.source, team.code)).fetchone()[0]
        assert coder == _coder_id(bob, team.bob.user)


def test_source_texts_codes_resolutions_and_the_change_log_are_the_leads(team):
    statements = [
        "UPDATE sources SET name = 'renamed'",
        "DELETE FROM source_texts",
        "DELETE FROM sources",
        "INSERT INTO codes (guid, name, colour, description, is_codable, position, version) "
        "VALUES (gen_random_uuid()::text, 'Mine', '#000000', '', true, 0, 1)",
        "DELETE FROM codes",
        f"INSERT INTO resolutions (guid, source_id, code_id, start, \"end\", action, coders, resolved_by_id, note) "
        f"VALUES (gen_random_uuid()::text, {team.source}, {team.code}, 0, 3, 'remove', '', 1, '')",
        "UPDATE project_meta SET value = '0'",
        f"INSERT INTO {LOG_TABLE} (table_name, coder) VALUES ('codings', 'someone')",
        f"UPDATE {LOG_TABLE} SET coder = 'someone'",
        f"DELETE FROM {LOG_TABLE}",
        f"TRUNCATE {LOG_TABLE}",
        "TRUNCATE codings",
    ]
    with _as(team, team.bob) as bob:
        for statement in statements:
            with pytest.raises(errors.InsufficientPrivilege, match="permission denied"):
                bob.execute(statement)


def test_the_change_log_names_the_login_whatever_the_client_says(team):
    with _as(team, team.bob) as bob:
        start = bob.execute(f"SELECT max(id) FROM {LOG_TABLE}").fetchone()[0]
        with bob.transaction():
            bob.execute("SELECT set_config('qcoder.coder', %s, true)", (team.cat.user,))
            bob.execute('INSERT INTO codings (guid, source_id, code_id, start, "end", coder_id, exemplar, created_at) '
                        "VALUES (gen_random_uuid()::text, %s, %s, 20, 25, %s, false, now())",
                        (team.source, team.code, _coder_id(bob, team.bob.user)))
        logged = bob.execute(f"SELECT coder FROM {LOG_TABLE} WHERE id > %s", (start,)).fetchall()
    assert logged == [(team.bob.user,)]


def test_a_group_role_cannot_become_a_coder(team):
    with _as(team, team.bob) as bob:
        group = bob.execute("SELECT current_database() || '_coders'").fetchone()[0]
        bob.execute(f'SET ROLE "{group}"')
        with pytest.raises(errors.InsufficientPrivilege):
            bob.execute("INSERT INTO coders (guid, name, colour) VALUES (gen_random_uuid()::text, current_user, '#000000')")
