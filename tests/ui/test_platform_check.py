"""The window's first command on a system without Qt's xcb libraries: one sentence naming them."""

import subprocess

import pytest

from qcoder.cli.main import main
from qcoder.ui import platform_check
from qcoder.ui.platform_check import missing_packages_from_error, package_of, platform_problem

LDD_OUTPUT = """\tlinux-vdso.so.1 (0x00007ffd)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxkbcommon-x11.so.0 => not found
"""


@pytest.mark.parametrize("soname, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libGL.so.1", "libgl1"), ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"), ("libxcb-render-util.so.0.0.0", "libxcb-render-util0"),
])
def test_debian_package_of_a_library(soname, package):
    assert package_of(soname) == package


def test_a_plugin_that_does_not_load_names_every_missing_package(tmp_path, monkeypatch):
    plugin = tmp_path / "libqxcb.so"
    plugin.write_bytes(b"not a library")  # dlopen refuses it for real
    real_run = subprocess.run
    monkeypatch.setattr(platform_check.subprocess, "run", lambda command, **kw: (
        subprocess.CompletedProcess(command, 0, LDD_OUTPUT, "") if command[0] == "ldd" else real_run(command, **kw)))
    problem = platform_problem({"DISPLAY": ":0"}, plugin=plugin)
    assert problem is not None and "\n" not in problem
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxkbcommon-x11-0'" in problem


def test_the_loader_message_names_the_first_missing_library():
    message = "libxcb-icccm.so.4: cannot open shared object file: No such file or directory"
    assert missing_packages_from_error(message) == ["libxcb-icccm4"]


def test_other_platforms_are_not_checked(tmp_path):
    broken = tmp_path / "libqxcb.so"
    broken.write_bytes(b"not a library")
    assert platform_problem({"QT_QPA_PLATFORM": "offscreen"}, plugin=broken) is None
    assert platform_problem({"QT_QPA_PLATFORM": "wayland"}, plugin=broken) is None
    assert platform_problem({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, plugin=broken) is None
    assert platform_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}, plugin=broken) is not None


def test_the_window_command_says_it_in_one_line_and_opens_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(platform_check, "platform_problem", lambda: "the window cannot open because …")
    assert main(["open"]) == 3
    assert capsys.readouterr().err == "qcoder: the window cannot open because …\n"


def test_the_installed_plugin_loads_or_is_explained():
    """On this machine: either Qt's xcb plugin loads, or the sentence names packages to install."""
    problem = platform_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"})
    assert problem is None or "apt-get install lib" in problem
