"""A référent whose mandate began less than 30 days ago is told what the role is about."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.core.models import Role
from tests.factories import AgentFactory, ReferentFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def _referent_since(authority, user, days: int):
    agent = AgentFactory(service=ServiceFactory(authority=authority), user=user)
    return ReferentFactory(agent=agent, start=timezone.localdate() - datetime.timedelta(days=days))


@pytest.mark.parametrize("days", [0, 29])
def test_a_new_referent_reads_the_explanation(days, authority, users, client_for):
    _referent_since(authority, users[Role.REFERENT], days)
    html = client_for(users[Role.REFERENT]).get("/").content.decode()
    assert 'id="new-referent"' in html
    assert "appels à compétences" in html
    assert 'href="/referents/"' in html


@pytest.mark.parametrize("days", [30, 400])
def test_an_older_mandate_gets_no_explanation(days, authority, users, client_for):
    _referent_since(authority, users[Role.REFERENT], days)
    html = client_for(users[Role.REFERENT]).get("/").content.decode()
    assert "Mes services en tant que référent" in html
    assert 'id="new-referent"' not in html


def test_an_ended_mandate_gets_no_explanation(authority, users, client_for):
    referent = _referent_since(authority, users[Role.REFERENT], 5)
    referent.end = timezone.localdate() - datetime.timedelta(days=1)
    referent.save()
    html = client_for(users[Role.REFERENT]).get("/").content.decode()
    assert 'id="new-referent"' not in html


def test_the_explanation_costs_no_query(authority, users, client_for):
    referent = _referent_since(authority, users[Role.REFERENT], 400)
    client = client_for(users[Role.REFERENT])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get("/").content.decode()
        return len(ctx.captured_queries), 'id="new-referent"' in html

    old = count()
    referent.start = timezone.localdate()
    referent.save()
    new = count()
    assert (old[1], new[1]) == (False, True)
    assert old[0] == new[0]
