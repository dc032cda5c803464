"""Who is coding: the person's name, kept in one small file that the window and the command line
both read (the command line must work without Qt, so not in QSettings).

The file is ``coder.json`` in the user's configuration folder (``$XDG_CONFIG_HOME/qcoder`` or
``~/.config/qcoder`` on Linux, ``~/Library/Application Support/qcoder`` on macOS,
``%APPDATA%\\qcoder`` on Windows; ``$QCODER_CONFIG_DIR`` overrides it). It is a setting of the
person, not of a study: every project they open records their codings under it.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from qcoder.core.lifecycle.atomic_files import atomic_path

ENVIRONMENT_VARIABLE = "QCODER_CODER"
MAX_NAME_LENGTH = 100


def config_dir() -> Path:
    override = os.environ.get("QCODER_CONFIG_DIR", "").strip()
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "qcoder"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "qcoder"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "qcoder"


def identity_file() -> Path:
    return config_dir() / "coder.json"


def clean_coder_name(name: str) -> str:
    """The name as stored: one line, no surrounding blanks; ValueError when it is no name."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a coder's name cannot be empty")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise ValueError(f"a coder's name has at most {MAX_NAME_LENGTH} characters")
    return cleaned


def configured_coder_name(path: Path | None = None) -> str | None:
    """The name the person set (in the window or with ``qcoder coder NAME``), or None."""
    path = path or identity_file()
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError, AttributeError):
        return None
    try:
        return clean_coder_name(value) if isinstance(value, str) else None
    except ValueError:
        return None


def save_coder_name(name: str, path: Path | None = None) -> str:
    """Keep ``name`` as the person's coder name; returns it cleaned."""
    cleaned = clean_coder_name(name)
    path = path or identity_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps({"name": cleaned}, ensure_ascii=False) + "\n", encoding="utf-8")
    return cleaned


@dataclass(frozen=True)
class CoderChoice:
    """A coder's name and where it came from, to say so ("from --coder", "from your settings")."""

    name: str
    origin: str


def choose_coder(given: str | None, path: Path | None = None) -> CoderChoice | None:
    """``given`` (an option), else ``$QCODER_CODER``, else the configured name; None if none is —
    the caller asks or refuses, never falls back to the login name silently."""
    if given and given.strip():
        return CoderChoice(clean_coder_name(given), "--coder")
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if from_environment:
        return CoderChoice(clean_coder_name(from_environment), f"${ENVIRONMENT_VARIABLE}")
    configured = configured_coder_name(path)
    if configured:
        return CoderChoice(configured, f"your settings ({path or identity_file()})")
    return None
