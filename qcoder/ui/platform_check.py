"""Before the window: can Qt load its platform plugin here? If not, one sentence that names the
missing system packages, instead of Qt's abort ("could not load the Qt platform plugin "xcb"…").

A minimal Debian or Ubuntu lacks some of the xcb libraries that PySide6's ``libqxcb.so`` links
against (libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1…). Loading the plugin with ``ctypes``
costs a millisecond when all is well; only when it fails does ``ldd`` list every missing library.
"""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import PySide6

# Debian names a library's package after its soname (libxcb-icccm.so.4 → libxcb-icccm4); these not.
PACKAGE_OF_SONAME = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}


def platform_problem(environment: dict[str, str] | None = None, plugin: Path | None = None) -> str | None:
    """Why Qt will not be able to open a window, in one sentence; None when it will (or when
    the platform is not the X11 one this check knows, e.g. offscreen, Wayland, Windows, macOS)."""
    environment = dict(os.environ) if environment is None else environment
    if sys.platform != "linux" or not _uses_xcb(environment):
        return None
    plugin = plugin or Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None  # a Qt built elsewhere: let Qt speak for itself
    try:
        ctypes.CDLL(str(plugin))
    except OSError as error:
        packages = missing_packages(plugin) or missing_packages_from_error(str(error))
        if packages:
            listed = " ".join(packages)
            return (f"the window cannot open because Qt's X11 plugin needs system libraries that are missing: "
                    f"install them with 'sudo apt-get install {listed}' (Debian/Ubuntu names) and start qcoder again")
        return f"the window cannot open because Qt's X11 plugin does not load ({error})"
    if not environment.get("DISPLAY"):
        return ("there is no display to open the window on (DISPLAY is not set); "
                "log in to a desktop, or use 'qcoder screenshot' to render the window into a PNG")
    return None


def _uses_xcb(environment: dict[str, str]) -> bool:
    requested = environment.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return requested.split(";")[0].split(":")[0] == "xcb"
    wayland = environment.get("WAYLAND_DISPLAY") and environment.get("XDG_SESSION_TYPE") == "wayland"
    return not wayland


def missing_packages(library: Path) -> list[str]:
    """The packages of the libraries ``ldd`` reports as "not found" for ``library``."""
    try:
        result = subprocess.run(["ldd", str(library)], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return []
    sonames = re.findall(r"^\s*(\S+)\s+=>\s+not found", result.stdout, flags=re.MULTILINE)
    return _unique(package_of(soname) for soname in sonames)


def missing_packages_from_error(message: str) -> list[str]:
    """The first missing library, as ``dlopen`` names it ("libxcb-icccm.so.4: cannot open…")."""
    match = re.search(r"(lib[\w.+-]+\.so[.\d]*): cannot open shared object file", message)
    return [package_of(match.group(1))] if match else []


def package_of(soname: str) -> str:
    """Debian's package for a library: libxcb-icccm.so.4 → libxcb-icccm4, libxkbcommon-x11.so.0 →
    libxkbcommon-x11-0, libGL.so.1 → libgl1."""
    if soname in PACKAGE_OF_SONAME:
        return PACKAGE_OF_SONAME[soname]
    match = re.fullmatch(r"(lib[\w.+-]+?)\.so\.(\d+)(?:\.\d+)*", soname)
    if not match:
        return soname
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
