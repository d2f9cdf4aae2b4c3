"""List and detail pages run the same number of queries whatever the data size."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import PolicyArea, Role
from maillage.projects.models import DeclaredActivity

from .factories import (
    AgentFactory,
    DelegationFactory,
    ElectedOfficialFactory,
    ReferentFactory,
    ServiceFactory,
)

# The home page of a user with an agent record runs 2 or 3 queries for the skills blocks
# (answers to calls awaiting them, open calls, their criteria with the profile's entries; the
# profile comes with the agent): see skills.selectors_calls.home_blocks. Those who edit projects
# get 1 more for the agreements to renew (projects.registry.selectors.home_blocks), and the DRI
# and the general management 1 for the watch items due within 30 days (governance.watch).
BUDGETS = {
    ("home", Role.DRI): 13,
    ("home", Role.DIRECTION): 13,
    ("home", Role.AGENT): 8,
    ("home", Role.REFERENT): 11,
    # An elected official's home: her projects, seats, next meetings and their agendas, missions,
    # local benefits, next committee points, open actions and key figures
    # (portal.selectors_elected.elected_context); no référent coverage.
    ("home", Role.ELECTED): 14,
    ("org_chart", Role.AGENT): 6,
    ("service_detail", Role.AGENT): 12,
    ("agent_list", Role.AGENT): 8,
    # + 3 for what the officials carry: projects, seats, missions (portal.panels); + 1 for the
    # next meetings when one of them sits on a committee.
    ("elected_list", Role.AGENT): 9,
    # The general management's watch page (portal.selectors_watch.watch_page: 13 queries); its
    # lines grown at two sizes in tests/portal/test_watch_queries.py.
    ("watch", Role.DIRECTION): 16,
    # The activities declared outside a project (projects.funding.activities): 1 query.
    ("declared_activity_list", Role.DRI): 5,
    # The payments import's upload page (its dry run is counted at two sizes in
    # tests/projects/test_payments_import.py).
    ("payments_import", Role.DRI): 6,
    # The notification centre: its page of lines and their count (the unread count of the
    # header rides on the membership query, core.tenancy.MEMBERSHIP_ANNOTATIONS); the
    # preferences: the user's choices. Grown in tests/notices/test_pages.py.
    ("notice_centre", Role.AGENT): 5,
    ("notice_preferences", Role.AGENT): 4,
    # Internal news: the items the user reads (+ 1 for an agent: their services, for the audience),
    # and the DRI's suggested events (one query per source). Grown with news and events in
    # tests/news/test_queries.py and tests/news/test_suggestions.py.
    ("news_list", Role.AGENT): 5,
    ("news_list", Role.DRI): 4,
    ("news_suggestions", Role.DRI): 9,
    # Newsletters: the archive (the letters the user reads) and the compose page (the period's
    # items, services, key figures: 3 queries). Grown in tests/news/test_newsletters.py.
    ("newsletter_list", Role.AGENT): 6,
    ("newsletter_list", Role.DRI): 5,
    ("newsletter_create", Role.DRI): 9,
    # The calendar page: 5 queries for the month (portal.selectors_calendar.authority_entries),
    # grown in tests/portal/test_calendar_page.py; "Mon agenda": the user's feed, if any.
    ("calendar", Role.AGENT): 9,
    ("my_calendar", Role.AGENT): 5,
    # The DRI's watch items (governance.watch: items, their areas and countries, committees
    # with a meeting to come); grown in tests/governance/test_watch_items.py.
    ("watch_item_list", Role.DRI): 8,
}


def grow(authority, size: int):
    """Add ``size`` directorates, each with services, agents, référents and an official."""
    areas = list(PolicyArea.objects.all()[:3])
    first_service = None
    for i in range(size):
        direction = ServiceFactory(authority=authority, kind="directorate", name=f"Direction {i}")
        for j in range(3):
            service = ServiceFactory(authority=authority, parent=direction, name=f"S {i}.{j}")
            service.policy_areas.set(areas)
            first_service = first_service or service
            agents = AgentFactory.create_batch(5, service=service)
            if j != 2:
                ReferentFactory(agent=agents[0])
        official = ElectedOfficialFactory(authority=authority)
        DelegationFactory(elected_official=official).policy_areas.set(areas)
        for kind in ("awareness", "refugees"):
            DeclaredActivity.objects.create(
                authority=authority,
                year=2025,
                kind=kind,
                title=f"Activité {i}",
                amount=Decimal("100"),
                purpose_code="99820",
                channel="11002",
                country_id="SN",
            )
    return first_service


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "role"), list(BUDGETS), ids=lambda v: str(v))
def test_query_count_is_flat(page, role, authority, users, client_for):
    service = grow(authority, 1)
    # Link the user to an agent of the service, so role blocks on the home page have content.
    agent = AgentFactory(service=service, user=users[role])
    ReferentFactory(agent=agent)
    official = ElectedOfficialFactory(authority=authority, user=users[role])
    DelegationFactory(elected_official=official)
    client = client_for(users[role])
    kwargs = {"pk": service.pk} if page == "service_detail" else {}
    url = reverse(page, kwargs=kwargs)
    if page == "agent_list":
        url += "?q=Durand&tri=service"
    small = count_queries(client, url)
    grow(authority, 6)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= BUDGETS[(page, role)], f"{page}: {large} queries"
