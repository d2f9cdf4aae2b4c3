"""The DRI writes the report's introduction and orders its sections; others may not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.concurrency import ConcurrentEditError
from maillage.core.models import AuditEvent, Role
from maillage.reporting import services
from maillage.reporting.models import AnnualReport, Section

pytestmark = pytest.mark.django_db

YEAR = 2025
URL = reverse("annual_report_edit", args=[YEAR])


def post_data(version: int, introduction: str = "Une belle année.", **changes) -> dict:
    """Every section at its default place and shown, with ``changes`` on top."""
    data = {"version": version, "introduction": introduction}
    for place, key in enumerate(Section.values, start=1):
        data[f"position_{key}"] = place
        data[f"shown_{key}"] = "on"
    for name, value in changes.items():
        if value is None:
            data.pop(name)
        else:
            data[name] = value
    return data


def test_the_dri_saves_an_introduction_and_an_order(authority, users, client_for):
    client = client_for(users[Role.DRI])
    form = client.get(URL).context["form"]
    assert form["version"].value() == 0
    assert form["position_figures"].value() == 2
    # Governance first, the map hidden.
    response = client.post(
        URL, post_data(0, position_governance=1, shown_map=None, position_introduction=2)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("annual_report", args=[YEAR])
    saved = AnnualReport.objects.get(authority=authority, year=YEAR)
    assert saved.version == 1 and saved.introduction == "Une belle année."
    # Governance at 1; introduction and figures both at 2: the form's order breaks the tie.
    assert [entry["key"] for entry in saved.layout][:3] == ["governance", "introduction", "figures"]
    assert {e["key"]: e["shown"] for e in saved.layout}["map"] is False
    event = AuditEvent.objects.get(kind="annual_report.updated")
    assert event.authority == authority and event.changes["introduction"][1] == "Une belle année."
    # The next form starts from what was saved.
    form = client.get(URL).context["form"]
    assert form["version"].value() == 1 and form["position_governance"].value() == 1
    assert form["shown_map"].value() is False


def test_a_stale_form_is_a_conflict(authority, users, client_for):
    client = client_for(users[Role.DRI])
    assert client.post(URL, post_data(0, "Première")).status_code == 302
    # Another tab still holds the default arrangement (version 0).
    response = client.post(URL, post_data(0, "Seconde"))
    assert response.status_code == 409
    assert AnnualReport.objects.get(authority=authority).introduction == "Première"
    # Then someone saves version 1 while a form built on it is open.
    assert client.post(URL, post_data(1, "Troisième")).status_code == 302
    response = client.post(URL, post_data(1, "Quatrième"))
    assert response.status_code == 409
    assert "Quatrième" in response.content.decode()  # what the user typed is kept
    saved = AnnualReport.objects.get(authority=authority)
    assert (saved.introduction, saved.version) == ("Troisième", 2)


def test_bad_places_are_refused_by_field(authority, users, client_for):
    client = client_for(users[Role.DRI])
    response = client.post(URL, post_data(0, position_map=0, position_projects="x"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Place de « Carte des partenaires »" in html
    assert 'href="#id_position_projects"' in html
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("role", [Role.DIRECTION, Role.ELECTED, Role.REFERENT, Role.AGENT])
def test_other_roles_may_not_post(role, authority, users, client_for):
    response = client_for(users[role]).post(URL, post_data(0))
    assert response.status_code == 403
    assert not AnnualReport.objects.exists()


def test_an_arrangement_is_per_authority(authority, other_authority, users, client_for):
    AnnualReport.objects.create(authority=other_authority, year=YEAR, introduction="Autre")
    client = client_for(users[Role.ADMIN])
    assert client.get(URL).context["form"]["version"].value() == 0
    assert client.post(URL, post_data(0, "La nôtre")).status_code == 302
    assert AnnualReport.objects.get(authority=other_authority).introduction == "Autre"
    assert AnnualReport.objects.get(authority=authority).introduction == "La nôtre"


def test_the_service_refuses_unknown_sections_and_long_texts(authority):
    with pytest.raises(ValueError, match="Unknown sections"):
        services.update_annual_report(
            authority, by=None, year=YEAR, introduction="", layout=[{"key": "nope"}]
        )
    with pytest.raises(ValidationError):
        services.update_annual_report(
            authority, by=None, year=YEAR, introduction="x" * 20_001, layout=[]
        )
    saved = services.update_annual_report(
        authority,
        by=None,
        year=YEAR,
        introduction="",
        layout=[{"key": "governance", "shown": False}, {"key": "projects", "shown": True}],
    )
    # The named sections keep their order; the others come back at their default place.
    keys = [e["key"] for e in saved.layout]
    assert sorted(keys) == sorted(Section.values)
    assert keys.index("governance") < keys.index("projects")
    assert keys[:2] == ["introduction", "figures"]
    assert {e["key"]: e["shown"] for e in saved.layout}["governance"] is False
    with pytest.raises(ConcurrentEditError):
        services.update_annual_report(
            authority, by=None, year=YEAR, introduction="", layout=[], version=7
        )
