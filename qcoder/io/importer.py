"""Importing a batch of transcript files into a project.

Every file is read and parsed first, outside any transaction; a bad file (corrupt, empty,
binary, unsupported, too large) gets its own clear message and never stops the others. The good
ones are stored together — one transaction per chunk of files, a few statements for all of
them; should the database refuse one, each file is stored in its own SAVEPOINT — so a file that
cannot be stored leaves nothing half-written, the others still go in, and nothing already in
the project is touched. A file whose text is already in the project (or earlier in the same
batch) is imported but flagged. The commit leaves the write-ahead log's checkpoint to the caller
(:func:`qcoder.core.store.wal_checkpoint.checkpoint`, once the result is shown) or the next commit.

Cancelling stops reading further files; the files already read are still stored, the rest are
reported as not imported.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from qcoder.core.errors import QcoderError, error_reason
from qcoder.core.lifecycle.project import Project
from qcoder.core.media_paths import media_kind, stored_media_path
from qcoder.core.store.wal_checkpoint import defer_checkpoint
from qcoder.core.usecases.commands.media import link_media
from qcoder.core.usecases.commands.source_batch import NewSource, SourceBatch
from qcoder.core.usecases.queries.media import MediaLink
from qcoder.core.usecases.queries.pseudonymise import pseudonym_map
from qcoder.io.decoding import describe_encoding
from qcoder.io.media_probe import media_duration_ms
from qcoder.io.parsed import ParsedTranscript
from qcoder.io.pseudonymised_import import pseudonymised, pseudonymised_name
from qcoder.io.readers import read_transcript
from qcoder.io.speakers import name_list

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, file name)`` after each file has been read."""

_speaker = attrgetter("speaker")
CHUNK_CHARACTERS = 50_000_000
"""Store the files read so far once they hold this many characters (bounds memory and lock time)."""


@dataclass(frozen=True)
class ImportResult:
    path: str
    ok: bool
    message: str
    source_id: int | None = None
    source_name: str | None = None
    characters: int = 0
    turns: int = 0
    speakers: tuple[str, ...] = ()
    duplicate_of: tuple[str, ...] = ()
    encoding: str | None = None
    """What a text file was read as; None for documents and failures."""
    media: str | None = None
    """The recording beside the file that was linked to the new source, as stored."""

    @property
    def file_name(self) -> str:
        return os.path.basename(self.path)  # a report asks for it several times per file

    def line(self) -> str:
        """One line for a terminal or a report: ``ok  a.txt: imported as …``."""
        status = "ok" if self.ok else "FAILED"
        if self.message.startswith(self.file_name):
            return f"{status}  {self.message}"
        return f"{status}  {self.file_name}: {self.message}"


def import_files(
    project: Project,
    paths: Sequence[Path | str],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ImportResult]:
    """Import each file as a source named after it; one result per file, in order."""
    with _cycle_collector_paused():
        return _import_files(project, paths, progress, cancelled)


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a batch is imported: 200 transcripts make ~100,000
    objects (speaker turns, their labels), none in a cycle, and they set off ~120 collections that
    took 40–150 ms of the import's time. Reference counting frees them as before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_files(
    project: Project, paths: Sequence[Path | str], progress: Progress | None, cancelled: Callable[[], bool] | None,
) -> list[ImportResult]:
    coder_id = project.coder_id()
    results: list[ImportResult | None] = [None] * len(paths)
    pending: list[tuple[int, Path, ParsedTranscript]] = []
    recordings: dict[int, MediaLink] = {}
    pending_characters = 0
    beside = _RecordingsBeside()
    for index, raw_path in enumerate(paths):
        path = Path(raw_path)
        if cancelled is not None and cancelled():
            for rest in range(index, len(paths)):
                results[rest] = ImportResult(str(paths[rest]), False, "not imported: cancelled")
            break
        if media_kind(path) is not None:
            results[index] = _recording_result(path, paths)
            if progress is not None:
                progress(index + 1, len(paths), path.name)
            continue
        try:
            parsed = read_transcript(path)
        except QcoderError as error:
            results[index] = _failure(path, str(error))
        except Exception as error:  # noqa: BLE001 — a reader's library failing on hostile input: one line, go on
            results[index] = _failure(path, f"could not be read ({type(error).__name__}: {error})")
        else:
            recording = _recording_beside(project, path, beside)
            if recording is not None:
                recordings[index] = recording
            pending.append((index, path, parsed))
            pending_characters += len(parsed.text)
            if pending_characters >= CHUNK_CHARACTERS:
                _store(project, pending, results, coder_id, recordings, last=False)
                pending, pending_characters = [], 0
        if progress is not None:
            progress(index + 1, len(paths), path.name)
    if pending:
        _store(project, pending, results, coder_id, recordings, last=True)
    return [result for result in results if result is not None]


