"""Where a linked recording is: stored relative to the project's folder, found again from it.

A link is stored relative to the folder of the project file whenever the recording lies in or
below a folder the project shares with it (``interviews/ann.wav``, ``../audio/ann.wav``), so that a
project moved or copied with its recordings keeps its links; a recording on another drive is
stored with its absolute path. Paths are stored with ``/`` so that a project made on Windows opens
on Linux and back.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

MEDIA_KINDS: dict[str, str] = {
    ".wav": "audio", ".mp3": "audio", ".m4a": "audio", ".ogg": "audio", ".oga": "audio", ".flac": "audio",
    ".mp4": "video", ".m4v": "video", ".webm": "video", ".mov": "video",
}
"""The recordings qcoder links, by file suffix: what Qt Multimedia (FFmpeg) plays everywhere."""


def media_kind(path: Path | str) -> str | None:
    """``"audio"`` or ``"video"`` for a recording's file name, ``None`` for anything else."""
    return MEDIA_KINDS.get(Path(path).suffix.lower())


def stored_media_path(project_file: Path | None, media: Path) -> str:
    """How a link to ``media`` is stored for a project at ``project_file`` (``None``: a server)."""
    media = Path(os.path.abspath(media))
    if project_file is None:
        return media.as_posix()
    folder = Path(os.path.abspath(project_file)).parent
    try:
        relative = os.path.relpath(media, folder)
    except ValueError:  # another drive on Windows
        return media.as_posix()
    return PurePosixPath(*Path(relative).parts).as_posix()


def resolve_media_path(project_file: Path | None, stored: str) -> Path:
    """The file a stored link names, for a project at ``project_file``."""
    path = Path(*PurePosixPath(stored).parts) if stored else Path()
    if path.is_absolute() or project_file is None:
        return path
    return Path(os.path.normpath(Path(os.path.abspath(project_file)).parent / path))


def sibling_media(transcript: Path) -> Path | None:
    """A recording with the transcript's name beside it (``ann.docx`` → ``ann.m4a``), if any."""
    try:
        candidates = sorted(
            entry for entry in transcript.parent.iterdir()
            if entry.stem == transcript.stem and entry != transcript and media_kind(entry) and entry.is_file()
        )
    except OSError:
        return None
    return candidates[0] if candidates else None
