"""Sources with a recording, as REFI-QDA writes them: an ``AudioSource`` or ``VideoSource`` whose
``Transcript`` is the source's text, timed by ``SyncPoint``s, coded by ``TranscriptSelection``s.

The recording element carries the source's GUID (so cases and notes keep pointing at it); the
transcript carries the link's GUID. A turn with a time gives a ``SyncPoint`` with ``position`` and
``timeStamp``; each passage gives two more, untimed, that its ``TranscriptSelection`` runs between
(the standard's only way to place a passage in a transcript). QualCoder reads exactly this.
Reading it back: the same elements become a text source, its link, its turns' times and its codings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from qcoder.core.media_paths import MEDIA_KINDS


@dataclass(frozen=True)
class RecordingRow:
    """A source's recording as the export needs it."""

    guid: str
    kind: str
    """``audio`` or ``video``."""
    stored: str
    """The link as the project stores it (relative to the project's folder, or absolute)."""
    file: Path | None
    """Where the recording is now (``None`` if it cannot be found)."""
    embedded: bool = False
    """A copy is kept inside the project (written when the file itself cannot be found)."""

    @property
    def available(self) -> bool:
        return self.file is not None or self.embedded

    @property
    def element(self) -> str:
        return "VideoSource" if self.kind == "video" else "AudioSource"

    def file_name(self, source_name: str) -> str:
        """The recording's name as other tools file it: the source's name with the recording's
        suffix (QualCoder names the copied file after it, and its transcript ``NAME.txt``)."""
        suffix = PurePosixPath(self.stored).suffix.lower()
        return source_name if not suffix or source_name.lower().endswith(suffix) else source_name + suffix

    def internal_name(self) -> str:
        """Its file name inside a ``.qdpx`` that carries the recordings."""
        suffix = PurePosixPath(self.stored).suffix.lower()
        return f"{self.guid}{suffix if suffix in MEDIA_KINDS else ''}"

    def path_attribute(self, embedded: bool) -> str:
        if embedded and self.available:
            return f"internal://{self.internal_name()}"
        if self.file is not None:
            return f"absolute://{self.file.resolve().as_posix()}"
        return f"relative://{self.stored}"


def sync_point(guid: str, position: int, time_ms: int | None = None) -> str:
    stamp = "" if time_ms is None else f' timeStamp="{time_ms}"'
    return f'<SyncPoint guid="{guid}" position="{position}"{stamp}/>'


def transcript_selection(guid: str, name: str, start_guid: str, end_guid: str, rest: str) -> str:
    """A ``TranscriptSelection`` between two sync points; ``rest`` its attributes and children
    as they follow ``name`` (creatingUser…, the ``Coding``, a ``NoteRef``)."""
    return (f'<TranscriptSelection guid="{guid}" name="{name}" fromSyncPoint="{start_guid}" '
            f'toSyncPoint="{end_guid}"{rest}</TranscriptSelection>')


def source_name(recording_name: str | None) -> str | None:
    """The transcript's name for a recording element's name (``amara.wav`` → ``amara``)."""
    if recording_name and PurePosixPath(recording_name).suffix.lower() in MEDIA_KINDS:
        return recording_name[: -len(PurePosixPath(recording_name).suffix)] or recording_name
    return recording_name
