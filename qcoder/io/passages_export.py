"""A set of passages (a saved query's, a crosstab cell's) as the coded-segments CSV or workbook."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qcoder.core.snapshots import SegmentInfo
from qcoder.io.segments_export import write_segments_csv
from qcoder.io.xlsx_export import write_workbook

SUFFIXES = (".csv", ".xlsx")


def write_passages(segments: Sequence[SegmentInfo], out: Path) -> None:
    """By the file's suffix; the columns are those of ``qcoder export`` (source, case, speaker, code…)."""
    out = Path(out)
    if out.suffix.lower() == ".xlsx":
        write_workbook(out, segments=segments, codebook=None)
    else:
        write_segments_csv(segments, out)
