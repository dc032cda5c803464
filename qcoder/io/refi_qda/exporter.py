"""Writing a project as ``.qdpx`` and its codebook as ``.qdc``: validated, then atomically renamed.

The file appears only once it is complete and valid: it is written to a temporary file beside
the target and renamed into place, so a failure never leaves half a file or clobbers an old one.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from qcoder.core.lifecycle.atomic_files import atomic_path
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.code_tree import list_codes
from qcoder.core.usecases.queries.media import embedded_media
from qcoder.io.refi_qda.bulk import gc_paused
from qcoder.io.refi_qda.document_parts import document_parts
from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.export_checks import make_sound
from qcoder.io.refi_qda.positions import to_crlf
from qcoder.io.refi_qda.report import ExportReport
from qcoder.io.refi_qda.schemas import document_errors, validation_errors
from qcoder.io.refi_qda.snapshot import read_project_data
from qcoder.io.refi_qda.writer import ProjectWriter, build_codebook, splice_selections

Progress = Callable[[int, int, str], None]
"""Called as ``progress(step, steps, what)``."""

COMPRESS_LEVEL = 1
"""Deflate level: three times faster than the default 6 on a large project.qde, 20 % larger."""
CHECK_THREADS = 2
"""project.qde is checked against the schema in this many parts at once, beside the compression
(:mod:`~qcoder.io.refi_qda.document_parts`): of the reference project's 48 MB, ~1.1 s as one."""


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _check_valid(root: etree._Element, kind: str, out: Path) -> None:
    _raise_if_invalid(validation_errors(root, kind), out)


def _raise_if_invalid(errors: list[str], out: Path) -> None:
    if errors:
        raise RefiQdaError(
            f"{out.name} was not written: the export would not be valid REFI-QDA ({'; '.join(errors[:3])})"
        )


def _write_archive(
    project: Project, temporary: Path, xml: bytes, files: list[tuple[str, bytes]],
    recordings: list[tuple[str, int, Path | None]],
) -> None:
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        archive.writestr("project.qde", xml)
        for name, content in files:
            archive.writestr(name, content)
        for name, source_id, file in recordings:  # stored as they are (already compressed)
            if file is not None:  # streamed from the file
                archive.write(file, name, compress_type=zipfile.ZIP_STORED)
            else:  # the copy kept inside the project
                with project.reading() as session:
                    archive.writestr(name, embedded_media(session, source_id) or b"",
                                     compress_type=zipfile.ZIP_STORED)


@contextmanager
def _atomic(out: Path) -> Iterator[Path]:
    if not Path(out).parent.is_dir():
        raise RefiQdaError(f"the folder {Path(out).parent} does not exist")
    with atomic_path(out) as temporary:
        yield temporary


def export_qdpx(
    project: Project, out: Path | str, *, crlf: bool = False, progress: Progress | None = None,
    with_media: bool = False,
) -> ExportReport:
    """Write the whole project as a QDPX; with ``crlf`` the texts have CRLF and positions match;
    ``with_media`` puts the linked recordings that can be found inside it."""
    out = Path(out)
    step = progress or (lambda *_: None)
    with gc_paused():  # hundreds of thousands of rows and elements: nothing for the collector to find
        step(0, 4, "reading the project")
        with project.reading() as session:
            data = read_project_data(session, project.name, project.path)
        repaired = make_sound(data)  # positions within texts, GUIDs unique: never an invalid file
        texts = {sid: to_crlf(text) for sid, text in data.texts.items()} if crlf else data.texts
        step(1, 4, "building project.qde")
        writer = ProjectWriter(data, crlf=crlf, embed_media=with_media)
        root = writer.build(texts)
        xml = splice_selections(_serialise(root), writer.selections)
        del root
        files = [(f"sources/{source.guid}.txt", texts[source.id].encode("utf-8")) for source in data.sources]
        recordings = [(f"sources/{r.internal_name()}", source_id, r.file) for source_id, r in data.recordings.items()
                      if with_media and r.available]
        report = writer.report
        report.repaired = repaired
        del writer, data, texts  # freed now, so that no collection walks them afterwards
    step(2, 4, "validating against the REFI-QDA schema and writing the archive")
    parts = document_parts(xml, CHECK_THREADS)
    with _atomic(out) as temporary, ThreadPoolExecutor(len(parts), thread_name_prefix="qcoder-export-check") as checking:
        # The schema check (lxml) and the compression (zlib) both let other threads run: they
        # go on at the same time, and the archive is renamed into place only once it is valid.
        checked = [checking.submit(document_errors, part, "project") for part in parts]
        del parts
        _write_archive(project, temporary, xml, files, recordings)
        step(3, 4, "validating against the REFI-QDA schema")
        _raise_if_invalid([error for check in checked for error in check.result()], out)
    step(4, 4, "done")
    report.file = str(out)
    return report


def export_qdc(project: Project, out: Path | str) -> ExportReport:
    """Write the code tree as a REFI-QDA codebook (``.qdc``)."""
    out = Path(out)
    with project.reading() as session:
        codes = list_codes(session)
    if not codes:
        raise RefiQdaError("the project has no codes, so there is no codebook to export")
    root = build_codebook(codes)
    _check_valid(root, "codebook", out)
    with _atomic(out) as temporary:
        temporary.write_bytes(_serialise(root))
    report = ExportReport(file=str(out))
    report.written["codes"] = len(codes)
    return report
