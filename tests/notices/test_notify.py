"""notify(): who gets a line in the centre, who gets an e-mail, according to preferences."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from maillage.core.models import Role
from maillage.notices import services
from maillage.notices.models import (
    Delivery,
    Kind,
    NoticeEvent,
    Notification,
    NotificationPreference,
    OutboxMessage,
)
from maillage.notices.services import Recipient, notify

from ..factories import member

pytestmark = pytest.mark.django_db


def send(authority, recipients, kind=Kind.ACTION_ASSIGNED, **extra):
    return notify(
        kind,
        recipients=recipients,
        authority=authority,
        title="Action confiée : Rédiger le bilan",
        body="Bonjour,\n\nVoir : /actions/1/etat/\n",
        link="/actions/1/etat/",
        **extra,
    )


def test_each_recipient_gets_a_line_and_an_email_of_their_own(
    authority, django_capture_on_commit_callbacks
):
    ann = member(authority, Role.AGENT, username="ann", email="ann@ville.example.fr")
    bob = member(authority, Role.AGENT, username="bob", email="bob@ville.example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        rows = send(authority, [ann, bob, ann, Recipient(email="ext@partenaire.example.org")])
    assert sorted(r.to for r in rows) == [
        "ann@ville.example.fr",
        "bob@ville.example.fr",
        "ext@partenaire.example.org",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.to for r in rows)
    assert all(len(m.to) == 1 and m.bcc == [] for m in mail.outbox)
    assert mail.outbox[0].subject == "[Maillage] Action confiée : Rédiger le bilan"
    # The centre: the two users, once each; the outside address has no centre.
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "ann",
        "bob",
    ]
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    # A user's e-mail carries the link that stops this kind; the outside address's does not.
    ann_mail = next(m for m in mail.outbox if m.to == ["ann@ville.example.fr"])
    assert "/notifications/desabonnement/" in ann_mail.body
    ext_mail = next(m for m in mail.outbox if m.to == ["ext@partenaire.example.org"])
    assert "desabonnement" not in ext_mail.body


def test_preferences_never_digest_immediately(authority, django_capture_on_commit_callbacks):
    now = member(authority, Role.AGENT, username="now", email="now@example.fr")
    weekly = member(authority, Role.AGENT, username="weekly", email="weekly@example.fr")
    never = member(authority, Role.AGENT, username="never", email="never@example.fr")
    NotificationPreference.objects.create(
        user=weekly, authority=authority, kind=Kind.ACTION_ASSIGNED, delivery=Delivery.DIGEST
    )
    NotificationPreference.objects.create(
        user=never, authority=authority, kind=Kind.ACTION_ASSIGNED, delivery=Delivery.NEVER
    )
    # Another kind's preference changes nothing for this one.
    NotificationPreference.objects.create(
        user=now, authority=authority, kind=Kind.MEETING_SCHEDULED, delivery=Delivery.NEVER
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(authority, [now, weekly, never])
    assert [m.to for m in mail.outbox] == [["now@example.fr"]]
    deliveries = dict(Notification.objects.values_list("recipient__username", "delivery"))
    assert deliveries == {"now": "immediate", "weekly": "digest", "never": "never"}


def test_a_kind_the_role_requires_is_mailed_even_when_set_to_never(
    authority, django_capture_on_commit_callbacks
):
    head = member(authority, Role.REFERENT, username="head", email="head@example.fr")
    NotificationPreference.objects.create(
        user=head, authority=authority, kind=Kind.APPROVAL_REQUESTED, delivery=Delivery.NEVER
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(authority, [head], kind=Kind.APPROVAL_REQUESTED)
    assert [m.to for m in mail.outbox] == [["head@example.fr"]]
    assert "desabonnement" not in mail.outbox[0].body
    assert "résumé hebdomadaire" in mail.outbox[0].body
    with pytest.raises(ValueError):
        services.set_preferences(
            authority, by=head, choices={Kind.APPROVAL_REQUESTED: Delivery.NEVER}
        )


def test_preferences_are_per_authority(
    authority, other_authority, django_capture_on_commit_callbacks
):
    ann = member(authority, Role.AGENT, username="ann", email="ann@example.fr")
    member(other_authority, Role.AGENT, username="ann")  # the same account, two authorities
    NotificationPreference.objects.create(
        user=ann, authority=other_authority, kind=Kind.ACTION_ASSIGNED, delivery=Delivery.NEVER
    )
    with django_capture_on_commit_callbacks(execute=True):
        send(authority, [ann])
    assert len(mail.outbox) == 1


def test_a_rolled_back_write_notifies_no_one(authority, django_capture_on_commit_callbacks):
    ann = member(authority, Role.AGENT, username="ann", email="ann@example.fr")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                send(authority, [ann])
                raise RuntimeError("the write fails")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists() and not OutboxMessage.objects.exists()


def test_an_event_with_a_key_happens_once(authority, django_capture_on_commit_callbacks):
    ann = member(authority, Role.AGENT, username="ann", email="ann@example.fr")
    with django_capture_on_commit_callbacks(execute=True):
        assert send(authority, [ann], key="action_overdue:1:2026-11-30")
        assert send(authority, [ann], key="action_overdue:1:2026-11-30") == []
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 1
    assert NoticeEvent.objects.get().key == "action_overdue:1:2026-11-30"


def test_no_recipient_records_nothing(authority):
    assert send(authority, [Recipient(email=""), None]) == []
    assert not Notification.objects.exists() and not NoticeEvent.objects.exists()
