"""Scanning texts for a pattern, within a time limit by the wall clock and stoppable on request.

The ``regex`` package stops a match after a time limit, but counts the processor time of the
process: on a busy machine a two-second limit can take seven seconds of waiting. So a regular
expression scans in a daemon thread (matching lets go of the GIL) while the caller watches the
clock and the ``cancelled`` question; when either says stop, the caller is told at once and the
abandoned scan ends by itself within its own limit. A phrase search is linear and scans in place.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence

from qcoder.analysis.text_cache import folded
from qcoder.analysis.text_matching import FoldedText, Pattern, find_spans
from qcoder.core.errors import QcoderError

Spans = dict[int, list[tuple[int, int]]]
_POLL = 0.02
"""Seconds between looks at the clock and at ``cancelled`` while a scan runs."""


class SearchTimeout(QcoderError):
    """A regular expression ran past the time limit (it backtracks without end, as nested
    repetition such as ``(a+)+`` can)."""


class SearchCancelled(QcoderError):
    """The person asked for the search to stop."""


class _Scan:
    """One pass over the texts in order, keeping at most ``limit`` hits."""

    def __init__(
        self, order: Sequence[int], texts: Mapping[int, str], hashes: Mapping[int, str], pattern: Pattern,
        limit: int | None, deadline: float | None,
    ) -> None:
        self.order, self.texts, self.hashes, self.pattern = order, texts, hashes, pattern
        self.limit, self.deadline = limit, deadline
        self.found: Spans = {}
        self.truncated = False
        self.current: int | None = None
        """The source being scanned now."""
        self.error: BaseException | None = None
        self.stop = threading.Event()
        self.done = threading.Event()

    def run(self, cancelled: Callable[[], bool] | None = None) -> None:
        remaining = self.limit
        for source_id in self.order:
            if self.stop.is_set() or (cancelled is not None and cancelled()):
                raise SearchCancelled("the search was cancelled")
            text = self.texts.get(source_id)
            if text is None:
                continue
            self.current = source_id
            spans = find_spans(text, self.pattern, folded=self._folded(source_id, text), deadline=self.deadline)
            if remaining is not None:
                self.truncated = len(spans) > remaining
                spans = spans[:remaining]
                remaining -= len(spans)
            if spans:
                self.found[source_id] = spans
            if self.truncated:
                break

    def run_in_thread(self) -> None:
        try:
            self.run()
        except BaseException as error:  # noqa: BLE001 — handed to the waiting caller
            self.error = error
        finally:
            self.done.set()

    def _folded(self, source_id: int, text: str) -> FoldedText | None:
        """The cached case fold when the match will use it (case-insensitive, not a non-ASCII regex)."""
        if self.pattern.case_sensitive or (self.pattern.regex and not text.isascii()):
            return None
        return folded(source_id, self.hashes[source_id], text)


def scan_texts(
    order: Sequence[int], texts: Mapping[int, str], hashes: Mapping[int, str], pattern: Pattern, *,
    limit: int | None, time_limit: float | None, cancelled: Callable[[], bool] | None, names: Mapping[int, str],
) -> tuple[Spans, bool]:
    """The hits of ``pattern`` per source (in ``order``, at most ``limit``) and whether more exist.

    A regular expression still running after ``time_limit`` seconds raises :class:`SearchTimeout`;
    ``cancelled`` returning true raises :class:`SearchCancelled`.
    """
    deadline = time.monotonic() + time_limit if pattern.regex and time_limit is not None else None
    scan = _Scan(order, texts, hashes, pattern, limit, deadline)
    if not pattern.regex:
        scan.run(cancelled)
        return scan.found, scan.truncated
    worker = threading.Thread(target=scan.run_in_thread, name="qcoder-regex", daemon=True)
    worker.start()
    while not scan.done.wait(_POLL):
        if cancelled is not None and cancelled():
            scan.stop.set()
            raise SearchCancelled("the search was cancelled")
        if deadline is not None and time.monotonic() > deadline:
            scan.stop.set()
            raise _timeout(pattern, time_limit, names.get(scan.current or -1))
    if isinstance(scan.error, TimeoutError):
        raise _timeout(pattern, time_limit, names.get(scan.current or -1))
    if scan.error is not None:
        raise scan.error
    return scan.found, scan.truncated


def _timeout(pattern: Pattern, time_limit: float | None, source: str | None) -> SearchTimeout:
    where = f" (in '{source}')" if source else ""
    return SearchTimeout(
        f"the regular expression '{pattern.query}' was stopped after {time_limit or 0:g} s{where}; "
        "nested repetition such as (a+)+ can make a pattern run for hours: simplify it"
    )
