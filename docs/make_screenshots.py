"""The screenshots in docs/screens/: the main screens at 1366×768 (a small laptop) and at 2×
scaling (the same screen on a high-DPI display), from the sample study; at 1× also the README's
docs/screenshot.png.

    QT_QPA_PLATFORM=offscreen python docs/make_screenshots.py          # 1×
    QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=2 python docs/make_screenshots.py

Each window is 1366×768 logical pixels, so it is what the laptop shows maximised, its panes as
the first run arranges them there.
"""

from __future__ import annotations

import os
import sys
import tempfile
import wave
from pathlib import Path

from PySide6.QtCore import QSettings, QSize

from qcoder.core.lifecycle.project import Project
from qcoder.core.usecases.commands.media import link_media
from qcoder.core.usecases.queries.media import MediaLink
from qcoder.core.usecases.queries.sources import find_source
from qcoder.io.sample_study import build_sample_project
from qcoder.ui.app import application
from qcoder.ui.main_window import MainWindow
from qcoder.ui.settings import UserSettings
from qcoder.ui.window_layout import default_size

SIZE = (1366, 768)
HERE = Path(__file__).resolve().parent / "screens"


def main() -> int:
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    suffix = "1366x768" if scale in ("", "1") else f"1366x768@{scale}x"
    app = application()
    scratch = Path(tempfile.mkdtemp(prefix="qcoder-docs-"))
    study = build_sample_project(scratch / "sample.qcoder")
    settings = UserSettings(QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat),
                            identity_path=scratch / "coder.json")
    settings.set_coder_name("Alex")
    window = MainWindow(settings=settings)
    # As a laptop shows it: the first run's window and panes for a 1366×740 desktop, maximised.
    window.resize(default_size(QSize(1366, 740)))
    window.show()
    app.processEvents()
    window.layout_keeper.arrange_docks(window.size())
    app.processEvents()
    window.resize(*SIZE)
    app.processEvents()
    shots = {"start": window}
    save(window, f"start-{suffix}")

    window.projects.opened(Project.open(study, coder_name="Alex"))
    with window.controller.project.reading() as session:
        source = find_source(session, "04-orchid-systems")
    window.sources.select_source(source)
    window.codes.tree.expandToDepth(1)
    busiest = max(window.codes.model.codes(), key=lambda c: c.count)
    window.codes.select_code(busiest.id)
    for _ in range(3):  # the margin widens after its first paint if an extra lane is needed
        app.processEvents()
        window.document.margin.repaint()
    save(window, f"workbench-{suffix}")

    window.docks["memos"].raise_()
    app.processEvents()
    save(window, f"memos-{suffix}")
    window.docks["retrieval"].raise_()

    map_window = window.open_map_window()
    map_window.resize(*SIZE)
    for index, name in enumerate(("network", "lifecycle", "matrix")):
        map_window.tabs.setCurrentIndex(index)
        app.processEvents()
        save(map_window, f"map-{name}-{suffix}")
    map_window.close()
    del shots
    window.controller.close_project()
    if scale in ("", "1"):
        readme_screenshot(window, study, scratch)
    window.close()
    return 0


def readme_screenshot(window: MainWindow, study: Path, scratch: Path) -> None:
    """docs/screenshot.png: the workbench at 1600×900 on a transcript linked to its recording (a
    silent four minutes), so that the player shows under the text."""
    app = application()
    recording = scratch / "03-kestrel-labs.wav"
    with wave.open(str(recording), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(8000)
        audio.writeframes(b"\x80" * 8000 * 240)
    project = Project.open(study, coder_name="Alex")
    with project.transaction() as session:
        source = find_source(session, "03-kestrel-labs")
        link_media(session, MediaLink(source, str(recording), "audio", 240_000))
    window.resize(1600, 900)
    window.layout_keeper.arrange_docks(window.size())
    window.projects.opened(project)
    window.sources.select_source(source)
    window.codes.tree.expandToDepth(1)
    window.codes.select_code(max(window.codes.model.codes(), key=lambda c: c.count).id)
    for _ in range(3):
        app.processEvents()
        window.document.margin.repaint()
    out = HERE.parent / "screenshot.png"
    window.grab().save(str(out))
    print(out, file=sys.stderr)
    window.controller.close_project()


def save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    HERE.mkdir(exist_ok=True)
    out = HERE / f"{name}.png"
    widget.grab().save(str(out))
    print(out, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
