"""The annual report of 2025 on the hand-made case of annual_helpers.py: exact figures, one
page per project, charts with their tables, and nothing of another authority."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.reporting import selectors_annual
from maillage.reporting.models import AnnualReport, Section

from .annual_helpers import MARKER, TODAY, YEAR, build, build_other

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(authority, other_authority):
    build_other(other_authority)
    return build(authority)


def report(authority):
    return selectors_annual.annual_report(authority, YEAR, today=TODAY)


def test_key_figures(authority, world):
    figures = report(authority)["figures"]
    assert figures.projects == 2  # P1 and P2; P3 ended in 2023, P4 is an idea
    assert (figures.countries, figures.partners) == (1, 1)
    assert (figures.services_mobilised, figures.services_total) == (1, 3)
    assert (figures.days_planned, figures.days_actual) == (Decimal(10), Decimal(4))
    assert figures.paid == Decimal(2000)  # 1,000 + 500 + 300 + 200 (P3's too), not 2024's 700
    assert figures.received == Decimal(1200)  # the EU's 2025 instalment, not 2024's 100
    assert figures.home_results == 1
    assert figures.referents_covered == 1  # Direction Alpha's référent left in 2024
    assert (figures.meetings, figures.decisions) == (2, 1)


def test_one_page_per_project_of_the_year(authority, world):
    pages = report(authority)["projects"]
    assert [p.title for p in pages] == ["Coopération Thiès", "Jumelage Kairouan"]
    p1, p2 = pages
    assert p1.countries == ["Sénégal"]
    assert [(x.name, x.place) for x in p1.partners] == [("Ville de Thiès", "Thiès, Sénégal")]
    assert [a.split(" — ")[0] for a in p1.areas] == ["045", "721"]
    # Confirmed mobilisations only: Direction Alpha's proposal is not a service mobilised.
    assert [(s.name, s.days_planned, s.days_actual) for s in p1.services] == [
        ("Service Alpha 1", Decimal(10), Decimal(4))
    ]
    assert [(r.title, r.home) for r in p1.results] == [
        ("Jeunes accueillis", True),
        ("Écoles équipées", False),
    ]
    (indicator,) = p1.home_results[0].indicators
    assert (indicator.actual, indicator.target) == (Decimal(6), Decimal(10))  # 2026's 9 is later
    assert (p1.paid, p2.paid) == (Decimal(1500), Decimal(300))
    assert p2.partners == [] and p2.services == []


def test_money_by_funder_area_and_year(authority, world):
    found = report(authority)["money"]
    assert {r.funder: (r.planned, r.came_in) for r in found.funders} == {
        "own": (Decimal(1000), Decimal(2000)),
        "eu": (Decimal(3000), Decimal(1200)),
        "region": (Decimal(500), Decimal(0)),
    }
    assert (found.planned, found.came_in) == (Decimal(4500), Decimal(3200))
    assert [(label.split(" — ")[0], total) for label, total in found.paid_by_area] == [
        ("045", Decimal(1500)),
        ("Fonction M57 non renseignée", Decimal(500)),
    ]
    assert found.paid_by_year == {
        2021: 0,
        2022: 0,
        2023: 0,
        2024: Decimal(700),
        2025: Decimal(2000),
    }


def test_network_and_governance(authority, world):
    found = report(authority)
    lines = {line.service: line.holders for line in found["network"].lines}
    assert lines == {
        "Direction Alpha": [],
        "Service Alpha 1": ["Awa Diallo"],
        "Direction Beta": [],
    }
    (committee,) = found["committees"]
    assert (committee.name, committee.meetings, committee.held) == ("COPIL international", 2, 1)
    assert [(d.reference, d.project) for d in found["decisions"]] == [
        ("2025-001", "Coopération Thiès")
    ]


def test_the_page_shows_each_section_and_nothing_of_another_authority(
    authority, world, users, client_for
):
    response = client_for(users[Role.ELECTED]).get(reverse("annual_report", args=[YEAR]))
    assert response.status_code == 200
    html = response.content.decode()
    for key in Section.values:
        if key != Section.INTRODUCTION:  # no introduction written: not shown
            assert f'data-section="{key}"' in html, key
    assert 'data-section="introduction"' not in html
    assert html.count('class="report-project"') == 2
    assert "Coopération Thiès" in html and "Ancien projet" not in html and "Idée Mali" not in html
    assert '<span class="report-figure">2\xa0000 €</span>' in html
    assert MARKER not in html
    assert "77\xa0777" not in html and "88\xa0888" not in html
    # Only the DRI and the administrator are offered the arrangement.
    assert reverse("annual_report_edit", args=[YEAR]) not in html


def test_every_chart_has_its_table(authority, world, users, client_for):
    html = client_for(users[Role.DRI]).get(reverse("annual_report", args=[YEAR])).content.decode()
    charts = re.findall(r'<svg class="report-chart" id="([\w-]+)"[^>]*>(.*?)</svg>', html, re.S)
    assert {ident for ident, _ in charts} == {
        "chart-areas",
        "chart-directorates",
        "chart-funders",
        "chart-paid-areas",
        "chart-paid-years",
    }
    for ident, body in charts:
        tag = re.search(rf'<svg class="report-chart" id="{ident}"[^>]*>', html).group(0)
        assert 'role="img"' in tag and f'aria-labelledby="{ident}-title"' in tag
        assert f'<title id="{ident}-title">' in body and f'<desc id="{ident}-desc">' in body
        table = re.search(rf'<table[^>]*data-chart-table="{ident}".*?</table>', html, re.S)
        assert table, ident
        rows = re.findall(r"<tbody>(.*?)</tbody>", table.group(0), re.S)[0].count("<tr>")
        assert rows == body.count("<rect"), ident
    funders = re.search(r'<table[^>]*data-chart-table="chart-funders".*?</table>', html, re.S)
    text = re.sub(r"<[^>]+>", " ", funders.group(0))
    assert re.search(r"Union européenne\s+3\xa0000 €\s+1\xa0200 €", text)
    assert re.search(r"Total\s+4\xa0500 €\s+3\xa0200 €", text)


def test_the_arrangement_orders_and_hides_sections(authority, world, users, client_for):
    layout = [{"key": k, "shown": k != Section.MAP} for k in reversed(Section.values)]
    AnnualReport.objects.create(
        authority=authority, year=YEAR, introduction="Une année\n\nde coopération.", layout=layout
    )
    html = client_for(users[Role.DRI]).get(reverse("annual_report", args=[YEAR])).content.decode()
    shown = re.findall(r'data-section="(\w+)"', html)
    assert shown == [k for k in reversed(Section.values) if k != Section.MAP]
    assert "<p>Une année</p><p>de coopération.</p>" in html
    assert reverse("annual_report_edit", args=[YEAR]) in html


def test_another_authority_arrangement_is_not_used(
    authority, other_authority, world, users, client_for
):
    AnnualReport.objects.create(
        authority=other_authority, year=YEAR, introduction=f"Texte {MARKER}", layout=[]
    )
    html = client_for(users[Role.DRI]).get(reverse("annual_report", args=[YEAR])).content.decode()
    assert MARKER not in html


def test_an_empty_year_says_so(authority, users, client_for):
    html = client_for(users[Role.DRI]).get(reverse("annual_report", args=[2019])).content.decode()
    assert "Aucun projet n'a été mené dans l'année." in html
    assert "Aucun paiement n&#x27;est enregistré dans l&#x27;année." in html


@pytest.mark.parametrize("year", [1999, TODAY.year + 5])
def test_a_year_out_of_range_is_not_found(year, users, client_for):
    response = client_for(users[Role.DRI]).get(reverse("annual_report", args=[year]))
    assert response.status_code == 404


def test_the_first_page_opens_the_year_chosen(users, client_for):
    client = client_for(users[Role.DIRECTION])
    page = client.get(reverse("annual_report_index"))
    assert page.status_code == 200
    assert re.search(r'<option value="(\d+)" selected>', page.content.decode())
    response = client.get(reverse("annual_report_index") + "?annee=2024")
    assert response.status_code == 302
    assert response["Location"] == reverse("annual_report", args=[2024])
    refused = client.get(reverse("annual_report_index") + "?annee=abc")
    assert refused.status_code == 200
    assert "Année du rapport" in refused.content.decode()
