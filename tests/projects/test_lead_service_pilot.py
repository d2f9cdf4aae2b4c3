"""The lead service of a project is mobilised on it as pilot."""

from __future__ import annotations

import pytest

from maillage.core.models import AuditEvent, Role
from maillage.projects.models import Mobilisation
from maillage.projects.registry import services

from ..factories import MobilisationFactory, ProjectFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db
M = Mobilisation


@pytest.fixture
def dri(authority):
    return member(authority, Role.DRI, username="dri-pilot")


def pilot_events(mobilisation):
    return AuditEvent.objects.filter(
        kind="mobilisation.pilot_set",
        object_type="projects.Mobilisation",
        object_id=str(mobilisation.pk),
    )


def test_a_new_project_mobilises_its_lead_service_as_confirmed_pilot(authority, dri):
    service = ServiceFactory(authority=authority)
    project = services.create_project(
        authority, by=dri, data={"title": "Forages", "kind": "other", "lead_service": service}
    )
    mobilisation = M.objects.get(project=project)
    assert mobilisation.service == service
    assert mobilisation.role == M.Role.LEAD
    assert mobilisation.status == M.Status.CONFIRMED
    assert mobilisation.proposed_by == dri
    assert mobilisation.answered_at is not None
    event = pilot_events(mobilisation).get()
    assert event.action == AuditEvent.Action.CREATE
    assert event.user == dri
    assert event.changes["role"] == [None, "lead"]
    assert event.changes["status"] == [None, "confirmed"]


def test_a_new_project_without_lead_service_mobilises_nobody(authority, dri):
    project = services.create_project(authority, by=dri, data={"title": "P", "kind": "other"})
    assert not M.objects.filter(project=project).exists()


def test_changing_the_lead_service_mobilises_the_new_one(authority, dri):
    first, second = ServiceFactory.create_batch(2, authority=authority)
    project = services.create_project(
        authority, by=dri, data={"title": "P", "kind": "other", "lead_service": first}
    )
    project = services.update_project(
        project, by=dri, data={"lead_service": second}, version=project.version
    )
    new = M.objects.get(project=project, service=second)
    assert (new.role, new.status) == (M.Role.LEAD, M.Status.CONFIRMED)
    assert pilot_events(new).count() == 1
    old = M.objects.get(project=project, service=first)  # left as it was
    assert (old.role, old.status) == (M.Role.LEAD, M.Status.CONFIRMED)
    # An update that leaves the lead service alone mobilises nobody again.
    services.update_project(project, by=dri, data={"title": "P2"}, version=project.version)
    assert M.objects.filter(project=project).count() == 2
    assert AuditEvent.objects.filter(kind="mobilisation.pilot_set").count() == 2


@pytest.mark.parametrize("status", [M.Status.PROPOSED, M.Status.DECLINED, M.Status.CONFIRMED])
def test_an_already_mobilised_service_becomes_pilot_and_keeps_its_status(status, authority, dri):
    project = ProjectFactory(authority=authority)
    service = ServiceFactory(authority=authority)
    mobilisation = MobilisationFactory(
        project=project, service=service, role=M.Role.CONSULTED, status=status
    )
    version = mobilisation.version
    services.update_project(
        project, by=dri, data={"lead_service": service}, version=project.version
    )
    mobilisation.refresh_from_db()
    assert mobilisation.role == M.Role.LEAD
    assert mobilisation.status == status
    assert mobilisation.version == version + 1
    assert M.objects.filter(project=project).count() == 1
    event = pilot_events(mobilisation).get()
    assert event.changes == {"role": ["consulted", "lead"]}


def test_an_already_pilot_service_records_nothing(authority, dri):
    project = ProjectFactory(authority=authority)
    service = ServiceFactory(authority=authority)
    mobilisation = MobilisationFactory(project=project, service=service, role=M.Role.LEAD)
    services.update_project(
        project, by=dri, data={"lead_service": service}, version=project.version
    )
    mobilisation.refresh_from_db()
    assert mobilisation.status == M.Status.PROPOSED
    assert not pilot_events(mobilisation).exists()
