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
from collections.abc import Iterator
from contextlib import contextmanager
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

    def __invert__(self) -> _Anything:
        return self

    def __and__(self, other: object) -> _Anything:
        return self

    __rand__ = __or__ = __ror__ = __and__


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


@contextmanager
def qualcoder_refi(workdir: Path, *, open_file: Path | None = None) -> Iterator[types.ModuleType]:
    """QualCoder's ``refi`` module, loaded with stand-ins for Qt; the file dialogs answer with
    ``open_file`` (to open) and ``workdir`` (a folder to save in)."""
    source = qualcoder_source()
    assert source is not None, "no QualCoder source"
    package = workdir / "qc_pkg" / "qualcoder"
    (package / "GUI").mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "GUI" / "__init__.py").write_text("")
    (package / "GUI" / "ui_dialog_refi_export_endings.py").write_text(
        "class _Unchecked:\n    def isChecked(self):\n        return False\n\n\n"
        "class Ui_Dialog_refi_export_line_endings:  # line endings: the default, not MAXQDA's CRLF\n"
        "    def setupUi(self, dialog):\n        self.radioButton_maxqda = _Unchecked()\n"
    )
    (package / "color_selector.py").write_text(
        "colors = ['#F5F6CE'] * 120\n\ndef color_matcher(colour):\n    return colour\n"
    )
    (package / "helpers.py").write_text(
        "class Message:\n    def __init__(self, *args, **kwargs):\n        pass\n\n    def exec(self):\n        return 0\n"
    )
    (package / "refi.py").write_text(source["refi.py"])
    qt = _StubModule("PyQt6")
    widgets = _StubModule("PyQt6.QtWidgets")
    widgets.QFileDialog = types.SimpleNamespace(  # type: ignore[attr-defined]
        getOpenFileName=lambda *args, **kwargs: (str(open_file), True),
        getExistingDirectory=lambda *args, **kwargs: str(workdir), Option=_Anything(),
    )
    saved = {name: sys.modules.get(name) for name in ("PyQt6", "PyQt6.QtWidgets", "PyQt6.QtCore", "PyQt6.QtGui", "vlc")}
    sys.modules.update({"PyQt6": qt, "PyQt6.QtWidgets": widgets, "PyQt6.QtCore": _StubModule("PyQt6.QtCore"),
                        "PyQt6.QtGui": _StubModule("PyQt6.QtGui"), "vlc": _StubModule("vlc")})
    qt.QtWidgets, qt.QtCore = widgets, sys.modules["PyQt6.QtCore"]  # type: ignore[attr-defined]
    had_gettext = hasattr(builtins, "_")
    builtins._ = lambda text: text  # type: ignore[attr-defined]
    sys.path.insert(0, str(package.parent))
    try:
        yield importlib.import_module("qualcoder.refi")
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


def qualcoder_database(workdir: Path) -> sqlite3.Connection:
    """A new, empty QualCoder project database (its tables as QualCoder creates them)."""
    source = qualcoder_source()
    assert source is not None, "no QualCoder source"
    project = workdir / "qualcoder.qda"  # a QualCoder project is a folder; its database is data.qda
    project.mkdir(exist_ok=True)
    database = sqlite3.connect(project / "data.qda")
    for statement in _create_tables(source["__main__.py"]):
        database.execute(statement)
    # the project row QualCoder writes when it creates a project
    database.execute("INSERT INTO project VALUES(?,?,?,?,?,?,?,?,null,null,null)",
                     ("v17", "2024-01-02 03:04:05", "", "QualCoder (harness)", 0, 0, "qualcoder user", ""))
    database.commit()
    return database


def _app(database: sqlite3.Connection, workdir: Path) -> types.SimpleNamespace:
    def annotations() -> list[dict[str, object]]:  # QualCoder's App.get_annotations
        keys = ("anid", "fid", "pos0", "pos1", "memo", "owner", "date")
        return [dict(zip(keys, row)) for row in database.execute(f"select {', '.join(keys)} from annotation")]

    return types.SimpleNamespace(
        conn=database, settings={"directory": str(workdir), "codername": "qualcoder user", "ai_enable": "False",
                                 "fontsize": 10, "font": "Noto Sans"},
        project_path=str(workdir / "qualcoder.qda"), project_name="qualcoder.qda", version="QualCoder (harness)",
        ai_models=[], write_config_ini=lambda *args: None, get_annotations=annotations,
    )


def import_with_qualcoder(qdpx: Path, workdir: Path) -> tuple[sqlite3.Connection, list[str]]:
    """Import ``qdpx`` with QualCoder's importer into a new QualCoder database: its connection, and
    the lines QualCoder wrote to its log pane."""
    database = qualcoder_database(workdir)
    log = _Log()
    with qualcoder_refi(workdir, open_file=qdpx) as refi:
        refi.RefiImport(_app(database, workdir), log, "qdpx")
    database.commit()
    return database, log.lines


def export_with_qualcoder(database: sqlite3.Connection, workdir: Path) -> Path:
    """Export the QualCoder project in ``database`` with QualCoder's exporter; the ``.qdpx`` made.
    (QualCoder prepares the archive under ``~/.qualcoder``: point ``HOME`` elsewhere first.)"""
    with qualcoder_refi(workdir) as refi:
        refi.RefiExport(_app(database, workdir), _Log(), "project")
    return workdir / "qualcoder.qdpx"
