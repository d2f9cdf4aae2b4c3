"""The private iCalendar feed: made, parsed, holding exactly its owner's items; revoked."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Membership, Role
from maillage.projects.deadlines.services import (
    renew_calendar_feed,
    revoke_calendar_feed,
    token_hash,
)
from maillage.projects.models import CalendarFeed
from tests.factories import member

from .calendar_helpers import build_items, parse_ics, unescape

pytestmark = pytest.mark.django_db


def feed_url(token: str) -> str:
    return reverse("calendar_feed", args=[token])


def summaries(client, token: str) -> list[str]:
    response = client.get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return [unescape(event["SUMMARY"]) for event in parse_ics(response.content)]


def holds(titles: list[str], summaries: list[str]) -> set[str]:
    return {title for title in titles if any(s.endswith(f": {title}") for s in summaries)}


def test_feed_holds_exactly_the_users_items(authority, client):
    user = member(authority, Role.REFERENT)
    items = build_items(authority, user, "Alpha")
    token = renew_calendar_feed(authority, by=user)
    found = summaries(client, token)  # no session: calendar apps read it without logging in
    assert holds(items["mine"], found) == set(items["mine"])
    assert holds(items["others"], found) == set()
    assert len(found) == len(items["mine"])


def test_the_dri_gets_every_projects_deadlines(authority, client):
    user = member(authority, Role.DRI)
    items = build_items(authority, user, "Beta")
    found = summaries(client, renew_calendar_feed(authority, by=user))
    assert {"Appel étranger Beta", "Convention étrangère Beta"} <= holds(items["others"], found)
    assert "Comité étranger Beta" not in holds(items["others"], found)


def test_long_lines_are_folded_and_text_escaped(authority, client):
    user = member(authority)
    items = build_items(authority, user, "Gamma, avec un intitulé très long; " + "é" * 60)
    body = client.get(feed_url(renew_calendar_feed(authority, by=user))).content
    events = parse_ics(body)  # checks ≤ 75 octets per line and unfolds
    assert any(unescape(e["SUMMARY"]).endswith(items["mine"][0]) for e in events)
    dates = [e["DTSTART"] for e in events]
    assert any(len(d) == 8 for d in dates) and any(d.endswith("Z") for d in dates)


def test_token_is_stored_hashed_and_revoked_or_renewed(authority, client):
    user = member(authority)
    token = renew_calendar_feed(authority, by=user)
    assert len(token) >= 43  # 32 random bytes
    feed = CalendarFeed.objects.get(user=user)
    assert feed.token_hash == token_hash(token) and token not in feed.token_hash
    assert client.get(feed_url(token)).status_code == 200
    newer = renew_calendar_feed(authority, by=user)
    assert client.get(feed_url(token)).status_code == 404
    assert client.get(feed_url(newer)).status_code == 200
    revoke_calendar_feed(authority, by=user)
    assert client.get(feed_url(newer)).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_my_calendar_page_makes_renews_and_revokes(authority, client_for, client):
    user = member(authority)
    page = client_for(user)
    assert "Créer mon adresse" in page.get(reverse("my_calendar")).text
    response = page.post(reverse("my_calendar"), {"action": "renew"})
    url = response.context["feed_url"]
    assert url.startswith("http://testserver/agenda/") and url.endswith(".ics")
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(feed_url(token)).status_code == 200
    assert page.get(reverse("my_calendar")).context["feed_url"] == ""  # shown once
    page.post(reverse("my_calendar"), {"action": "revoke"})
    assert client.get(feed_url(token)).status_code == 404


def test_feed_shows_only_its_authority(authority, other_authority, client):
    user = member(authority, Role.DRI)  # a member of both authorities
    Membership.objects.create(user=user, authority=other_authority, role=Role.DRI)
    items = build_items(authority, user, "Ici")
    elsewhere = build_items(other_authority, user, "Ailleurs")
    found = summaries(client, renew_calendar_feed(authority, by=user))
    assert holds(items["mine"], found) == set(items["mine"])
    assert holds(elsewhere["mine"] + elsewhere["others"], found) == set()
    # A feed of the other authority holds its items only.
    found = summaries(client, renew_calendar_feed(other_authority, by=user))
    assert holds(elsewhere["mine"], found) == set(elsewhere["mine"])
    assert holds(items["mine"], found) == set()


def test_a_former_member_s_feed_answers_404(authority, client):
    user = member(authority)
    token = renew_calendar_feed(authority, by=user)
    user.memberships.all().delete()
    assert client.get(feed_url(token)).status_code == 404


def test_feed_query_count_is_flat(authority, client):
    user = member(authority, Role.REFERENT)
    token = renew_calendar_feed(authority, by=user)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(feed_url(token)).status_code == 200
        return len(ctx.captured_queries)

    build_items(authority, user, "Un")
    small = count()
    for i in range(6):
        build_items(authority, user, f"Lot {i}", offset=i)
    large = count()
    assert small == large, f"{small} queries with one set of items, {large} with seven"
    assert large <= 8, large


def test_feed_answers_head_and_refuses_post(authority, client):
    token = renew_calendar_feed(authority, by=member(authority))
    assert client.head(feed_url(token)).status_code == 200
    assert client.post(feed_url(token)).status_code == 405
