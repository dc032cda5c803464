"""What an import or export did: counts, and in detail what was dropped or re-mapped and why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from qcoder.core.ingest.added import AddedRows

MAX_LISTED = 20
"""Per kind of problem, list this many examples and then a count."""


def counted(count: int, kind: str) -> str:
    """``3 codings``, ``1 coding``: kinds are named in the plural."""
    if count == 1 and kind.endswith("s"):
        kind = kind[:-1]
    return f"{count} {kind}"


@dataclass
class ProblemList:
    """Remarks grouped by kind: 'dropped' (lost), 'remapped' (kept differently), 'schema', 'note'."""

    items: dict[str, list[str]] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    reasons: dict[str, Counter[str]] = field(default_factory=dict)
    """Per kind, how many remarks each reason had (for remarks that name one): a file can bring
    hundreds of thousands, of which only the first few are listed."""

    def add(self, kind: str, message: str, reason: str | None = None) -> None:
        self.counts[kind] += 1
        if reason is not None:
            reasons = self.reasons.get(kind)
            if reasons is None:
                reasons = self.reasons[kind] = Counter()
            reasons[reason] += 1
        bucket = self.items.setdefault(kind, [])
        if len(bucket) < MAX_LISTED:
            bucket.append(message)

    def by_reason(self, kind: str) -> str:
        """``"3 selections without a valid GUID; 1 coding of a code not in the file"``, or ``""``."""
        return "; ".join(f"{count} × {reason}" for reason, count in self.reasons.get(kind, Counter()).most_common())

    def lines(self, kind: str) -> list[str]:
        shown = self.items.get(kind, [])
        extra = self.counts[kind] - len(shown)
        return shown + ([f"… and {extra} more"] if extra > 0 else [])


@dataclass
class ImportReport:
    """Counts of what an import added, what it found already present, and the problems met."""

    file: str
    kind: str = "qdpx"
    added: Counter[str] = field(default_factory=Counter)
    """Entities added, by kind: coders, codes, sources, codings, cases, attributes, values, memos…"""
    existing: Counter[str] = field(default_factory=Counter)
    """Entities matched to ones already in the project (by GUID, or by name where said)."""
    problems: ProblemList = field(default_factory=ProblemList)
    origin: str | None = None
    added_rows: AddedRows = field(default_factory=AddedRows)
    """The rows the import added (by GUID, value key and case link): what undoing it removes,
    through the ingest engine's :func:`~qcoder.core.ingest.added.undo_ingest`."""

    def dropped(self, message: str, reason: str | None = None) -> None:
        self.problems.add("dropped", message, reason)

    def remapped(self, message: str, reason: str | None = None) -> None:
        self.problems.add("remapped", message, reason)

    def note(self, message: str) -> None:
        self.problems.add("note", message)

    def schema(self, message: str) -> None:
        self.problems.add("schema", message)

    @property
    def changed_anything(self) -> bool:
        return any(self.added.values())

    def summary(self) -> str:
        added = ", ".join(counted(count, kind) for kind, count in self.added.items() if count) or "nothing new"
        text = f"imported {added} from {self.file}"
        existing = sum(self.existing.values())
        if existing:
            text += f" ({existing} already in the project were left as they were)"
        return text

    def lines(self) -> list[str]:
        """The report as lines a person reads: summary first, then each kind of remark."""
        out = [self.summary()]
        if self.origin:
            out.append(f"made by: {self.origin}")
        titles = (
            ("dropped", "Dropped (not imported)"),
            ("remapped", "Re-mapped (imported differently)"),
            ("note", "Notes"),
            ("schema", "Schema validation (reported only; the file was still read)"),
        )
        for kind, title in titles:
            lines = self.problems.lines(kind)
            if lines:
                out.append(f"{title}: {self.problems.counts[kind]}")
                reasons = self.problems.by_reason(kind)
                if reasons:
                    out.append(f"  by reason: {reasons}")
                out.extend(f"  - {line}" for line in lines)
        if not self.problems.counts["dropped"]:
            out.append("Nothing was dropped: everything in the file arrived"
                       + (" (some of it re-mapped, as listed)" if self.problems.counts["remapped"] else ""))
        return out

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file, "kind": self.kind, "origin": self.origin,
            "added": {k: v for k, v in self.added.items() if v},
            "existing": {k: v for k, v in self.existing.items() if v},
            "dropped": self.problems.lines("dropped"), "remapped": self.problems.lines("remapped"),
            "notes": self.problems.lines("note"), "schema": self.problems.lines("schema"),
            "counts": {kind: count for kind, count in self.problems.counts.items() if count},
            "reasons": {kind: dict(reasons) for kind, reasons in self.problems.reasons.items()},
        }


@dataclass
class ExportReport:
    """What an export wrote and what REFI-QDA has no place for (so it was left out)."""

    file: str
    written: Counter[str] = field(default_factory=Counter)
    left_out: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    """Items of an unsound project left out or written under a new GUID (``export_checks``)."""

    def summary(self) -> str:
        written = ", ".join(counted(count, kind) for kind, count in self.written.items() if count) or "nothing"
        return f"wrote {written} to {self.file}"

    def lines(self) -> list[str]:
        return ([self.summary()] + [f"  not in the file: {item}" for item in self.left_out]
                + [f"  repaired: {item}" for item in self.repaired])
