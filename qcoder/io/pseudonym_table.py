"""The pseudonym table as a CSV file: ``real,pseudonym,options`` per line, a header optional.

Options (space-separated) are ``regex`` (the first column is a regular expression), ``partial``
(also inside longer words) and ``match-case``. The file names real people: it is written only
when the user asks for it (File ▸ Export ▸ Pseudonym table…, ``qcoder pseudonyms --export``),
never as part of another export.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.usecases.queries.pseudonymise import PseudonymEntry

OPTIONS = ("regex", "partial", "match-case")
HEADER = ("real", "pseudonym", "options")


def read_pseudonym_table(path: Path) -> list[PseudonymEntry]:
    """The lines of the file; a bad line or an unreadable file is a :class:`QcoderError` naming it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise QcoderError(f"the table {path.name} cannot be read ({error})") from None
    if rows and rows[0][0].strip().lower() == "real":
        rows = rows[1:]
    entries = []
    for number, row in enumerate(rows, start=1):
        if len(row) < 2 or not row[0].strip():
            raise QcoderError(f"the table {path.name}, line {number}: needs real,pseudonym")
        options = set(row[2].split()) if len(row) > 2 else set()
        unknown = options - set(OPTIONS)
        if unknown:
            raise QcoderError(f"the table {path.name}, line {number}: unknown option '{min(unknown)}' "
                              f"(known: {', '.join(OPTIONS)})")
        entries.append(PseudonymEntry(row[0].strip(), row[1].strip(), regex="regex" in options,
                                      whole_word="partial" not in options, case_sensitive="match-case" in options))
    if not entries:
        raise QcoderError(f"the table {path.name} names nothing to replace")
    return entries


def entry_options(entry: PseudonymEntry) -> str:
    return " ".join(name for name, on in (("regex", entry.regex), ("partial", not entry.whole_word),
                                          ("match-case", entry.case_sensitive)) if on)


def write_pseudonym_table(path: Path, entries: Sequence[PseudonymEntry]) -> None:
    """Write the table (UTF-8 with a header line), readable again by :func:`read_pseudonym_table`."""
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for entry in entries:
                writer.writerow((entry.real, entry.pseudonym, entry_options(entry)))
    except OSError as error:
        raise QcoderError(f"the table {path.name} cannot be written ({error.strerror or error})") from None
