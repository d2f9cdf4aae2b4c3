"""Without a year in the address, the dashboard opens on a year that has projects."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.reporting import selectors
from tests.factories import AuthorityFactory, ProjectFactory, member

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def authority(db):
    return AuthorityFactory()


@pytest.fixture
def direction(authority):
    return member(authority, Role.DIRECTION)


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], None),
        ([(2026, 2026)], 2026),
        ([(2021, 2023)], 2023),  # the nearest year before
        ([(2028, 2029)], 2028),  # the nearest year after
        ([(2024, 2024), (2028, 2028)], 2024),  # a tie: the earlier
        ([(2022, None)], 2026),  # still running
    ],
)
def test_opening_year(authority, spans, expected):
    for start, end in spans:
        ProjectFactory(
            authority=authority,
            start_date=datetime.date(start, 3, 1),
            end_date=datetime.date(end, 6, 30) if end else None,
        )
    ProjectFactory(authority=AuthorityFactory(), start_date=TODAY)  # another authority's
    assert selectors.opening_year(authority, TODAY, selectors.STATUS_ACTIVE) == expected


def test_the_page_says_it_opened_on_another_year(authority, direction, client, monkeypatch):
    monkeypatch.setattr("maillage.reporting.views.timezone.localdate", lambda: TODAY)
    ProjectFactory(
        authority=authority,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    client.force_login(direction)
    response = client.get(reverse("dashboard"))
    assert response.context["period"].year == 2023
    assert "le tableau de bord s'ouvre sur 2023" in response.content.decode()

    asked = client.get(reverse("dashboard") + "?annee=2026")
    assert asked.context["period"].year == 2026
    assert "s'ouvre sur" not in asked.content.decode()


def test_an_authority_without_projects_is_told_what_to_do(authority, client, monkeypatch):
    monkeypatch.setattr("maillage.reporting.views.timezone.localdate", lambda: TODAY)
    client.force_login(member(authority, Role.DRI))
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert response.context["period"].year == 2026
    assert "Aucun projet en préparation ou en cours n'est enregistré" in html
    assert reverse("project_create") in html
