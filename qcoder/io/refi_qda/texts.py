"""Finding and decoding the text of each source (and note) in a QDPX, with positions made exact.

Bytes are decoded here, never through text-mode files: universal newlines would silently drop
``\\r`` and shift every later position. A text with CRLF is stored as LF, and the positions of its
selections are mapped according to the convention :func:`decide_convention` finds for that file.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from dataclasses import dataclass

from qcoder.io.readers import MAX_TEXT_FILE_BYTES
from qcoder.io.refi_qda.model import RefiSource
from qcoder.io.refi_qda.positions import Convention, LineEndingMap, decide_convention, lf_text
from qcoder.io.refi_qda.report import ImportReport
from qcoder.io.refi_qda.safe_archive import SafeArchive

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


@dataclass(frozen=True)
class SourceText:
    text: str
    """LF line endings, no BOM: what will be stored."""
    position: Callable[[int], int]
    """Maps a position in the file's own counting to one in ``text``."""
    convention: Convention | None
    """How CRLF was counted, for texts that had CR at all."""


def decode_bytes(data: bytes, name: str, report: ImportReport) -> str:
    """UTF-8 (the standard's encoding) with or without BOM; UTF-16 with BOM; else cp1252, reported."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        report.remapped(f"{name} is not UTF-8; read as Windows-1252 (check its accents)")
        return data.decode("cp1252", errors="replace")


def internal_name(path: str | None) -> str | None:
    """``internal://abc.txt`` → ``abc.txt``; None for external (relative/absolute) or missing paths."""
    if not path:
        return None
    scheme, separator, rest = path.partition("://")
    if not separator:
        return path
    return rest if scheme.lower() == "internal" else None


def read_entry_text(archive: SafeArchive | None, path: str | None, what: str, report: ImportReport) -> str | None:
    """The decoded text an ``internal://`` path points to, or None (reported) if there is none."""
    name = internal_name(path)
    if name is None:
        if path:
            report.dropped(f"{what}: its text is outside the file ({path}); qcoder reads only what the QDPX holds")
        return None
    entry = archive.find_internal(name) if archive is not None else None
    if entry is None:
        report.dropped(f"{what}: the file has no '{name}'")
        return None
    archive.check_plausible(entry)  # type: ignore[union-attr]  # a zip bomb refuses the whole file
    size = archive.size(entry)  # type: ignore[union-attr]  # found in the archive, so there is one
    if size > MAX_TEXT_FILE_BYTES:  # the same limit as a transcript file's (memory, see there)
        report.dropped(
            f"{what}: its text '{name}' is {size / 2**20:.0f} MB, more than the "
            f"{MAX_TEXT_FILE_BYTES // 2**20} MB qcoder reads as one source"
        )
        return None
    text = decode_bytes(archive.read(entry), name, report)  # type: ignore[union-attr]  # found in the archive, so there is one
    return text[1:] if text.startswith("\ufeff") else text


def resolve_source_text(source: RefiSource, archive: SafeArchive | None, report: ImportReport) -> SourceText | None:
    """The source's stored text and position map, or None (reported) when it has no readable text."""
    label = f"source '{source.name or source.guid}'"
    raw = read_entry_text(archive, source.text_path, label, report) if source.text_path else None
    if raw is None and source.text_content is not None:
        raw = source.text_content
    if (raw is None or not raw.strip()) and source.rich_text_path:
        raw = _rich_text(archive, source.rich_text_path, label, report) or raw
    if raw is None:
        if not source.text_path:
            report.dropped(f"{label}: it has no text")
        return None
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if "\r" not in raw:
        return SourceText(raw, _identity, None)
    spans = [(s.start, s.end, s.name) for s in source.selections if s.start is not None and s.end is not None]
    convention = decide_convention(raw, spans)
    mapping = LineEndingMap(raw, crlf_as_two=convention.crlf_as_two)
    report.note(f"{label} has CRLF line endings, stored as LF: {convention.describe()}")
    return SourceText(lf_text(raw), mapping, convention)


def _identity(position: int) -> int:
    return position


def _rich_text(archive: SafeArchive | None, path: str, label: str, report: ImportReport) -> str | None:
    """The text of the source's rich-text file (DOCX, ODT, RTF…) when its plain text is missing or
    empty, as some exports leave it; read by qcoder's own transcript readers."""
    from qcoder.io.parsed import UnreadableFileError
    from qcoder.io.readers import READERS

    name = internal_name(path)
    entry = archive.find_internal(name) if archive is not None and name else None
    reader = READERS.get("." + name.rpartition(".")[2].lower()) if name else None
    if entry is None or reader is None or archive.size(entry) > MAX_TEXT_FILE_BYTES:  # type: ignore[union-attr]  # found in the archive, so there is one
        return None
    try:
        text = reader(archive.read(entry), name).text  # type: ignore[union-attr, arg-type]  # found in the archive, so there is one
    except UnreadableFileError:
        return None
    report.remapped(f"{label}: its plain text was missing or empty; the text of {name} was used instead")
    return text
