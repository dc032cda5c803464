"""Checks on zipped document packages (DOCX, ODT) before a library opens them.

A damaged file, a file that is not a zip at all, or a zip bomb (a few kilobytes that inflate to
gigabytes) gets one clear message instead of a library's traceback or an exhausted machine.
"""

from __future__ import annotations

import io
import zipfile

from qcoder.io.parsed import UnreadableFileError

MAX_INFLATED_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
"""XML compresses well (10–30×); a member inflating more than this is hostile."""


def check_package(data: bytes, name: str, kind: str, required_member: str) -> None:
    """Raise :class:`UnreadableFileError` unless ``data`` is a sane zip holding ``required_member``."""
    if not data.strip(b"\x00 \t\r\n"):
        raise UnreadableFileError(f"{name} is empty")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise UnreadableFileError(f"{name} is not a valid {kind}: the file is damaged or of another kind") from None
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > MAX_INFLATED_BYTES or (member.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise UnreadableFileError(f"{name} inflates to an implausible size: refused as unsafe")
    if required_member not in {member.filename for member in members}:
        raise UnreadableFileError(f"{name} is not a valid {kind}: it has no {required_member}")
    _refuse_doctype(data, name, required_member)


def _refuse_doctype(data: bytes, name: str, member: str) -> None:
    """Word and LibreOffice never write a DTD; one in the main part can only smuggle entities
    (a file's contents, a "billion laughs"), and an unresolved entity would silently cut text."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package, package.open(member) as handle:
            head = handle.read(1 << 16)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError, ValueError):
        return  # the reader's own parsing reports a damaged part
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise UnreadableFileError(f"{name} declares XML entities (a DTD), which word processors never write: refused as unsafe")
