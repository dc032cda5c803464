"""Reading a QDPX or QDC into one value, before (and without) anything being stored.

:func:`read_refi` is a function of the file alone: it opens no project, runs no SQL and changes
nothing but the report it fills with what it repaired or could not read, by reason (and, for a
QDPX that carries recordings, the files it copies out into the folder it is given). The value it
returns, :class:`RefiRead`, is what :class:`~.store.ProjectStore` hands to the ingest engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from qcoder.io.refi_qda.bulk import gc_paused
from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.model import RefiProject
from qcoder.io.refi_qda.reader import ProjectReader
from qcoder.io.refi_qda.recording_files import locate_recordings
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.safe_archive import MAX_TOTAL_BYTES, SafeArchive
from qcoder.io.refi_qda.schemas import CODEBOOK_NAMESPACE, PROJECT_NAMESPACE, validation_errors
from qcoder.io.refi_qda.texts import SourceText, read_entry_text, resolve_source_text
from qcoder.io.refi_qda.xml_safety import local, parse_xml
from qcoder.io.refi_qda.xml_size import ElementCounter, count_elements
from qcoder.io.refi_qda.xml_stream import StreamedXml, read_ahead, stream_xml

Progress = Callable[[int, int, str], None]
SUFFIXES = (".qdpx", ".qdc")
MAX_QDC_BYTES = 256 * 1024**2


@dataclass(frozen=True)
class RefiRead:
    """Everything a REFI-QDA file brings, read and checked; nothing stored yet."""

    project: RefiProject
    texts: dict[str, SourceText] = field(default_factory=dict)
    """Source GUID → its text (LF, no BOM) and the map from the file's positions to it."""
    notes: dict[str, str] = field(default_factory=dict)
    """Note GUID → its text."""
    recordings: dict[str, Path] = field(default_factory=dict)
    """Source GUID → the file of its recording (copied out of the archive, or found on disk)."""


def read_refi(path: Path | str, report: ImportReport, *, recordings_folder: Path | None = None,
              progress: Progress | None = None, max_total_bytes: int = MAX_TOTAL_BYTES) -> RefiRead:
    """Read a ``.qdpx`` or ``.qdc``; what was repaired or dropped, and why, goes into ``report``.

    Recordings inside a QDPX are copied into ``recordings_folder`` (not copied without one)."""
    path = Path(path)
    step = progress or (lambda *_: None)
    kind = path.suffix.lower()
    if kind not in SUFFIXES:
        raise RefiQdaError(f"{path.name} is not a REFI-QDA file (expected .qdpx or .qdc)")
    with gc_paused():
        if kind == ".qdc":
            return RefiRead(_read_qdc(path, report, max_total_bytes))
        with SafeArchive(path, max_total_bytes=max_total_bytes) as archive:
            entry = archive.project_entry()
            counter = ElementCounter(f"{path.name} ({entry})")
            reader = ProjectReader(report)
            streamed = stream_xml(read_ahead(archive.stream(entry, counter)), entry, reader.passage)
            reader.streamed = streamed.selections
            parsed = _parse(streamed.root, report, "project", counter.elements, reader, streamed)
            step(1, 3, "reading the source texts")
            texts = {}
            for source in parsed.sources:
                resolved = resolve_source_text(source, archive, report)
                if resolved is not None:
                    texts[source.guid] = resolved
            notes = {}
            for note in parsed.notes:
                text = note.text_content
                if text is None and note.text_path:
                    text = read_entry_text(archive, note.text_path, f"note '{note.name or note.guid}'", report)
                notes[note.guid] = text if text is not None else (note.name or "")
            recordings = (locate_recordings(parsed, archive, path, recordings_folder)
                          if recordings_folder is not None else {})
    return RefiRead(parsed, texts, notes, recordings)


def _read_qdc(path: Path, report: ImportReport, max_bytes: int) -> RefiProject:
    try:
        size = path.stat().st_size
        if size > min(max_bytes, MAX_QDC_BYTES):
            raise RefiQdaError(f"{path.name} is too large for a codebook ({size // 2**20} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise RefiQdaError(f"no file at {path}") from None
    except OSError as error:
        raise RefiQdaError(f"{path.name} cannot be read ({error.strerror})") from None
    if data[:2] == b"PK":
        raise RefiQdaError(f"{path.name} is a ZIP archive, not a codebook; a project should end in .qdpx")
    elements = count_elements(data, path.name)
    return _parse(parse_xml(data, path.name), report, "codebook", elements)


def _parse(root, report: ImportReport, expected: str, elements: int, reader: ProjectReader | None = None,
           streamed: StreamedXml | None = None) -> RefiProject:
    kind = "codebook" if local(root) == "CodeBook" else "project"
    wanted = CODEBOOK_NAMESPACE if kind == "codebook" else PROJECT_NAMESPACE
    ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if ns != wanted:
        report.schema(
            f"the file uses the namespace '{ns or 'none'}' instead of '{wanted}'; read by element names"
        )
    else:
        for line in validation_errors(root, kind, elements=elements):
            report.schema(line)
    if streamed is not None:
        streamed.drop_passages()
    if kind != expected and expected == "codebook":
        raise RefiQdaError(f"{report.file} holds a <{local(root)}>, not a REFI-QDA <CodeBook>")
    parsed = (reader or ProjectReader(report)).read_project(root)
    report.origin = parsed.origin
    return parsed
