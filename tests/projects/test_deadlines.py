"""A project's deadlines: added, changed and deleted by those who edit projects, shown on the
project page, another authority's project or deadline not found."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.models import Deadline
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(authority):
    return ProjectFactory(authority=authority, title="Eau potable à Ziguinchor")


def values(**extra) -> dict[str, str]:
    return {"kind": "report", "date": "2027-03-31", "title": "Rapport final à l'AFD", **extra}


def test_dri_adds_changes_and_deletes_a_deadline(project, users, client_for):
    client = client_for(users[Role.DRI])
    form = client.get(reverse("deadline_create", args=[project.pk]))
    token = form.context["form"]["form_token"].value()
    response = client.post(
        reverse("deadline_create", args=[project.pk]), values(form_token=token, note="Avec annexes")
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get()
    assert (deadline.authority, deadline.project, deadline.kind) == (
        project.authority,
        project,
        Deadline.Kind.REPORT,
    )
    assert deadline.date == datetime.date(2027, 3, 31) and deadline.note == "Avec annexes"
    page = client.get(reverse("project_detail", args=[project.pk])).text
    assert "Rapport final à l&#x27;AFD" in page and "Rapport à rendre" in page
    assert reverse("deadline_update", args=[project.pk, deadline.pk]) in page

    response = client.post(
        reverse("deadline_update", args=[project.pk, deadline.pk]),
        values(kind="call", title="Appel à projets AFD", version=deadline.version),
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.kind, deadline.title) == ("call", "Appel à projets AFD")

    assert client.get(reverse("deadline_delete", args=[project.pk, deadline.pk])).status_code == 200
    client.post(reverse("deadline_delete", args=[project.pk, deadline.pk]))
    assert not Deadline.objects.exists()
    kinds = set(AuditEvent.objects.values_list("kind", flat=True))
    assert {"deadline.created", "deadline.updated", "deadline.deleted"} <= kinds


def test_a_date_is_required(project, users, client_for):
    client = client_for(users[Role.DRI])
    response = client.post(reverse("deadline_create", args=[project.pk]), values(date=""))
    assert response.status_code == 200 and response.context["form"].errors["date"]
    assert not Deadline.objects.exists()


def test_an_agent_reads_deadlines_but_cannot_edit(project, users, client_for):
    Deadline.objects.create(
        authority=project.authority, project=project, date=datetime.date(2027, 1, 15), title="Bilan"
    )
    client = client_for(users[Role.AGENT])
    page = client.get(reverse("project_detail", args=[project.pk])).text
    assert "Bilan" in page and reverse("deadline_create", args=[project.pk]) not in page
    assert client.post(reverse("deadline_create", args=[project.pk]), values()).status_code == 403


def test_another_project_s_deadline_is_not_found(authority, project, users, client_for):
    other = ProjectFactory(authority=authority)
    deadline = Deadline.objects.create(
        authority=authority, project=other, date=datetime.date(2027, 1, 15), title="Bilan"
    )
    client = client_for(users[Role.DRI])
    url = reverse("deadline_update", args=[project.pk, deadline.pk])
    assert client.get(url).status_code == 404


def test_a_stale_edit_answers_409(project, users, client_for):
    deadline = Deadline.objects.create(
        authority=project.authority, project=project, date=datetime.date(2027, 1, 15), title="Bilan"
    )
    client = client_for(users[Role.DRI])
    url = reverse("deadline_update", args=[project.pk, deadline.pk])
    client.post(url, values(version=deadline.version))
    response = client.post(url, values(title="Autre", version=deadline.version))
    assert response.status_code == 409
