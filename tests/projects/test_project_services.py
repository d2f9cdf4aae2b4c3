"""Service functions of projects: create, update with optimistic locking, status, partners."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from maillage.core.concurrency import ConcurrentEditError
from maillage.core.models import AuditEvent, CodeListItem, PolicyArea, Role, SdgTarget
from maillage.projects.models import Project, ProjectPartner, StatusChange
from maillage.projects.registry import services

from ..factories import (
    AuthorityFactory,
    ElectedOfficialFactory,
    PartnerFactory,
    ProjectFactory,
    ServiceFactory,
    member,
)

S = Project.Status


def today():
    """Today, read at each use: a module constant goes stale when a run crosses midnight."""
    return timezone.localdate()


@pytest.fixture
def dri(authority):
    return member(authority, Role.DRI, username="dri", first_name="Awa", last_name="Diop")


def project_events(project):
    return AuditEvent.objects.filter(object_type="projects.Project", object_id=str(project.pk))


@pytest.mark.django_db
def test_create_project_with_classifications_partners_and_first_step(authority, dri):
    service = ServiceFactory(authority=authority)
    official = ElectedOfficialFactory(authority=authority)
    partner = PartnerFactory(authority=authority)
    areas = list(PolicyArea.objects.filter(level=2)[:2])
    targets = list(SdgTarget.objects.filter(goal=6)[:2])
    sectors = list(CodeListItem.objects.filter(codelist="Sector", withdrawn=False)[:1])
    project = services.create_project(
        authority,
        by=dri,
        data={
            "title": "Eau potable à Thiès",
            "summary": "Réseau d'eau",
            "kind": Project.Kind.SOLIDARITY,
            "lead_service": service,
            "sponsors": [official],
            "policy_areas": areas,
            "sdg_targets": targets,
            "dac_sectors": sectors,
            "marker_environment": 2,
        },
        partners=[
            (partner, ProjectPartner.Role.IMPLEMENTING),
            (partner, ProjectPartner.Role.FUNDING),
        ],
        status=S.PREPARATION,
    )
    project.refresh_from_db()
    assert project.authority == authority
    assert project.status == S.PREPARATION
    assert project.version == 1
    assert project.marker_environment == 2
    assert set(project.policy_areas.all()) == set(areas)
    assert set(project.sdg_targets.all()) == set(targets)
    assert list(project.dac_sectors.all()) == sectors
    assert list(project.sponsors.all()) == [official]
    assert set(project.project_partners.values_list("partner_id", "role")) == {
        (partner.pk, "4"),
        (partner.pk, "1"),
    }
    step = StatusChange.objects.get(project=project)
    assert (step.from_status, step.to_status, step.on, step.by) == ("", S.PREPARATION, today(), dri)
    event = project_events(project).get()
    assert event.action == "create"
    assert event.user == dri
    assert event.changes["title"] == [None, "Eau potable à Thiès"]
    assert event.changes["status"] == [None, S.PREPARATION]


@pytest.mark.django_db
def test_create_refuses_a_later_status_or_another_authoritys_service(authority, dri):
    with pytest.raises(services.InvalidTransition):
        services.create_project(
            authority, by=dri, data={"title": "X", "kind": "other"}, status=S.COMPLETED
        )
    foreign = ServiceFactory(authority=AuthorityFactory())
    with pytest.raises(ValidationError):
        services.create_project(
            authority, by=dri, data={"title": "X", "kind": "other", "lead_service": foreign}
        )
    assert not Project.objects.exists()


# --- Status life cycle ------------------------------------------------------------------------

ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]
VALID = {
    (S.IDEA, S.PREPARATION),
    (S.PREPARATION, S.ONGOING),
    (S.ONGOING, S.COMPLETED),
    (S.IDEA, S.SUSPENDED),
    (S.PREPARATION, S.SUSPENDED),
    (S.ONGOING, S.SUSPENDED),
    (S.SUSPENDED, S.PREPARATION),
    (S.SUSPENDED, S.ONGOING),
}


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_transition_table(authority, dri, from_status, to_status):
    project = ProjectFactory(authority=authority, status=from_status)
    if (from_status, to_status) in VALID:
        step = services.change_status(
            project, by=dri, to_status=to_status, on=today(), comment="ok"
        )
        assert step.from_status == from_status
        assert Project.objects.get(pk=project.pk).status == to_status
    else:
        with pytest.raises(services.InvalidTransition):
            services.change_status(project, by=dri, to_status=to_status, on=today())
        assert Project.objects.get(pk=project.pk).status == from_status
        assert not StatusChange.objects.filter(project=project).exists()


@pytest.mark.django_db
def test_full_life_cycle_with_dates_fills_start_and_end(authority, dri):
    project = services.create_project(
        authority,
        by=dri,
        data={"title": "Jeunes", "kind": "youth"},
        status_on=today() - datetime.timedelta(10),
    )
    services.change_status(
        project, by=dri, to_status=S.PREPARATION, on=today() - datetime.timedelta(days=9)
    )
    services.change_status(
        project, by=dri, to_status=S.ONGOING, on=today() - datetime.timedelta(days=5)
    )
    services.change_status(
        project, by=dri, to_status=S.SUSPENDED, on=today() - datetime.timedelta(days=4)
    )
    services.change_status(
        project, by=dri, to_status=S.ONGOING, on=today() - datetime.timedelta(days=3)
    )
    services.change_status(
        project, by=dri, to_status=S.COMPLETED, on=today(), comment="Bilan présenté"
    )
    project.refresh_from_db()
    assert project.status == S.COMPLETED
    assert project.start_date == today() - datetime.timedelta(days=5)
    assert project.end_date == today()
    steps = list(project.status_changes.values_list("to_status", flat=True))
    assert steps == [S.IDEA, S.PREPARATION, S.ONGOING, S.SUSPENDED, S.ONGOING, S.COMPLETED]
    assert project.status_changes.last().comment == "Bilan présenté"
    assert project_events(project).filter(action="update").count() == 5
    # A completed project's life cycle is closed.
    assert services.allowed_transitions(S.COMPLETED) == []


@pytest.mark.django_db
def test_status_date_cannot_be_future_nor_before_previous_step(authority, dri):
    project = services.create_project(authority, by=dri, data={"title": "P", "kind": "other"})
    with pytest.raises(services.InvalidTransition, match="future"):
        services.change_status(
            project, by=dri, to_status=S.PREPARATION, on=today() + datetime.timedelta(days=1)
        )
    with pytest.raises(services.InvalidTransition, match="précéder"):
        services.change_status(
            project, by=dri, to_status=S.PREPARATION, on=today() - datetime.timedelta(days=1)
        )
    assert Project.objects.get(pk=project.pk).status == S.IDEA
    step = services.change_status(project, by=dri, to_status=S.PREPARATION)
    assert step.on == today()  # the default date


@pytest.mark.django_db
def test_completion_before_start_is_refused(authority, dri):
    project = ProjectFactory(
        authority=authority, status=S.ONGOING, start_date=today(), end_date=None
    )
    with pytest.raises(services.InvalidTransition):
        services.change_status(
            project, by=dri, to_status=S.COMPLETED, on=today() - datetime.timedelta(days=1)
        )


# --- Update and optimistic locking ------------------------------------------------------------


@pytest.mark.django_db
def test_update_project_bumps_version_and_records_the_diff(authority, dri):
    project = ProjectFactory(authority=authority, title="Avant", summary="S")
    area = PolicyArea.objects.filter(level=2).first()
    before = project.updated_at
    updated = services.update_project(
        project,
        by=dri,
        data={"title": "Après", "summary": "S", "policy_areas": [area]},
        version=1,
        partners=[],
    )
    assert updated.version == 2
    assert updated.title == "Après"
    assert updated.updated_at > before
    assert list(updated.policy_areas.all()) == [area]
    event = project_events(project).get()
    assert event.changes == {"title": ["Avant", "Après"], "policy_areas": [[], [area.pk]]}


@pytest.mark.django_db
def test_stale_version_raises_and_changes_nothing(authority, dri):
    other = member(authority, Role.DRI, username="other", first_name="Lou", last_name="Marin")
    project = ProjectFactory(authority=authority, title="Original")
    services.update_project(project, by=other, data={"title": "Par Lou"}, version=1)
    with pytest.raises(ConcurrentEditError) as info:
        services.update_project(project, by=dri, data={"title": "Par Awa"}, version=1)
    project.refresh_from_db()
    assert project.title == "Par Lou"
    assert project.version == 2
    assert info.value.by == other
    message = info.value.message
    assert "modifiée par Lou Marin à " in message
    assert timezone.localtime(info.value.at).strftime("%H:%M") in message
    assert "Vos modifications n'ont pas été enregistrées" in message
    assert project_events(project).count() == 1


@pytest.mark.django_db
def test_set_partners_replaces_rows_and_stays_in_authority(authority, dri):
    project = ProjectFactory(authority=authority)
    first, second = PartnerFactory(authority=authority), PartnerFactory(authority=authority)
    services.set_partners(project, by=dri, partners=[(first, "4"), (second, "1")])
    services.set_partners(project, by=dri, partners=[(second, "1"), (second, "4")])
    assert set(project.project_partners.values_list("partner_id", "role")) == {
        (second.pk, "1"),
        (second.pk, "4"),
    }
    assert project_events(project).count() == 2
    with pytest.raises(ValidationError):
        services.set_partners(
            project, by=dri, partners=[(PartnerFactory(authority=AuthorityFactory()), "4")]
        )
    assert project.project_partners.count() == 2


@pytest.mark.django_db
def test_delete_project_is_audited(authority, dri):
    project = ProjectFactory(authority=authority, title="À supprimer")
    pk = project.pk
    services.delete_project(project, by=dri)
    assert not Project.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.get(object_type="projects.Project", object_id=str(pk))
    assert (event.action, event.object_repr, event.authority) == (
        "delete",
        "À supprimer",
        authority,
    )


@pytest.mark.django_db
def test_day_rate_is_kept(authority, dri):
    project = services.create_project(
        authority, by=dri, data={"title": "P", "kind": "other", "agent_day_rate": Decimal("300")}
    )
    assert Project.objects.get(pk=project.pk).agent_day_rate == Decimal("300")
