"""Mobilisation notifications reach exactly the right people: the référents of the service
asked (and no other service's, no other authority's), then the DRI when the service answers;
the reminder after 15 days without an answer, once."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from maillage.core.models import Role
from maillage.notices import reminders
from maillage.notices.models import Notification
from maillage.projects.models import Mobilisation
from maillage.projects.registry import services

from ..factories import AgentFactory, ProjectFactory, ReferentFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db


def referent(service, username, kind="holder"):
    user = member(service.authority, Role.REFERENT, username=username, email="")
    agent = AgentFactory(service=service, user=user, email=f"{username}@ville.example.fr")
    ReferentFactory(agent=agent, kind=kind)
    return user


@pytest.fixture
def world(authority, other_authority, users):
    asked = ServiceFactory(authority=authority, name="Environnement")
    other = ServiceFactory(authority=authority, name="Culture")
    foreign = ServiceFactory(authority=other_authority, name="Environnement (autre ville)")
    return {
        "project": ProjectFactory(authority=authority, title="Eau potable à Thiès"),
        "asked": asked,
        "holder": referent(asked, "rita"),
        "substitute": referent(asked, "sam", kind="substitute"),
        "other_service_referent": referent(other, "carl"),
        "foreign_referent": referent(foreign, "fred"),
        "foreign_dri": member(other_authority, Role.DRI, username="dri-ailleurs"),
        "dri": users[Role.DRI],
        "second_dri": member(authority, Role.DRI, username="dora", email="dora@ville.example.fr"),
    }


def addressees() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)


def centre() -> list[str]:
    return sorted(Notification.objects.values_list("recipient__username", flat=True))


def test_request_reaches_the_services_referents_only(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mobilisation = services.propose_mobilisation(
            world["project"], by=world["dri"], service=world["asked"], contribution="Analyses"
        )
    assert addressees() == ["rita@ville.example.fr", "sam@ville.example.fr"]
    assert centre() == ["rita", "sam"]
    message = mail.outbox[0]
    assert "Environnement" in message.subject and "Eau potable à Thiès" in message.subject
    assert f"/projets/{world['project'].pk}/" in message.body
    line = Notification.objects.first()
    assert line.kind == "mobilisation_requested" and line.authority == world["project"].authority
    assert mobilisation.status == Mobilisation.Status.PROPOSED


def test_answer_reaches_the_dri_only(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mobilisation = services.propose_mobilisation(
            world["project"], by=world["dri"], service=world["asked"]
        )
    mail.outbox.clear()
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_mobilisation(
            mobilisation, by=world["holder"], confirm=False, comment="Pas avant 2027."
        )
    assert centre() == sorted(["dora", world["dri"].username])
    assert addressees() == sorted(["dora@ville.example.fr", world["dri"].email])
    assert "déclinée" in mail.outbox[0].subject
    assert "Pas avant 2027." in mail.outbox[0].body


def test_reminder_after_15_days_once(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mobilisation = services.propose_mobilisation(
            world["project"], by=world["dri"], service=world["asked"]
        )
    asked_at = timezone.make_aware(datetime.datetime(2026, 11, 2, 10))
    Mobilisation.objects.filter(pk=mobilisation.pk).update(proposed_at=asked_at)
    answered = services.propose_mobilisation(
        world["project"],
        by=world["dri"],
        service=ServiceFactory(authority=world["asked"].authority),
    )
    Mobilisation.objects.filter(pk=answered.pk).update(
        proposed_at=asked_at, status=Mobilisation.Status.CONFIRMED
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_all(datetime.date(2026, 11, 17))  # 15 days later: not yet
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_all(datetime.date(2026, 11, 18))
        reminders.run_all(datetime.date(2026, 11, 19))  # run again: nothing new
    assert addressees() == ["rita@ville.example.fr", "sam@ville.example.fr"]
    assert all("Rappel" in m.subject for m in mail.outbox)
    assert Notification.objects.filter(kind="mobilisation_reminder").count() == 2
