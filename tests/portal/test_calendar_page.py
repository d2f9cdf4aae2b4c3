"""The authority's calendar page: month grid, list view, navigation, tenancy, queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role
from tests.factories import member

from .calendar_helpers import build_items, day

pytestmark = pytest.mark.django_db


def month_url(date, view: str = "grille") -> str:
    return f"{reverse('calendar')}?annee={date.year}&mois={date.month}&vue={view}"


def test_month_grid_is_a_table_with_caption_and_the_month_s_items(
    authority, other_authority, users, client_for
):
    items = build_items(authority, users[Role.DRI], "Grille", offset=0)
    elsewhere = build_items(other_authority, member(other_authority), "Ailleurs", offset=0)
    page = client_for(users[Role.AGENT]).get(month_url(day(0)))
    assert page.status_code == 200
    html = page.text
    assert '<table class="table table-bordered calendar-grid">' in html
    assert "<caption>Calendrier de " in html
    assert 'aria-current="date"' in html  # today
    titles = {entry.title for entry in page.context["entries"]}
    # Every item of the authority that falls this month, whoever it concerns; no closed action.
    assert "Comité suivi Grille" in titles and "Comité étranger Grille" in titles
    assert "Action due Grille" in titles and "Action étrangère Grille" in titles
    assert "Action close Grille" not in titles
    for title in titles:
        assert title in html
    assert not set(elsewhere["mine"] + elsewhere["others"]) & titles
    assert len(items["mine"]) == 6


def test_list_view_and_month_navigation(authority, users, client_for):
    build_items(authority, users[Role.DRI], "Liste", offset=0)
    client = client_for(users[Role.ELECTED])
    page = client.get(month_url(day(0), "liste"))
    assert page.status_code == 200
    assert "calendar-grid" not in page.text and '<dl class="calendar-list">' in page.text
    assert "Comité suivi Liste" in page.text
    assert "vue=liste" in page.context["next_url"] and "vue=liste" in page.context["previous_url"]
    following = client.get(page.context["next_url"])
    assert "Comité suivi Liste" not in following.text
    december = client.get(f"{reverse('calendar')}?annee=2026&mois=12")
    assert december.context["next_url"].endswith("annee=2027&mois=1&vue=grille")
    assert december.context["previous_url"].endswith("annee=2026&mois=11&vue=grille")


def test_a_bad_month_is_dropped_with_a_message(authority, users, client_for):
    page = client_for(users[Role.AGENT]).get(f"{reverse('calendar')}?mois=13&annee=abc")
    assert page.status_code == 200
    assert 'id="filter-errors"' in page.text


def test_calendar_query_count_is_flat(authority, users, client_for):
    client = client_for(users[Role.AGENT])

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(month_url(day(0))).status_code == 200
        return len(ctx.captured_queries)

    build_items(authority, users[Role.DRI], "Un", offset=0)
    small = count()
    for i in range(5):
        build_items(authority, member(authority), f"Lot {i}", offset=0)
    large = count()
    assert small == large, f"{small} queries with one set of items, {large} with six"
    assert large <= 9, large
