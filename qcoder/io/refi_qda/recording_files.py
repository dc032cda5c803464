"""Finding the recordings of a QDPX's audio and video sources: carried inside it (copied out into
a folder beside the project), or linked by a relative or absolute path."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from qcoder.core.media_paths import media_kind
from qcoder.io.refi_qda.model import RefiProject
from qcoder.io.refi_qda.safe_archive import SafeArchive
from qcoder.io.refi_qda.texts import internal_name

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def recordings_folder(project_file: Path | None, qdpx: Path) -> Path:
    """Where recordings carried inside ``qdpx`` are copied: ``<project> recordings`` beside the
    project file (beside the QDPX for a server project)."""
    anchor = project_file if project_file is not None else qdpx
    return anchor.parent / f"{anchor.stem} recordings"


def locate_recordings(parsed: RefiProject, archive: SafeArchive, qdpx: Path, folder: Path) -> dict[str, Path]:
    """Source GUID → the recording's file, for every recording that can be found. Recordings
    inside the archive are copied into ``folder`` (created when needed) under their source's name."""
    found: dict[str, Path] = {}
    for source in parsed.sources:
        recording = source.recording
        if recording is None or not recording.path:
            continue
        scheme, _, rest = recording.path.partition("://")
        if not rest:
            scheme, rest = "", recording.path
        inside = internal_name(recording.path)
        if inside is not None:
            entry = archive.find_internal(inside)
            if entry is None:
                continue
            suffix = PurePosixPath(entry).suffix.lower()
            if media_kind(f"x{suffix}") is None:
                continue
            folder.mkdir(parents=True, exist_ok=True)
            target = _free_name(folder, _UNSAFE.sub("_", source.name or source.guid).strip(" .")[:100] or source.guid,
                                suffix)
            archive.copy_to(entry, target)
            found[source.guid] = target
            continue
        path = Path(rest) if scheme.lower() == "absolute" or Path(rest).is_absolute() else qdpx.parent / rest
        if path.is_file() and media_kind(path) is not None:
            found[source.guid] = path
    return found


def _free_name(folder: Path, stem: str, suffix: str) -> Path:
    candidate, number = folder / f"{stem}{suffix}", 2
    while candidate.exists():
        candidate, number = folder / f"{stem} ({number}){suffix}", number + 1
    return candidate
