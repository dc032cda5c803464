"""An open project: one engine, one session factory, a lock, one short transaction per action.

A project is a ``.qcoder`` file or, for a team coding at the same time, a database on a
PostgreSQL server named by its URL (:mod:`qcoder.core.team.server_url`); both hold the same schema.
"""

from __future__ import annotations

import getpass
import os
import random
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, event, select, text
from sqlalchemy.engine.url import URL
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from qcoder.core.errors import (
    ConcurrentWriteError,
    NotAProjectError,
    ProjectBusyError,
    ProjectNotFoundError,
    QcoderError,
    ReadOnlyProjectError,
)
from qcoder.core.lifecycle.file_guard import WalGuard, is_open_here, register_open, unregister_open
from qcoder.core.lifecycle.lock import LockHolder, ProjectLock, lock_path, read_holder
from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.lifecycle.read_only_media import read_only_url
from qcoder.core.store import schema
from qcoder.core.store.database import WRITE_OPTION, make_engine, sqlite_url
from qcoder.core.store.models import Coder
from qcoder.core.store.project_checks import (
    check_schema_readable,
    check_sqlite_header,
    probe_schema_version,
    restore_missing_parts,
    verify_migrated,
)
from qcoder.core.store.schema import create_schema, upgrade_schema
from qcoder.core.store.storage_errors import check_writable, storage_error
from qcoder.core.store.versions import CLAIMS_KEY, CODER_KEY, OwnVersions
from qcoder.core.team.server_errors import server_errors
from qcoder.core.team.server_url import display_url, is_server_url, parse_server_url, without_password

PROJECT_SUFFIX = ".qcoder"
WRITE_ATTEMPTS = 5
"""How often :meth:`Project.write` tries an action that collided with another coder's."""

T = TypeVar("T")


