"""Codings as :class:`~qcoder.core.ingest.guid_rows.GuidRows` take them: found by GUID, a merge's
also by content (the same source, code, span and coder here), the new ones in one ``executemany``."""

from __future__ import annotations

from collections.abc import Sequence

from qcoder.core.ingest.guid_rows import GuidRows
from qcoder.core.ingest.incoming import IncomingCoding

ContentKey = tuple[int, int, int, int, int]
"""(source id, code id, start, end, coder id) here."""


class CodingIngest(GuidRows[IncomingCoding, ContentKey]):
    kind = "coding"

    def _contents_here(self) -> dict[str, ContentKey]:
        return self.ingest.coding_contents()

    def _guids_here(self) -> set[str]:
        return self.ingest.coding_guids(fold_case=self._fold)

    def content(self, row: IncomingCoding) -> ContentKey:
        return (row.source_id, row.code_id, row.start, row.end, row.coder_id)

    def _write(self, rows: Sequence[IncomingCoding], want_ids: bool) -> list[int]:
        return self.ingest.add_codings(rows, want_ids=want_ids)
