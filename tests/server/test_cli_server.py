"""The command line on a team server: new --url, push, pull, password, and every command by URL."""

from __future__ import annotations

import getpass
import io
import sys

import pytest

from qcoder.cli.main import main
from qcoder.core.lifecycle.project import Project
from qcoder.io.sample_study import ensure_sample_project
from tests.server.logins import ann  # noqa: F401
from tests.server.memory_keyring import memory_keyring, no_keyring  # noqa: F401


@pytest.fixture(autouse=True)
def _no_libpq_passwords(monkeypatch, tmp_path):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


@pytest.fixture
def terminal(monkeypatch):
    """A terminal whose password prompts get the given answers in turn."""
    answers: list[str] = []
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    return answers, prompts


def test_new_by_url_asks_again_after_a_wrong_password_and_remembers_it(ann, memory_keyring, terminal, capsys, tmp_path):
    answers, prompts = terminal
    answers += ["wrong", ann.password]
    assert main(["new", "--url", ann.url, "--remember-password"]) == 0
    err = capsys.readouterr().err
    assert "refused" in err and "created postgresql://" in err and ann.user in err
    assert len(prompts) == 2 and ann.user in prompts[0]
    assert list(memory_keyring.passwords.values()) == [ann.password]
    # later commands find it in the keyring: no prompt
    transcript = tmp_path / "alex.txt"
    transcript.write_text("Alex: We trained the base model together with a university lab.\n", encoding="utf-8")
    assert main(["import", ann.url, str(transcript)]) == 0
    assert main(["sources", ann.url]) == 0
    out, err = capsys.readouterr()
    assert "alex" in out and len(prompts) == 2
    assert ann.password not in out + err
    assert not list(tmp_path.glob("*backup*")) and not list(tmp_path.glob(".qcoder*"))
    assert ann.password not in _every_value(ann.with_password())  # nor anywhere in the project


def _every_value(url: str) -> str:
    """Every row of every table of the project, as one text."""
    from sqlalchemy import select

    from qcoder.core.store.models import Base

    with Project.open(url, read_only=True) as project, project.engine.connect() as connection:
        return "\n".join(repr(tuple(row)) for table in Base.metadata.sorted_tables
                         for row in connection.execute(select(table)))


def test_without_a_terminal_one_line_says_how_to_give_the_password(ann, memory_keyring, capsys):
    Project.create(ann.with_password(), codebook=None).close()
    assert main(["sources", ann.url]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "PGPASSWORD" in err and "~/.pgpass" in err and "qcoder password" in err


def test_the_password_command_checks_keeps_and_forgets(ann, memory_keyring, monkeypatch, capsys):
    Project.create(ann.with_password(), codebook=None).close()
    monkeypatch.setattr(sys, "stdin", io.StringIO("wrong\n"))
    assert main(["password", ann.url]) == 2
    assert memory_keyring.passwords == {}
    monkeypatch.setattr(sys, "stdin", io.StringIO(ann.password + "\n"))
    assert main(["password", ann.url]) == 0
    assert list(memory_keyring.passwords.values()) == [ann.password]
    assert main(["codes", ann.url]) == 0
    assert main(["password", ann.url, "--forget"]) == 0
    assert memory_keyring.passwords == {}
    assert ann.password not in capsys.readouterr().err


def test_the_password_command_without_a_keyring_says_what_to_do(ann, no_keyring, capsys):
    assert main(["password", ann.url]) == 2
    assert "PGPASSWORD" in capsys.readouterr().err


def test_push_then_pull_print_the_summary(tmp_path, pg_url, capsys):
    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    assert main(["push", str(sample), pg_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("pushed sample.qcoder to postgresql://") and "12 sources" in out
    assert "qcoder-test" not in out  # the superuser's password in pg_url
    back = tmp_path / "back.qcoder"
    assert main(["pull", pg_url, str(back)]) == 0
    out = capsys.readouterr().out
    assert f"into {back}" in out and "12 sources" in out
    assert main(["pull", pg_url, str(back)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert main(["push", str(sample), pg_url]) == 2
    err = capsys.readouterr().err
    assert "already holds a qcoder project" in err and len(err.strip().splitlines()) == 1


def test_push_and_pull_refuse_their_arguments_swapped(tmp_path, pg_url, capsys):
    assert main(["push", pg_url, str(tmp_path / "x.qcoder")]) == 2
    assert main(["pull", str(tmp_path / "x.qcoder"), pg_url]) == 2
    assert "not a server address" in capsys.readouterr().err


def test_new_refuses_a_file_and_a_url_together_or_neither(tmp_path, pg_url, capsys):
    assert main(["new", str(tmp_path / "a.qcoder"), "--url", pg_url]) == 2
    assert main(["new"]) == 2
    assert main(["new", "--url", str(tmp_path / "a.qcoder")]) == 2
    assert not (tmp_path / "a.qcoder").exists()
    assert capsys.readouterr().err.count("qcoder:") == 3


def test_new_from_a_qdpx_on_a_server_and_merge_a_file_into_it(tmp_path, pg_url, capsys):
    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    qdpx = tmp_path / "sample.qdpx"
    assert main(["export", str(sample), "--format", "qdpx", "--out", str(qdpx)]) == 0
    assert main(["new", pg_url, "--from", str(qdpx)]) == 0
    with Project.open(pg_url, read_only=True) as server, server.reading() as session:
        from qcoder.core.usecases.queries.sources import list_sources

        assert len(list_sources(session)) == 12
    assert main(["merge", pg_url, str(sample), "--dry-run"]) == 0
    assert main(["merge", pg_url, str(sample)]) == 0
    assert "merged into the server's project" in capsys.readouterr().err


def test_restore_on_a_server_says_where_its_backups_are(pg_url, capsys):
    assert main(["restore", pg_url]) == 2
    assert "pg_dump" in capsys.readouterr().err


def test_open_accepts_a_server_url_as_the_project():
    from qcoder.cli.window_command import _check_project_argument

    _check_project_argument("postgresql://ann@db.example.org/interviews")


def test_check_and_screenshot_take_a_server_project(tmp_path, pg_url, capsys):
    sample = ensure_sample_project(tmp_path / "sample.qcoder")
    assert main(["push", str(sample), pg_url]) == 0
    assert main(["check", pg_url]) == 0
    assert "no problems found" in capsys.readouterr().err
    png = tmp_path / "server.png"
    assert main(["screenshot", pg_url, "--out", str(png)]) == 0
    assert png.stat().st_size > 10_000


def test_remember_password_without_a_keyring_says_it_was_not_kept(ann, no_keyring, terminal, capsys):
    answers, _prompts = terminal
    answers.append(ann.password)
    assert main(["new", "--url", ann.url, "--remember-password", "--codebook", "none"]) == 0
    err = capsys.readouterr().err
    assert "no system keyring" in err and "not be remembered" in err and ann.password not in err
