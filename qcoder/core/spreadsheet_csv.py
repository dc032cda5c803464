"""Writing CSV that a spreadsheet opens as data, never as formulas (CSV injection).

Excel, LibreOffice and Google Sheets read a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and,
after a tab or a carriage return, the same) as a formula: a code called ``=cmd|' /C calc'!A0``
could run a program. Following OWASP, such text is written with a leading ``'``, which the
spreadsheet shows as text. Numbers stay numbers, a negative count included, and so does text
that is exactly a number (``-3``, ``+2.5``). Every CSV qcoder writes goes through
:func:`csv_writer`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` as a CSV cell that a spreadsheet reads as text or a number, never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class SafeCsvWriter:
    """A :func:`csv.writer` whose every cell passes through :func:`spreadsheet_safe`."""

    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(handle: IO[str], **options: Any) -> SafeCsvWriter:
    """The writer for every CSV qcoder writes (a file or standard output)."""
    return SafeCsvWriter(handle, **options)