def default_coder_name() -> str:
    """The coder's name when none is given: ``QCODER_CODER``, else the login name."""
    name = os.environ.get("QCODER_CODER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "coder"


class Project:
    """A project file or server database opened for reading and, unless ``read_only``, writing.

    ``path`` is the file (``None`` on a server), ``url`` the server's address without its
    password (``None`` for a file); ``name`` and ``location`` serve both in what is shown.
    On a server the coder is the login (``current_user``) unless ``coder_name`` says otherwise,
    which the database allows only the project's lead (:mod:`qcoder.core.team.row_security`).
    """

    def __init__(
        self,
        path: Path | None,
        engine: Engine,
        *,
        coder_name: str,
        lock: ProjectLock | None,
        read_only: bool,
        url: URL | None = None,
    ) -> None:
        self.path = path
        self.url = without_password(url) if url is not None else None
        self.engine = engine
        self.coder_name = coder_name
        self.lock = lock
        self.read_only = read_only
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_sessions = sessionmaker(
            engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False
        )
        if url is not None and not read_only:
            from qcoder.core.team.row_security import is_lead, refuse_others_rows

            with engine.connect() as connection:
                if not is_lead(connection):
                    event.listen(self._write_sessions, "before_flush", refuse_others_rows)
        self._coder_id: int | None = None
        self._writing = threading.local()
        self._open_key = register_open(path) if path is not None else None
        """This process has the file open: nothing here may open and close it outside SQLite."""
        self._guard: WalGuard | None = None
        self.origin = uuid.uuid4().hex
        self.own_versions = OwnVersions()
        """Versions of codes, cases and memos that this project's own edits made (``versions``)."""
        """Names this opening of the project in a server's change feed (:mod:`change_feed`)."""

    @property
    def on_server(self) -> bool:
        return self.url is not None

    @property
    def name(self) -> str:
        """The project's short name: the file's stem or the server database's name."""
        if self.url is not None:
            return self.url.database or "project"
        assert self.path is not None
        return self.path.stem

    @property
    def location(self) -> str:
        """Where the project lives, as shown to people (a server address has no password)."""
        return display_url(self.url) if self.url is not None else str(self.path)

    # -- opening and closing ------------------------------------------------------------

    @classmethod
    def create(
        cls,
        path: Path | str | URL,
        *,
        coder_name: str | None = None,
        codebook: str | Path | None = "default",
    ) -> Project:
        """Create a new project file or server project (``path`` a ``postgresql://`` URL);
        ``codebook`` is ``"default"``, ``None`` or a JSON file."""
        from qcoder.core.codebook import read_codebook

        if not isinstance(path, Path) and is_server_url(path):
            return cls._create_on_server(parse_server_url(path), coder_name, codebook)
        assert not isinstance(path, URL)
        path = Path(path)
        if path.exists():
            raise QcoderError(f"{path} already exists; choose another name")
        if not path.parent.exists():
            raise QcoderError(f"the folder {path.parent} does not exist")
        check_output_target(path, new_project=True)  # no stray WAL beside it, no companion's name
        if codebook is not None:
            read_codebook(codebook)  # refuse an unreadable codebook before making any file
        engine = make_engine(sqlite_url(path))
        try:
            create_schema(engine)
        except Exception as error:
            engine.dispose()
            _remove_project_files(path)
            translated = storage_error(path.name, error)  # a full disk, a read-only folder
            if translated is not None:
                raise translated from error
            raise
        project = cls._locked(path, engine, coder_name or default_coder_name())
        return project._with_codebook(codebook, lambda: _remove_project_files(path))

    @classmethod
    def open(
        cls, path: Path | str | URL, *, coder_name: str | None = None, read_only: bool = False
    ) -> Project:
        """Open an existing project; raises :class:`ProjectLockedError` naming the holder."""
        if not isinstance(path, Path) and is_server_url(path):
            return cls._open_on_server(parse_server_url(path), coder_name, read_only)
        assert not isinstance(path, URL)
        path = Path(path)
        if not path.is_file():
            raise ProjectNotFoundError(f"no project file at {path}")
        coder_name = coder_name or default_coder_name()
        if not is_open_here(path):  # reading its header outside SQLite would drop SQLite's locks
            check_sqlite_header(path)
        # Look before touching: a foreign or newer file is refused before the writing engine
        # switches its journal to WAL or a lock is taken.
        version = probe_schema_version(path)
        if read_only:
            if version < schema.SCHEMA_VERSION:
                raise QcoderError(
                    f"this project uses the older schema {version}: open it once for writing to "
                    "upgrade it"
                )
            engine = make_engine(read_only_url(path), read_only=True)  # immutable on read-only media
            try:
                check_schema_readable(engine)
            except Exception:
                engine.dispose()
                raise
            return cls(path, engine, coder_name=coder_name, lock=None, read_only=True)
        check_writable(path)
        engine = make_engine(sqlite_url(path))
        try:
            project = cls._locked(path, engine, coder_name)
        except Exception:
            engine.dispose()
            raise
        try:
            if upgrade_schema(engine, path) is not None or version < schema.SCHEMA_VERSION:
                verify_migrated(engine, path.name)
            restore_missing_parts(engine)
        except DatabaseError as error:
            project.close()
            raise NotAProjectError(f"{path.name} cannot be read as a project: {error.orig}") from error
        except Exception:
            project.close()
            raise
        return project

    @classmethod
    def _create_on_server(
        cls, url: URL, coder_name: str | None, codebook: str | Path | None
    ) -> Project:
        from qcoder.core.codebook import read_codebook
        from qcoder.core.team import server_database

        if codebook is not None:
            read_codebook(codebook)
        engine = server_database.connect(url)
        try:
            server_database.check_empty(engine, url)
            create_schema(engine)
        except Exception:
            engine.dispose()
            raise
        project = cls(None, engine, coder_name=coder_name or server_database.current_login(engine),
                      lock=None, read_only=False, url=url)
        return project._with_codebook(codebook)

    def _with_codebook(self, codebook: str | Path | None, discard: Callable[[], None] = lambda: None) -> Project:
        """Load ``codebook`` into this new project; if that fails, close it, ``discard`` it, re-raise."""
        from qcoder.core.codebook import load_codebook_into

        if codebook is not None:
            try:
                with self.transaction() as session:
                    load_codebook_into(session, codebook)
            except Exception:
                self.close()
                discard()
                raise
        return self

    @classmethod
    def _open_on_server(cls, url: URL, coder_name: str | None, read_only: bool) -> Project:
        from qcoder.core.team import server_database

        engine = server_database.connect(url, read_only=read_only)
        try:
            server_database.check_is_project(engine, url)
            if read_only:
                check_schema_readable(engine)
            else:
                upgrade_schema(engine, None)
                server_database.ensure_feed_and_row_security(engine)
        except Exception:
            engine.dispose()
            raise
        return cls(None, engine, coder_name=coder_name or server_database.current_login(engine),
                   lock=None, read_only=read_only, url=url)

    @classmethod
    def _locked(cls, path: Path, engine: Engine, coder_name: str) -> Project:
        lock = ProjectLock.acquire(path, coder_name)
        try:
            with engine.connect():  # WAL on and the -shm index made before the guard covers them
                pass
        except Exception:
            engine.dispose()
            lock.release()
            raise
        lock.start_heartbeat()
        project = cls(path, engine, coder_name=coder_name, lock=lock, read_only=False)
        project._guard = WalGuard.take(path)
        return project

    def close(self) -> None:
        if self._guard is not None:
            self._guard.release()  # so that our own last connection checkpoints and removes the WAL
        self.engine.dispose()
        unregister_open(self._open_key)  # first: our descriptors close unless another opening remains
        self._open_key = None
        if self._guard is not None:
            self._guard.close()
            self._guard = None
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- sessions -----------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short transaction for one user action: committed on success, else rolled back."""
        if self.read_only:
            raise ReadOnlyProjectError(f"{self.name} is open read-only")
        if getattr(self._writing, "open", False):
            # It would wait for its own thread's write lock and fail after busy_timeout.
            raise RuntimeError(
                "a transaction is already open on this project in this thread; use its session"
            )
        self._writing.open = True
        try:
            with self._write_sessions() as session:
                session.info[CODER_KEY] = self.coder_name
                with server_errors(self.on_server, self.name), session.begin():
                    if self.on_server:  # the change feed records who wrote and from where
                        session.execute(
                            text("SELECT set_config('qcoder.coder', :coder, true), "
                                 "set_config('qcoder.origin', :origin, true)"),
                            {"coder": self.coder_name, "origin": self.origin},
                        )
                    yield session
                self.own_versions.record(session.info.pop(CLAIMS_KEY, ()))
        except OperationalError as error:
            translated = storage_error(self.name, error)  # disk full, read-only, I/O error
            if translated is not None:
                raise translated from error
            if "database is locked" not in str(error.orig) and "database is busy" not in str(error.orig):
                raise
            raise ProjectBusyError(
                f"{self.name} is busy saving something else (an import?); try again in a moment"
            ) from error
        finally:
            self._writing.open = False

    def write(self, use_case: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``use_case(session, *args, **kwargs)`` in one transaction, returning its result.

        On a server an action that collided with another coder's (a deadlock, two new names at
        once) was rolled back whole; it is tried again a few times before the error is shown.
        """
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.transaction() as session:
                    return use_case(session, *args, **kwargs)
            except ConcurrentWriteError:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
        raise AssertionError("unreachable")

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads only; nothing it does is committed."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def switch_coder(self, name: str) -> None:
        """Record what follows under ``name`` (the person changed their name as a coder)."""
        self.coder_name, self._coder_id = name, None

    def coder_id(self) -> int:
        """The id of this project's current coder, created on first use."""
        if self._coder_id is None:
            with self.reading() as session:
                found = session.scalar(select(Coder.id).where(Coder.name == self.coder_name))
            if found is None:
                from qcoder.core.usecases.commands.coders import ensure_coder

                with self.transaction() as session:
                    found = ensure_coder(session, self.coder_name)
            self._coder_id = found
        return self._coder_id


def _remove_project_files(path: Path) -> None:
    """Remove a project file that could not be made whole, with its WAL and shared-memory files."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)


def lock_holder(path: Path | str) -> LockHolder | None:
    """Who holds the lock on the project at ``path``, if anyone (stale or not)."""
    return read_holder(lock_path(Path(path)))
