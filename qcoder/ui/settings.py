"""The person's settings (recent files, window layout, coder name, theme) in one place: QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

MAX_RECENT = 10


class UserSettings:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or QSettings("qcoder", "qcoder")

    def recent_files(self) -> list[str]:
        value = self.qsettings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or []) if Path(str(v)).exists()]

    def add_recent(self, path: Path) -> None:
        entry = str(Path(path).resolve())
        files = [f for f in self.recent_files() if f != entry]
        self.qsettings.setValue("recent_files", [entry, *files][:MAX_RECENT])

    def coder_name(self) -> str | None:
        value = self.qsettings.value("coder_name", "")
        return str(value) or None

    def set_coder_name(self, name: str) -> None:
        self.qsettings.setValue("coder_name", name)

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

    def pinned_codes(self, project: Path) -> list[str]:
        value = self.qsettings.value(f"pinned/{Path(project).resolve()}", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def set_pinned_codes(self, project: Path, guids: list[str]) -> None:
        self.qsettings.setValue(f"pinned/{Path(project).resolve()}", guids)
