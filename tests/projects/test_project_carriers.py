"""Elected officials carry projects, as porteur or co-porteur: the form, the service, the list."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.models import Project, ProjectCarrier
from maillage.projects.registry import services

from ..factories import ElectedOfficialFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LEAD, CO = ProjectCarrier.Role.LEAD, ProjectCarrier.Role.CO
MARKERS = dict.fromkeys(Project.MARKER_FIELDS, "0")


def carriers_of(project) -> set[tuple[int, str]]:
    return set(project.carriers.values_list("official_id", "role"))


def edit_data(project, **changes) -> dict:
    data = {
        "title": project.title,
        "kind": project.kind,
        "visibility": project.visibility,
        "version": str(project.version),
        **MARKERS,
    }
    return data | changes


def test_set_carriers_writes_the_roles_and_one_audit_event(authority, users):
    project = ProjectFactory(authority=authority)
    nadia, yann, marc = ElectedOfficialFactory.create_batch(3, authority=authority)
    services.set_carriers(project, by=users[Role.DRI], carriers=[(nadia, LEAD), (yann, CO)])
    assert carriers_of(project) == {(nadia.pk, LEAD), (yann.pk, CO)}
    # Roles change in place, an official leaves, another arrives.
    services.set_carriers(project, by=users[Role.DRI], carriers=[(nadia, CO), (marc, LEAD)])
    assert carriers_of(project) == {(nadia.pk, CO), (marc.pk, LEAD)}
    events = AuditEvent.objects.filter(kind="project.carriers_changed", object_id=str(project.pk))
    assert events.count() == 2
    assert events.order_by("-id")[0].changes["carriers"] == [
        sorted([[str(nadia.pk), LEAD], [str(yann.pk), CO]]),
        sorted([[str(nadia.pk), CO], [str(marc.pk), LEAD]]),
    ]
    # The same carriers again: nothing to record.
    services.set_carriers(project, by=users[Role.DRI], carriers=[(nadia, CO), (marc, LEAD)])
    assert events.count() == 2


def test_another_authoritys_official_or_both_roles_are_refused(authority, other_authority, users):
    project = ProjectFactory(authority=authority)
    nadia = ElectedOfficialFactory(authority=authority)
    stranger = ElectedOfficialFactory(authority=other_authority)
    with pytest.raises(ValidationError, match="n'appartient pas"):
        services.set_carriers(project, by=users[Role.DRI], carriers=[(stranger, LEAD)])
    with pytest.raises(ValidationError, match="à la fois porteur et co-porteur"):
        services.set_carriers(project, by=users[Role.DRI], carriers=[(nadia, LEAD), (nadia, CO)])
    assert not ProjectCarrier.objects.exists()
    assert not AuditEvent.objects.filter(kind="project.carriers_changed").exists()


def test_the_project_form_names_porteurs_and_co_porteurs(authority, users, client_for):
    project = ProjectFactory(authority=authority, title="Eau à Ségou")
    nadia = ElectedOfficialFactory(authority=authority, last_name="Belkacem")
    yann = ElectedOfficialFactory(authority=authority, last_name="Le Floch")
    gone = ElectedOfficialFactory(authority=authority, last_name="Ancien", active=False)
    client = client_for(users[Role.DRI])
    page = client.get(reverse("project_edit", args=[project.pk])).content.decode()
    assert 'name="carriers_lead"' in page and 'name="carriers_co"' in page
    assert "Belkacem" in page and "Ancien" not in page
    response = client.post(
        reverse("project_edit", args=[project.pk]),
        edit_data(project, carriers_lead=[nadia.pk], carriers_co=[yann.pk]),
    )
    assert response.status_code == 302
    assert carriers_of(project) == {(nadia.pk, LEAD), (yann.pk, CO)}
    event = AuditEvent.objects.get(kind="project.updated", object_id=str(project.pk))
    assert event.changes["carriers"][0] == []
    # The overview names them, porteur first, with a link to each official's page.
    overview = client.get(reverse("project_detail", args=[project.pk])).content.decode()
    block = overview[overview.index('id="project-carriers"') :]
    assert block.index("Belkacem") < block.index("Le Floch")
    assert reverse("elected_detail", args=[nadia.pk]) in block
    assert "co-porteur" in block
    # An official no longer in office stays chosen on the edit form.
    ProjectCarrier.objects.create(project=project, official=gone, role=CO)
    page = client.get(reverse("project_edit", args=[project.pk])).content.decode()
    assert "Ancien" in page


def test_the_form_refuses_one_official_in_both_roles(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    nadia = ElectedOfficialFactory(authority=authority, last_name="Belkacem")
    response = client_for(users[Role.DRI]).post(
        reverse("project_edit", args=[project.pk]),
        edit_data(project, carriers_lead=[nadia.pk], carriers_co=[nadia.pk]),
    )
    assert response.status_code == 200
    assert "à la fois porteur et co-porteur" in response.content.decode()
    assert not ProjectCarrier.objects.exists()


def test_the_form_refuses_another_authoritys_official(
    authority, other_authority, users, client_for
):
    project = ProjectFactory(authority=authority)
    stranger = ElectedOfficialFactory(authority=other_authority)
    response = client_for(users[Role.DRI]).post(
        reverse("project_edit", args=[project.pk]),
        edit_data(project, carriers_lead=[stranger.pk]),
    )
    assert response.status_code == 200
    assert not ProjectCarrier.objects.exists()


def test_create_names_the_carriers(authority, users, client_for):
    nadia = ElectedOfficialFactory(authority=authority)
    response = client_for(users[Role.DRI]).post(
        reverse("project_create"),
        {
            "title": "Jeunes et Sfax",
            "kind": "youth",
            "initial_status": "idea",
            "visibility": "internal",
            "carriers_co": [nadia.pk],
            **MARKERS,
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(title="Jeunes et Sfax")
    assert carriers_of(project) == {(nadia.pk, CO)}
    created = AuditEvent.objects.get(kind="project.created", object_id=str(project.pk))
    assert created.changes["carriers"] == [None, [[str(nadia.pk), CO]]]


def test_the_list_filters_by_carrying_official_and_shows_carriers(
    authority, other_authority, users, client_for
):
    nadia = ElectedOfficialFactory(authority=authority, first_name="Nadia", last_name="Belkacem")
    yann = ElectedOfficialFactory(authority=authority, first_name="Yann", last_name="Le Floch")
    led = ProjectFactory(authority=authority, title="Eau à Thiès")
    co = ProjectFactory(authority=authority, title="Jeunes à Sfax")
    ProjectFactory(authority=authority, title="Déchets à Oran")
    ProjectCarrier.objects.create(project=led, official=nadia)
    ProjectCarrier.objects.create(project=co, official=yann)
    ProjectCarrier.objects.create(project=co, official=nadia, role=CO)
    stranger = ElectedOfficialFactory(authority=other_authority, last_name="Etranger")
    client = client_for(users[Role.AGENT])
    html = client.get(reverse("project_list"), {"elu": nadia.pk}).content.decode()
    assert "Eau à Thiès" in html and "Jeunes à Sfax" in html
    assert "Déchets à Oran" not in html
    assert "Porté par Nadia Belkacem" in html
    assert "Porté par Yann Le Floch, Nadia Belkacem" in html  # porteur first
    assert "Etranger" not in html  # another authority's officials are no choice
    # Another authority's official is not a valid choice: the filter is dropped, with a message.
    html = client.get(reverse("project_list"), {"elu": stranger.pk}).content.decode()
    assert "Déchets à Oran" in html
    assert "Élu porteur" in html
