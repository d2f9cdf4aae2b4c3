"""Relaunching a late item from the watch page: one e-mail, recorded, not twice in 24 hours."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEvent, Role
from maillage.governance.models import ActionItem
from maillage.organisation.models import Agent
from maillage.portal.services_watch import relaunch_action, relaunch_mobilisation
from maillage.projects.models import Mobilisation

from .watch_helpers import build_watch, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def watch(authority):
    return build_watch(authority)


@pytest.fixture
def director(users, client_for):
    return client_for(users[Role.DIRECTION])


def relaunches(obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=obj._meta.label, object_id=str(obj.pk), kind__endswith=".relaunched"
        )
    )


def post(client, name: str, obj, capture):
    with capture(execute=True):
        return client.post(reverse(name, args=[obj.pk]), follow=True)


def test_relaunching_a_mobilisation_mails_the_referent_once(
    watch, director, users, django_capture_on_commit_callbacks
):
    mobilisation = watch["awaiting"]
    response = post(
        director, "watch_relaunch_mobilisation", mobilisation, django_capture_on_commit_callbacks
    )
    assert response.redirect_chain[-1][0].endswith(f"{reverse('watch')}#mobilisations")
    html = response.content.decode()
    assert "Relance envoyée à Alice Martin" in html
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@ville.example.fr"]
    assert "Jumelage culturel" in message.subject
    assert "il y a 20 jours" in message.body
    assert f"/projets/{mobilisation.project_id}/services/" in message.body
    [event] = relaunches(mobilisation)
    assert event.kind == "mobilisation.relaunched"
    assert event.user == users[Role.DIRECTION]
    assert event.authority == mobilisation.project.authority
    assert event.changes == {"recipients": [None, "Alice Martin"]}
    # The line says so, and offers no second relaunch.
    block = section(html, "mobilisations")
    assert "relancé le" in block
    assert reverse("watch_relaunch_mobilisation", args=[mobilisation.pk]) not in block

    again = post(
        director, "watch_relaunch_mobilisation", mobilisation, django_capture_on_commit_callbacks
    )
    assert "une seule relance par 24 heures" in again.content.decode()
    assert len(mail.outbox) == 1
    assert len(relaunches(mobilisation)) == 1


def test_a_day_later_the_item_can_be_relaunched_again(watch, django_capture_on_commit_callbacks):
    mobilisation = watch["awaiting"]
    with django_capture_on_commit_callbacks(execute=True):
        relaunch_mobilisation(mobilisation, by=None)
    with pytest.raises(ValidationError, match="24 heures"):
        relaunch_mobilisation(
            mobilisation, by=None, now=timezone.now() + datetime.timedelta(hours=23)
        )
    with django_capture_on_commit_callbacks(execute=True):
        relaunch_mobilisation(
            mobilisation, by=None, now=timezone.now() + datetime.timedelta(hours=25)
        )
    assert len(mail.outbox) == 2
    assert len(relaunches(mobilisation)) == 2


def test_relaunching_an_overdue_action_mails_its_owner(
    watch, director, django_capture_on_commit_callbacks
):
    action = watch["overdue"]
    response = post(director, "watch_relaunch_action", action, django_capture_on_commit_callbacks)
    assert "Relance envoyée à Bruno Petit" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["bruno@ville.example.fr"]]
    assert "Rédiger le bilan" in mail.outbox[0].subject
    assert f"/actions/{action.pk}/etat/" in mail.outbox[0].body
    assert [e.kind for e in relaunches(action)] == ["action_item.relaunched"]
    assert "relancé le" in section(response.content.decode(), "actions")
    again = post(director, "watch_relaunch_action", action, django_capture_on_commit_callbacks)
    assert "une seule relance par 24 heures" in again.content.decode()
    assert len(mail.outbox) == 1


def test_an_owner_without_email_is_named_and_nothing_is_recorded(
    watch, director, django_capture_on_commit_callbacks
):
    action = watch["overdue"]
    Agent.objects.filter(pk=watch["bruno"].pk).update(email="")
    response = post(director, "watch_relaunch_action", action, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aucune adresse électronique n&#x27;est enregistrée pour Bruno Petit" in html
    assert mail.outbox == []
    assert relaunches(action) == []


def test_an_outside_owner_has_no_known_address(watch, django_capture_on_commit_callbacks):
    action = watch["overdue"]
    ActionItem.objects.filter(pk=action.pk).update(owner_agent=None, owner_text="Mme Ndiaye")
    with pytest.raises(ValidationError, match="Aucune adresse électronique .* Mme Ndiaye"):
        relaunch_action(action, by=None)
    assert relaunches(action) == []


def test_a_service_without_referent_cannot_be_relaunched(watch, django_capture_on_commit_callbacks):
    mobilisation = Mobilisation.objects.create(
        project=watch["project"], service=watch["culture"], status="proposed"
    )
    with pytest.raises(ValidationError, match="pas de référent en fonction"):
        relaunch_mobilisation(mobilisation, by=None)
    assert mail.outbox == []


def test_an_answered_mobilisation_or_a_closed_action_is_not_relaunched(watch):
    with pytest.raises(ValidationError, match="déjà répondu"):
        relaunch_mobilisation(watch["confirmed"], by=None)
    with pytest.raises(ValidationError, match="n'est plus en retard"):
        relaunch_action(watch["done"], by=None)
    assert AuditEvent.objects.filter(kind__endswith=".relaunched").count() == 0


def test_get_shows_what_is_sent_and_sends_nothing(watch, director):
    response = director.get(reverse("watch_relaunch_action", args=[watch["overdue"].pk]))
    assert response.status_code == 200
    assert "Rédiger le bilan" in response.content.decode()
    assert mail.outbox == []
    assert relaunches(watch["overdue"]) == []


def test_another_authoritys_item_is_not_found(other_authority, director):
    theirs = build_watch(other_authority, marker="Ailleurs")
    for name, obj in (
        ("watch_relaunch_mobilisation", theirs["awaiting"]),
        ("watch_relaunch_action", theirs["overdue"]),
    ):
        assert director.post(reverse(name, args=[obj.pk])).status_code == 404
    assert mail.outbox == []


@pytest.mark.parametrize("role", [Role.DRI, Role.REFERENT, Role.AGENT, Role.ELECTED])
def test_other_roles_cannot_relaunch(role, watch, users, client_for):
    client = client_for(users[role])
    response = client.post(reverse("watch_relaunch_mobilisation", args=[watch["awaiting"].pk]))
    assert response.status_code == 403
    assert mail.outbox == []
