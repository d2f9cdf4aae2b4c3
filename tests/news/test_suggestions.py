"""Recorded events suggested as news, each turned into a draft or dismissed once."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maillage.news import suggestions
from maillage.news.models import NewsItem, SuggestionUse
from maillage.projects.models import Project, StatusChange
from tests.factories import (
    IndicatorPeriodFactory,
    MissionFactory,
    ProjectFactory,
    ResultFactory,
)
from tests.governance.factories import DecisionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def events(authority, n: int = 1):
    today = timezone.localdate()
    for i in range(n):
        project = ProjectFactory(authority=authority, title=f"Projet {i}", summary="Résumé")
        StatusChange.objects.create(
            project=project,
            to_status=Project.Status.COMPLETED,
            on=today - datetime.timedelta(days=3),
        )
        result = ResultFactory(project=project, title=f"5 des 6 jeunes recrutés {i}")
        IndicatorPeriodFactory(
            indicator__result=result,
            start=today - datetime.timedelta(days=40),
            end=today - datetime.timedelta(days=10),
            actual=6,
        )
        meeting = MeetingFactory(
            committee__authority=authority,
            starts_at=timezone.now() - datetime.timedelta(days=5),
        )
        DecisionFactory(meeting=meeting, text=f"Décision {i}", project=project)
        MissionFactory(
            authority=authority,
            project=project,
            start_date=today - datetime.timedelta(days=20),
            end_date=today - datetime.timedelta(days=15),
            report="Compte rendu",
        )


def test_each_source_is_suggested(authority):
    events(authority)
    sources = {s.key.split(":")[0] for s in suggestions.suggestions_for(authority)}
    assert {"status", "indicator", "decision", "mission", "benefit"} <= sources


def test_other_authority_events_are_not_suggested(authority, other_authority):
    events(other_authority)
    assert suggestions.suggestions_for(authority) == []


def test_suggestion_becomes_a_draft_once(authority, org, client_for):
    events(authority)
    suggestion = next(
        s for s in suggestions.suggestions_for(authority) if s.key.startswith("decision")
    )
    client = client_for(org["dri"])
    response = client.post(suggestion.draft_url)
    assert response.status_code == 302
    item = NewsItem.objects.get()
    assert item.status == NewsItem.Status.DRAFT
    assert item.title == suggestion.title and item.committees.count() == 1
    assert response["Location"] == reverse("news_edit", args=[item.pk])
    # Used: neither suggested again nor usable twice.
    keys = {s.key for s in suggestions.suggestions_for(authority)}
    assert suggestion.key not in keys
    assert client.post(suggestion.draft_url).status_code == 404
    assert NewsItem.objects.count() == 1


def test_dismissed_suggestion_does_not_come_back(authority, org, client_for):
    events(authority)
    suggestion = suggestions.suggestions_for(authority)[0]
    client = client_for(org["dri"])
    assert client.post(suggestion.dismiss_url).status_code == 302
    assert SuggestionUse.objects.get(key=suggestion.key).dismissed
    assert suggestion.key not in {s.key for s in suggestions.suggestions_for(authority)}
    assert not NewsItem.objects.exists()


def test_agents_cannot_use_suggestions(authority, org, client_for):
    events(authority)
    suggestion = suggestions.suggestions_for(authority)[0]
    assert client_for(org["inside"]).post(suggestion.draft_url).status_code == 403
    assert not NewsItem.objects.exists()


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_suggestions_page_queries_are_bounded(authority, org, client_for):
    client = client_for(org["dri"])
    events(authority, 1)
    small = count(client, reverse("news_suggestions"))
    events(authority, 6)
    assert count(client, reverse("news_suggestions")) == small
