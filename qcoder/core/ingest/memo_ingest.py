"""Memos as :class:`~qcoder.core.ingest.guid_rows.GuidRows` take them: found by GUID, a merge's also
by content (the same text, coder and source, code or case here); added one by one (a merge reports
each one's id) or in one bulk insert."""

from __future__ import annotations

from collections.abc import Sequence

from qcoder.core.ingest.guid_rows import GuidRows
from qcoder.core.ingest.incoming import IncomingMemo

MemoContent = tuple[str, int, int | None, int | None, int | None]
"""(text, coder id, source id, code id, case id) here."""


class MemoIngest(GuidRows[IncomingMemo, MemoContent]):
    kind = "memo"

    def _contents_here(self) -> dict[str, MemoContent]:
        return self.ingest.memo_contents()

    def _guids_here(self) -> set[str]:
        return self.ingest.memo_guids(fold_case=self._fold)

    def content(self, row: IncomingMemo) -> MemoContent:
        return (row.text, row.coder_id, row.source_id, row.code_id, row.case_id)

    def add_one(self, row: IncomingMemo) -> int:
        """A new memo written at once (a merge reports each one's id); its id."""
        memo_id = self.ingest.add_memo(row)
        self._register(row)
        return memo_id

    def _write(self, rows: Sequence[IncomingMemo], want_ids: bool) -> list[int]:
        if want_ids:
            return [self.ingest.add_memo(row) for row in rows]
        self.ingest.add_memos(rows)
        return []
