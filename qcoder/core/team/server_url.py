"""Where a team project lives on a PostgreSQL server: its SQLAlchemy URL, read and shown safely.

A researcher may paste ``postgresql://ann@db.uni.example/interviews`` as their server gives it;
qcoder talks to it through psycopg 3. A password never leaves this module in what is shown or
remembered: :func:`display_url` hides it and :func:`without_password` drops it, so that recent
projects and window titles hold only user, host, port and database.

The name in the address is who the coder is (:mod:`qcoder.core.server_roles`), so its query
may carry only connection options that cannot log in as someone else: ``?user=``,
``?service=``, ``?passfile=``, ``?options=-c role=…`` and their like are refused
(:data:`SAFE_OPTIONS`), and :func:`qcoder.core.team.server_database.connect` checks the login the
server reports against the name shown.
"""

from __future__ import annotations

from sqlalchemy.engine.url import URL, make_url
from sqlalchemy.exc import ArgumentError

from qcoder.core.errors import QcoderError

SERVER_SCHEMES = ("postgresql", "postgres")
DRIVER = "psycopg"
SAFE_OPTIONS = frozenset({
    "application_name", "client_encoding", "connect_timeout", "keepalives", "keepalives_idle",
    "keepalives_interval", "keepalives_count", "tcp_user_timeout", "target_session_attrs", "sslmode", "sslrootcert",
    "sslcert", "sslkey", "sslcrl", "sslcrldir", "sslsni", "sslcompression", "channel_binding",
    "gssencmode", "krbsrvname", "gsslib", "require_auth",
})
"""libpq options an address may carry: how to reach and trust the server, never who logs in."""
ServerAddress = URL
"""A team project's address as this module hands it out, with ``host``, ``port``, ``database``,
``username`` and ``password``: the window and the command line name it by this type and make
and change it through the functions here, so that they never import SQLAlchemy themselves."""
PLACE_OPTIONS = frozenset({"host", "hostaddr", "port"})
"""Where the server is: allowed in the query (a Unix socket folder) only when the address itself
names no host, so that the host shown is the host reached."""


def is_server_url(target: object) -> bool:
    """Whether ``target`` names a project on a server rather than a file."""
    if isinstance(target, URL):
        return True
    if not isinstance(target, str):
        return False
    scheme = target.split("://", 1)[0].lower() if "://" in target else ""
    return scheme.split("+", 1)[0] in SERVER_SCHEMES


def parse_server_url(target: str | URL) -> URL:
    """The URL with the psycopg driver; a clear error for anything that is not a usable one."""
    try:
        url = target if isinstance(target, URL) else make_url(target.strip())
    except (ArgumentError, ValueError) as error:
        raise QcoderError(f"not a server address: {error}") from None
    backend, _, driver = url.drivername.partition("+")
    if backend not in SERVER_SCHEMES:
        raise QcoderError(f"{url.drivername} is not a PostgreSQL address (postgresql://user@host/database)")
    if driver and driver != DRIVER:
        raise QcoderError(f"qcoder connects to PostgreSQL through psycopg, not {driver}")
    if not url.database:
        raise QcoderError("the server address names no database (postgresql://user@host/database)")
    _check_options(url)
    return url.set(drivername=f"postgresql+{DRIVER}")


def server_address(*, host: str, port: int, database: str, user: str | None) -> URL:
    """The address of ``database`` on a server, from the fields a person filled in."""
    return URL.create("postgresql", username=user, host=host, port=port, database=database)


def with_password(url: URL, password: str) -> URL:
    return url.set(password=password)


def _check_options(url: URL) -> None:
    """Refuse query options that could connect as another role than the one the address names."""
    for name, value in url.query.items():
        if not isinstance(value, str):
            raise QcoderError(f"the server address gives ?{name}= more than once; give it once")
        if name in PLACE_OPTIONS and not url.host:
            continue
        if name in PLACE_OPTIONS:
            raise QcoderError(
                f"the server address names the host {url.host} and also ?{name}=; give the host once"
            )
        if name not in SAFE_OPTIONS:
            raise QcoderError(
                f"the server address may not set ?{name}=: a team server's coder is the login named "
                "before the @ (postgresql://user@host/database); only connection options such as "
                "sslmode or connect_timeout may follow the ?"
            )


def display_url(url: URL) -> str:
    """The URL as shown to people: no password, no driver."""
    return without_password(url).set(drivername="postgresql").render_as_string(hide_password=True)


def without_password(url: URL) -> URL:
    return url._replace(password=None)  # URL.set() ignores None


def credential_key(url: URL) -> str:
    """The name under which a password for this user on this server is kept in the keyring."""
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database}"
