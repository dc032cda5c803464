"""``qcoder pseudonymise P --map names.csv [--dry-run]``: replace real names everywhere.

The map is a CSV file: ``real,pseudonym[,options]``, a header line ``real,pseudonym…`` optional;
options (space-separated) are ``regex`` (the first column is a regular expression), ``partial``
(also inside longer words) and ``match-case``. ``--dry-run`` lists every hit in context and
changes nothing. The map is kept in the project, never in an export.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.app.exporting import check_export_target
from qcoder.cli.context import (
    CommandError,
    open_for_reading,
    open_for_writing,
    print_json,
)
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.pseudonymise import pseudonymise
from qcoder.core.usecases.queries.pseudonymise import Hit, PseudonymEntry, find_hits, pseudonym_map
from qcoder.core.wording import counted
from qcoder.io.pseudonym_table import entry_options, read_pseudonym_table, write_pseudonym_table


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "pseudonymise", help="replace real names by pseudonyms in every text, name and memo (codings follow)")
    command.add_argument("project")
    command.add_argument("--map", required=True, metavar="CSV", help="real,pseudonym[,options] per line")
    command.add_argument("--dry-run", action="store_true", help="list the hits in context; change nothing")
    command.add_argument("--coder")
    command.add_argument("--json", action="store_true")
    command.set_defaults(run=run_pseudonymise)
    table = commands.add_parser(
        "pseudonyms", help="list the project's kept pseudonym table, or save it as CSV (it names real people)")
    table.add_argument("project")
    table.add_argument("--export", metavar="CSV", help="write the table to this file (keep it apart from the data)")
    table.add_argument("--json", action="store_true")
    table.set_defaults(run=run_pseudonyms)


def read_map(path: Path) -> list[PseudonymEntry]:
    try:
        return read_pseudonym_table(path)
    except QcoderError as error:
        raise CommandError(str(error).replace("the table", "the map", 1)) from None


def run_pseudonymise(options: argparse.Namespace) -> int:
    entries = read_map(Path(options.map))
    if options.dry_run:
        with open_for_reading(options.project) as project, project.reading() as session:
            hits = find_hits(session, entries)
    else:
        with open_for_writing(options.project, options.coder) as project, project.transaction() as session:
            hits = list(pseudonymise(session, entries).hits)
    if options.json:
        print_json([{"where": h.where, "in": h.owner, "start": h.start, "found": h.found,
                     "replacement": h.replacement, "context": h.context} for h in hits])
        return 0
    for hit in hits:
        print(_line(hit))
    done = "would be replaced; nothing changed (dry run)" if options.dry_run else "replaced"
    print(f"{counted(len(hits), 'hit')} {done}")
    return 0


def _line(hit: Hit) -> str:
    return f"{hit.where} '{hit.owner}' at {hit.start}: {hit.context} → {hit.replacement}"


def run_pseudonyms(options: argparse.Namespace) -> int:
    with open_for_reading(options.project) as project, project.reading() as session:
        entries = pseudonym_map(session)
    if options.export:
        out = Path(options.export)
        check_export_target(out)
        try:
            write_pseudonym_table(out, entries)
        except QcoderError as error:
            raise CommandError(str(error)) from None
        print(f"{counted(len(entries), 'name')} written to {out.name}; it names real people: keep it apart from the data")
        return 0
    if options.json:
        print_json([{"real": e.real, "pseudonym": e.pseudonym, "options": entry_options(e)} for e in entries])
        return 0
    for entry in entries:
        options_text = entry_options(entry)
        print(f"{entry.real}\t{entry.pseudonym}" + (f"\t{options_text}" if options_text else ""))
    if not entries:
        print("no pseudonym table kept (qcoder pseudonymise P --map names.csv makes one)")
    return 0
