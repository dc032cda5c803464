"""Importing a batch of transcript files into a project.

Every file is read and parsed first; a bad file gets its own clear message and never stops the
others. The good ones are stored one transaction per file, so a failure part-way leaves all
earlier files imported and nothing half-written. A file whose text is already in the project is
imported but flagged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qcoder.core.errors import QcoderError
from qcoder.core.project import Project
from qcoder.core.usecases.sources import add_source, sources_with_hash, text_sha256, unique_source_name
from qcoder.io.readers import read_transcript

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, file name)``."""


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

    def line(self) -> str:
        return f"{'ok' if self.ok else 'FAILED'}  {Path(self.path).name}: {self.message}"


def import_files(
    project: Project,
    paths: Sequence[Path],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[ImportResult]:
    """Import each file as a source named after it; one result per file, in order."""
    results: list[ImportResult] = []
    coder_id = project.coder_id()
    for index, path in enumerate(paths):
        if cancelled is not None and cancelled():
            results.append(ImportResult(str(path), False, "not imported: cancelled"))
            continue
        results.append(_import_one(project, Path(path), coder_id))
        if progress is not None:
            progress(index + 1, len(paths), Path(path).name)
    return results


def _import_one(project: Project, path: Path, coder_id: int) -> ImportResult:
    try:
        parsed = read_transcript(path)
        with project.transaction() as session:
            duplicates = tuple(sources_with_hash(session, text_sha256(parsed.text)))
            name = unique_source_name(session, path.stem)
            changes = add_source(
                session, name, parsed.text, turns=parsed.turns, kind=parsed.kind,
                original_filename=path.name, imported_by_id=coder_id,
            )
    except QcoderError as error:
        message = str(error)
        prefix = f"{path.name}: "
        return ImportResult(str(path), False, message[len(prefix):] if message.startswith(prefix) else message)
    speakers = tuple(dict.fromkeys(turn.speaker for turn in parsed.turns))
    message = f"imported as '{name}', {len(parsed.text)} characters, {len(parsed.turns)} speaker turns"
    if duplicates:
        message += f"; the same text is already in {', '.join(duplicates)}"
    message += "".join(f"; {note}" for note in parsed.notes)
    return ImportResult(
        str(path), True, message, changes.created_id, name, len(parsed.text), len(parsed.turns),
        speakers, duplicates,
    )
