"""The e-APD declaration: amounts of the year, breakdown, warnings, files. Exact numbers."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import Country
from maillage.interop import eapd
from maillage.projects.funding.services import funding_plan

from ..factories import (
    ContributionFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)
from .factories import full_project

D = Decimal


def cells(rows) -> list[tuple[str, str, Decimal]]:
    return [(r.country_iso, r.dac_sector, r.amount_eur) for r in rows]


@pytest.mark.django_db
def test_amount_prorated_by_days_and_split_exactly(authority):
    """14,500 € own contribution over 2024-07-01..2025-06-30: 184 days in 2024, 181 in 2025."""
    project = full_project(authority)
    rows_2024 = eapd.eapd_rows(authority, 2024)
    rows_2025 = eapd.eapd_rows(authority, 2025)
    assert cells(rows_2024) == [
        ("MA", "14030", D("1827.40")),
        ("MA", "14081", D("1827.40")),
        ("SN", "14030", D("1827.40")),
        ("SN", "14081", D("1827.39")),
    ]
    assert cells(rows_2025) == [
        ("MA", "14030", D("1797.61")),
        ("MA", "14081", D("1797.60")),
        ("SN", "14030", D("1797.60")),
        ("SN", "14081", D("1797.60")),
    ]
    assert sum(r.amount_eur for r in rows_2024) == D("7309.59")
    assert sum(r.amount_eur for r in rows_2025) == D("7190.41")
    assert sum(r.amount_eur for r in rows_2024 + rows_2025) == D("14500.00")
    assert funding_plan(project).own_total == D("14500.00")  # the funding tab's figure
    assert eapd.eapd_rows(authority, 2023) == []
    row = rows_2025[0]
    assert row.values() == [
        2025,
        "211401186",
        "MA",
        "12002",
        "14030",
        D("1797.61"),
        1,
        2,
        0,
        1,
        2,
        "1pc-water",
        project.pk,
        "044",
    ]


@pytest.mark.django_db
def test_one_date_gives_the_whole_amount_to_its_year(authority):
    project = ProjectFactory(
        authority=authority, start_date=datetime.date(2025, 3, 1), end_date=None
    )
    ProjectPartnerFactory(project=project)
    ContributionFactory(project=project, amount=D("999.99"))
    assert cells(eapd.eapd_rows(authority, 2025)) == [("SN", "", D("999.99"))]
    assert eapd.eapd_rows(authority, 2026) == []
    ended = ProjectFactory(authority=authority, start_date=None, end_date=datetime.date(2024, 5, 1))
    ContributionFactory(project=ended, amount=D("10"))
    assert [r.amount_eur for r in eapd.eapd_rows(authority, 2024)] == [D("10.00")]


@pytest.mark.django_db
def test_which_projects_are_declared(authority, other_authority):
    kept = ProjectFactory(authority=authority, status="completed", visibility="internal")
    ContributionFactory(project=kept, amount=D("300"))
    for status in ("idea", "preparation"):
        ContributionFactory(
            project=ProjectFactory(authority=authority, status=status), amount=D("1000")
        )
    ContributionFactory(project=ProjectFactory(authority=other_authority), amount=D("1000"))
    # Co-funders' money is not the authority's aid.
    ContributionFactory(project=kept, funder="ministry", amount=D("5000"))
    declaration = eapd.declaration(authority, 2025)
    assert {r.project_id for r in declaration.rows} == {kept.pk}
    # 300 € over 2025-01-01..2027-12-31: 365 of 1095 days.
    assert declaration.total == D("100.00")
    assert declaration.projects == 1


@pytest.mark.django_db
def test_a_country_off_the_dac_list_gives_its_share_to_the_others(authority):
    project = ProjectFactory(
        authority=authority, start_date=None, end_date=datetime.date(2025, 1, 1)
    )
    ContributionFactory(project=project, amount=D("1000"))
    ProjectPartnerFactory(project=project)  # Senegal
    germany = PartnerFactory(authority=authority, country=Country.objects.get(iso2="DE"))
    ProjectPartnerFactory(project=project, partner=germany)
    declaration = eapd.declaration(authority, 2025)
    assert cells(declaration.rows) == [("SN", "", D("1000.00"))]
    assert [(e.country_iso, e.amount_eur, e.moved_to) for e in declaration.exclusions] == [
        ("DE", D("500.00"), ("SN",))
    ]
    only_eu = ProjectFactory(
        authority=authority, start_date=None, end_date=datetime.date(2024, 1, 1)
    )
    ContributionFactory(project=only_eu, amount=D("1000"))
    ProjectPartnerFactory(project=only_eu, partner=germany)
    assert eapd.declaration(authority, 2024).rows == []


@pytest.mark.django_db
def test_warnings_say_what_is_missing(authority):
    bare = ProjectFactory(authority=authority, title="Sans rien")
    undated = ProjectFactory(authority=authority, start_date=None, end_date=None, title="Sans date")
    ContributionFactory(project=undated, amount=D("50"))
    complete = full_project(authority, start_date=datetime.date(2025, 1, 1))
    declaration = eapd.declaration(authority, 2025)
    issues = {w.title: [code for code, _m, _p in w.issues] for w in declaration.warnings}
    assert issues == {
        "Sans rien": ["no_amount", "no_country", "no_sector", "no_channel", "no_function"],
        "Sans date": ["no_dates", "no_country", "no_sector", "no_channel", "no_function"],
    }
    assert {r.project_id for r in declaration.rows} == {complete.pk}
    assert bare.pk not in {r.project_id for r in declaration.rows}


@pytest.mark.django_db
def test_totals_by_column(authority):
    full_project(authority)
    declaration = eapd.declaration(authority, 2025)
    assert declaration.totals_by("country_iso") == [("MA", D("3595.21")), ("SN", D("3595.20"))]
    assert declaration.totals_by("channel") == [("12002", D("7190.41"))]


@pytest.mark.django_db
def test_csv_for_a_french_spreadsheet(authority):
    full_project(authority)
    stream = StringIO()
    eapd.write_csv(eapd.eapd_rows(authority, 2025), stream)
    text = stream.getvalue()
    assert text.startswith("\ufeffyear;authority_siren;country_iso;channel;dac_sector;amount_eur;")
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == list(eapd.COLUMNS)
    assert lines[1][:6] == ["2025", "211401186", "MA", "12002", "14030", "1797,61"]
    assert len(lines) == 5


@pytest.mark.django_db
def test_xlsx_holds_numbers(authority):
    full_project(authority)
    workbook = openpyxl.load_workbook(
        io.BytesIO(eapd.xlsx_bytes(eapd.eapd_rows(authority, 2025), 2025))
    )
    sheet = workbook["e-APD 2025"]
    rows = list(sheet.values)
    assert rows[0] == eapd.COLUMNS
    assert rows[1][5] == pytest.approx(1797.61)
    assert len(rows) == 5


@pytest.mark.django_db
def test_export_eapd_command(authority, tmp_path):
    full_project(authority)
    out = StringIO()
    path = tmp_path / "e-apd.csv"
    call_command("export_eapd", authority="caen-test", year=2024, output=str(path), stdout=out)
    assert "4" in out.getvalue()
    assert path.read_text(encoding="utf-8-sig").count("\n") == 5
    xlsx = tmp_path / "e-apd.xlsx"
    call_command("export_eapd", authority="caen-test", year=2024, output=str(xlsx), stdout=out)
    assert openpyxl.load_workbook(xlsx)["e-APD 2024"].max_row == 5
    with pytest.raises(CommandError):
        call_command("export_eapd", authority="caen-test", output=str(tmp_path / "x.txt"))
    with pytest.raises(CommandError):
        call_command("export_eapd", authority="inconnue", output=str(path))
