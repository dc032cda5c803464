"""Counts in the side panes follow a burst of coding a moment later, in one go.

Coding a passage must feel instant; the passage counts beside the code tree, the sources and
the cases need not hold it up. A pane hands the ``Changes`` of coding-only edits to a
:class:`DeferredRefresh`, which merges them and calls the pane once, ``DELAY_MS`` after the
last — so ten quick codings (or a "code all hits") cost one recount, not ten.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer

from qcoder.core.changes import Changes

DELAY_MS = 80


class DeferredRefresh(QObject):
    def __init__(self, refresh: Callable[[Changes], None], parent: QObject, *, active: Callable[[], bool]) -> None:
        """``active`` says whether there is still something to refresh (the project may be closed)."""
        super().__init__(parent)
        self._refresh = refresh
        self._active = active
        self._pending: list[Changes] = []
        """Merged only when flushed: merging each coding into a growing burst copied the burst."""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        return bool(self._pending)

    def add(self, changes: Changes) -> None:
        self._pending.append(changes)
        self._timer.start()

    def flush(self) -> None:
        """Refresh now with what is pending (before any other refresh, so order is kept)."""
        self._timer.stop()
        pending, self._pending = self._pending, []
        if pending and self._active():
            self._refresh(merge_all(pending))


def merge_all(changes: list[Changes]) -> Changes:
    """All of ``changes`` merged in order, pairwise (a long burst costs n log n, not n²)."""
    while len(changes) > 1:
        pairs = zip(changes[::2], changes[1::2])
        changes = [first.merged(second) for first, second in pairs] + changes[len(changes) - len(changes) % 2:]
    return changes[0]


def coding_only(changes: Changes) -> bool:
    """Passages coded, uncoded or resized, and nothing else that a side pane shows."""
    return bool(changes.codings) and not (
        changes.code_tree or changes.cases or changes.attributes or changes.coders or changes.memos
    )


def sources_still_there(changes: Changes) -> bool:
    """The change states its codings in full (which says no source went), or every changed
    coding is handed back as it now stands: their sources certainly exist (a burst of codings,
    an unmark, an undo need no read to know that)."""
    if changes.codings and changes.coding_shift() is not None:
        return True
    standing = {c.id: c.source_id for c in changes.coding_rows}
    return bool(changes.codings) and changes.codings <= standing.keys() and changes.sources <= set(standing.values())


def only_a_new_code(changes: Changes) -> bool:
    """A code was added (e.g. in vivo) and nothing else: no passage, source or case has it yet."""
    return (changes.code_tree and changes.created_id is not None and changes.codes == {changes.created_id}
            and not (changes.codings or changes.sources or changes.cases or changes.attributes))


def parts_of(changes: Changes) -> tuple[Changes, ...]:
    """Codes added together with passages coded with the last of them (in vivo: one edit, one
    transaction; its group too the first time) as the changes it is made of: each new code in
    turn, then the codings, so that a pane follows each as it follows it alone. Any other change
    as it is."""
    created = changes.created_id
    shift = changes.coding_shift() if changes.codings else None
    if (created is None or not changes.code_tree or created not in changes.codes or shift is None or shift[0]
            or any(code > created for code in changes.codes)
            or any(c.code_id != created for c in shift[1].values())
            or changes.cases or changes.attributes or changes.coders or changes.memos or changes.texts):
        return (changes,)
    codes = tuple(Changes(codes=frozenset({code}), code_tree=True, created_id=code,
                          code_rows=tuple(c for c in changes.code_rows if c.id == code)) for code in sorted(changes.codes))
    return (*codes, replace(changes, codes=frozenset({created}), code_tree=False, created_id=None, undo=None, code_rows=(),
                            messages=()))
