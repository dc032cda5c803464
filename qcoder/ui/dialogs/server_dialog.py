"""The dialog that names a team project on a PostgreSQL server: address, login, password.

A researcher either pastes the address their administrator sent (``postgresql://ann@db.uni.example/
interviews``) or fills in host, port, database and user; the two stay in step. The password is
typed in its own field and never shown in the address; "Remember in the system keyring" keeps it
there (never in a file). "Test connection" says at once whether the server takes the login and
what the database holds. When a server refuses a password the dialog comes back in
password-only mode with the server's reason (:meth:`ServerDialog.ask_again`).
"""

from __future__ import annotations

import getpass
import os
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from qcoder.core.errors import QcoderError
from qcoder.core.team import credentials, server_database
from qcoder.core.team.server_url import (
    ServerAddress,
    display_url,
    parse_server_url,
    server_address,
    with_password,
    without_password,
)
from qcoder.ui.jobs import JobRunner

PURPOSES = {
    "open": ("Open team project", "&Open", "Open a project that your team keeps on a PostgreSQL server."),
    "new": ("New team project", "&Create", "Create a project in an empty database on a PostgreSQL server; "
            "the other coders then open it with their own logins."),
    "push": ("Push to team server", "&Push", "Copy this project file, with everything in it, into an empty "
             "database on a PostgreSQL server, for the team to code in at the same time."),
}
DEFAULT_PORT = 5432
TEST_TIMEOUT_SECONDS = 10


