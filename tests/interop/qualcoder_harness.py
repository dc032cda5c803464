"""Runs QualCoder's own REFI-QDA project import (its ``refi.py``, unchanged) without a window.

QualCoder is a PyQt6 application; its importer needs a file dialog, a progress dialog, a message
box and an ``app`` holding the project's SQLite connection. Here those are stand-ins: the file
dialog answers with the file to import, the dialogs do nothing, and the connection is a SQLite
database made with the ``CREATE TABLE`` statements of QualCoder's own ``__main__.py`` (read from
its source, first definition of each table). Everything that reads the XML and writes rows is
QualCoder's code.

The source comes from a checkout of https://github.com/ccbogel/QualCoder: set ``QUALCODER_SRC``
to its ``src/qualcoder`` folder, or to a bare git directory (it is read with ``git show``).
"""

from __future__ import annotations

import ast
import builtins
import importlib
import os
import sqlite3
import subprocess
import sys
import types
from pathlib import Path

DEFAULT_MIRROR = Path("/work/.mirror/ccbogel+QualCoder/repo")


def qualcoder_source() -> dict[str, str] | None:
    """``refi.py`` and ``__main__.py`` of QualCoder, or None when no checkout is at hand."""
    configured = os.environ.get("QUALCODER_SRC")
    folder = Path(configured) if configured else DEFAULT_MIRROR
    files = {"refi.py": "", "__main__.py": ""}
    if (folder / "refi.py").is_file():
        return {name: (folder / name).read_text("utf-8") for name in files}
    if not (folder / "HEAD").is_file() and not (folder / ".git").exists():
        return None
    try:
        for name in files:
            files[name] = subprocess.run(
                ["git", "-C", str(folder), "show", f"HEAD:src/qualcoder/{name}"],
                check=True, capture_output=True, text=True,
            ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return files


class _AnyClass(type):
    def __getattr__(cls, name: str) -> _Anything:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything()


class _Anything(metaclass=_AnyClass):
    """A stand-in for any Qt class or value: callable, subclassable, every attribute another one."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def __call__(self, *args: object, **kwargs: object) -> _Anything:
        return _Anything()

    def __getattr__(self, name: str) -> _Anything:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything()


class _StubModule(types.ModuleType):
    def __getattr__(self, name: str) -> type[_Anything]:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Anything


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def append(self, text: str) -> None:
        self.lines.append(str(text))


def _create_tables(main_source: str) -> list[str]:
    statements: dict[str, str] = {}
    for node in ast.walk(ast.parse(main_source)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "execute" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("CREATE TABLE"):
                table = first.value.split()[2]
                if table not in statements or first.lineno < statements[table][0]:  # type: ignore[index]
                    statements[table] = (first.lineno, first.value)  # type: ignore[assignment]
    return [sql for _line, sql in sorted(statements.values())]  # type: ignore[misc]


def import_with_qualcoder(qdpx: Path, workdir: Path) -> tuple[sqlite3.Connection, list[str]]:
    """Import ``qdpx`` with QualCoder's importer into a new QualCoder database: its connection, and
    the lines QualCoder wrote to its log pane."""
    source = qualcoder_source()
    assert source is not None, "no QualCoder source"
    package = workdir / "qc_pkg" / "qualcoder"
    (package / "GUI").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "GUI" / "__init__.py").write_text("")
    (package / "GUI" / "ui_dialog_refi_export_endings.py").write_text("class Ui_Dialog_refi_export_line_endings:\n    pass\n")
    (package / "color_selector.py").write_text(
        "colors = ['#F5F6CE'] * 120\n\ndef color_matcher(colour):\n    return colour\n"
    )
    (package / "helpers.py").write_text(
        "class Message:\n    def __init__(self, *args, **kwargs):\n        pass\n\n    def exec(self):\n        return 0\n"
    )
    (package / "refi.py").write_text(source["refi.py"])
    database = sqlite3.connect(workdir / "qualcoder.qda")
    for statement in _create_tables(source["__main__.py"]):
        database.execute(statement)
    database.commit()

    qt = _StubModule("PyQt6")
    widgets = _StubModule("PyQt6.QtWidgets")
    widgets.QFileDialog = types.SimpleNamespace(  # type: ignore[attr-defined]
        getOpenFileName=lambda *args, **kwargs: (str(qdpx), True), Option=_Anything()
    )
    saved = {name: sys.modules.get(name) for name in ("PyQt6", "PyQt6.QtWidgets", "PyQt6.QtCore", "PyQt6.QtGui", "vlc")}
    sys.modules.update({"PyQt6": qt, "PyQt6.QtWidgets": widgets, "PyQt6.QtCore": _StubModule("PyQt6.QtCore"),
                        "PyQt6.QtGui": _StubModule("PyQt6.QtGui"), "vlc": _StubModule("vlc")})
    qt.QtWidgets, qt.QtCore = widgets, sys.modules["PyQt6.QtCore"]  # type: ignore[attr-defined]
    had_gettext = hasattr(builtins, "_")
    builtins._ = lambda text: text  # type: ignore[attr-defined]
    sys.path.insert(0, str(package.parent))
    try:
        refi = importlib.import_module("qualcoder.refi")
        app = types.SimpleNamespace(
            conn=database, settings={"directory": str(workdir), "codername": "qualcoder user", "ai_enable": "False"},
            project_path=str(workdir / "qualcoder.qda"), ai_models=[], write_config_ini=lambda *args: None,
        )
        log = _Log()
        refi.RefiImport(app, log, "qdpx")
        database.commit()
    finally:
        sys.path.remove(str(package.parent))
        for name in [n for n in sys.modules if n == "qualcoder" or n.startswith("qualcoder.")]:
            del sys.modules[name]
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        if not had_gettext:
            del builtins._  # type: ignore[attr-defined]
    return database, log.lines
