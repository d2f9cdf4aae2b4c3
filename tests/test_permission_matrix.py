"""Every URL × every role gets the expected status."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role

from .urls_catalog import CATALOG, project_url_names
from .world import build_world


def test_every_url_is_in_the_catalog():
    missing = project_url_names() - {u.name for u in CATALOG}
    assert not missing, f"Add these URLs to tests/urls_catalog.py: {sorted(missing)}"


@pytest.fixture
def world(authority):
    return build_world(authority)


def url_for(entry, world) -> str:
    kwargs = {k: world[v].pk for k, v in entry.objects.items()}
    return reverse(entry.name, kwargs={**kwargs, **entry.kwargs})


def expected_status(entry, role: str) -> set[int]:
    if entry.name == "login":
        return {302}  # a logged-in user is sent on to the home page
    if entry.name == "logout":
        return {302}
    if entry.name in ("notice_unsubscribe", "calendar_feed"):
        # The catalogue's token is made up; tests/notices and tests/portal check real ones.
        return {404}
    return {200} if role in entry.allowed else {403}


@pytest.mark.django_db
@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: e.name)
def test_every_role_gets_expected_status(entry, world, users, client_for):
    # One world per URL, every role on it: the world is what costs, not the request.
    failures = []
    for role in Role.values:
        response = getattr(client_for(users[role]), entry.method)(url_for(entry, world))
        if response.status_code not in expected_status(entry, role):
            failures.append(f"{role}: {response.status_code}")
    assert not failures, f"{entry.name}: {', '.join(failures)}"


@pytest.mark.django_db
@pytest.mark.parametrize("entry", CATALOG, ids=lambda e: e.name)
def test_anonymous_gets_expected_status(entry, world, client):
    response = getattr(client, entry.method)(url_for(entry, world))
    if entry.anonymous == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == int(entry.anonymous)


@pytest.mark.django_db
def test_user_without_membership_is_told_so(client_for):
    from .factories import UserFactory

    response = client_for(UserFactory()).get(reverse("home"))
    assert response.status_code == 403
    assert "aucune collectivité" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_django_admin_only_for_admin_role(role, users, client_for):
    response = client_for(users[role]).get("/admin/")
    if role == Role.ADMIN:
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
