"""Passwords: from the keyring, else asked for; kept only in the keyring, and only when asked."""

from __future__ import annotations

import pytest

from qcoder.core.errors import PasswordRequiredError
from qcoder.core.lifecycle.project import Project
from qcoder.core.team import credentials
from qcoder.core.team.credentials import PasswordAnswer, connect_with_password
from qcoder.core.team.server_url import credential_key, parse_server_url
from tests.server.logins import ann  # noqa: F401
from tests.server.memory_keyring import memory_keyring, no_keyring  # noqa: F401


@pytest.fixture(autouse=True)
def _no_libpq_passwords(monkeypatch, tmp_path):
    """libpq must not find a password of its own: the tests are about qcoder's."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))


class Asker:
    """Answers the password prompts in turn and records why each was asked."""

    def __init__(self, *answers: PasswordAnswer | None) -> None:
        self.answers, self.reasons, self.urls = list(answers), [], []

    def __call__(self, url, reason):
        self.urls.append(url)
        self.reasons.append(reason)
        return self.answers.pop(0)


def _create(url):
    return Project.create(url, codebook=None)


def test_a_wrong_password_is_asked_again_with_the_server_s_reason_then_remembered(ann, memory_keyring):
    ask = Asker(PasswordAnswer("wrong"), PasswordAnswer(ann.password, remember=True))
    project = connect_with_password(ann.url, _create, ask)
    try:
        assert project.url.username == ann.user and project.url.password is None
        assert ann.password not in project.location
    finally:
        project.close()
    assert "asks for" in ask.reasons[0] and "refused" in ask.reasons[1] and ann.user in ask.reasons[1]
    assert all(url.password is None for url in ask.urls)
    assert memory_keyring.passwords == {("qcoder", credential_key(parse_server_url(ann.url))): ann.password}


def test_the_kept_password_opens_without_asking_and_forgetting_it_asks_again(ann, memory_keyring):
    _create(ann.with_password()).close()
    credentials.remember_password(ann.url, ann.password)
    project = connect_with_password(ann.url, Project.open, Asker())  # Asker() fails if it is asked
    project.close()
    assert credentials.forget_password(ann.url) is True
    assert credentials.forget_password(ann.url) is False
    with pytest.raises(PasswordRequiredError):
        connect_with_password(ann.url, Project.open, Asker(None))


def test_not_remembered_unless_asked(ann, memory_keyring):
    connect_with_password(ann.url, _create, Asker(PasswordAnswer(ann.password))).close()
    assert memory_keyring.passwords == {}


def test_cancelling_the_prompt_raises_the_server_s_refusal(ann, memory_keyring):
    with pytest.raises(PasswordRequiredError, match="refused"):
        connect_with_password(ann.url, _create, Asker(PasswordAnswer("nope"), None))


def test_without_a_keyring_nothing_is_kept_and_the_prompt_still_works(ann, no_keyring):
    assert credentials.keyring_available() is False
    assert credentials.stored_password(ann.url) is None
    with pytest.raises(credentials.KeyringUnavailableError, match="PGPASSWORD"):
        credentials.remember_password(ann.url, ann.password)
    project = connect_with_password(ann.url, _create, Asker(PasswordAnswer(ann.password, remember=True)))
    project.close()
    assert credentials.forget_password(ann.url) is False


def test_libpq_s_own_password_is_used_when_nothing_else_is_known(ann, memory_keyring, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", ann.password)
    connect_with_password(ann.url, _create, Asker()).close()
    assert memory_keyring.passwords == {}


def test_an_answer_never_shows_its_password():
    assert "secret" not in repr(PasswordAnswer("secret", remember=True))


def test_a_kept_password_the_server_now_refuses_is_replaced_by_the_one_that_works(ann, memory_keyring):
    _create(ann.with_password()).close()
    credentials.remember_password(ann.url, "the-old-one")
    ask = Asker(PasswordAnswer(ann.password))  # not ticked "remember": but one was kept before
    connect_with_password(ann.url, Project.open, ask).close()
    assert "refused" in ask.reasons[0]
    assert credentials.stored_password(ann.url) == ann.password
