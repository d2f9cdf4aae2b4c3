"""The convention of write services: ``(target, *, by, …)``, a durable transaction of their own
(joined by a service they call, or by a ``composing()`` block), ``ValidationError`` for what a
user can correct, and an audit event whose kind names what happened."""

from __future__ import annotations

import importlib
import inspect

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction

from maillage.core import audit, identity, trash
from maillage.core.models import AuditEvent, Role, TrashEntry
from maillage.core.services import composing
from maillage.governance import services as governance
from maillage.organisation.hr import apply as hr_apply
from maillage.portal import services as portal
from maillage.portal import services_watch as portal_watch
from maillage.projects.funding import services as funding
from maillage.projects.missions import services as missions
from maillage.projects.models import Partner
from maillage.projects.partners import services as partners
from maillage.projects.registry import services as projects
from maillage.projects.results import services as results
from maillage.skills import services as skills
from tests.factories import PartnerFactory, ProjectFactory

MODULES = [
    projects,
    partners,
    missions,
    funding,
    results,
    skills,
    governance,
    trash,
    hr_apply,
    identity,
    portal,
    portal_watch,
]


def write_services():
    for module in MODULES:
        for name, function in vars(module).items():
            if getattr(function, "is_write_service", False) and function.__module__ == (
                module.__name__
            ):
                yield f"{module.__name__}.{name}", function


def test_every_public_write_service_takes_its_target_then_by():
    found = dict(write_services())
    assert len(found) > 60
    for name, function in found.items():
        if name.rsplit(".", 1)[1].startswith("_"):
            continue
        parameters = list(inspect.signature(function).parameters.values())
        assert parameters[0].kind == inspect.Parameter.POSITIONAL_OR_KEYWORD, name
        assert parameters[1].name == "by", name
        rest = {inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD}
        assert all(p.kind in rest for p in parameters[1:]), name


def test_the_write_modules_decorate_every_public_transactional_function():
    for module in MODULES:
        for name, function in vars(module).items():
            if inspect.isfunction(function) and function.__module__ == module.__name__:
                source = inspect.getsource(function)
                assert "@transaction.atomic" not in source.split("def ", 1)[0], name


@pytest.mark.django_db
def test_a_service_refuses_to_run_inside_a_foreign_transaction(authority):
    project = ProjectFactory(authority=authority)
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        projects.set_partners(project, by=None, partners=[])


@pytest.mark.django_db
def test_services_join_a_composing_block_and_roll_back_with_it(authority):
    with composing():
        project = projects.create_project(authority, by=None, data={"title": "Ensemble"})
        funding.set_day_rate(project, by=None, rate=300)
        transaction.set_rollback(True)
    assert not AuditEvent.objects.filter(kind__startswith="project.").exists()


@pytest.mark.django_db
def test_user_errors_are_validation_errors(authority, other_authority):
    foreign = ProjectFactory(authority=other_authority)
    with pytest.raises(ValidationError, match="pas à la collectivité"):
        missions.create_mission(
            authority,
            by=None,
            data={"title": "Mission", "direction": "outgoing", "project": foreign},
        )


@pytest.mark.django_db
def test_events_are_named(authority):
    project = projects.create_project(authority, by=None, data={"title": "Jumelage"})
    pk = str(project.pk)
    projects.change_status(project, by=None, to_status="preparation")
    entry = projects.delete_project(project, by=None)
    kinds = list(
        AuditEvent.objects.filter(object_type="projects.Project", object_id=pk)
        .order_by("id")
        .values_list("kind", "action")
    )
    assert kinds == [
        ("project.created", "create"),
        ("project.status_changed", "update"),
        ("project.deleted", "delete"),
    ]
    trash.restore(entry, by=None)
    assert AuditEvent.objects.filter(kind="project.restored", action="restore").exists()


def test_kinds_give_the_broad_action():
    assert audit.action_of("committee.deleted") == AuditEvent.Action.DELETE
    assert audit.action_of("committee_member.added") == AuditEvent.Action.CREATE
    assert audit.action_of("mobilisation.answered") == AuditEvent.Action.UPDATE
    assert audit.generic_kind("projects.BudgetLine", "update") == "budget_line.updated"
    with pytest.raises(ValueError):
        audit.action_of("Project created")


@pytest.mark.django_db
def test_events_recorded_by_action_only_get_a_generic_kind(authority):
    event = audit.record(
        authority=authority, user=None, action=AuditEvent.Action.UPDATE, object_type="core.User"
    )
    assert event.kind == "user.updated"


@pytest.mark.django_db
def test_rows_written_before_kinds_are_named_by_the_migration(authority):
    old = AuditEvent.objects.create(
        authority=authority, action="delete", object_type="governance.CommitteeMember"
    )
    migration = importlib.import_module("maillage.core.migrations.0005_audit_event_kind")
    migration.name_old_events(apps, None)
    old.refresh_from_db()
    assert old.kind == "committee_member.deleted"


@pytest.mark.django_db
def test_the_admin_deletes_through_the_service_inside_its_own_transaction(
    authority, users, client_for
):
    partner = PartnerFactory(authority=authority)
    client = client_for(users[Role.ADMIN])
    response = client.post(f"/admin/projects/partner/{partner.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()
    assert TrashEntry.objects.filter(kind="projects.Partner", object_id=str(partner.pk)).exists()
    assert AuditEvent.objects.filter(kind="partner.deleted", object_id=str(partner.pk)).exists()
