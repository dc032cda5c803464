"""A server address cannot log in as another role than the one it shows (no server needed)."""

from __future__ import annotations

import pytest

from qcoder.core.errors import QcoderError
from qcoder.core.team.server_url import display_url, parse_server_url


@pytest.mark.parametrize("address", [
    "postgresql://ann@db.example.org/interviews?user=postgres",
    "postgresql://ann@/interviews?host=/var/run/postgresql&user=postgres",
    "postgresql://ann@db.example.org/interviews?service=admin",
    "postgresql://ann@db.example.org/interviews?servicefile=/tmp/pg_service.conf",
    "postgresql://ann@db.example.org/interviews?passfile=/home/lead/.pgpass",
    "postgresql://ann@db.example.org/interviews?options=-c%20role%3Dpostgres",
    "postgresql://ann@db.example.org/interviews?dbname=postgres",
    "postgresql://ann@db.example.org/interviews?password=x",
    "postgresql://ann@db.example.org/interviews?host=evil.example.org",
    "postgresql://ann@db.example.org/interviews?sslmode=disable&sslmode=require",
])
def test_options_that_could_switch_the_login_or_the_server_are_refused(address):
    with pytest.raises(QcoderError) as refused:
        parse_server_url(address)
    message = str(refused.value)
    assert "\n" not in message and ("may not set" in message or "once" in message)


def test_the_refusal_says_which_option_and_why():
    with pytest.raises(QcoderError, match=r"may not set \?user=: a team server's coder is the login"):
        parse_server_url("postgresql://ann@db.example.org/interviews?user=postgres")


@pytest.mark.parametrize("address", [
    "postgresql://ann@db.example.org/interviews?sslmode=verify-full&sslrootcert=/etc/ssl/uni.pem",
    "postgresql://ann@db.example.org:5433/interviews?connect_timeout=10&application_name=qcoder",
    "postgresql://ann@/interviews?host=/var/run/postgresql",
    "postgresql://ann@/interviews?host=/var/run/postgresql&port=5433",
])
def test_connection_options_still_work(address):
    url = parse_server_url(address)
    assert url.username == "ann" and "ann@" in display_url(url)
