"""The weekly digest: one e-mail per person and authority, lines grouped by kind, once."""

from __future__ import annotations

import pytest
from django.core import mail

from maillage.core.models import Role
from maillage.notices import delivery
from maillage.notices.models import Delivery, Kind, Notification, NotificationPreference
from maillage.notices.services import notify

from ..factories import member

pytestmark = pytest.mark.django_db


def digest_mode(user, authority, *kinds):
    for kind in kinds:
        NotificationPreference.objects.create(
            user=user, authority=authority, kind=kind, delivery=Delivery.DIGEST
        )


def event(authority, kind, title, people, link="/"):
    notify(kind, recipients=people, authority=authority, title=title, body="…", link=link)


def test_digest_groups_a_persons_lines_by_kind(
    authority, other_authority, django_capture_on_commit_callbacks
):
    ann = member(authority, Role.AGENT, username="ann", email="ann@example.fr")
    bob = member(authority, Role.AGENT, username="bob", email="bob@example.fr")
    member(other_authority, Role.AGENT, username="ann")
    digest_mode(ann, authority, Kind.ACTION_ASSIGNED, Kind.MINUTES_PUBLISHED)
    digest_mode(ann, other_authority, Kind.ACTION_ASSIGNED)
    digest_mode(bob, authority, Kind.ACTION_ASSIGNED)
    with django_capture_on_commit_callbacks(execute=True):
        event(authority, Kind.ACTION_ASSIGNED, "Action confiée : Bilan", [ann, bob], "/actions/1/")
        event(authority, Kind.ACTION_ASSIGNED, "Action confiée : Budget", [ann], "/actions/2/")
        event(authority, Kind.MINUTES_PUBLISHED, "Compte rendu du 3 mars", [ann])
        event(authority, Kind.MEETING_SCHEDULED, "Réunion le 9 mars", [ann])  # immediate
        event(other_authority, Kind.ACTION_ASSIGNED, "Action confiée : Jumelage", [ann])
    assert [m.subject for m in mail.outbox] == ["[Maillage] Réunion le 9 mars"]
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_digests() == 3  # ann here, ann in the other authority, bob
    by_body = {(m.to[0], authority.name in m.body): m for m in mail.outbox}
    ann_here = by_body[("ann@example.fr", True)]
    assert ann_here.subject == "[Maillage] Votre résumé de la semaine : 3 notifications"
    body = ann_here.body
    assert body.index("Action confiée (2)") < body.index("Action confiée : Bilan : /actions/1/")
    assert body.index("Action confiée : Budget") < body.index("Compte rendu de réunion publié (1)")
    assert "Réunion le 9 mars" not in body and "Jumelage" not in body
    assert body.count("/notifications/desabonnement/") == 2  # one per kind
    ann_there = by_body[("ann@example.fr", False)]
    assert "Jumelage" in ann_there.body and "Bilan" not in ann_there.body
    bob_mail = by_body[("bob@example.fr", True)]
    assert "Bilan" in bob_mail.body and "Budget" not in bob_mail.body
    assert not Notification.objects.filter(delivery="digest", digested_at__isnull=True).exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert delivery.send_digests() == 0  # nothing new: nothing sent twice
    assert mail.outbox == []