def _store(
    project: Project,
    pending: list[tuple[int, Path, ParsedTranscript]],
    results: list[ImportResult | None],
    coder_id: int,
    recordings: dict[int, MediaLink],
    *,
    last: bool,
) -> None:
    """Store one chunk in one transaction; a file that fails is rolled back to its savepoint.
    The ``last`` one leaves the checkpoint to the caller; earlier ones keep the log from growing."""
    stored: list[tuple[int, ImportResult]] = []
    try:
        with project.transaction() as session:
            if last:
                defer_checkpoint(session)
            table = pseudonym_map(session)  # a pseudonymised project: new imports are too
            pending[:] = [(index, path, pseudonymised(parsed, table)) for index, path, parsed in pending]
            added = SourceBatch(session).add_many([
                NewSource(
                    pseudonymised_name(path.stem or path.name, table), parsed.text, parsed.turns, parsed.kind,
                    pseudonymised_name(path.name, table), coder_id, parsed.encoding,
                )
                for _index, path, parsed in pending
            ])
            for (index, path, parsed), outcome in zip(pending, added):
                if isinstance(outcome, Exception):
                    results[index] = _failure(path, f"could not be stored: {outcome}")
                else:
                    recording = recordings.get(index)
                    if recording is not None:
                        link_media(session, MediaLink(outcome.id, recording.path, recording.kind, recording.duration_ms))
                    stored.append((index, _success(path, parsed, outcome.id, outcome.name, outcome.duplicate_of,
                                                   None if recording is None else recording.path)))
    except (QcoderError, SQLAlchemyError, OSError) as error:
        for index, path, _parsed in pending:
            if results[index] is None:
                results[index] = _failure(path, f"could not be saved: {error_reason(error)}")
        return
    for index, result in stored:
        results[index] = result


def _recording_result(path: Path, batch: Sequence[Path | str]) -> ImportResult:
    """A recording in a batch is linked to the transcript of the same name, not imported itself."""
    if any(Path(other).stem == path.stem and Path(other).parent == path.parent and media_kind(other) is None
           for other in batch):
        return ImportResult(str(path), True, "a recording: linked to its transcript of the same name")
    return ImportResult(str(path), False, "a recording, not a transcript: import its transcript, then link it to "
                        "the source (Link recording…, or qcoder media)")


class _RecordingsBeside:
    """The recordings in each folder of a batch, listed once per folder: listing the folder for
    each of its 200 transcripts read 40,000 directory entries."""

    def __init__(self) -> None:
        self._by_folder: dict[Path, dict[str, list[Path]]] = {}

    def of(self, transcript: Path) -> Path | None:
        """A recording with the transcript's name beside it (``ann.docx`` → ``ann.m4a``), if any."""
        folder = transcript.parent
        recordings = self._by_folder.get(folder)
        if recordings is None:
            recordings = self._by_folder[folder] = _recordings_in(folder)
        candidates = sorted(media for media in recordings.get(transcript.stem, ()) if media != transcript)
        return candidates[0] if candidates else None


def _recordings_in(folder: Path) -> dict[str, list[Path]]:
    """The recordings in ``folder`` by file stem (none if it cannot be listed)."""
    found: dict[str, list[Path]] = {}
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if media_kind(entry.name) is not None and entry.is_file():
                    path = folder / entry.name
                    found.setdefault(path.stem, []).append(path)
    except OSError:
        return {}
    return found


def _recording_beside(project: Project, transcript: Path, beside: _RecordingsBeside) -> MediaLink | None:
    """The recording with the transcript's name beside it (``ann.docx`` and ``ann.m4a``), to link;
    one whose header cannot be read is linked without a length (the player finds it)."""
    if media_kind(transcript) is not None:
        return None
    media = beside.of(transcript)
    if media is None:
        return None
    try:
        duration = media_duration_ms(media)
    except QcoderError:
        duration = None
    return MediaLink(0, stored_media_path(project.path, media), media_kind(media) or "audio", duration)


def _failure(path: Path, message: str) -> ImportResult:
    prefix = f"{path.name}: "
    return ImportResult(str(path), False, message[len(prefix):] if message.startswith(prefix) else message)


def _success(
    path: Path, parsed: ParsedTranscript, source_id: int, name: str, duplicates: tuple[str, ...],
    media: str | None = None,
) -> ImportResult:
    speakers = tuple(dict.fromkeys(map(_speaker, parsed.turns)))
    message = f"imported as '{name}', {len(parsed.text)} characters, {len(parsed.turns)} speaker turns"
    if speakers:
        message += f" ({name_list(speakers[:6] + (('…',) if len(speakers) > 6 else ()))})"
    if parsed.encoding is not None:
        message += f"; read as {describe_encoding(parsed.encoding)}"
    if duplicates:
        message += f"; DUPLICATE: the same text is already in {', '.join(duplicates)}"
    message += "".join(f"; {note}" for note in parsed.notes)
    if media is not None:
        message += f"; recording linked: {media}"
    return ImportResult(
        str(path), True, message, source_id, name, len(parsed.text), len(parsed.turns), speakers, duplicates,
        parsed.encoding, media,
    )
