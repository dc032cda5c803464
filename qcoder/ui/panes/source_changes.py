"""What a change means for the sources list, worked out from the change and the list alone (no
read): the sources' new passage counts after a coding, and the sources an import added."""

from __future__ import annotations

from qcoder.core.changes import Changes
from qcoder.core.snapshots import SourceInfo
from qcoder.ui.models.source_list_model import SourceListModel


def shifted_counts(changes: Changes, model: SourceListModel, coder: int | None) -> dict[int, int] | None:
    """The changed sources' counts (of ``coder``'s codings; everyone's for ``None``) worked out
    from the codings as they were and are now, when the change states them; ``None`` if it does
    not, or a source is not listed."""
    shift = changes.coding_shift()
    if shift is None:
        return None
    rows = {source: model.row_of(source) for source in changes.sources}
    if any(row < 0 for row in rows.values()):
        return None
    counts = {source: model.source(row).codings for source, row in rows.items()}
    for codings, step in ((shift[0], -1), (shift[1], 1)):
        for coding in codings.values():
            if coder is None or coding.coder_id == coder:
                if coding.source_id not in counts:
                    return None
                counts[coding.source_id] += step
    return counts


def only_added(changes: Changes, model: SourceListModel) -> tuple[SourceInfo, ...]:
    """The sources a change adds, as it lists them (an import), when that is all it changes."""
    rows = changes.source_rows
    if (not rows or changes.cases or changes.codings or changes.code_tree or changes.attributes
            or {s.id for s in rows} != changes.sources):
        return ()
    listed = {s.id for s in model.sources()}
    return () if any(s.id in listed for s in rows) else rows
