"""The e-APD declaration: the year's payments and worked days, never the plan. Hand-made cases
with tables computed by hand."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from maillage.core.models import CodeListItem, PolicyArea
from maillage.interop import eapd
from maillage.projects.funding.services import funding_plan
from maillage.projects.models import DeclaredActivity

from ..factories import (
    CommitmentFactory,
    ContributionFactory,
    MobilisationFactory,
    PartnerFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    WorkedDaysFactory,
)
from .factories import full_project

D = Decimal
d = datetime.date


def table(rows) -> list[tuple[str, str, str, str, Decimal, str]]:
    return [
        (r.recipient_code, r.channel, r.aid_type, r.purpose_code, r.amount_eur, r.source)
        for r in rows
    ]


def complete(project, sectors=("15110",), function="044"):
    """Give a project what every line needs besides its country."""
    project.dac_sectors.set(CodeListItem.objects.filter(codelist="Sector", code__in=sectors))
    project.policy_areas.set(PolicyArea.objects.filter(code=function))
    return project


def paid(project, when: datetime.date, amount: str, kind: str = "provider", partner=None):
    commitment = CommitmentFactory(
        project=project,
        date=when,
        amount=D(amount),
        beneficiary_kind=kind,
        partner=partner,
        beneficiary_name="" if partner else "Bénéficiaire",
    )
    return PaymentFactory(commitment=commitment, date=when, amount=D(amount))


@pytest.mark.django_db
def test_full_project_declares_what_was_paid_and_worked(authority):
    """full_project: partners in MA and SN, sectors 14030 and 14081, day rate 250 €.

    2025: 4,000 € paid to Thiès (SN, channel 12002, C01) → 2,000 per sector; 3,000.01 € to a
    provider (61000, C01) shared MA 1,500.01 / SN 1,500.00, then per sector 750.01 / 750.00 and
    750.00 / 750.00; 4 days worked (2.5 + 1.5) × 250 = 1,000 € (11002, D01) → 500 per country,
    250 per sector. Total 8,000.01 €. The 14,500 € own contribution of the plan is not read.
    """
    project = full_project(authority)
    declaration = eapd.declaration(authority, 2025)
    assert table(declaration.rows) == [
        ("MA", "11002", "D01", "14030", D("250.00"), "worked_days"),
        ("MA", "11002", "D01", "14081", D("250.00"), "worked_days"),
        ("MA", "61000", "C01", "14030", D("750.01"), "payments"),
        ("MA", "61000", "C01", "14081", D("750.00"), "payments"),
        ("SN", "11002", "D01", "14030", D("250.00"), "worked_days"),
        ("SN", "11002", "D01", "14081", D("250.00"), "worked_days"),
        ("SN", "12002", "C01", "14030", D("2000.00"), "payments"),
        ("SN", "12002", "C01", "14081", D("2000.00"), "payments"),
        ("SN", "61000", "C01", "14030", D("750.00"), "payments"),
        ("SN", "61000", "C01", "14081", D("750.00"), "payments"),
    ]
    assert declaration.total == D("8000.01")
    assert declaration.totals_by("recipient_code") == [("SN", D("6000.00")), ("MA", D("2000.01"))]
    assert (declaration.paid, declaration.worked) == (D("7000.01"), D("1000.00"))
    assert declaration.reconciled and declaration.ready
    assert funding_plan(project).own_total == D("14500.00")  # the plan, never declared
    row = declaration.rows[6]
    assert row.values() == [
        2025,
        "211401186",
        f"P-{project.pk}",
        "Eau potable à Thiès",
        "SN",
        "Sénégal",
        "12002",
        "14030",
        "C01",
        "10",
        "110",
        D("2000.00"),
        1,
        2,
        0,
        1,
        2,
        "",  # climate markers not screened: blank, not 0
        "",
        "1pc-water",
        "044",
        "paiements de l'année",
    ]


@pytest.mark.django_db
def test_december_payment_goes_to_its_year(authority):
    """full_project's 6,000 € of 18 December 2024 and 3 days of November 2024 (750 €) are 2024;
    its 4,000 € of 9 January 2025 are 2025."""
    full_project(authority)
    rows_2024 = eapd.declaration(authority, 2024).rows
    assert table(rows_2024) == [
        ("MA", "11002", "D01", "14030", D("187.50"), "worked_days"),
        ("MA", "11002", "D01", "14081", D("187.50"), "worked_days"),
        ("SN", "11002", "D01", "14030", D("187.50"), "worked_days"),
        ("SN", "11002", "D01", "14081", D("187.50"), "worked_days"),
        ("SN", "12002", "C01", "14030", D("3000.00"), "payments"),
        ("SN", "12002", "C01", "14081", D("3000.00"), "payments"),
    ]
    assert sum(r.amount_eur for r in rows_2024) == D("6750.00")
    assert eapd.declaration(authority, 2023).rows == []


@pytest.mark.django_db
def test_last_and_first_day_of_the_year(authority):
    project = complete(ProjectFactory(authority=authority, apd_channel="12002"))
    link = ProjectPartnerFactory(project=project)
    paid(project, d(2024, 12, 31), "100.00", kind="partner", partner=link.partner)
    paid(project, d(2025, 1, 1), "40.00", kind="partner", partner=link.partner)
    assert [r.amount_eur for r in eapd.declaration(authority, 2024).rows] == [D("100.00")]
    assert [r.amount_eur for r in eapd.declaration(authority, 2025).rows] == [D("40.00")]


@pytest.mark.django_db
def test_worked_days_not_planned_days(authority):
    """20 days planned, 3 worked in 2025 at 300 €/day: 900 € declared, nothing for the plan;
    the own cash contribution of the plan is not declared either."""
    project = complete(ProjectFactory(authority=authority, agent_day_rate=D("300")))
    ProjectPartnerFactory(project=project)
    ContributionFactory(project=project, amount=D("5000"))
    mobilisation = MobilisationFactory(project=project, days_planned=D("20"))
    WorkedDaysFactory(mobilisation=mobilisation, month=d(2025, 4, 1), days=D("1"))
    WorkedDaysFactory(mobilisation=mobilisation, month=d(2025, 9, 1), days=D("2"))
    WorkedDaysFactory(mobilisation=mobilisation, month=d(2026, 1, 1), days=D("7"))
    assert table(eapd.declaration(authority, 2025).rows) == [
        ("SN", "11002", "D01", "15110", D("900.00"), "worked_days")
    ]
    assert table(eapd.declaration(authority, 2026).rows) == [
        ("SN", "11002", "D01", "15110", D("2100.00"), "worked_days")
    ]


@pytest.mark.django_db
def test_staff_time_goes_through_the_authority_not_the_partner(authority):
    """The project's channel (12002, the partner city) carries the money paid to the partner;
    the authority's staff (paid or worked days) go through 11002, type D01."""
    project = complete(ProjectFactory(authority=authority, apd_channel="12002"))
    link = ProjectPartnerFactory(project=project)
    paid(project, d(2025, 5, 2), "1000.00", kind="partner", partner=link.partner)
    paid(project, d(2025, 5, 3), "300.00", kind="staff")
    WorkedDaysFactory(
        mobilisation=MobilisationFactory(project=project), month=d(2025, 5, 1), days=D("2")
    )
    assert table(eapd.declaration(authority, 2025).rows) == [
        ("SN", "11002", "D01", "15110", D("300.00"), "payments"),
        ("SN", "11002", "D01", "15110", D("500.00"), "worked_days"),
        ("SN", "12002", "C01", "15110", D("1000.00"), "payments"),
    ]


