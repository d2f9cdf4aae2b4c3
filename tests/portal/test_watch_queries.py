"""The watch page runs the same number of queries with one late item of each kind or many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role
from maillage.portal.services_watch import relaunch_action, relaunch_mobilisation
from tests.skills.factories import SkillCallFactory

from .watch_helpers import build_watch, days_from_today, planned_meeting

# The request's session, user and memberships (3), then the page: see selectors_watch.
BUDGET = 16


def grow(authority, n: int) -> None:
    for i in range(n):
        world = build_watch(authority, marker=f" {n}-{i}")
        planned_meeting(world["meeting"].committee, 7)
        SkillCallFactory(project=world["project"], start_date=days_from_today(12))
        relaunch_mobilisation(world["awaiting"], by=None)
        relaunch_action(world["overdue"], by=None)


def count(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("watch"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
def test_query_count_is_flat(authority, users, client_for, django_capture_on_commit_callbacks):
    client = client_for(users[Role.DIRECTION])
    grow(authority, 1)
    small = count(client)
    grow(authority, 8)
    large = count(client)
    page = client.get(reverse("watch")).context["page"]
    assert len(page.awaiting) == 9 and page.overdue_count == 9  # the lines are there
    assert small == large, f"{small} queries with one item of each kind, {large} with nine"
    assert large <= BUDGET, f"{large} queries"
