"""The list filters that used to answer 500: the bad value is dropped and shown, files say 400."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import Role

from .world import build_world

pytestmark = pytest.mark.django_db

HUGE = "9" * 23


@pytest.fixture
def admin(authority, users, client_for):
    build_world(authority, "Filtre")
    return client_for(users[Role.ADMIN])


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("mission_list", {"annee": "-1"}, "annee"),
        ("mission_list", {"annee": HUGE}, "annee"),
        ("mission_list", {"projet": HUGE}, "projet"),
        ("decision_list", {"comite": HUGE}, "comite"),
        ("decision_list", {"annee": HUGE}, "annee"),
        ("action_list", {"comite": HUGE}, "comite"),
        ("action_list", {"responsable": "-5"}, "responsable"),
        ("agent_list", {"service": HUGE}, "service"),
    ],
)
def test_bad_number_is_dropped_and_shown(admin, name, params, field):
    response = admin.get(reverse(name), params)
    assert response.status_code == 200
    assert field in response.context["filters"].errors
    assert 'id="filter-errors"' in response.content.decode()
    # The rest of the list is shown, as without the filter.
    unfiltered = admin.get(reverse(name))
    assert response.context["page_obj"].paginator.count == (
        unfiltered.context["page_obj"].paginator.count
    )


@pytest.mark.parametrize(
    "name",
    ["project_list", "partner_list", "agreement_list", "agent_list", "committee_list"],
)
def test_nul_byte_in_a_search_is_removed(admin, name):
    response = admin.get(reverse(name), {"q": "Filtre\x00"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 1


def test_empty_values_are_no_filter(admin):
    response = admin.get(reverse("mission_list"), {"annee": "", "projet": "", "sens": ""})
    assert response.status_code == 200
    assert not response.context["filters"].errors
    # The world's outgoing mission and the delegation it receives: both, as with no filter.
    assert response.context["page_obj"].paginator.count == 2
    unfiltered = admin.get(reverse("mission_list"))
    assert unfiltered.context["page_obj"].paginator.count == 2


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("decision_list", {"format": "csv", "annee": HUGE}),
        ("action_list", {"format": "csv", "comite": "x"}),
        ("project_list", {"format": "csv", "year": "-1"}),
        ("dashboard_export_csv", {"annee": "-1"}),
        ("export_eapd_csv", {"annee": HUGE}),
    ],
)
def test_file_with_a_bad_filter_answers_400(admin, name, params):
    response = admin.get(reverse(name), params)
    assert response.status_code == 400
    assert "corrigez l'adresse" in response.content.decode()


def test_valid_filters_still_filter(admin, authority):
    response = admin.get(reverse("mission_list"), {"annee": "1901"})
    assert response.status_code == 200
    assert not response.context["filters"].errors
    assert response.context["page_obj"].paginator.count == 0
