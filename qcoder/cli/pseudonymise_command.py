"""``qcoder pseudonymise P --map names.csv [--dry-run]``: replace real names everywhere.

The map is a CSV file: ``real,pseudonym[,options]``, a header line ``real,pseudonym…`` optional;
options (space-separated) are ``regex`` (the first column is a regular expression), ``partial``
(also inside longer words) and ``match-case``. ``--dry-run`` lists every hit in context and
changes nothing. The map is kept in the project, never in an export.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from qcoder.cli.context import (
    CommandError,
    open_for_reading,
    open_for_writing,
    print_json,
)
from qcoder.core.errors import QcoderError
from qcoder.core.usecases.commands.pseudonymise import pseudonymise
from qcoder.core.usecases.queries.pseudonymise import Hit, PseudonymEntry, find_hits
from qcoder.core.wording import counted
from qcoder.io.pseudonym_table import read_pseudonym_table


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "pseudonymise", help="replace real names by pseudonyms in every text, name and memo (codings follow)")
    command.add_argument("project")
    command.add_argument("--map", required=True, metavar="CSV", help="real,pseudonym[,options] per line")
    command.add_argument("--dry-run", action="store_true", help="list the hits in context; change nothing")
    command.add_argument("--coder")
    command.add_argument("--json", action="store_true")
    command.set_defaults(run=run_pseudonymise)


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
