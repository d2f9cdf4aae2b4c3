"""Trash and restore round trips: every row comes back with its ids and links, or nothing."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from maillage.core import trash
from maillage.core.models import AuditEvent, TrashEntry
from maillage.governance import services as governance
from maillage.governance.models import Meeting
from maillage.organisation.models import Agent, Service
from maillage.projects.models import (
    Agreement,
    AgreementDocument,
    Mission,
    Partner,
    PartnerContact,
    Project,
)
from maillage.projects.partners import services as partners
from maillage.projects.registry import services
from maillage.skills.models import CallResponse, SkillCall

from ..factories import AgentFactory, MobilisationFactory, ProjectFactory
from ..governance.factories import DecisionFactory
from ..world import build_world

APPS = ("organisation", "projects", "skills", "governance")


def _hashable(value):
    """JSON columns (an import run's result) compared by their canonical text."""
    return json.dumps(value, sort_keys=True) if isinstance(value, dict | list) else value


def dump() -> dict[str, set[tuple]]:
    """Every row of the domain apps, many-to-many tables included."""
    rows: dict[str, set[tuple]] = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            rows[model._meta.label] = {
                tuple(sorted((k, _hashable(v)) for k, v in values.items()))
                for values in model._base_manager.values()
            }
    return rows


@pytest.fixture
def world(authority):
    return build_world(authority)


def round_trip(delete, dri):
    before = dump()
    entry = delete()
    assert dump() != before
    trash.restore(TrashEntry.objects.get(pk=entry.pk), by=dri)
    assert dump() == before
    assert not TrashEntry.objects.filter(pk=entry.pk).exists()
    return entry


@pytest.fixture
def dri(users):
    return users["dri"]


@pytest.mark.django_db
def test_project_round_trip(world, dri):
    project = world["project"]
    # More that hangs on the project: a second mobilisation with agents, a second answer.
    mobilisation = MobilisationFactory(project=project, service=world["direction"])
    mobilisation.agents.add(world["agent"])
    other_agent = AgentFactory(service=world["service"])
    CallResponse.objects.create(
        call=world["skill_call"], agent=other_agent, authority=project.authority
    )
    before = dump()
    pk = project.pk
    entry = services.delete_project(project, by=dri)
    assert not Project.objects.filter(pk=pk).exists()
    assert not SkillCall.objects.filter(project_id=pk).exists()
    # Kept rows lose their link, and get it back on restore.
    assert Mission.objects.get(pk=world["mission"].pk).project_id is None
    labels = {item["model"]: item["count"] for item in entry.contents["contents"]}
    assert labels["skills.SkillCall"] == 1
    assert labels["skills.CallResponse"] == 2
    assert labels["projects.Mobilisation"] == 2
    assert {item["model"] for item in entry.contents["unlinked"]} >= {
        "projects.Mission",
        "governance.AgendaItem",
        "governance.Decision",
    }
    assert {item["model"] for item in entry.contents["links"]} >= {"governance.Committee"}
    restored = trash.restore(entry, by=dri)
    assert dump() == before
    assert (restored.obj.pk, restored.emptied) == (pk, 0)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESTORE, object_id=str(pk)).exists()


@pytest.mark.django_db
def test_deletion_audit_event_keeps_the_full_snapshot(world, dri):
    project = world["project"]
    pk = project.pk
    entry = services.delete_project(project, by=dri)
    event = AuditEvent.objects.get(
        action=AuditEvent.Action.DELETE, object_type="projects.Project", object_id=str(pk)
    )
    snapshot = event.changes["snapshot"]
    assert snapshot["trash_entry"] == entry.pk
    assert snapshot["rows"] == entry.rows
    models_in = {row["model"] for row in snapshot["rows"]}
    assert {"projects.project", "projects.budgetline", "skills.callresponse"} <= models_in
    project_row = next(row for row in snapshot["rows"] if row["model"] == "projects.project")
    assert project_row["fields"]["title"] == project.title
    assert event.user == dri


@pytest.mark.django_db
def test_partner_round_trip(authority, dri):
    partner = Partner.objects.create(authority=authority, name="Thiès", country_id="SN")
    PartnerContact.objects.create(partner=partner, name="Awa Diop")
    entry = round_trip(lambda: partners.delete_partner(partner, by=dri), dri)
    assert entry.kind == "projects.Partner"


