"""The person's settings (recent files, window layout, coder name, theme) in one place: QSettings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from qcoder.core.lifecycle.coder_identity import configured_coder_name, identity_file, save_coder_name
from qcoder.core.team.server_url import credential_key, display_url, is_server_url, parse_server_url

MAX_RECENT = 10


class UserSettings:
    def __init__(self, settings: QSettings | None = None, identity_path: Path | None = None) -> None:
        self.qsettings = settings or QSettings("qcoder", "qcoder")
        self.identity_path = identity_path or identity_file()

    def recent_files(self) -> list[str]:
        """Recent projects: files that still exist, and team-server addresses (never a password)."""
        value: Any = self.qsettings.value("recent_files", [])  # a list, a str for one entry, or None
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if is_server_url(str(v)) or Path(str(v)).exists()]

    def add_recent(self, path: Path | str) -> None:
        entry = _server_entry(str(path)) if is_server_url(str(path)) else str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != entry]
        self.qsettings.setValue("recent_files", [entry, *files][:MAX_RECENT])

    def coder_name(self) -> str | None:
        """The person's name as coder: kept in the file the command line reads too (an older
        name kept in QSettings is moved there)."""
        name = configured_coder_name(self.identity_path)
        legacy = str(self.qsettings.value("coder_name", "") or "")
        if name is None and legacy.strip():
            name = self.set_coder_name(legacy)
        return name

    def set_coder_name(self, name: str) -> str:
        self.qsettings.remove("coder_name")
        return save_coder_name(name, self.identity_path)

    def window_state(self) -> tuple[QByteArray | None, QByteArray | None]:
        geometry = self.qsettings.value("window/geometry")
        state = self.qsettings.value("window/state")
        return (geometry if isinstance(geometry, QByteArray) else None,
                state if isinstance(state, QByteArray) else None)

    def save_window_state(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def sources_grouped_by_case(self) -> bool:
        """Whether the sources pane shows its sources grouped by case (else a flat table)."""
        return str(self.qsettings.value("sources/group_by_case", "false")).lower() in ("true", "1")

    def set_sources_grouped_by_case(self, grouped: bool) -> None:
        self.qsettings.setValue("sources/group_by_case", grouped)

    def shortcut_overrides(self) -> dict[str, str]:
        """The keys the person chose for actions (by action name; "" = no key), portable text."""
        self.qsettings.beginGroup("shortcuts")
        try:
            return {key: str(self.qsettings.value(key, "")) for key in self.qsettings.childKeys()}
        finally:
            self.qsettings.endGroup()

    def set_shortcut_override(self, action: str, keys: str | None) -> None:
        """Keep ``keys`` for ``action``; None goes back to the default."""
        if keys is None:
            self.qsettings.remove(f"shortcuts/{action}")
        else:
            self.qsettings.setValue(f"shortcuts/{action}", keys)

    def pinned_codes(self, project: Path | str) -> list[str]:
        value: Any = self.qsettings.value(_pinned_key(project), [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def set_pinned_codes(self, project: Path | str, guids: list[str]) -> None:
        self.qsettings.setValue(_pinned_key(project), guids)


def _server_entry(url: str) -> str:
    """A server project as the recent list keeps it: its address, shown form, no password."""
    return display_url(parse_server_url(url))


def _pinned_key(project: Path | str) -> str:
    if is_server_url(str(project)):  # QSettings keys must not hold '//' or ':' of an address
        return "pinned_server/" + credential_key(parse_server_url(str(project))).replace("/", "|")
    return f"pinned/{Path(project).resolve()}"
