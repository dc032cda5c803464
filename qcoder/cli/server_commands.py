"""Team-server commands: ``qcoder push``, ``pull``, ``password``, ``server setup``; ``new --url`` calls here.

Every other command takes a server URL where it takes a project file (see
:mod:`qcoder.cli.context`); these move a whole project between a file and a server, and keep or
forget a coder's password in the system keyring.
"""

from __future__ import annotations

import argparse
import getpass
import sys
import tempfile
from pathlib import Path

from qcoder.app.merging import MergeOutcome
from qcoder.cli.context import CommandError, refuse_coder_on_server, say
from qcoder.cli.password_prompt import on_server
from qcoder.core.lifecycle.project import Project
from qcoder.core.team import credentials
from qcoder.core.team.server_url import ServerAddress, display_url, is_server_url, parse_server_url


def register(commands: argparse._SubParsersAction) -> None:
    push = commands.add_parser(
        "push", help="copy a project file to an empty database on a team server",
        description="Creates the project in the (empty) database named by URL "
        "(postgresql://user@host:port/database) with every source, code, coding, case and memo, "
        "keeping their GUIDs. The file is left as it is.",
    )
    push.add_argument("project", help="the .qcoder file")
    push.add_argument("url", help="postgresql://user@host:port/database")
    push.add_argument("--remember-password", action="store_true", help="keep the password in the system keyring")
    push.set_defaults(run=run_push)

    pull = commands.add_parser(
        "pull", help="copy a team server's project into a new project file",
        description="Writes a new .qcoder file with everything the server's project holds (same GUIDs): "
        "a copy to work on alone, to archive or to send.",
    )
    pull.add_argument("url", help="postgresql://user@host:port/database")
    pull.add_argument("project", help="the new .qcoder file")
    pull.add_argument("--remember-password", action="store_true", help="keep the password in the system keyring")
    pull.set_defaults(run=run_pull)

    password = commands.add_parser(
        "password", help="keep (or --forget) your password for a team server in the system keyring",
        description="Asks for the password (or reads one line from stdin when it is not a terminal), "
        "checks it with the server and keeps it in the system keyring, so that later commands and the "
        "window connect without asking. Nothing is written to any file.",
    )
    password.add_argument("url", help="postgresql://user@host:port/database")
    password.add_argument("--forget", action="store_true", help="remove the kept password instead")
    password.set_defaults(run=run_password)

    server = commands.add_parser("server", help="administer a team server's project (setup)")
    actions = server.add_subparsers(dest="server_command", metavar="ACTION", required=True)
    setup = actions.add_parser(
        "setup", help="give the project's coders least privilege (run by its lead)",
        description="Run by the project's lead (the login that created or pushed it). Makes a group "
        "role for the coders (DATABASE_coders unless --group), lets it read everything and write only "
        "its members' own codings, memos and saved queries (PostgreSQL row-level security), and makes "
        "each --coder login a member. Sources, codes, cases, resolutions and the change log stay the "
        "lead's. Run it again to add coders.",
    )
    setup.add_argument("url", help="postgresql://lead@host:port/database")
    setup.add_argument("--coder", nargs="+", default=[], metavar="ROLE", dest="coders",
                       help="login roles that code in the project (made by the server's administrator)")
    setup.add_argument("--group", help="the coders' group role (default: DATABASE_coders)")
    setup.add_argument("--remember-password", action="store_true", help="keep the password in the system keyring")
    setup.set_defaults(run=run_server_setup)


def run_push(options: argparse.Namespace) -> int:
    from qcoder.app.team_transfer import check_push, push_project

    project_file = check_push(options.project, options.url)  # before a password is asked for
    report = on_server(options.url, lambda url: push_project(project_file, url), remember=options.remember_password)
    print(f"pushed {project_file.name} to {display_url(parse_server_url(options.url))}: {report.summary()}")
    return 0


def run_pull(options: argparse.Namespace) -> int:
    from qcoder.app.team_transfer import check_pull, pull_project

    project_file = check_pull(options.url, options.project)  # before a password is asked for
    report = on_server(options.url, lambda url: pull_project(url, project_file), remember=options.remember_password)
    print(f"pulled {display_url(parse_server_url(options.url))} into {project_file}: {report.summary()}")
    return 0


def run_server_setup(options: argparse.Namespace) -> int:
    from qcoder.core.team import server_database
    from qcoder.core.team.server_setup import TeamSetup, set_up_team

    if not is_server_url(options.url):
        raise CommandError(f"'{options.url}' is not a server address (postgresql://user@host/database)")

    def attempt(url: ServerAddress) -> TeamSetup:
        engine = server_database.connect(url)
        try:
            return set_up_team(engine, url, group=options.group, coders=options.coders)
        finally:
            engine.dispose()

    report = on_server(options.url, attempt, remember=options.remember_password)
    print(f"set up {report.summary()}")
    return 0


def run_password(options: argparse.Namespace) -> int:
    url = parse_server_url(options.url)
    where = display_url(url)
    if options.forget:
        say(f"forgot the password for {where}" if credentials.forget_password(url)
            else f"no password was kept for {where}")
        return 0
    if not credentials.keyring_available():
        raise CommandError("there is no system keyring here: set PGPASSWORD or use ~/.pgpass instead")
    if sys.stdin.isatty():
        password = getpass.getpass(f"Password for {url.username or getpass.getuser()} on {url.host or 'localhost'}: ")
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError("no password given; nothing kept")
    Project.open(url.set(password=password), read_only=True).close()  # refused: nothing kept
    credentials.remember_password(url, password)
    say(f"the password for {where} is kept in the system keyring")
    return 0


def create_on_server(target: str, *, coder: str | None, codebook: str | None, from_file: str | None,
                     remember: bool) -> str:
    """``qcoder new --url``: the project on the server, filled from a QDPX/QDC through a scratch
    file when ``--from`` is given (so that a failed import leaves nothing on the server)."""
    where = display_url(parse_server_url(target))
    refuse_coder_on_server(target, coder)
    if from_file is None:
        on_server(target, lambda url: Project.create(url, codebook=codebook).close(),
                  remember=remember)
        return f"created {where}" + ("" if codebook is None else f" with the {codebook} codebook")
    from qcoder.app.importing import create_from_refi
    from qcoder.app.team_transfer import push_project
    from qcoder.cli.refi_commands import print_report

    with tempfile.TemporaryDirectory(prefix="qcoder-new-") as folder:
        scratch = Path(folder) / "project.qcoder"
        report = create_from_refi(scratch, Path(from_file), coder=coder, codebook=codebook)
        on_server(target, lambda url: push_project(scratch, url), remember=remember)
    print_report(report, as_json=False)
    return f"created {where} from {from_file}"


def merge_into_server(target: str, other: Path, *, dry_run: bool, coder: str | None) -> MergeOutcome:
    """``qcoder merge URL B.qcoder``: B's new work into the server project, in one transaction
    (a preview rolls back). The server has no qcoder backups: its administrator keeps those."""
    from qcoder.app.merging import check_merge, merge_into_project, preview_merge

    refuse_coder_on_server(target, coder)
    check_merge(None, other)  # before a password is asked for
    with on_server(target, lambda url: Project.open(url)) as project:
        report = preview_merge(project, other) if dry_run else merge_into_project(project, other).report
    return MergeOutcome(report, None, None)
