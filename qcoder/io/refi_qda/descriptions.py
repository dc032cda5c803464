"""Memos written twice, as ``Note``/``NoteRef`` and inside ``Description``, and read back once.

REFI-QDA has two places for the text about an element: its ``Description`` and the ``Note``s it
refers to. qcoder keeps memos as notes; QualCoder (and others) read only descriptions — a
passage's memo from its ``PlainTextSelection``, a source's from its ``TextSource``, a case's and
a code's from theirs. So an export writes each memo in both: the description holds the element's
own text (a code's definition, a case's description) followed by its memos, a blank line apart.

On import the two must not become two copies. :func:`unfold_descriptions` takes off the end of
each description the memos that arrive as notes anyway; what is left is the element's own text —
or, for a source or a passage, a memo of its own (QualCoder's source memo, a MAXQDA comment).
"""

from __future__ import annotations

from collections.abc import Iterable

from qcoder.io.refi_qda.model import RefiProject

SEPARATOR = "\n\n"


def described(own: str | None, memos: Iterable[str]) -> str:
    """The text of a ``Description``: the element's own text, then its memos."""
    return SEPARATOR.join(part.strip() for part in (own or "", *memos) if part and part.strip())


def without_notes(description: str | None, note_texts: Iterable[str]) -> str:
    """``description`` without the note texts a qcoder export appended to it (else as it was)."""
    text = (description or "").strip()
    carried = described(None, note_texts)
    if text and carried and text == carried:
        return ""
    if text and carried and text.endswith(SEPARATOR + carried):
        return text[: -len(carried) - len(SEPARATOR)].rstrip()
    return description or ""


def unfold_descriptions(parsed: RefiProject, note_texts: dict[str, str]) -> None:
    """Take the memos that also arrive as notes out of every description of ``parsed``."""

    def texts(guids: Iterable[str]) -> list[str]:
        return [note_texts.get(guid.lower(), "") for guid in guids]

    for code in parsed.codes:
        code.description = without_notes(code.description, texts(code.notes))
    notes = {guid.lower() for guid in note_texts}
    linked: dict[str, list[str]] = {}
    for origin, target in parsed.links:
        note, other = (origin, target) if origin.lower() in notes else (target, origin)
        linked.setdefault(other.lower(), []).append(note)
    for case in parsed.cases:
        case.description = without_notes(case.description, texts(linked.get(case.guid.lower(), [])))
    for source in parsed.sources:
        if source.description:
            source.description = without_notes(source.description, texts(source.notes)) or None
        for selection in source.selections:
            if selection.description:
                guids = selection.notes + [guid for coding in selection.codings for guid in coding.notes]
                selection.description = without_notes(selection.description, texts(guids)) or None
