"""Reading a QDPX (a ZIP) without trusting it: no extraction to disk, no ``..`` or absolute names,
a cap on the total decompressed size, a clear message for truncated or non-ZIP files.

Entries are read into memory; the one exception is a recording carried inside the archive, which
:meth:`SafeArchive.copy_to` streams into a file that the importer names (never a name from the
archive), under the same cap.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from qcoder.io.refi_qda.errors import RefiQdaError
from qcoder.io.refi_qda.xml_size import ElementCounter

MAX_TOTAL_BYTES = 2 * 1024**3
"""Refuse archives that would decompress to more than this (zip bombs)."""
MAX_ENTRIES = 200_000
MAX_RATIO = 200
"""XML and text compress 3–30×; an entry over 1 MB that claims to inflate more than this is a bomb."""
_CHUNK = 1 << 20


class SafeArchive:
    """A QDPX opened for reading: the ``.qde`` at its root and its ``sources/`` looked up leniently."""

    def __init__(self, path: Path, *, max_total_bytes: int = MAX_TOTAL_BYTES) -> None:
        self.path = Path(path)
        self.max_total_bytes = max_total_bytes
        self._read_so_far = 0
        self._prefix = ""
        try:
            self._zip = zipfile.ZipFile(self.path)
        except FileNotFoundError:
            raise RefiQdaError(f"no file at {self.path}") from None
        except IsADirectoryError:
            raise RefiQdaError(f"{self.path} is a folder, not a QDPX file") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
            raise RefiQdaError(self._not_a_zip_message()) from None
        try:
            self._check_entries()
        except Exception:
            self._zip.close()
            raise
        self._by_lower = {info.filename.lower(): info for info in self._zip.infolist()}

    def _not_a_zip_message(self) -> str:
        try:
            with self.path.open("rb") as handle:
                head = handle.read(4)
        except OSError as error:
            return f"{self.path.name} cannot be read ({error.strerror})"
        if head.startswith(b"PK"):
            return f"{self.path.name} is truncated or damaged: its ZIP directory cannot be read"
        return f"{self.path.name} is not a QDPX file (a QDPX is a ZIP archive, and this is not one)"

    def _check_entries(self) -> None:
        infos = self._zip.infolist()
        if len(infos) > MAX_ENTRIES:
            raise RefiQdaError(f"{self.path.name} has {len(infos)} entries; refusing more than {MAX_ENTRIES}")
        total = 0
        for info in infos:
            name = info.filename
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if (
                name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":")
                or ".." in parts or "\x00" in name
            ):
                raise RefiQdaError(
                    f"{self.path.name} contains an unsafe entry name '{name}' (absolute or with '..'); "
                    "refusing the whole file"
                )
            total += info.file_size
        if total > self.max_total_bytes:
            raise RefiQdaError(
                f"{self.path.name} would decompress to {total // 2**20} MB, more than the "
                f"{self.max_total_bytes // 2**20} MB qcoder accepts (a possible zip bomb)"
            )

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- finding entries ----------------------------------------------------------------

    def names(self) -> list[str]:
        return [info.filename for info in self._zip.infolist() if not info.is_dir()]

    def project_entry(self) -> str:
        """The single ``*.qde`` at the root, whatever its name (ATLAS.ti names it after the project).

        An archive zipped one folder too high (everything under ``study/``) is accepted too: then
        the ``sources/`` beside that ``.qde`` are the ones used.
        """
        qde = [n for n in self.names() if n.lower().endswith(".qde")]
        found = [n for n in qde if "/" not in n.strip("/")]
        if not found and len(qde) == 1:
            self._prefix = qde[0].rpartition("/")[0].lower() + "/"
            return qde[0]
        if not found:
            raise RefiQdaError(f"{self.path.name} holds no project.qde, so it is not a QDPX project")
        if len(found) > 1:
            exact = [n for n in found if n.lower() == "project.qde"]
            if len(exact) != 1:
                raise RefiQdaError(f"{self.path.name} holds several .qde files ({', '.join(found)})")
            return exact[0]
        return found[0]

    def find_internal(self, file_name: str) -> str | None:
        """The entry for ``internal://<file_name>``: ``sources/`` looked up case-insensitively."""
        wanted = file_name.replace("\\", "/").lower().lstrip("/")
        for candidate in (f"{self._prefix}sources/{wanted}", f"{self._prefix}{wanted}"):
            info = self._by_lower.get(candidate)
            if info is not None:
                return info.filename
        return None

    # -- reading ------------------------------------------------------------------------

    def size(self, name: str) -> int:
        """The entry's declared size once decompressed (reading never yields more)."""
        return self._zip.getinfo(name).file_size

    def read(self, name: str, counter: ElementCounter | None = None) -> bytes:
        """The bytes of one entry, counted against the cap as they decompress (sizes can lie),
        and fed to ``counter`` (which refuses XML with too many elements) as they come."""
        return b"".join(self.stream(name, counter))

    def stream(self, name: str, counter: ElementCounter | None = None) -> Iterator[bytes]:
        """The bytes of one entry, chunk by chunk, checked as :meth:`read` checks them."""
        self.check_plausible(name)
        try:
            with self._zip.open(name) as handle:
                while True:
                    chunk = handle.read(_CHUNK)
                    if not chunk:
                        break
                    self._read_so_far += len(chunk)
                    if self._read_so_far > self.max_total_bytes:
                        raise RefiQdaError(
                            f"{self.path.name} decompresses to more than "
                            f"{self.max_total_bytes // 2**20} MB (a possible zip bomb); refused"
                        )
                    if counter is not None:
                        counter.feed(chunk)
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise RefiQdaError(f"{self.path.name} is damaged: '{name}' cannot be read ({error})") from None
        except NotImplementedError as error:
            raise RefiQdaError(f"{self.path.name}: '{name}' uses an unsupported compression ({error})") from None
        except RuntimeError as error:  # encrypted entries
            raise RefiQdaError(f"{self.path.name}: '{name}' cannot be read ({error})") from None

    def copy_to(self, name: str, target: Path) -> None:
        """Stream one entry into ``target`` (written under a partial name, then renamed), counted
        against the cap like :meth:`read`; a failure leaves no file."""
        partial = target.with_name(target.name + ".partial")
        try:
            with self._zip.open(name) as handle, partial.open("wb") as out:
                while chunk := handle.read(_CHUNK):
                    self._read_so_far += len(chunk)
                    if self._read_so_far > self.max_total_bytes:
                        raise RefiQdaError(f"{self.path.name} decompresses to more than "
                                           f"{self.max_total_bytes // 2**20} MB (a possible zip bomb); refused")
                    out.write(chunk)
            partial.replace(target)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
            raise RefiQdaError(f"{self.path.name} is damaged: '{name}' cannot be read ({error})") from None
        finally:
            partial.unlink(missing_ok=True)

    def check_plausible(self, name: str) -> None:
        """Refuse before inflating anything an entry whose declared size is implausible."""
        try:
            info = self._zip.getinfo(name)
        except KeyError:
            return  # reading it reports the missing entry
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 2**20 and ratio > MAX_RATIO:
            raise RefiQdaError(
                f"{self.path.name}: '{name}' would inflate {info.compress_size // 1024} KB to "
                f"{info.file_size // 2**20} MB (a possible zip bomb); refused"
            )
        if self._read_so_far + info.file_size > self.max_total_bytes:
            raise RefiQdaError(
                f"{self.path.name} decompresses to more than {self.max_total_bytes // 2**20} MB "
                "(a possible zip bomb); refused"
            )