@pytest.mark.django_db
def test_agreement_round_trip_keeps_its_files(world, dri, django_capture_on_commit_callbacks):
    agreement = world["agreement"]
    pk = agreement.pk
    name = default_storage.save("agreements/test/annexe.pdf", ContentFile(b"%PDF annexe"))
    AgreementDocument.objects.create(agreement=agreement, title="Annexe", file=name)
    with django_capture_on_commit_callbacks(execute=True):
        entry = round_trip(lambda: partners.delete_agreement(agreement, by=dri), dri)
    assert name in [item["name"] for item in entry.files]
    assert default_storage.exists(name)
    assert Agreement.objects.get(pk=pk).documents.count() == 2
    default_storage.delete(name)


@pytest.mark.django_db
def test_committee_round_trip(world, dri):
    round_trip(lambda: governance.delete_committee(world["committee"], by=dri), dri)


@pytest.mark.django_db
def test_meeting_round_trip(world, dri):
    round_trip(lambda: governance.delete_meeting(world["meeting"], by=dri), dri)


@pytest.mark.django_db
def test_restore_refused_when_a_referenced_service_is_gone(world, dri):
    project = ProjectFactory(authority=world["project"].authority)
    service = world["direction"]
    MobilisationFactory(project=project, service=service)
    entry = services.delete_project(project, by=dri)
    Service.objects.filter(parent=service).update(parent=None)
    Service.objects.filter(pk=service.pk).delete()
    before = dump()
    with pytest.raises(trash.RestoreError) as error:
        trash.restore(entry, by=dri)
    assert "rien n'a été modifié" in error.value.message
    assert f"Service n° {service.pk} n'existe plus" in error.value.message
    assert dump() == before
    assert TrashEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_restore_refused_when_an_answering_agent_is_gone(world, dri):
    entry = services.delete_project(world["project"], by=dri)
    Agent.objects.filter(pk=world["agent"].pk).delete()
    before = dump()
    with pytest.raises(trash.RestoreError) as error:
        trash.restore(entry, by=dri)
    assert f"n° {world['agent'].pk} n'existe plus" in error.value.message
    assert dump() == before


@pytest.mark.django_db
def test_restore_refused_when_a_linked_agent_is_gone_names_the_link_holder(world, dri):
    project = ProjectFactory(authority=world["project"].authority, title="Jumelage Thiès")
    mobilisation = MobilisationFactory(project=project, service=world["service"])
    agent = AgentFactory(service=world["service"])
    mobilisation.agents.add(agent)
    entry = services.delete_project(project, by=dri)
    Agent.objects.filter(pk=agent.pk).delete()
    with pytest.raises(trash.RestoreError) as error:
        trash.restore(entry, by=dri)
    message = error.value.message
    assert f"Agent n° {agent.pk} n'existe plus, or mobilisation « " in message
    assert "Jumelage Thiès" in message  # the mobilisation is named through its project


@pytest.mark.django_db
def test_restore_refused_on_a_unique_clash(world, dri):
    decision = world["decision"]
    entry = governance.delete_meeting(world["meeting"], by=dri)
    # The decision's number is given again meanwhile, in another meeting of the committee.
    other = governance.create_meeting(
        world["committee"], by=dri, data={"starts_at": world["meeting"].starts_at}
    )
    DecisionFactory(meeting=other, number=decision.number, year=decision.year)
    before = dump()
    with pytest.raises(trash.RestoreError) as error:
        trash.restore(entry, by=dri)
    assert "Décision" in error.value.message
    assert dump() == before


@pytest.mark.django_db
def test_restore_names_the_trash_entry_to_restore_first(world, dri):
    meeting_pk = world["meeting"].pk
    entry_meeting = governance.delete_meeting(world["meeting"], by=dri)
    entry_committee = governance.delete_committee(world["committee"], by=dri)
    with pytest.raises(trash.RestoreError) as error:
        trash.restore(entry_meeting, by=dri)
    assert f"« {entry_committee.label} »" in error.value.message
    trash.restore(entry_committee, by=dri)
    trash.restore(entry_meeting, by=dri)
    assert Meeting.objects.filter(pk=meeting_pk).exists()


@pytest.mark.django_db
def test_a_link_to_a_deleted_user_is_emptied(world, users, dri):
    project = world["project"]
    mobilisation = world["mobilisation"]
    mobilisation.proposed_by = users["admin"]
    mobilisation.save()
    entry = services.delete_project(project, by=dri)
    users["admin"].delete()
    assert trash.restore(entry, by=dri).emptied == 1
    mobilisation.refresh_from_db()
    assert mobilisation.proposed_by is None


@pytest.mark.django_db
def test_restoring_twice_is_refused(world, dri):
    entry = services.delete_project(world["project"], by=dri)
    stale = TrashEntry.objects.get(pk=entry.pk)
    trash.restore(entry, by=dri)
    with pytest.raises(trash.RestoreError):
        trash.restore(stale, by=dri)
