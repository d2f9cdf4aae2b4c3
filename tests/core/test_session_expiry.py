"""Sessions close after an idle period and, whatever the activity, 14 days after login."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from maillage.core.middleware import SessionExpiryMiddleware
from maillage.core.models import Role

from ..factories import member

HOUR = 3600


def set_clocks(client, *, idle: int, age: int) -> None:
    session = client.session
    now = int(time.time())
    session[SessionExpiryMiddleware.LAST_SEEN] = now - idle
    session[SessionExpiryMiddleware.STARTED] = now - age
    session.save()


@pytest.fixture
def logged_in(authority, client_for):
    return client_for(member(authority, Role.AGENT))


def test_defaults(settings):
    assert settings.SESSION_IDLE_TIMEOUT == 8 * HOUR
    assert settings.SESSION_COOKIE_AGE == 14 * 24 * HOUR


@pytest.mark.django_db
def test_activity_within_the_idle_period_keeps_the_session(logged_in):
    set_clocks(logged_in, idle=7 * HOUR, age=10 * 24 * HOUR)
    assert logged_in.get(reverse("home")).status_code == 200
    assert logged_in.session[SessionExpiryMiddleware.LAST_SEEN] >= int(time.time()) - 5


@pytest.mark.django_db
def test_idle_session_is_closed(logged_in):
    set_clocks(logged_in, idle=8 * HOUR + 60, age=9 * HOUR)
    response = logged_in.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in logged_in.session
    page = logged_in.get(response["Location"]).content.decode()
    assert "Votre session a expiré" in page


@pytest.mark.django_db
def test_active_session_is_closed_after_its_maximum_age(logged_in):
    set_clocks(logged_in, idle=60, age=14 * 24 * HOUR + 60)
    response = logged_in.get(reverse("home"))
    assert response.status_code == 302
    assert "_auth_user_id" not in logged_in.session


@pytest.mark.django_db
def test_idle_timeout_is_configurable(logged_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    set_clocks(logged_in, idle=700, age=700)
    assert logged_in.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_login_restarts_the_clocks(authority, client):
    member(authority, Role.AGENT, username="claude")
    client.post(reverse("login"), {"username": "claude", "password": "motdepasse-test"})
    started = client.session[SessionExpiryMiddleware.STARTED]
    assert abs(started - time.time()) < 5
