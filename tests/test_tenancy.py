"""Every URL fetched as a user of another authority leaks nothing."""

from __future__ import annotations

import io
import subprocess
import zipfile

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.core.tenancy import SESSION_KEY

from .factories import ServiceFactory, member
from .urls_catalog import CATALOG
from .world import build_world

MARKER = "Zyxqwv"  # appears in every name of authority A's data


@pytest.fixture
def world(authority):
    return build_world(authority, MARKER)


@pytest.fixture
def outsiders(other_authority):
    ServiceFactory(authority=other_authority, name="Service de l'autre ville")
    return {role: member(other_authority, role, username=f"other-{role}") for role in Role.values}


SCOPED = [e for e in CATALOG if e.tenant_scoped and e.method == "get"]


def readable(response) -> str:
    """The response as text: pages, CSV, XML, the XML parts of an XLSX workbook, PDF text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            return "".join(workbook.read(name).decode() for name in workbook.namelist())
    if body.startswith(b"%PDF"):
        # The text of every page, as poppler extracts it (poppler-utils: see .ci/run).
        return subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-", "-"], input=body, capture_output=True, check=True
        ).stdout.decode()
    return body.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("entry", SCOPED, ids=lambda e: e.name)
def test_other_authority_sees_nothing(entry, role, world, outsiders, client_for):
    client = client_for(outsiders[role])
    objects = {k: world[v].pk for k, v in entry.objects.items()}
    url = reverse(entry.name, kwargs={**objects, **entry.kwargs})
    response = client.get(url)
    if entry.objects:
        # A role refused the page is stopped (403) before any lookup, so nothing leaks either.
        assert response.status_code == (404 if role in entry.allowed else 403)
    else:
        assert response.status_code in {200, 403}
    assert MARKER not in readable(response)


@pytest.mark.django_db
def test_session_cannot_select_an_authority_the_user_does_not_belong_to(
    authority, other_authority, world, client_for
):
    user = member(other_authority, Role.ADMIN, username="intruder")
    client = client_for(user)
    session = client.session
    session[SESSION_KEY] = authority.pk
    session.save()
    response = client.get(reverse("org_chart"))
    assert response.status_code == 200
    assert response.context["current_authority"] == other_authority
    assert MARKER not in response.content.decode()
    response = client.post(reverse("switch_authority"), {"authority": authority.pk})
    assert response.status_code == 200
    assert MARKER not in client.get(reverse("org_chart")).content.decode()


@pytest.mark.django_db
def test_user_of_two_authorities_switches(authority, other_authority, world, client_for):
    user = member(other_authority, Role.AGENT, username="shared-agent")
    member(authority, Role.AGENT, username="shared-agent")
    client = client_for(user)
    client.post(reverse("switch_authority"), {"authority": authority.pk})
    assert MARKER in client.get(reverse("org_chart")).content.decode()
    client.post(reverse("switch_authority"), {"authority": other_authority.pk})
    assert MARKER not in client.get(reverse("org_chart")).content.decode()


@pytest.mark.django_db
def test_django_admin_lists_only_current_authority(world, outsiders, client_for):
    client = client_for(outsiders[Role.ADMIN])
    for path in [
        "/admin/organisation/service/",
        "/admin/organisation/agent/",
        "/admin/organisation/electedofficial/",
        "/admin/organisation/referent/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert MARKER not in response.content.decode(), path
    service = world["service"]
    response = client.get(f"/admin/organisation/service/{service.pk}/change/")
    assert response.status_code == 302  # Django admin redirects a missing object to the index


@pytest.mark.django_db
def test_admin_edit_is_audited_and_stays_in_authority(authority, users, client_for):
    from maillage.core.models import AuditEvent
    from maillage.organisation.models import Service

    client = client_for(users[Role.ADMIN])
    response = client.post(
        "/admin/organisation/service/add/",
        {"hr_id": "S-NEW", "name": "Nouveau service", "kind": "service", "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service = Service.objects.get(hr_id="S-NEW")
    assert service.authority == authority
    event = AuditEvent.objects.get(object_type="organisation.Service", object_id=str(service.pk))
    assert event.user == users[Role.ADMIN]
    assert event.action == "create"
    assert event.authority == authority
