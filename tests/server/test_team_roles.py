"""A set-up team server through qcoder itself: coders code as their login, the lead still leads.

The command line refuses ``--coder``/``QCODER_CODER`` naming someone else on a server; the
program's own writes that a coder may not make come back as one clear sentence; the lead pushes,
merges and resolves for everyone.
"""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy.engine.url import make_url

from qcoder.cli.main import main
from qcoder.core.edits import play
from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.row_set import RowKeys
from qcoder.core.team.server_errors import PermissionRefusedError
from qcoder.core.usecases.commands.codings import apply_coding, resize_coding
from qcoder.core.usecases.commands.memos import add_memo
from qcoder.core.usecases.commands.resolutions import resolve_disagreement
from qcoder.core.usecases.commands.row_edits import remove_rows
from qcoder.core.usecases.commands.sources import add_source
from qcoder.core.usecases.queries.codings import codings_in_source
from tests.server.logins import ann  # noqa: F401
from tests.server.team import team  # noqa: F401


def _coders_of(project: Project, source: int) -> list[tuple[str, int, int]]:
    with project.reading() as session:
        return sorted((c.coder, c.start, c.end) for c in codings_in_source(session, source))


def test_a_coder_codes_memos_and_undoes_as_their_login(team):
    with Project.open(team.bob.with_password()) as bob:
        assert bob.coder_name == team.bob.user
        coding = bob.write(apply_coding, team.source, team.code, 30, 37, bob.coder_id()).created_id
        removed = bob.write(remove_rows, RowKeys.ids("codings", [coding]))  # undo of his own coding
        bob.write(play, removed.undo)  # and redo
        memo = bob.write(add_memo, "second thoughts", bob.coder_id(), target="code", target_id=team.code).created_id
        bob.write(remove_rows, RowKeys.ids("memos", [memo]))
        assert (team.bob.user, 30, 37) in _coders_of(bob, team.source)


def test_a_coder_naming_another_coder_in_the_program_is_refused_by_the_server(team):
    with Project.open(team.bob.with_password(), coder_name=team.cat.user) as bob:
        with pytest.raises(PermissionRefusedError, match="row-level security"):
            bob.write(apply_coding, team.source, team.code, 30, 37, bob.coder_id())
    with Project.open(team.lead.with_password(), read_only=True) as lead:
        assert (team.cat.user, 30, 37) not in _coders_of(lead, team.source)


def test_what_a_coder_may_not_do_is_one_clear_sentence(team):
    with Project.open(team.bob.with_password()) as bob:
        with pytest.raises(PermissionRefusedError) as refused:
            bob.write(add_source, "mine", "Bob: my own transcript.")
        with pytest.raises(PermissionRefusedError, match=f"this coding is {team.cat.user}'s"):
            bob.write(remove_rows, RowKeys.ids("codings", [team.codings[team.cat.user]]))  # the window's unmark
        with pytest.raises(PermissionRefusedError, match=f"this coding is {team.cat.user}'s"):
            bob.write(resize_coding, team.codings[team.cat.user], 0, 20)
        with pytest.raises(PermissionRefusedError, match=f"this memo is {team.cat.user}'s"):
            bob.write(remove_rows, RowKeys.ids("memos", [team.memos[team.cat.user]]))
    message = str(refused.value)
    assert "permission denied for table sources" in message and "lead" in message and "\n" not in message
    with Project.open(team.lead.with_password(), read_only=True) as lead:
        assert (team.cat.user, 5, 11) in _coders_of(lead, team.source)


def test_the_lead_merges_a_file_of_other_coders_and_resolves(team, tmp_path):
    from qcoder.core.usecases.commands.coders import ensure_coder
    from qcoder.core.usecases.commands.codes import add_code

    copy = tmp_path / "alex.qcoder"
    assert main(["pull", team.lead.with_password(), str(copy)]) == 0
    with Project.open(copy, coder_name="Alex") as alex:
        alex.write(apply_coding, 1, 1, 40, 50, alex.coder_id())
        alex.write(add_code, "Data")
    assert main(["merge", team.lead.with_password(), str(copy)]) == 0
    with Project.open(team.lead.with_password()) as lead:
        assert ("Alex", 40, 50) in _coders_of(lead, team.source)
        with lead.transaction() as session:
            bob, cat = (ensure_coder(session, login.user) for login in (team.bob, team.cat))
        resolver = lead.coder_id()
        lead.write(lambda session: resolve_disagreement(
            session, team.source, team.code, 0, 11, [bob, cat], "keep", resolved_by_id=resolver)[0])
    with psycopg.connect(team.dsn(team.lead)) as connection:
        resolver = connection.execute(
            "SELECT c.name FROM resolutions r JOIN coders c ON c.id = r.resolved_by_id").fetchone()[0]
    assert resolver == team.lead.user


