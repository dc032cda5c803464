"""Started as a separate process by ``run_all``: how long until the window shows a project, and
how much memory it then holds. ``bare`` measures a bare Qt window, the physical baseline.

Prints one line ``ready <seconds since the process started> <RSS in MB>``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def since_start() -> float:
    """Seconds since this process began (kernel start time), interpreter start-up included."""
    ticks = os.sysconf("SC_CLK_TCK")
    started = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return uptime - started


def main() -> None:
    mode = sys.argv[1]
    if mode == "bare":
        from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit

        app = QApplication([])
        window = QMainWindow()
        window.setCentralWidget(QPlainTextEdit())
        window.show()
        app.processEvents()
    else:
        from qcoder.ui.app import application
        from qcoder.ui.main_window import MainWindow

        app = application()
        window = MainWindow()
        window.show()
        window.projects.open_path(Path(sys.argv[2]), ask=False)
        app.processEvents()
    print(f"ready {since_start():.3f} {rss_mb():.1f}", flush=True)
    if mode != "bare":
        window.controller.close_project()


if __name__ == "__main__":
    main()
