"""A co-occurrence matrix as CSV: codes down and across, each cell the passages of the row code
coded together with the column code (``result`` is a :class:`qcoder.analysis.cooccurrence.Cooccurrence`;
io does not import analysis, the two are independent layers)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.spreadsheet_csv import csv_writer


def matrix_rows(result: Any) -> Iterator[list[str | int]]:
    codes = result.codes
    yield [f"passages of (row) coded together with (column); unit: {result.unit}", *(c.path for c in codes)]
    for row, values in zip(codes, result.matrix()):
        yield [row.path, *values]


def write_cooccurrence_csv(result: Any, out: Path) -> None:
    """Written atomically, UTF-8 with a BOM so that spreadsheet programs read the names right."""
    out = Path(out)
    check_output_target(out)
    descriptor, temporary = tempfile.mkstemp(prefix=".qcoder-", suffix=".csv", dir=out.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            csv_writer(handle).writerows(matrix_rows(result))
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
