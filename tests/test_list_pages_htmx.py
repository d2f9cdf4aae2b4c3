"""The list pages' filter forms ask for the results alone through htmx; without JavaScript,
and for a history restore, the same address answers the whole page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role

from .world import build_world

pytestmark = pytest.mark.django_db

LISTS = [
    "project_list",
    "partner_list",
    "agreement_list",
    "mission_list",
    "committee_list",
    "decision_list",
    "action_list",
    "agent_list",
]
HTMX = {"HX-Request": "true", "HX-Target": "list-results"}


@pytest.fixture
def admin(authority, users, client_for):
    build_world(authority, "Filtre")
    return client_for(users[Role.ADMIN])


@pytest.mark.parametrize("name", LISTS)
def test_the_form_asks_for_the_results_alone(admin, name):
    page = admin.get(reverse(name))
    html = page.content.decode()
    assert f'hx-get="{reverse(name)}"' in html
    assert 'hx-target="#list-results"' in html and 'hx-push-url="true"' in html

    fragment = admin.get(reverse(name), {"q": "Filtre"}, headers=HTMX)
    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert body.lstrip().startswith('<div id="list-results">')
    assert "<html" not in body and "<form" not in body.split('id="list-results"')[0]
    assert "HX-Request" in fragment["Vary"] and "HX-Request" in page["Vary"]
    whole = admin.get(reverse(name), {"q": "Filtre"})
    assert fragment.context["page_obj"].paginator.count == whole.context["page_obj"].paginator.count


@pytest.mark.parametrize(
    ("name", "params"),
    [("mission_list", {"annee": "-1"}), ("agent_list", {"service": "9" * 23})],
)
def test_a_refused_filter_is_shown_in_the_results(admin, name, params):
    response = admin.get(reverse(name), params, headers=HTMX)
    assert response.status_code == 200
    assert 'id="filter-errors"' in response.content.decode()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HX-Request": "true"},  # another target: not the list's filter form
        {**HTMX, "HX-History-Restore-Request": "true"},
        {**HTMX, "HX-Boosted": "true"},
    ],
)
def test_other_requests_get_the_whole_page(admin, headers):
    response = admin.get(reverse("agent_list"), headers=headers)
    assert "<html" in response.content.decode()