@pytest.mark.django_db
def test_payment_to_a_partner_goes_to_its_country(authority):
    """Partners in MA and SN: 600 € paid to the Moroccan one stay in Morocco; they are not
    shared with Senegal."""
    project = complete(ProjectFactory(authority=authority, apd_channel="23000"))
    morocco = PartnerFactory(authority=authority, country_id="MA")
    ProjectPartnerFactory(project=project, partner=morocco)
    ProjectPartnerFactory(project=project)
    paid(project, d(2025, 2, 2), "600.00", kind="partner", partner=morocco)
    assert table(eapd.declaration(authority, 2025).rows) == [
        ("MA", "23000", "C01", "15110", D("600.00"), "payments")
    ]


@pytest.mark.django_db
def test_awareness_and_refugees_without_a_country(authority, other_authority):
    DeclaredActivity.objects.create(
        authority=authority,
        year=2025,
        kind="awareness",
        title="Semaine de la solidarité",
        amount=D("1200.50"),
        purpose_code="99820",
        channel="11002",
        marker_gender=1,
    )
    DeclaredActivity.objects.create(
        authority=authority,
        year=2025,
        kind="refugees",
        title="Accueil de réfugiés",
        amount=D("8000"),
        purpose_code="93010",
        channel="22000",
    )
    DeclaredActivity.objects.create(
        authority=authority,
        year=2024,
        kind="administrative",
        title="Frais 2024",
        amount=D("10"),
        purpose_code="91010",
        channel="11002",
    )
    DeclaredActivity.objects.create(
        authority=other_authority,
        year=2025,
        kind="awareness",
        title="Ailleurs",
        amount=D("99"),
        purpose_code="99820",
        channel="11002",
    )
    declaration = eapd.declaration(authority, 2025)
    assert [
        (r.recipient_code, r.recipient_name, r.channel, r.aid_type, r.purpose_code, r.amount_eur)
        for r in declaration.rows
    ] == [
        (
            "998",
            "Bilatéral, non ventilé (pays en développement, non spécifié)",
            "11002",
            "H01",
            "99820",
            D("1200.50"),
        ),
        (
            "998",
            "Bilatéral, non ventilé (pays en développement, non spécifié)",
            "22000",
            "H02",
            "93010",
            D("8000.00"),
        ),
    ]
    assert declaration.rows[0].markers == [1, None, None, None, None, None, None]
    assert declaration.activities == D("9200.50")
    assert declaration.reconciled and declaration.ready
    assert declaration.projects == 0


