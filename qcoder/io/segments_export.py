"""Coded segments as CSV: one row per coding, with its source, case, speaker, code, coder and text."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qcoder.core.lifecycle.atomic_files import atomic_path
from qcoder.core.snapshots import SegmentInfo
from qcoder.core.spreadsheet_csv import csv_writer

SEGMENT_COLUMNS = (
    "source", "case", "speaker", "code", "coder", "start", "end", "text", "memo", "exemplar", "guid",
)


def segment_row(segment: SegmentInfo) -> list[str | int]:
    return [
        segment.source, "; ".join(segment.cases), segment.speaker or "", segment.code, segment.coder,
        segment.start, segment.end, segment.text, segment.memo or "", "yes" if segment.exemplar else "",
        segment.guid,
    ]


def write_segments_csv(segments: Sequence[SegmentInfo], out: Path) -> None:
    """Write the CSV atomically (a temporary file renamed into place), UTF-8 with a BOM for Excel."""
    with atomic_path(Path(out)) as temporary, temporary.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv_writer(handle)
        writer.writerow(SEGMENT_COLUMNS)
        writer.writerows(segment_row(segment) for segment in segments)
