"""Moving a whole project between a file and a team server: push a file up, pull a copy down.

Both check their ends before copying anything (a clear message instead of a half-made copy);
the copy itself is one transaction on the target (:mod:`qcoder.core.team.transfer`).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine.url import URL

from qcoder.core.errors import QcoderError
from qcoder.core.lifecycle.output_targets import check_output_target
from qcoder.core.lifecycle.project import Project
from qcoder.core.team.server_url import is_server_url
from qcoder.core.team.transfer import TransferReport, pull, push


def _check_server(url: str | URL) -> None:
    if isinstance(url, str) and not is_server_url(url):
        raise QcoderError(f"'{url}' is not a server address (postgresql://user@host/database)")


def _push_ends(project_file: Path | str, url: str | URL) -> Path:
    _check_server(url)
    if is_server_url(str(project_file)):
        raise QcoderError("push copies a project FILE to a server: qcoder push P.qcoder URL")
    return Path(project_file)


def check_push(project_file: Path | str, url: str | URL) -> Path:
    """The project file to push, once it and the address are known to be usable (before a
    password is asked for)."""
    path = _push_ends(project_file, url)
    Project.open(path, read_only=True).close()  # a clear message about the file first
    return path


def push_project(project_file: Path | str, url: str | URL, *, coder: str | None = None) -> TransferReport:
    """Copy the project file into the empty database at ``url``, creating the project there."""
    return push(_push_ends(project_file, url), url, coder_name=coder)  # push opens the file: same message


def check_pull(url: str | URL, out: Path | str) -> Path:
    """The new file a pull writes, once the address is one and the file is known not to exist
    and not to hit a project (before a password is asked for)."""
    _check_server(url)
    out = Path(out)
    if out.exists():
        raise QcoderError(f"{out} already exists; choose another name")
    if not out.parent.exists():
        raise QcoderError(f"the folder {out.parent} does not exist")
    check_output_target(out, new_project=True)
    return out


def pull_project(url: str | URL, out: Path | str) -> TransferReport:
    """Copy the server project at ``url`` into the new project file ``out``."""
    return pull(url, check_pull(url, out))
