"""Hostile and broken files, made on demand: REFI-QDA projects and transcripts that try to harm
(zip slip, entities, bombs, deep nesting) or are simply broken (truncated, empty, binary,
wrongly encoded, enormous). Each factory writes into ``folder`` and returns the file's path."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from tests.io.io_documents import docx_bytes, odt_bytes, pdf_bytes

SOURCE_GUID = "eeeeeeee-0000-4000-8000-000000000001"


def project_qde(name: str = "p", text_path: str | None = None, body: str = "") -> str:
    source = (
        f'<TextSource guid="{SOURCE_GUID}" name="x" plainTextPath="{text_path}"/>' if text_path
        else f'<TextSource guid="{SOURCE_GUID}" name="x"><PlainTextContent>abc</PlainTextContent></TextSource>'
    )
    return f'<Project xmlns="urn:QDA-XML:project:1.0" name="{name}">{body}<Sources>{source}</Sources></Project>'


def _zip(path: Path, entries: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data.encode("utf-8") if isinstance(data, str) else data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return path


def deflate_bomb(path: Path, entries: dict[str, str], bomb_name: str, megabytes: int) -> Path:
    """A ZIP with ordinary ``entries`` and one entry of ``megabytes`` MB of zeros, written by
    hand: one fully flushed deflate block of 1 MB repeated (a second, not a minute, to make)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(2**20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    chunk = bytes(16 * 2**20)
    for _ in range(megabytes // 16):
        crc = zlib.crc32(chunk, crc)
    size = (megabytes // 16) * 16 * 2**20
    payload = block * (size // 2**20) + b"\x03\x00"  # then an empty final block
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    # Append the bomb as one more entry, then rewrite the central directory by hand.
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        directory_at = archive.start_dir
    name = bomb_name.encode()
    with path.open("r+b") as handle:
        handle.seek(directory_at)
        local_at = directory_at
        handle.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(payload), size, len(name), 0))
        handle.write(name)
        handle.write(payload)
        central_at = handle.tell()
        records = [(info.filename.encode(), info.CRC, info.compress_size, info.file_size, info.header_offset)
                   for info in infos] + [(name, crc, len(payload), size, local_at)]
        for entry, entry_crc, packed, plain, offset in records:
            handle.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, entry_crc, packed,
                                     plain, len(entry), 0, 0, 0, 0, 0, offset))
            handle.write(entry)
        central_size = handle.tell() - central_at
        handle.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(records), len(records), central_size,
                                 central_at, 0))
        handle.truncate()
    return path


LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "lollollollollollollollollollol">'
    + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
    + ']><Project xmlns="urn:QDA-XML:project:1.0" name="&j;"/>'
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">'
    '<!ENTITY remote SYSTEM "http://127.0.0.1:9/x">]>'
    '<Project xmlns="urn:QDA-XML:project:1.0" name="&secret;&remote;"/>'
)


def _deep(levels: int) -> str:
    return project_qde(body="<CodeBook><Codes>" + '<Code guid="x" name="c" isCodable="true">' * levels
                       + "</Code>" * levels + "</Codes></CodeBook>")


