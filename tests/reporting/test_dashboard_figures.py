"""The dashboard's blocks, computed on the hand-built world of conftest.py: exact figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from maillage.reporting import selectors
from maillage.reporting.selectors import Period

pytestmark = pytest.mark.django_db


def names(nodes) -> list[str]:
    return [n.name for n in nodes]


def test_key_figures_of_the_current_year(authority, small_world):
    data = selectors.period_data(authority, Period(small_world.year))
    figures = selectors.key_figures(data, local_results=2)
    assert figures.projects == 2  # P1 ongoing, P2 in preparation
    assert (figures.services_mobilised, figures.services_total) == (2, 6)
    assert figures.services_percent == 33
    assert (figures.directorates_mobilised, figures.directorates_total) == (2, 3)
    assert figures.directorates_percent == 67
    assert figures.days_planned == Decimal(18)  # 10 + 5 + 3, confirmed only
    assert figures.days_actual == Decimal(6)
    assert figures.services_covered == 3
    assert figures.coverage_percent == 50
    assert figures.published_profiles == 1
    assert figures.open_calls == 1
    # External 2,000 + 500 + 1,000 against own cash 1,000 + 1,000 (in kind and P3 left out).
    assert figures.external_funding == Decimal(3500)
    assert figures.own_cash == Decimal(2000)
    assert figures.leverage == Decimal("1.75")
    assert figures.local_results == 2


def test_leverage_without_own_cash_is_not_computed(authority):
    from ..factories import ContributionFactory, ProjectFactory

    ContributionFactory(project=ProjectFactory(authority=authority), funder="eu")
    data = selectors.period_data(authority, Period(None, selectors.STATUS_ALL))
    figures = selectors.key_figures(data, 0)
    assert figures.external_funding == Decimal(1000)
    assert figures.own_cash == 0
    assert figures.leverage is None


def test_matrix_rows_columns_and_cells(authority, small_world):
    found = selectors.matrix(selectors.period_data(authority, Period(small_world.year)))
    p1, p2 = small_world.projects["p1"], small_world.projects["p2"]
    # Most recent first: P2 has no start date and was created this year; P1 started last year.
    assert [c.id for c in found.columns] == [p2.pk, p1.pk]
    assert not found.capped
    assert names(r.node for r in found.rows) == [
        "Direction Environnement",
        "Service Déchets",
        "Service Eau",
        "Direction Relations internationales",
        "Direction Solidarités",
        "Service Jeunesse",
    ]
    rows = {r.node.name: r for r in found.rows}
    assert [r.node.depth for r in found.rows] == [0, 1, 1, 0, 0, 1]
    ri = rows["Direction Relations internationales"]
    assert [(c.role, c.status, c.days_planned, c.days_actual) for c in ri.cells] == [
        ("lead", "confirmed", Decimal(3), Decimal(0)),
        ("lead", "confirmed", Decimal(10), Decimal(4)),
    ]
    assert (ri.projects, ri.days_planned, ri.days_actual) == (2, Decimal(13), Decimal(4))
    waste = rows["Service Déchets"]
    assert waste.cells[0] is None
    assert (waste.cells[1].role, waste.cells[1].days_planned) == ("contributor", Decimal(5))
    assert (waste.projects, waste.days_planned, waste.days_actual) == (1, Decimal(5), Decimal(2))
    youth = rows["Service Jeunesse"]
    assert youth.cells[0] is None
    assert youth.cells[1].status == "proposed"  # shown, not counted
    assert (youth.projects, youth.days_planned) == (0, Decimal(0))
    assert rows["Service Eau"].cells == [None, None]  # P3, P4 out of the period, P5 declined
    assert found.column_services == [1, 2]


def test_matrix_is_capped_but_totals_cover_every_project(authority, small_world):
    data = selectors.period_data(authority, Period(None, selectors.STATUS_ALL))
    found = selectors.matrix(data, limit=2)
    assert found.capped
    assert found.total_projects == 5
    assert len(found.columns) == 2
    water = next(r for r in found.rows if r.node.name == "Service Eau")
    # P3 and P4 confirmed, both outside the two most recent columns, still in the totals.
    assert (water.projects, water.days_planned, water.days_actual) == (2, Decimal(10), Decimal(8))
    assert len(selectors.matrix(data, limit=None).columns) == 5


def test_policy_areas_and_blind_functions(authority, small_world):
    data = selectors.period_data(authority, Period(small_world.year))
    functions, blind = selectors.policy_areas(data)
    by_code = {f.code: f for f in functions}
    assert [f.code for f in functions] == list("012345678")
    assert (by_code["0"].projects, by_code["0"].services) == (2, 2)
    assert [(c.code, c.projects, c.services) for c in by_code["0"].children] == [("04", 2, 2)]
    assert (by_code["7"].projects, by_code["7"].services) == (1, 2)
    assert [(c.code, c.projects, c.services) for c in by_code["7"].children] == [("72", 1, 2)]
    assert [f.code for f in blind] == ["1", "2", "3", "4", "5", "6", "8"]


def test_blind_spots(authority, small_world):
    data = selectors.period_data(authority, Period(small_world.year))
    spots = selectors.blind_spots(data)
    assert names(spots.never_mobilised) == [
        "Direction Environnement",
        "Service Eau",
        "Direction Solidarités",
        "Service Jeunesse",
    ]
    assert names(spots.directorates_unmobilised) == ["Direction Solidarités"]
    assert names(spots.without_referent) == [
        "Direction Environnement",
        "Service Eau",
        "Service Jeunesse",
    ]
    assert [p.title for p in spots.not_transversal] == ["Jumelage Kairouan"]
    assert [(a.project.title, a.service.name, a.days) for a in spots.awaiting] == [
        ("Coopération Thiès", "Service Jeunesse", 40)
    ]
    assert not spots.empty


def test_trends_over_five_years(authority, small_world):
    y = small_world.year
    rows = selectors.trends(authority, Period(y))
    assert [r.year for r in rows] == [y - 4, y - 3, y - 2, y - 1, y]
    got = {
        r.year: (r.projects_started, r.mobilisations, r.services, r.days_planned, r.days_actual)
        for r in rows
    }
    assert got == {
        y - 4: (0, 1, 1, Decimal(8), Decimal(8)),
        y - 3: (0, 0, 0, 0, 0),
        y - 2: (0, 0, 0, 0, 0),
        y - 1: (1, 1, 1, Decimal(10), Decimal(4)),
        y: (1, 3, 3, Decimal(10), Decimal(2)),
    }
    last = rows[-1]
    assert last.bars == {
        "projects_started": 100,
        "mobilisations": 100,
        "services": 100,
        "days_actual": 25,
    }
    assert rows[0].bars["days_actual"] == 100


def test_trends_of_an_earlier_year_end_that_year(authority, small_world):
    y = small_world.year
    rows = selectors.trends(authority, Period(y - 1))
    assert [r.year for r in rows] == [y - 5, y - 4, y - 3, y - 2, y - 1]
    assert rows[-1].mobilisations == 1


def test_local_benefits_latest_actual_against_target(authority, small_world):
    found = selectors.local_benefits(authority, Period(small_world.year))
    assert [(r.project_title, r.title) for r in found] == [
        ("Coopération Thiès", "Jeunes recrutés"),
        ("Jumelage Kairouan", "Agents formés à l'accueil"),
    ]
    (indicator,) = found[0].indicators
    assert (indicator.actual, indicator.target, indicator.percent) == (
        Decimal(5),
        Decimal(6),
        83,
    )
    assert indicator.measured_on.year == small_world.year
    assert found[1].indicators == []


def test_another_authority_is_never_counted(authority, other_authority, small_world):
    """The other authority has a project this year with 100 confirmed days, funding, a home
    result, a published profile and an open call: none of it reaches this dashboard."""
    y = small_world.year
    context = selectors.dashboard(authority, Period(y))
    figures = context["figures"]
    assert figures.projects == 2
    assert figures.days_planned == Decimal(18)
    assert (figures.external_funding, figures.own_cash) == (Decimal(3500), Decimal(2000))
    assert (figures.published_profiles, figures.open_calls, figures.local_results) == (1, 1, 2)
    assert all("Qwzzyx" not in p.title for p in context["matrix"].columns)
    assert all("Qwzzyx" not in r.node.name for r in context["matrix"].rows)
    culture = next(f for f in context["functions"] if f.code == "3")
    assert culture.projects == 0
    assert context["trends"][-1].mobilisations == 3
    assert all("Qwzzyx" not in r.project_title for r in context["local_benefits"])
    # And the other way round: the other authority sees only its own project.
    other = selectors.dashboard(other_authority, Period(y))
    assert other["figures"].projects == 1
    assert other["figures"].days_planned == Decimal(100)
    assert other["figures"].own_cash == Decimal(50000)
    assert other["figures"].published_profiles == 1
