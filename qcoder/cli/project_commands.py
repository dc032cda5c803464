"""``qcoder new``, ``import``, ``sources`` and ``text``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from qcoder.cli.coder_choice import coder_for_file
from qcoder.cli.context import CommandError, open_for_reading, open_for_writing, print_json, print_json_line, say
from qcoder.core.lifecycle.project import Project
from qcoder.core.media_paths import resolve_media_path
from qcoder.core.team.server_url import is_server_url
from qcoder.core.usecases.queries.media import media_by_source
from qcoder.core.usecases.queries.sources import find_source, list_sources, source_text
from qcoder.io.speakers import name_list


def register(commands: argparse._SubParsersAction) -> None:
    new = commands.add_parser("new", help="create a project file (or, with --url, a project on a team server)")
    new.add_argument("project", nargs="?", help="the new .qcoder file, or a postgresql:// URL")
    new.add_argument("--url", help="create it in an empty database on a team server: postgresql://user@host:port/db")
    new.add_argument("--remember-password", action="store_true",
                     help="on a team server: keep the password in the system keyring")
    new.add_argument(
        "--codebook", default=None,
        help="'default' (the open-LLM collaboration study's codebook), 'none', or a codebook JSON file "
        "(default: 'default', or 'none' with --from)",
    )
    new.add_argument("--from", dest="from_file", metavar="FILE", help="fill it from a REFI-QDA .qdpx or .qdc")
    new.add_argument("--coder", help="your name as a coder (default: $QCODER_CODER, else the name set with qcoder coder NAME)")
    new.set_defaults(run=run_new)

    imp = commands.add_parser("import", help="import transcript files as sources, or REFI-QDA .qdpx/.qdc")
    imp.add_argument("project")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--coder")
    imp.add_argument("--json", action="store_true", help="one JSON object per file")
    imp.set_defaults(run=run_import)

    sources = commands.add_parser("sources", help="list the sources")
    sources.add_argument("project")
    sources.add_argument("--json", action="store_true")
    sources.set_defaults(run=run_sources)

    text = commands.add_parser("text", help="print a source's stored text, exactly")
    text.add_argument("project")
    text.add_argument("source", help="the source's name or GUID")
    text.set_defaults(run=run_text)


def run_new(options: argparse.Namespace) -> int:
    requested = options.codebook or ("none" if options.from_file else "default")
    codebook = None if requested == "none" else requested
    target = _new_target(options)
    if is_server_url(target):
        from qcoder.cli.server_commands import create_on_server

        say(create_on_server(target, coder=options.coder, codebook=codebook, from_file=options.from_file,
                             remember=options.remember_password))
        return 0
    if options.from_file:
        from qcoder.app.importing import create_from_refi
        from qcoder.cli.refi_commands import print_report

        report = create_from_refi(Path(options.project), Path(options.from_file), coder=coder_for_file(options.coder),
                             codebook=codebook)
        print_report(report, as_json=False)
        say(f"created {options.project} from {options.from_file}")
        return 0
    project = Project.create(Path(options.project), coder_name=coder_for_file(options.coder), codebook=codebook)
    project.close()
    say(f"created {options.project}" + ("" if codebook is None else f" with the {codebook} codebook"))
    return 0


def _new_target(options: argparse.Namespace) -> str:
    if options.url and options.project:
        raise CommandError("give a project file or --url, not both")
    if not (options.url or options.project):
        raise CommandError("give the new project's file name, or --url postgresql://user@host/database")
    if options.url and not is_server_url(options.url):
        raise CommandError(f"--url takes a server address (postgresql://user@host/database), not '{options.url}'")
    return options.url or options.project


def run_import(options: argparse.Namespace) -> int:
    from qcoder.app.importing import import_paths
    from qcoder.cli.refi_commands import print_refi_outcome

    with open_for_writing(options.project, options.coder) as project:
        batch = import_paths(project, [Path(f) for f in options.files])
    for outcome in batch.refi:
        print_refi_outcome(outcome, as_json=options.json)
    for result in batch.transcripts:
        if options.json:
            print_json_line(
                {
                    "file": result.path, "ok": result.ok, "message": result.message,
                    "source": result.source_name, "characters": result.characters,
                    "turns": result.turns, "speakers": list(result.speakers),
                    "duplicate_of": list(result.duplicate_of),
                }
            )
        else:
            print(result.line())
    return 0 if batch.ok else 1


def run_sources(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        sources = list_sources(session)
        media = media_by_source(session)
    if options.json:
        print_json(
            [
                {
                    "name": s.name, "guid": s.guid, "characters": s.characters,
                    "speakers": list(s.speakers), "turns": s.turns, "codings": s.codings,
                    "file": s.original_filename, "encoding": s.encoding,
                    "media": None if s.id not in media else {
                        "path": media[s.id].path, "kind": media[s.id].kind, "duration_ms": media[s.id].duration_ms,
                        "found": resolve_media_path(project.path, media[s.id].path).is_file(),
                        "embedded": media[s.id].embedded,
                    },
                }
                for s in sources
            ]
        )
    else:
        for s in sources:
            print(f"{s.name}\t{s.characters} characters\t{s.turns} turns\t{name_list(s.speakers)}")
    return 0


def run_text(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        text = source_text(session, find_source(session, options.source))
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()
    return 0