def _truncated_qdpx(folder: Path) -> Path:
    whole = _zip(folder / "whole.qdpx", {"project.qde": project_qde("p" * 5000, "internal://a.txt"),
                                        "sources/a.txt": os.urandom(200_000).hex()})
    data = whole.read_bytes()
    whole.unlink()
    cut = folder / "cut.qdpx"
    cut.write_bytes(data[: len(data) * 2 // 3])
    return cut


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


REFI: dict[str, Callable[[Path], Path]] = {
    "zip slip ..": lambda f: _zip(f / "slip.qdpx", {"project.qde": project_qde(), "../../evil.txt": "pwned"}),
    "zip slip absolute": lambda f: _zip(f / "abs.qdpx", {"project.qde": project_qde(), "/tmp/evil.txt": "pwned"}),
    "external entities": lambda f: _zip(f / "xxe.qdpx", {"project.qde": XXE}),
    "billion laughs": lambda f: _zip(f / "laughs.qdpx", {"project.qde": LAUGHS}),
    "zip bomb": lambda f: deflate_bomb(
        f / "bomb.qdpx", {"project.qde": project_qde(text_path="internal://big.txt")}, "sources/big.txt", 1024),
    "zip bomb in the project entry": lambda f: deflate_bomb(f / "qdebomb.qdpx", {}, "project.qde", 512),
    "truncated": _truncated_qdpx,
    "not a zip": lambda f: _write(f / "text.qdpx", b"Just some words, not a ZIP.\n" * 100),
    "empty": lambda f: _write(f / "empty.qdpx", b""),
    "deeply nested xml": lambda f: _zip(f / "deep.qdpx", {"project.qde": _deep(100_000)}),
}
"""Hostile REFI-QDA files; every one must be refused."""


def pdf_bomb(path: Path, megabytes: int) -> Path:
    """A one-page PDF whose content stream inflates to ``megabytes`` MB of text commands."""
    line = b"BT /F1 12 Tf 0 0 Td (Interviewer: hello) Tj ET\n"
    stream = zlib.compress(line * (megabytes * 2**20 // len(line)), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    path.write_bytes(bytes(out))
    return path


def _cut(data: bytes) -> bytes:
    return data[: len(data) // 2]


TRANSCRIPTS: dict[str, Callable[[Path], Path]] = {
    "corrupt docx": lambda f: _write(f / "corrupt.docx", _cut(docx_bytes(["Interviewer: hello"] * 200))),
    "corrupt odt": lambda f: _write(f / "corrupt.odt", _cut(odt_bytes(["Interviewer: hello"] * 200))),
    "corrupt pdf": lambda f: _write(f / "corrupt.pdf", _cut(pdf_bytes([["Interviewer: hello"] * 20] * 3))),
    "garbage pdf": lambda f: _write(f / "garbage.pdf", b"%PDF-1.7\n" + os.urandom(50_000)),
    "pdf bomb": lambda f: pdf_bomb(f / "bomb.pdf", 70),
    "docx zip bomb": lambda f: deflate_bomb(f / "bomb.docx", {"[Content_Types].xml": "<Types/>"},
                                            "word/document.xml", 1024),
    "deeply nested docx": lambda f: _write(f / "deep.docx", _deep_docx()),
    "empty": lambda f: _write(f / "empty.txt", b""),
    "only whitespace": lambda f: _write(f / "blank.md", b" \n\t\r\n" * 1000),
    "binary": lambda f: _write(f / "photo.txt", b"\x89PNG\r\n\x1a\n" + os.urandom(100_000)),
    "enormous": lambda f: _sparse(f / "enormous.txt", 300 * 2**20),
    "too long for one transcript": lambda f: _sparse(f / "corpus.md", 100 * 2**20),
    "enormous pdf": lambda f: _sparse(f / "enormous.pdf", 300 * 2**20),
}
"""Broken or hostile transcripts; every one must be refused with a message."""


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
SECRET = '<!ENTITY s SYSTEM "file:///etc/passwd">'
LOL = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))


def _with_part(package: bytes, member: str, xml: str) -> bytes:
    """A real DOCX/ODT with one part replaced."""
    import io

    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in original.infolist():
            copy.writestr(info.filename, xml.encode() if info.filename == member else original.read(info))
    return target.getvalue()


def _docx_with(entities: str, body: str) -> bytes:
    doctype = f'<?xml version="1.0"?><!DOCTYPE d [{entities}]>' if entities else ""
    return _with_part(docx_bytes(["hello"]), "word/document.xml",
                      f"{doctype}<w:document {W}><w:body>{body}</w:body></w:document>")


def _odt_with(entities: str, text: str) -> bytes:
    return _with_part(odt_bytes(["hello"]), "content.xml",
                      f'<?xml version="1.0"?><!DOCTYPE d [{entities}]><office:document-content {ODF_NS}>'
                      f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body>"
                      "</office:document-content>")


def _deep_docx() -> bytes:
    levels = 5_000  # small enough to pass the zip checks: the XML parser must refuse it
    return _docx_with("", "<w:sdt><w:sdtContent>" * levels + "</w:sdtContent></w:sdt>" * levels)


TRANSCRIPTS.update({
    "docx with external entities": lambda f: _write(
        f / "xxe.docx", _docx_with(SECRET, "<w:p><w:r><w:t>Interviewer: &s; end</w:t></w:r></w:p>")),
    "docx billion laughs": lambda f: _write(
        f / "laughs.docx", _docx_with(LOL, "<w:p><w:r><w:t>Interviewer: &j;</w:t></w:r></w:p>")),
    "odt with external entities": lambda f: _write(f / "xxe.odt", _odt_with(SECRET, "Interviewer: &s; end")),
    "odt billion laughs": lambda f: _write(f / "laughs.odt", _odt_with(LOL, "Interviewer: &j;")),
})
