"""Importing a QDPX project or a QDC codebook into a project, matching GUIDs so that importing
the same file twice changes nothing.

Everything is read, decoded and checked before the first row is written; the rows then go in
within one transaction (bulk inserts for codings, texts and values), so a file that fails part-way
leaves the project exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qcoder.core.lifecycle.file_guard import is_open_here
from qcoder.core.lifecycle.project import Project
from qcoder.io.refi_qda.bulk import gc_paused
from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.model import RefiProject
from qcoder.io.refi_qda.reader import ProjectReader
from qcoder.io.refi_qda.recording_files import locate_recordings, recordings_folder
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.safe_archive import MAX_TOTAL_BYTES, SafeArchive
from qcoder.io.refi_qda.schemas import CODEBOOK_NAMESPACE, PROJECT_NAMESPACE, validation_errors
from qcoder.io.refi_qda.store import ProjectStore
from qcoder.io.refi_qda.texts import SourceText, read_entry_text, resolve_source_text
from qcoder.io.refi_qda.xml_safety import children, local, parse_xml
from qcoder.io.refi_qda.xml_stream import StreamedXml, read_ahead, stream_xml
from qcoder.io.refi_qda.xml_size import ElementCounter, count_elements

Progress = Callable[[int, int, str], None]
SUFFIXES = (".qdpx", ".qdc")
MAX_QDC_BYTES = 256 * 1024**2


def import_refi(
    project: Project,
    path: Path | str,
    *,
    progress: Progress | None = None,
    max_total_bytes: int = MAX_TOTAL_BYTES,
) -> ImportReport:
    """Import a ``.qdpx`` (whole project) or ``.qdc`` (codebook) into ``project``; return the report."""
    path = Path(path)
    step = progress or (lambda *_: None)
    kind = path.suffix.lower()
    if kind not in SUFFIXES:
        raise RefiQdaError(f"{path.name} is not a REFI-QDA file (expected .qdpx or .qdc)")
    report = ImportReport(file=path.name, kind=kind.lstrip("."))
    with gc_paused():
        _import(project, path, kind, report, step, max_total_bytes)
    return report


def _import(
    project: Project, path: Path, kind: str, report: ImportReport, step: Progress, max_total_bytes: int
) -> None:
    step(0, 3, f"reading {path.name}")
    if is_open_here(path):  # reading it outside SQLite would drop SQLite's locks on it
        raise RefiQdaError(f"{path.name} is a project file open in qcoder, not a REFI-QDA file")
    if kind == ".qdc":
        parsed = _read_qdc(path, report, max_total_bytes)
        texts: dict[str, SourceText] = {}
        notes: dict[str, str] = {}
        recordings: dict[str, Path] = {}
    else:
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
            recordings = locate_recordings(parsed, archive, path, recordings_folder(project.path, path))
    step(2, 3, "storing")
    try:
        with project.transaction() as session:
            ProjectStore(session, report, coder_name=project.coder_name, project_file=project.path,
                         recording_files=recordings).store(parsed, texts, notes)
    except BaseException:  # nothing stored: take back the recordings copied out for it
        for copied in recordings.values():
            if copied.parent == recordings_folder(project.path, path):
                copied.unlink(missing_ok=True)
        raise
    step(3, 3, "done")


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
        if streamed is not None:
            streamed.restore_kept()
        for line in validation_errors(root, kind, elements=elements):
            report.schema(line)
    if streamed is not None:  # the kept passages were read already; put back only to be checked
        for parent in streamed.selections:
            for element in list(children(parent, "PlainTextSelection")):
                parent.remove(element)
    if kind != expected and expected == "codebook":
        raise RefiQdaError(f"{report.file} holds a <{local(root)}>, not a REFI-QDA <CodeBook>")
    parsed = (reader or ProjectReader(report)).read_project(root)
    report.origin = parsed.origin
    return parsed