class ServerDialog(QDialog):
    """Asks where the team project is and with which password; :meth:`url` never has one."""

    def __init__(self, purpose: str = "open", parent: QWidget | None = None, *, url: ServerAddress | str | None = None) -> None:
        super().__init__(parent)
        self.purpose = purpose
        self.jobs = JobRunner(self)
        """Runs the connection test off the GUI thread (the dialog may be shown before any project
        is open, so it has its own runner rather than the window's)."""
        title, accept_text, intro_text = PURPOSES[purpose]
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._syncing = False

        self.intro = QLabel(intro_text, self)
        self.intro.setWordWrap(True)
        self.address = QLineEdit(self)
        self.address.setPlaceholderText("postgresql://you@server.example.org:5432/study")
        self.address.setToolTip("Paste the address your administrator gave you, or fill in the fields below")
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("server.example.org")
        self.port = QSpinBox(self)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.database.setPlaceholderText("the study's database")
        self.user = QLineEdit(self)
        self.user.setPlaceholderText(_login())
        self.user.setToolTip("Your own login on the server: your codings are recorded under it")
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("asked from the system keyring when left empty")
        self.remember = QCheckBox("Remember in the system &keyring", self)
        if not credentials.keyring_available():
            self.remember.setEnabled(False)
            self.remember.setText("Remember (no system keyring on this computer)")
            self.remember.setToolTip("There is no system keyring on this computer: qcoder will ask for the "
                                     "password each time (or set PGPASSWORD, or use ~/.pgpass)")
        else:
            self.remember.setToolTip("Keep the password in the system keyring (never in a file), so that "
                                     "qcoder does not ask again on this computer")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()

        form = QFormLayout()
        form.addRow("Server &address:", self.address)
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("Pass&word:", self.password)
        form.addRow("", self.remember)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.test_button = QPushButton("&Test connection", self)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.accept_button = buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.test_button.clicked.connect(self.test_connection)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.address.textEdited.connect(self._address_edited)
        for field in (self.host, self.database, self.user):
            field.textEdited.connect(self._fields_edited)
        self.port.valueChanged.connect(self._fields_edited)
        if url is not None:
            self.set_url(url)
        self._update_buttons()

    # -- what was entered ----------------------------------------------------------------

    def url(self) -> ServerAddress | None:
        """The address entered, with the driver and without any password; ``None`` if incomplete."""
        try:
            return without_password(parse_server_url(self.address.text()))
        except QcoderError:
            return None

    def typed_password(self) -> str:
        return self.password.text()

    def remember_password(self) -> bool:
        return self.remember.isEnabled() and self.remember.isChecked()

    def url_with_password(self) -> ServerAddress | None:
        url = self.url()
        if url is None:
            return None
        return with_password(url, self.typed_password()) if self.typed_password() else url

    def set_url(self, url: ServerAddress | str) -> None:
        self.address.setText(str(url) if isinstance(url, str) else display_url(url))
        self._address_edited(self.address.text())

    # -- the server's answers ------------------------------------------------------------

    def ask_again(self, reason: str) -> None:
        """Show the server's refusal and ask only for the password (the address stays as it was)."""
        for field in (self.address, self.host, self.port, self.database, self.user):
            field.setEnabled(False)
        url = self.url()
        if url is not None:
            user, host, database = (escape(str(part)) for part in (url.username or _login(), url.host or "localhost",
                                                                    url.database))
            self.intro.setText(f"The password of <b>{user}</b> on <b>{host}</b> for the database <b>{database}</b>:")
        self.password.clear()
        self.password.setPlaceholderText("")
        self.show_message(reason, problem=True)
        self.password.setFocus()

    def ask_to_correct(self, reason: str) -> None:
        """Show why the server could not be reached or used, with every field open to correct."""
        for field in (self.address, self.host, self.port, self.database, self.user):
            field.setEnabled(True)
        self.intro.setText(PURPOSES[self.purpose][2])
        self.show_message(reason, problem=True)
        self.address.setFocus()

    def show_message(self, text: str, *, problem: bool) -> None:
        self.message.setText(text if text.startswith("postgres") else text[:1].upper() + text[1:])
        self.message.setProperty("problem", problem)
        self.message.setStyleSheet("color: #C62828;" if problem else "color: #2E7D32;")
        self.message.show()

    def test_connection(self) -> bool:
        """Connect once with what is entered and say what the database holds."""
        url = self.url_with_password()
        if url is None:
            self.show_message("Give the server's address: host, database and your user.", problem=True)
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.test_button.setEnabled(False)
        self.show_message(f"Connecting to {url.host or 'localhost'}…", problem=False)
        try:
            os.environ.setdefault("PGCONNECT_TIMEOUT", str(TEST_TIMEOUT_SECONDS))  # libpq: a silent server
            tables = self.jobs.call_waiting(lambda _context: server_database.table_names(url),
                                            name="qcoder-connection-test")
        except QcoderError as error:
            self.show_message(str(error), problem=True)
            return False
        finally:
            self._update_buttons()
            QGuiApplication.restoreOverrideCursor()
        holds_project = "project_meta" in tables
        where = f"Connected as {url.username or _login()} to {url.database} on {url.host or 'localhost'}"
        if self.purpose == "open":
            ok = holds_project
            found = "it holds a qcoder project." if ok else (
                "it holds no qcoder project yet (File ▸ New team project… creates one).")
        else:
            ok = not tables
            found = "the database is empty, ready for the project." if ok else (
                "it already holds a qcoder project: open it instead." if holds_project
                else f"the database holds {len(tables)} tables of something else; choose an empty one.")
        self.show_message(f"{where}: {found}", problem=not ok)
        return ok

    # -- keeping the address and the fields in step ----------------------------------------

    def _address_edited(self, text: str) -> None:
        if self._syncing:
            return
        try:
            url = parse_server_url(text)
        except QcoderError:
            self._update_buttons()
            return
        self._syncing = True
        try:
            if url.password:  # a pasted password goes to its own field, never shown in the address
                self.password.setText(url.password)
                self.address.setText(display_url(url))
            self.host.setText(url.host or "")
            self.port.setValue(url.port or DEFAULT_PORT)
            self.database.setText(url.database or "")
            self.user.setText(url.username or "")
        finally:
            self._syncing = False
        self._update_buttons()

    def _fields_edited(self, *_args: object) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            if self.host.text().strip() and self.database.text().strip():
                url = server_address(user=self.user.text().strip() or None, host=self.host.text().strip(),
                                     port=self.port.value(), database=self.database.text().strip())
                self.address.setText(display_url(url))
            else:
                self.address.clear()
        finally:
            self._syncing = False
        self._update_buttons()

    def _update_buttons(self) -> None:
        complete = self.url() is not None
        self.accept_button.setEnabled(complete)
        self.test_button.setEnabled(complete)


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "your login"

