"""Rendering the window offscreen into a PNG, for the README and for tests."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

from qcoder.core.errors import NotFoundError, QcoderError
from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.queries.sources import find_source, list_sources
from qcoder.ui.app import application
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings

SIZE = (1440, 900)


def render_screenshot(project_path: Path | Project, out: Path, *, source: str | None = None,
                      view: str = "workbench", size: tuple[int, int] = SIZE) -> Path:
    """Open the project read-only in a fresh window (no personal settings) and save it as PNG;
    ``project_path`` may be a project already open (a team server's, connected by the caller)."""
    app = application()
    scratch = tempfile.TemporaryDirectory(prefix="qcoder-screenshot-")
    settings = UserSettings(QSettings(str(Path(scratch.name) / "settings.ini"), QSettings.Format.IniFormat),
                            identity_path=Path(scratch.name) / "coder.json")
    window = MainWindow(settings=settings)
    try:
        window.resize(*size)
        window.layout_keeper.arrange_docks(window.size())
        window.show()
        project = project_path if isinstance(project_path, Project) else Project.open(project_path, read_only=True)
        window.controller.set_project(project)
        source_id: int | None
        with project.reading() as session:
            if source is not None:
                source_id = find_source(session, source)
            else:
                sources = list_sources(session)
                source_id = max(sources, key=lambda s: s.codings).id if sources else None
        if source_id is not None:
            window.sources.select_source(source_id)
            window.document.show_source(source_id)
        window.codes.tree.expandToDepth(1)
        busiest = max(window.codes.model.codes(), key=lambda c: c.count, default=None)
        if busiest is not None and busiest.count:
            window.codes.select_code(busiest.id)
        app.processEvents()
        target = window
        if view == "map":
            target = _map_window(window, size)
        elif view != "workbench":
            raise QcoderError(f"unknown view '{view}' (workbench or map)")
        app.processEvents()
        if not target.grab().save(str(out)):
            raise QcoderError(f"could not write {out}")
    except NotFoundError:
        raise
    finally:
        window.controller.close_project()
        window.close()
        settings.qsettings.sync()
        scratch.cleanup()
    return out


def _map_window(window: MainWindow, size: tuple[int, int]):
    opener = getattr(window, "open_map_window", None)
    if opener is None:
        raise QcoderError("this qcoder has no map window yet")
    map_window = opener()
    map_window.resize(*size)
    map_window.show()
    return map_window