def test_the_command_line_refuses_another_coders_name_on_a_server(team, monkeypatch, capsys):
    url = team.bob.with_password()
    assert main(["code", url, "bob-interview", "0", "3", "Compute", "--coder", team.cat.user]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--coder" in err and team.bob.user in err
    monkeypatch.setenv("QCODER_CODER", team.cat.user)
    assert main(["code", url, "bob-interview", "0", "3", "Compute"]) == 2
    assert "QCODER_CODER" in capsys.readouterr().err
    for command in (["merge", url, "x.qcoder", "--coder", "Eve"], ["open", url, "--coder", "Eve"],
                    ["new", "--url", url, "--coder", "Eve"]):
        monkeypatch.delenv("QCODER_CODER", raising=False)
        assert main(command) == 2
        assert "cannot name the coder on a team server" in capsys.readouterr().err
    assert main(["code", url, "bob-interview", "40", "44", "Compute", "--coder", team.bob.user]) == 0
    with Project.open(team.lead.with_password(), read_only=True) as lead:
        assert (team.bob.user, 40, 44) in _coders_of(lead, team.source)
        assert not any(coder == team.cat.user and start == 0 for coder, start, _end in _coders_of(lead, team.source))


def test_a_coder_importing_on_the_command_line_gets_one_line(team, tmp_path, capsys):
    transcript = tmp_path / "extra.txt"
    transcript.write_text("Bob: another interview.\n", encoding="utf-8")
    assert main(["import", team.bob.with_password(), str(transcript)]) != 0
    assert "permission denied for table sources" in capsys.readouterr().out


def test_setup_is_refused_to_a_coder_and_names_missing_logins(team, capsys):
    assert main(["server", "setup", team.bob.with_password()]) == 2
    assert f"run qcoder server setup as its lead, {team.lead.user}" in capsys.readouterr().err
    assert main(["server", "setup", team.lead.with_password(), "--coder", "nobody_here"]) == 2
    assert "no login nobody_here" in capsys.readouterr().err
    assert main(["server", "setup", team.lead.with_password(), "--coder", team.bob.user]) == 0  # again: idempotent
    assert "write only their own codings" in capsys.readouterr().out


def test_setup_says_what_a_lead_who_may_not_create_roles_needs(ann, capsys):
    Project.create(ann.with_password(), codebook=None).close()
    assert main(["server", "setup", ann.with_password()]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "needs CREATEROLE" in err and ann.password not in err


def test_setup_refuses_an_empty_database(pg_url, capsys):
    assert main(["server", "setup", pg_url]) == 2
    assert "holds no qcoder project" in capsys.readouterr().err


def test_a_server_setting_that_switches_the_role_is_refused(team, pg_admin_url):
    admin = make_url(pg_admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    database = make_url(team.bob.url).database
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'ALTER ROLE {team.bob.user} IN DATABASE "{database}" SET role = "{database}_coders"')
    with pytest.raises(QcoderError, match=f"logged in as {database}_coders, not as {team.bob.user}"):
        Project.open(team.bob.with_password())


def test_an_address_whose_options_switch_the_user_is_refused(team, pg_admin_url):
    from tests import pg_server

    socket_folder = str(pg_server.DATA_DIR)
    bob = make_url(team.bob.url)
    switched = bob._replace(host=None, port=None).update_query_dict(
        {"host": socket_folder, "port": str(pg_server.PORT), "user": "postgres"})
    with pytest.raises(QcoderError, match=r"may not set \?user="):
        Project.open(switched)


def test_opening_a_server_project_in_the_window_codes_as_the_login(team, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from qcoder.ui.main_window import MainWindow
    from qcoder.ui.settings import UserSettings

    window = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.projects.coder_name = "Someone Else"  # the window's name for project files
    try:
        assert window.server.open_url(team.bob.with_password())
        assert window.controller.project.coder_name == team.bob.user
        window.controller.run(apply_coding, team.source, team.code, 50, 55, window.controller.coder_id())
    finally:
        window.controller.close_project()
    with Project.open(team.lead.with_password(), read_only=True) as lead:
        assert (team.bob.user, 50, 55) in _coders_of(lead, team.source)


def test_the_lead_sets_up_coders_from_the_window(team, qtbot, tmp_path, pg_admin_url):
    from PySide6.QtCore import QSettings

    from qcoder.ui.main_window import MainWindow
    from qcoder.ui.settings import UserSettings

    admin = make_url(pg_admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    newcomer = f"dee_{team.bob.user[4:]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE ROLE {newcomer} LOGIN PASSWORD 'pw-dee'")
    window = MainWindow(settings=UserSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    try:
        assert not window.actions["set_up_coders"].isEnabled()  # no project, or a file: nothing to set up
        assert window.server.open_url(team.lead.with_password())
        assert window.actions["set_up_coders"].isEnabled()
        said: list[str] = []
        window.server.message.connect(said.append)
        report = window.server.set_up_coders(f"{team.bob.user}, {newcomer}")
        assert report is not None and newcomer in report.coders and newcomer in said[-1]
        window.controller.close_project()
        dee = make_url(team.bob.url)._replace(username=newcomer, password="pw-dee")
        with Project.open(dee) as project:
            project.write(apply_coding, team.source, team.code, 60, 64, project.coder_id())
            with pytest.raises(PermissionRefusedError):
                project.write(remove_rows, RowKeys.ids("codings", [team.codings[team.cat.user]]))
    finally:
        window.controller.close_project()
        with psycopg.connect(admin, autocommit=True) as connection:
            database = make_url(team.bob.url).database
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            connection.execute(f"DROP ROLE IF EXISTS {newcomer}")