@pytest.mark.django_db
def test_an_activity_in_a_country_off_the_list_is_left_out(authority):
    DeclaredActivity.objects.create(
        authority=authority,
        year=2025,
        kind="scholarships",
        title="Bourse",
        amount=D("500"),
        purpose_code="11420",
        channel="11002",
        country_id="CH",
    )
    declaration = eapd.declaration(authority, 2025)
    assert declaration.rows == []
    assert [(e.reference, e.country_iso, e.amount_eur) for e in declaration.exclusions] == [
        (f"A-{DeclaredActivity.objects.get().pk}", "CH", D("500"))
    ]
    assert declaration.excluded_total == D("500") and declaration.reconciled


@pytest.mark.django_db
def test_lines_with_an_empty_cell_block_the_files(authority, tmp_path):
    """No partner, no sector, no channel, no M57 function: one line with four holes."""
    bare = ProjectFactory(authority=authority, title="Sans rien")
    paid(bare, d(2025, 3, 3), "70.00", kind="partner")
    activity = DeclaredActivity.objects.create(
        authority=authority,
        year=2025,
        kind="multilateral",
        title="Contribution sans canal",
        amount=D("5"),
    )
    declaration = eapd.declaration(authority, 2025)
    assert not declaration.ready
    assert [
        (b.url_name, b.pk, b.lines, [code for code, _l, _a in b.missing])
        for b in declaration.blocking
    ] == [
        ("project_edit", bare.pk, 1, ["country", "sector", "channel", "function"]),
        ("declared_activity_update", activity.pk, 1, ["sector", "channel"]),
    ]
    assert [anchor for _c, _l, anchor in declaration.blocking[0].missing] == [
        "id_partners_implementing",
        "id_dac_sectors",
        "id_apd_channel",
        "id_policy_areas",
    ]
    assert declaration.total == D("75.00")  # still shown on the page
    with pytest.raises(CommandError, match="Sans rien"):
        call_command(
            "export_eapd", authority="caen-test", year=2025, output=str(tmp_path / "x.csv")
        )


@pytest.mark.django_db
def test_csv_for_a_french_spreadsheet(authority):
    full_project(authority)
    stream = StringIO()
    eapd.write_csv(eapd.eapd_rows(authority, 2025), stream)
    text = stream.getvalue()
    assert text.startswith(
        "\ufeffAnnée;SIREN de la collectivité;Identifiant du projet ou de l'activité;"
    )
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert lines[0] == list(eapd.HEADERS)
    assert "Code-objet CRS (secteur)" in lines[0]
    assert "Marqueur climat : atténuation" in lines[0]
    assert lines[3][4:12] == ["MA", "Maroc", "61000", "14030", "C01", "10", "110", "750,01"]
    assert lines[3][12:19] == ["1", "2", "0", "1", "2", "", ""]
    assert len(lines) == 11
    assert all(cell != "" for line in lines[1:] for cell in line[:12])  # no empty cell


@pytest.mark.django_db
def test_xlsx_holds_numbers(authority):
    full_project(authority)
    workbook = openpyxl.load_workbook(
        io.BytesIO(eapd.xlsx_bytes(eapd.eapd_rows(authority, 2025), 2025))
    )
    rows = list(workbook["e-APD 2025"].values)
    assert rows[0] == eapd.HEADERS
    assert rows[3][11] == pytest.approx(750.01)
    assert len(rows) == 11


@pytest.mark.django_db
def test_export_eapd_command(authority, tmp_path):
    full_project(authority)
    out = StringIO()
    path = tmp_path / "e-apd.csv"
    call_command("export_eapd", authority="caen-test", year=2024, output=str(path), stdout=out)
    assert "6 lignes" in out.getvalue()
    assert path.read_text(encoding="utf-8-sig").count("\n") == 7
    xlsx = tmp_path / "e-apd.xlsx"
    call_command("export_eapd", authority="caen-test", year=2025, output=str(xlsx), stdout=out)
    assert openpyxl.load_workbook(xlsx)["e-APD 2025"].max_row == 11
    with pytest.raises(CommandError):
        call_command("export_eapd", authority="caen-test", output=str(tmp_path / "x.txt"))
    with pytest.raises(CommandError):
        call_command("export_eapd", authority="inconnue", output=str(path))


@pytest.mark.django_db
def test_query_count_does_not_grow_with_projects(authority, django_assert_num_queries):
    full_project(authority)
    with django_assert_num_queries(9):
        eapd.declaration(authority, 2025)
    for i in range(4):
        full_project(authority, title=f"Autre {i}")
    with django_assert_num_queries(9):
        assert len(eapd.declaration(authority, 2025).rows) == 50
