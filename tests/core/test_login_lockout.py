"""Login throttling: repeated failures lock an account, and an address, for a while."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.urls import reverse

from maillage.core.models import Role

from ..factories import member

GOOD = "motdepasse-test"  # the factories' password


def attempt(client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.fixture
def hasher_calls(monkeypatch) -> list[str]:
    """Every use of the password hasher (the tests' MD5 one): checks and hashes."""
    calls: list[str] = []
    verify, encode = MD5PasswordHasher.verify, MD5PasswordHasher.encode

    def spy_verify(self, password, encoded):
        calls.append("verify")
        return verify(self, password, encoded)

    def spy_encode(self, password, salt):
        calls.append("encode")
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "verify", spy_verify)
    monkeypatch.setattr(MD5PasswordHasher, "encode", spy_encode)
    return calls


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_account_locked_after_failures_from_several_addresses(authority, client, settings):
    member(authority, Role.AGENT, username="camille")
    for i in range(settings.LOGIN_FAILURE_LIMIT - 1):
        response = attempt(client, "camille", "mauvais", ip=f"10.0.0.{i + 1}")
        assert response.status_code == 200
        assert "Identifiant ou mot de passe incorrect" in response.content.decode()
    assert attempt(client, "camille", "mauvais", ip="10.0.0.50").status_code == 429
    # Even the right password, from a new address, is refused during the cool-off.
    response = attempt(client, "camille", GOOD, ip="10.0.0.99")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives de connexion" in page
    assert "réessayez dans 15 minutes" in page
    assert not logged_in(client)


@pytest.mark.django_db
def test_address_locked_after_failures_on_several_accounts(authority, client, settings):
    member(authority, Role.AGENT, username="dominique")
    for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        attempt(client, f"inconnu{i}", "mauvais", ip="10.1.1.1")
    response = attempt(client, "dominique", GOOD, ip="10.1.1.1")
    assert response.status_code == 429
    assert not logged_in(client)
    # Another address still gets in.
    response = attempt(client, "dominique", GOOD, ip="10.1.1.2")
    assert response.status_code == 302 and logged_in(client)


@pytest.mark.django_db
def test_locked_attempts_never_reach_the_password_hasher(authority, client, settings, hasher_calls):
    member(authority, Role.AGENT, username="alex")
    attempt(client, "alex", "mauvais")
    assert hasher_calls, "an ordinary failed attempt checks the password"
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        attempt(client, "alex", "mauvais")
    hasher_calls.clear()
    assert attempt(client, "alex", GOOD).status_code == 429
    assert attempt(client, "alex", "mauvais", ip="10.9.9.9").status_code == 429
    assert hasher_calls == []


@pytest.mark.django_db
def test_success_resets_the_count(authority, client, settings):
    member(authority, Role.AGENT, username="sacha")
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        attempt(client, "sacha", "mauvais")
    assert attempt(client, "sacha", GOOD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        assert attempt(client, "sacha", "mauvais").status_code == 200


@pytest.mark.django_db
def test_lockout_page_follows_the_cool_off_setting(authority, client, settings):
    import datetime

    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=1)
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        response = attempt(client, "personne", "mauvais")
    assert "réessayez dans 1 minute." in response.content.decode()


def test_forwarded_address_is_trusted_only_behind_configured_proxies(rf, settings):
    from maillage.core.accounts import client_ip

    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "192.0.2.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"


@pytest.mark.django_db
def test_colleagues_typos_behind_one_gateway_lock_no_one_else(authority, client, settings):
    """Many people share one address (a town hall's gateway): a few failures on several accounts
    lock neither the address nor the accounts that did not reach their own limit."""
    member(authority, Role.AGENT, username="dominique")
    for i in range(settings.LOGIN_FAILURE_LIMIT * 3):
        attempt(client, f"collegue{i % 3}", "mauvais", ip="10.1.1.1")
    response = attempt(client, "dominique", GOOD, ip="10.1.1.1")
    assert response.status_code == 302 and logged_in(client)
