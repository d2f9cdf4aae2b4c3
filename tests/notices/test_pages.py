"""The notification centre, the unread count in the header, the preferences page and the
e-mails' unsubscribe link: permissions, tenancy, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.notices import tokens
from maillage.notices.models import Delivery, Kind, Notification, NotificationPreference

from ..factories import member

pytestmark = pytest.mark.django_db


def line(user, authority, title="Action confiée : Bilan", kind=Kind.ACTION_ASSIGNED, **extra):
    return Notification.objects.create(
        recipient=user,
        authority=authority,
        kind=kind,
        title=title,
        body="Bonjour,\n\nLe comité vous confie une action.",
        link="/actions/1/etat/",
        delivery=Delivery.IMMEDIATE,
        **extra,
    )


def test_centre_lists_the_users_own_lines_in_the_current_authority(
    authority, other_authority, users, client_for
):
    ann = users[Role.AGENT]
    mine = line(ann, authority, "Action confiée : Bilan")
    line(ann, other_authority, "Action confiée : Zyxqwv ailleurs")
    line(users[Role.DRI], authority, "Action confiée : Zyxqwv de la DRI")
    page = client_for(ann).get(reverse("notice_centre"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Action confiée : Bilan" in html and "Zyxqwv" not in html
    assert 'href="/actions/1/etat/"' in html
    # The header's count: this authority's unread lines only.
    assert 'id="notice-unread-count">1<' in html
    assert mine.kind == "action_assigned"


def test_mark_one_and_all_read(authority, users, client_for):
    ann = users[Role.AGENT]
    first, second = line(ann, authority, "Un"), line(ann, authority, "Deux")
    others = line(users[Role.DRI], authority, "Celle de la DRI")
    client = client_for(ann)
    # Another user's line cannot be marked by posting its id.
    response = client.post(reverse("notice_centre"), {"id": [first.pk, others.pk]})
    assert response.status_code == 302
    first.refresh_from_db(), others.refresh_from_db()
    assert first.read_at is not None and others.read_at is None
    html = client.get(reverse("notice_centre")).content.decode()
    assert 'id="notice-unread-count">1<' in html
    client.post(reverse("notice_centre"), {"tout": "1"})
    second.refresh_from_db(), others.refresh_from_db()
    assert second.read_at is not None and others.read_at is None
    html = client.get(reverse("notice_centre")).content.decode()
    assert "notice-unread-count" not in html


def test_empty_centre_says_what_will_come(users, client_for):
    html = client_for(users[Role.AGENT]).get(reverse("notice_centre")).content.decode()
    assert 'id="notice-empty"' in html


def test_centre_is_paginated(authority, users, client_for):
    ann = users[Role.AGENT]
    for i in range(30):
        line(ann, authority, f"Ligne {i:02d}")
    client = client_for(ann)
    first = client.get(reverse("notice_centre")).content.decode()
    second = client.get(reverse("notice_centre") + "?page=2").content.decode()
    assert "Ligne 29" in first and "Ligne 04" not in first
    assert "Ligne 04" in second and "Ligne 29" not in second
    assert client.get(reverse("notice_centre") + "?page=abc").status_code == 200


@pytest.mark.parametrize("size", [1, 30])
def test_centre_and_preferences_queries_are_flat(size, authority, users, client_for):
    ann = users[Role.AGENT]
    for i in range(size):
        line(ann, authority, f"Ligne {i}")
    client = client_for(ann)
    for name, budget in (("notice_centre", 5), ("notice_preferences", 4)):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        assert len(ctx.captured_queries) == budget, (name, size)


def test_preferences_page_saves_and_refuses_never_for_required_kinds(authority, users, client_for):
    ann = users[Role.REFERENT]
    client = client_for(ann)
    html = client.get(reverse("notice_preferences")).content.decode()
    assert 'name="approval_requested" value="never"' not in html
    assert 'name="action_assigned" value="never"' in html
    data = dict.fromkeys(Kind.values, Delivery.IMMEDIATE)
    data |= {Kind.ACTION_ASSIGNED: Delivery.DIGEST, Kind.MINUTES_PUBLISHED: Delivery.NEVER}
    assert client.post(reverse("notice_preferences"), data).status_code == 302
    saved = dict(
        NotificationPreference.objects.filter(user=ann, authority=authority).values_list(
            "kind", "delivery"
        )
    )
    assert saved == {"action_assigned": "digest", "minutes_published": "never"}
    event = AuditEvent.objects.get(kind="notice_preferences.updated")
    assert event.changes["minutes_published"] == ["immediate", "never"]
    refused = client.post(
        reverse("notice_preferences"), data | {Kind.APPROVAL_REQUESTED: Delivery.NEVER}
    )
    assert refused.status_code == 200
    assert not NotificationPreference.objects.filter(kind=Kind.APPROVAL_REQUESTED).exists()


def test_unsubscribe_link_works_without_login(authority, client):
    ann = member(authority, Role.AGENT, username="ann")
    url = tokens.unsubscribe_path(ann.pk, authority.pk, Kind.MINUTES_PUBLISHED)
    page = client.get(url)
    assert page.status_code == 200 and "Confirmer le désabonnement" in page.content.decode()
    assert not NotificationPreference.objects.exists()  # a link scanner changes nothing
    done = client.post(url)
    assert 'id="unsubscribe-done"' in done.content.decode()
    pref = NotificationPreference.objects.get()
    assert (pref.user, pref.authority, pref.kind, pref.delivery) == (
        ann,
        authority,
        "minutes_published",
        "never",
    )


def test_unsubscribe_refuses_a_required_kind(authority, client):
    ann = member(authority, Role.REFERENT, username="ann")
    url = tokens.unsubscribe_path(ann.pk, authority.pk, Kind.MOBILISATION_REQUESTED)
    page = client.post(url)
    assert 'id="unsubscribe-required"' in page.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_tampered_token_is_not_found(authority, other_authority, client):
    ann = member(authority, Role.AGENT, username="ann")
    good = tokens.make(ann.pk, authority.pk, Kind.MINUTES_PUBLISHED)
    value, signature = good.rsplit(":", 1)
    forged = tokens.make(ann.pk + 1, authority.pk, Kind.MINUTES_PUBLISHED).rsplit(":", 1)[0]
    for token in (
        f"{value}:{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",
        f"{forged}:{signature}",
        "n-importe-quoi",
        # Well signed, but for an authority the user does not belong to.
        tokens.make(ann.pk, other_authority.pk, Kind.MINUTES_PUBLISHED),
        tokens.make(ann.pk, authority.pk, "no_such_kind"),
    ):
        url = reverse("notice_unsubscribe", args=[token])
        assert client.get(url).status_code == 404, token
        assert client.post(url).status_code == 404, token
    assert not NotificationPreference.objects.exists()
