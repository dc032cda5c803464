"""A throwaway PostgreSQL server on loopback for the team-server tests (standard library only).

``.ci/services`` runs ``python3 tests/pg_server.py start`` after installing PostgreSQL; the test
fixtures call :func:`ensure_server`, which finds that server, or starts one from the installed
binaries, or tells why it cannot. ``QCODER_TEST_PG_URL`` points the tests at another server.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PORT = int(os.environ.get("QCODER_TEST_PG_PORT", "54329"))
SUPERUSER = "postgres"
PASSWORD = "qcoder-test"
# As root the server runs as ``postgres``, which may not enter a private $TMPDIR: use /tmp then.
DATA_DIR = Path("/tmp" if os.geteuid() == 0 else tempfile.gettempdir()) / f"qcoder-test-pg-{PORT}"


def admin_url(database: str = "postgres") -> str:
    """The superuser's SQLAlchemy URL of the test server."""
    configured = os.environ.get("QCODER_TEST_PG_URL")
    if configured:
        return configured
    return f"postgresql+psycopg://{SUPERUSER}:{PASSWORD}@127.0.0.1:{PORT}/{database}"


def _binaries() -> Path | None:
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _listening() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=0.5):
            return True
    except OSError:
        return False


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the ``postgres`` account then."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


def ensure_server() -> tuple[str | None, str]:
    """``(url, "")`` of a running test server, or ``(None, why not)``."""
    if os.environ.get("QCODER_TEST_PG_URL") or _listening():
        return admin_url(), ""
    binaries = _binaries()
    if binaries is None:
        return None, "PostgreSQL is not installed (no initdb); .ci/run installs it"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return None, "running as root without runuser: cannot start PostgreSQL as another user"
    try:
        _initialise(binaries)
        _start(binaries)
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"the test PostgreSQL server could not start: {error}"
    return admin_url(), ""


def _initialise(binaries: Path) -> None:
    if (DATA_DIR / "PG_VERSION").exists():
        return
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    password_file = DATA_DIR.parent / f"qcoder-test-pg-{PORT}.pw"
    password_file.write_text(PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(DATA_DIR, "postgres", "postgres")
        shutil.chown(password_file, "postgres", "postgres")
    try:
        subprocess.run(
            _as_server_user([
                str(binaries / "initdb"), "-D", str(DATA_DIR), "-U", SUPERUSER,
                f"--pwfile={password_file}", "--auth-local=trust", "--auth-host=scram-sha-256",
                "--encoding=UTF8", "--locale=C.UTF-8",
            ]),
            check=True, capture_output=True, timeout=120,
        )
    finally:
        password_file.unlink(missing_ok=True)


def _start(binaries: Path) -> None:
    options = f"-p {PORT} -k {DATA_DIR} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
    subprocess.run(
        _as_server_user([
            str(binaries / "pg_ctl"), "-D", str(DATA_DIR), "-l", str(DATA_DIR / "server.log"),
            "-o", options, "-w", "-t", "60", "start",
        ]),
        check=True, capture_output=True, timeout=90,
    )
    deadline = time.monotonic() + 30
    while not _listening():
        if time.monotonic() > deadline:
            raise OSError("the server did not listen within 30 s")
        time.sleep(0.2)


def stop_server() -> None:
    binaries = _binaries()
    if binaries is not None and (DATA_DIR / "postmaster.pid").exists():
        subprocess.run(
            _as_server_user([str(binaries / "pg_ctl"), "-D", str(DATA_DIR), "-m", "fast", "stop"]),
            capture_output=True, timeout=60,
        )


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "start"
    if action == "stop":
        stop_server()
    else:
        url, reason = ensure_server()
        if url is None:
            print(f"pg_server: {reason}", file=sys.stderr)
            sys.exit(1)
        print(f"pg_server: listening on 127.0.0.1:{PORT}")
