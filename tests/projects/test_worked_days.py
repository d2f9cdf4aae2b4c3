"""Days the mobilised services actually worked, by month: who enters them and what they are
worth beside the planned days."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.funding import services as funding
from maillage.projects.models import Mobilisation, WorkedDays

from ..factories import (
    AgentFactory,
    MobilisationFactory,
    ProjectFactory,
    ServiceFactory,
    WorkedDaysFactory,
    member,
)
from .registry_helpers import referent_of

D = Decimal


@pytest.fixture
def project(authority):
    return ProjectFactory(authority=authority, title="Caen – Thiès", agent_day_rate=D("250"))


@pytest.fixture
def water(authority):
    return ServiceFactory(authority=authority, name="Eau et assainissement")


@pytest.fixture
def youth(authority):
    return ServiceFactory(authority=authority, name="Jeunesse")


@pytest.fixture
def mobilised(project, water):
    return MobilisationFactory(project=project, service=water, days_planned=D("10"))


@pytest.fixture
def other_mobilised(project, youth):
    return MobilisationFactory(project=project, service=youth, days_planned=D("4"))


def create_url(project, mobilisation) -> str:
    return reverse("worked_days_create", args=[project.pk, mobilisation.pk])


def agent_user(authority, service, username):
    user = member(authority, Role.AGENT, username=username)
    return user, AgentFactory(service=service, user=user, last_name=username.capitalize())


def test_worked_days_beside_planned_days_and_their_value(project, mobilised, other_mobilised):
    WorkedDaysFactory(mobilisation=mobilised, month=datetime.date(2025, 3, 1), days=D("3"))
    WorkedDaysFactory(mobilisation=mobilised, month=datetime.date(2025, 4, 1), days=D("1.5"))
    WorkedDaysFactory(mobilisation=other_mobilised, month=datetime.date(2025, 4, 1), days=D("2"))
    moved = funding.execution(project)
    assert (moved.days_planned, moved.days_worked) == (D("14"), D("6.5"))
    assert moved.planned_days_value == D("3500.00")
    assert moved.worked_days_value == D("1625.00")
    assert funding.worked_days_value(D("4.5"), D("250")) == D("1125.00")
    # The plan still values the planned days only.
    assert funding.funding_plan(project).agent_days_value == D("3500.00")
    rows = {m.pk: m for m in funding.funding_page(project)["mobilisations"]}
    assert (rows[mobilised.pk].days_worked, rows[mobilised.pk].worked_value) == (
        D("4.5"),
        D("1125.00"),
    )
    assert [w.month.month for w in rows[mobilised.pk].worked_list] == [3, 4]


def test_referent_enters_days_for_their_service_only(
    authority, project, water, mobilised, other_mobilised, client_for
):
    client = client_for(referent_of(water, "ref-eau"))
    response = client.post(
        create_url(project, mobilised), {"month": "2025-03-17", "days": "2.5", "note": "Atelier"}
    )
    assert response.status_code == 302
    worked = WorkedDays.objects.get()
    # Any day of the month stands for the month.
    assert (worked.month, worked.days, worked.mobilisation) == (
        datetime.date(2025, 3, 1),
        D("2.5"),
        mobilised,
    )
    assert worked.entered_by.username == "ref-eau"
    assert AuditEvent.objects.get().kind == "worked_days.created"
    html = client.get(reverse("project_funding", args=[project.pk])).content.decode()
    assert create_url(project, mobilised) in html
    assert create_url(project, other_mobilised) not in html
    response = client.post(
        create_url(project, other_mobilised), {"month": "2025-03-01", "days": "1"}
    )
    assert response.status_code == 403
    assert WorkedDays.objects.count() == 1


def test_agent_of_another_service_is_refused(authority, project, youth, mobilised, client_for):
    user, _agent = agent_user(authority, youth, "jeunesse")
    client = client_for(user)
    assert client.get(create_url(project, mobilised)).status_code == 403
    response = client.post(create_url(project, mobilised), {"month": "2025-03-01", "days": "1"})
    assert response.status_code == 403
    assert not WorkedDays.objects.exists()


def test_agent_on_the_mobilisation_enters_their_own_days_only(
    authority, project, water, mobilised, client_for
):
    # An approved answer to a call adds the agent to the service's mobilisation.
    user, agent = agent_user(authority, water, "moussa")
    colleague = AgentFactory(service=water, last_name="Collègue")
    mobilised.agents.add(agent)
    client = client_for(user)
    page = client.get(create_url(project, mobilised))
    assert page.status_code == 200
    choices = [value for value, _label in page.context["form"].fields["agent"].choices if value]
    assert [int(str(value)) for value in choices] == [agent.pk]
    response = client.post(
        create_url(project, mobilised), {"month": "2025-05-01", "days": "1", "agent": colleague.pk}
    )
    assert response.status_code == 200
    assert "agent" in response.context["form"].errors
    response = client.post(create_url(project, mobilised), {"month": "2025-05-01", "days": "1"})
    assert "agent" in response.context["form"].errors  # they must say it is them
    response = client.post(
        create_url(project, mobilised), {"month": "2025-05-01", "days": "1", "agent": agent.pk}
    )
    assert response.status_code == 302
    own = WorkedDays.objects.get()
    assert own.agent == agent
    # Their own row they may change; the référent's row for the service they may not.
    theirs = WorkedDaysFactory(mobilisation=mobilised, agent=colleague)
    html = client.get(reverse("project_funding", args=[project.pk])).content.decode()
    assert reverse("worked_days_update", args=[project.pk, own.pk]) in html
    assert reverse("worked_days_update", args=[project.pk, theirs.pk]) not in html
    url = reverse("worked_days_update", args=[project.pk, theirs.pk])
    assert client.get(url).status_code == 403
    url = reverse("worked_days_delete", args=[project.pk, own.pk])
    assert client.post(url).status_code == 302
    assert list(WorkedDays.objects.all()) == [theirs]


@pytest.mark.parametrize("role", [Role.ELECTED, Role.DIRECTION])
def test_elected_and_direction_read_only(project, mobilised, users, client_for, role):
    worked = WorkedDaysFactory(mobilisation=mobilised, days=D("3"))
    client = client_for(users[role])
    html = client.get(reverse("project_funding", args=[project.pk])).content.decode()
    assert "Eau et assainissement" in html
    assert create_url(project, mobilised) not in html
    assert reverse("worked_days_update", args=[project.pk, worked.pk]) not in html
    response = client.post(create_url(project, mobilised), {"month": "2025-03-01", "days": "1"})
    assert response.status_code == 403
    url = reverse("worked_days_delete", args=[project.pk, worked.pk])
    assert client.post(url).status_code == 403
    assert WorkedDays.objects.count() == 1


def test_dri_enters_days_for_any_agent_of_the_service(
    authority, project, water, mobilised, users, client_for
):
    agent = AgentFactory(service=water)
    client = client_for(users[Role.DRI])
    response = client.post(
        create_url(project, mobilised), {"month": "2025-06-01", "days": "4", "agent": agent.pk}
    )
    assert response.status_code == 302
    assert WorkedDays.objects.get().agent == agent


@pytest.mark.parametrize("days", ["0", "-1"])
def test_days_must_be_positive(project, mobilised, users, client_for, days):
    client = client_for(users[Role.DRI])
    response = client.post(create_url(project, mobilised), {"month": "2025-06-01", "days": days})
    assert response.status_code == 200
    assert "days" in response.context["form"].errors
    assert not WorkedDays.objects.exists()


def test_no_days_on_a_declined_mobilisation(project, mobilised, users, client_for):
    Mobilisation.objects.filter(pk=mobilised.pk).update(status=Mobilisation.Status.DECLINED)
    client = client_for(users[Role.DRI])
    response = client.post(create_url(project, mobilised), {"month": "2025-06-01", "days": "1"})
    assert response.status_code == 403
    assert not WorkedDays.objects.exists()


def test_another_authoritys_mobilisation_and_agent_are_refused(
    project, mobilised, users, client_for, other_authority
):
    foreign = MobilisationFactory(project=ProjectFactory(authority=other_authority))
    foreign_agent = AgentFactory(service=foreign.service)
    client = client_for(users[Role.DRI])
    assert client.get(create_url(project, foreign)).status_code == 404
    response = client.post(
        create_url(project, mobilised),
        {"month": "2025-06-01", "days": "1", "agent": foreign_agent.pk},
    )
    assert response.status_code == 200
    assert "agent" in response.context["form"].errors
    assert not WorkedDays.objects.exists()
