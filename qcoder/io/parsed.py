"""What a transcript reader returns: the canonical text and its speaker turns."""

from __future__ import annotations

from dataclasses import dataclass, field

from qcoder.core.errors import QcoderError
from qcoder.core.snapshots import TurnInfo


class UnreadableFileError(QcoderError):
    """A file that cannot be imported: corrupt, empty, binary or of an unsupported kind."""


@dataclass(frozen=True)
class ParsedTranscript:
    text: str
    """LF line endings, no BOM: exactly what will be stored."""
    turns: tuple[TurnInfo, ...] = ()
    kind: str = "text"
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Things the user should know about this file (e.g. 'PDF had no text on page 3')."""
    encoding: str | None = None
    """The character encoding a text file was read in (``utf-8``, ``cp1252``…); None for documents."""
