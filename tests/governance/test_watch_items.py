"""The DRI's shared watch: items kept, shared to a committee's next agenda in one click, and
those due within 30 days on the home pages of the DRI and the general management."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import AuditEvent, Country, PolicyArea, Role
from maillage.governance.models import AgendaItem, Meeting, WatchItem
from maillage.governance.watch import due_watch_items

from .factories import CommitteeFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def soon(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def planned(committee, days: int) -> Meeting:
    return MeetingFactory(
        committee=committee,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        status=Meeting.Status.PLANNED,
    )


def test_dri_creates_and_edits_an_item(authority, users, client_for):
    client = client_for(users[Role.DRI])
    token = client.get(reverse("watch_item_create")).context["form"]["form_token"].value()
    area = PolicyArea.objects.get(code="044")
    response = client.post(
        reverse("watch_item_create"),
        {
            "form_token": token,
            "kind": "call",
            "title": "Appel Jeunesse VI",
            "link": "https://example.org/jeunesse",
            "deadline": soon(10).isoformat(),
            "summary": "Mobilités de jeunes",
            "policy_areas": [area.pk],
            "countries": ["SN"],
        },
    )
    assert response.status_code == 302
    item = WatchItem.objects.get()
    assert item.authority == authority and item.deadline == soon(10)
    assert list(item.policy_areas.all()) == [area]
    assert list(item.countries.all()) == [Country.objects.get(iso2="SN")]
    page = client.get(reverse("watch_item_list")).text
    assert "Appel Jeunesse VI" in page and "Sénégal" in page

    response = client.post(
        reverse("watch_item_edit", args=[item.pk]),
        {"kind": "event", "title": "Assises", "version": item.version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.kind, item.title, item.deadline) == ("event", "Assises", None)
    assert set(AuditEvent.objects.values_list("kind", flat=True)) >= {
        "watch_item.created",
        "watch_item.updated",
    }


def test_share_puts_the_item_on_the_next_planned_agenda(authority, users, client_for):
    committee = CommitteeFactory(authority=authority)
    later = planned(committee, 30)
    next_one = planned(committee, 7)
    MeetingFactory(committee=committee)  # a past, held meeting
    item = WatchItem.objects.create(
        authority=authority, title="Appel Sénégal", link="https://example.org/sn", deadline=soon(9)
    )
    client = client_for(users[Role.DRI])
    response = client.post(reverse("watch_item_share", args=[item.pk]), {"committee": committee.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("meeting_detail", args=[next_one.pk])
    agenda_item = AgendaItem.objects.get()
    assert agenda_item.meeting == next_one and agenda_item.title == "Veille : Appel Sénégal"
    assert "https://example.org/sn" in agenda_item.notes
    assert not later.agenda_items.exists()


def test_share_without_a_planned_meeting_says_so(authority, users, client_for):
    committee = CommitteeFactory(authority=authority, name="Comité sans date")
    item = WatchItem.objects.create(authority=authority, title="Ressource")
    response = client_for(users[Role.DRI]).post(
        reverse("watch_item_share", args=[item.pk]), {"committee": committee.pk}
    )
    assert response.status_code == 200
    assert "pas de prochaine réunion" in response.text
    assert not AgendaItem.objects.exists()


def test_another_authority_s_committee_is_refused(authority, other_authority, users, client_for):
    foreign = CommitteeFactory(authority=other_authority)
    planned(foreign, 5)
    item = WatchItem.objects.create(authority=authority, title="Appel")
    response = client_for(users[Role.DRI]).post(
        reverse("watch_item_share", args=[item.pk]), {"committee": foreign.pk}
    )
    assert response.status_code == 200 and response.context["form"].errors["committee"]
    assert not AgendaItem.objects.exists()


def test_home_shows_what_falls_due_within_30_days(authority, users, client_for):
    WatchItem.objects.create(authority=authority, title="Dans dix jours", deadline=soon(10))
    WatchItem.objects.create(authority=authority, title="Dans deux mois", deadline=soon(60))
    WatchItem.objects.create(authority=authority, title="Échu", deadline=soon(-1))
    WatchItem.objects.create(authority=authority, title="Sans date")
    assert [i.title for i in due_watch_items(authority)] == ["Dans dix jours"]
    for role in (Role.DRI, Role.DIRECTION):
        page = client_for(users[role]).get(reverse("home")).text
        assert "Dans dix jours" in page and "Dans deux mois" not in page, role
    agent_page = client_for(users[Role.AGENT]).get(reverse("home")).text
    assert "Dans dix jours" not in agent_page


def test_list_query_count_is_flat(authority, users, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users[Role.DRI])
    areas = list(PolicyArea.objects.all()[:2])

    def grow(n: int) -> None:
        for i in range(n):
            item = WatchItem.objects.create(authority=authority, title=f"Item {n}-{i}")
            item.policy_areas.set(areas)
            item.countries.set(["SN", "ML"])
            planned(CommitteeFactory(authority=authority), 5 + i)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("watch_item_list")).status_code == 200
        return len(ctx.captured_queries)

    grow(1)
    small = count()
    grow(6)
    large = count()
    assert small == large and large <= 8, (small, large)
