"""The e-APD declaration applies ODA eligibility: the DAC list of the year and the project's
main objective. Hand-made cases, expected tables computed by hand."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import CodeListItem, Country, PolicyArea, Role
from maillage.interop import eapd

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

D = Decimal


def project_in(authority, year: int, amount: str, countries: list[str], **values):
    """A project with a partner in each country and ``amount`` paid to a provider on 30 June
    of ``year``: an amount without a country of its own, shared equally between the
    partners' countries. Its 5,000 € of planned own funds are never declared."""
    project = ProjectFactory(authority=authority, **values)
    ContributionFactory(project=project, amount=D("5000"))
    commitment = CommitmentFactory(
        project=project, date=datetime.date(year, 6, 30), amount=D(amount)
    )
    PaymentFactory(commitment=commitment, date=datetime.date(year, 6, 30), amount=D(amount))
    for iso2 in countries:
        partner = PartnerFactory(authority=authority, country=Country.objects.get(iso2=iso2))
        ProjectPartnerFactory(project=project, partner=partner)
    return project


def cells(rows) -> list[tuple[str, str, Decimal]]:
    return [(r.recipient_code, r.purpose_code, r.amount_eur) for r in rows]


def excluded(declaration) -> list[tuple[str, str, Decimal, tuple[str, ...]]]:
    return [(e.country_iso, e.reason, e.amount_eur, e.moved_to) for e in declaration.exclusions]


@pytest.mark.django_db
def test_switzerland_and_mayotte_give_their_shares_to_senegal(authority):
    """1,000 € in 2025, partners in CH, SN, YT (ordered by code): equal thirds 333.34 / 333.33 /
    333.33. Switzerland and Mayotte are left out, so Senegal carries the whole 1,000 €."""
    project = project_in(authority, 2025, "1000", ["CH", "YT", "SN"])
    declaration = eapd.declaration(authority, 2025)
    assert cells(declaration.rows) == [("SN", "", D("1000.00"))]
    assert declaration.total == D("1000.00")
    assert excluded(declaration) == [
        (
            "CH",
            "pays à revenu élevé, absent de la liste du CAD pour 2025",
            D("333.34"),
            ("SN",),
        ),
        ("YT", "territoire français d'outre-mer : c'est la France", D("333.33"), ("SN",)),
    ]
    assert {e.project_id for e in declaration.exclusions} == {project.pk}
    assert declaration.excluded_total == D("0")  # the shares moved: nothing is left out
    assert declaration.projects == 1


@pytest.mark.django_db
def test_moved_shares_are_split_between_the_remaining_countries_and_sectors(authority):
    """999.99 € with partners in MA, NO, SN and two sectors: Norway's third (333.33) goes to
    the two eligible countries, whose 4 cells share 999.99: 250.00 × 3 and 249.99."""
    project = project_in(authority, 2025, "999.99", ["MA", "NO", "SN"])
    project.dac_sectors.set(
        CodeListItem.objects.filter(codelist="Sector", code__in=["14030", "14081"])
    )
    declaration = eapd.declaration(authority, 2025)
    assert cells(declaration.rows) == [
        ("MA", "14030", D("250.00")),
        ("MA", "14081", D("250.00")),
        ("SN", "14030", D("250.00")),
        ("SN", "14081", D("249.99")),
    ]
    assert declaration.total == D("999.99")
    assert excluded(declaration) == [
        (
            "NO",
            "pays à revenu élevé, absent de la liste du CAD pour 2025",
            D("333.33"),
            ("MA", "SN"),
        )
    ]


@pytest.mark.django_db
def test_without_any_eligible_country_the_project_is_left_out(authority):
    """600 € with partners in CH and RE only: nothing is declared, both listed, 300 € each."""
    project_in(authority, 2025, "600", ["CH", "RE"])
    declaration = eapd.declaration(authority, 2025)
    assert declaration.rows == []
    assert declaration.projects == 0
    assert [(e.country_iso, e.amount_eur, e.moved_to) for e in declaration.exclusions] == [
        ("CH", D("300.00"), ()),
        ("RE", D("300.00"), ()),
    ]
    assert declaration.excluded_total == D("600.00")


@pytest.mark.django_db
def test_a_project_whose_main_objective_is_not_development_is_left_out(authority):
    kept = project_in(authority, 2025, "400", ["SN"])
    trade = project_in(
        authority,
        2025,
        "1500",
        ["DZ"],
        title="Mission économique",
        development_main_objective=False,
    )
    declaration = eapd.declaration(authority, 2025)
    assert cells(declaration.rows) == [("SN", "", D("400.00"))]
    assert {r.project_id for r in declaration.rows} == {kept.pk}
    (exclusion,) = declaration.exclusions
    assert (exclusion.project_id, exclusion.country_iso, exclusion.amount_eur) == (
        trade.pk,
        "",
        D("1500.00"),
    )
    assert "autre que le développement du pays partenaire" in exclusion.reason
    assert declaration.excluded_total == D("1500.00")


@pytest.mark.django_db
def test_not_said_yet_is_declared_with_a_warning(authority):
    unsaid = project_in(authority, 2025, "300", ["SN"], development_main_objective=None)
    declaration = eapd.declaration(authority, 2025)
    assert cells(declaration.rows) == [("SN", "", D("300.00"))]
    assert declaration.exclusions == []
    (warning,) = declaration.warnings
    assert warning.project_id == unsaid.pk
    assert eapd.OBJECTIVE_NOT_SAID in warning.issues


@pytest.mark.django_db
def test_each_year_uses_its_own_list(authority, tmp_path):
    """Two versions built with the command: Morocco is on the 2028-2029 list only."""
    both = tmp_path / "both.csv"
    both.write_text(
        "iso2,crs_code,name_en,name_fr,income_group\n"
        "MA,136,Morocco,Maroc,LMIC\n"
        "SN,269,Senegal,Sénégal,LDC\n",
        encoding="utf-8",
    )
    later = tmp_path / "later.csv"
    later.write_text(
        "iso2,crs_code,name_en,name_fr,income_group\nSN,269,Senegal,Sénégal,LDC\n",
        encoding="utf-8",
    )
    out = io.StringIO()
    call_command("load_dac_list", file=str(both), from_year=2028, to_year=2029, stdout=out)
    call_command("load_dac_list", file=str(later), from_year=2030, to_year=2031, stdout=out)
    project_in(authority, 2029, "100", ["MA", "SN"])
    project_in(authority, 2030, "100", ["MA", "SN"])
    assert cells(eapd.declaration(authority, 2029).rows) == [
        ("MA", "", D("50.00")),
        ("SN", "", D("50.00")),
    ]
    declaration_2030 = eapd.declaration(authority, 2030)
    assert cells(declaration_2030.rows) == [("SN", "", D("100.00"))]
    assert excluded(declaration_2030) == [
        (
            "MA",
            "pays à revenu élevé, absent de la liste du CAD pour 2030",
            D("50.00"),
            ("SN",),
        )
    ]
    project_in(authority, 2032, "100", ["SN"])
    declaration_2032 = eapd.declaration(authority, 2032)
    assert declaration_2032.rows == []
    assert not declaration_2032.dac_list_loaded
    assert excluded(declaration_2032) == [
        ("SN", "aucune liste du CAD chargée pour 2032", D("100.00"), ())
    ]


@pytest.mark.django_db
def test_shipped_lists_2025_and_2026(authority):
    """Guyana is on the 2024-2025 list and graduated for 2026-2027 (shipped files)."""
    project_in(authority, 2025, "100", ["GY", "SN"])
    project_in(authority, 2026, "100", ["GY", "SN"])
    assert [r.recipient_code for r in eapd.declaration(authority, 2025).rows] == ["GY", "SN"]
    declaration = eapd.declaration(authority, 2026)
    assert cells(declaration.rows) == [("SN", "", D("100.00"))]
    assert [e.country_iso for e in declaration.exclusions] == ["GY"]


@pytest.mark.django_db
def test_page_and_files(authority, users, client_for):
    thies = project_in(authority, 2025, "1000", ["CH", "YT", "SN"], title="Eau à Thiès")
    thies.dac_sectors.set(CodeListItem.objects.filter(codelist="Sector", code="14030"))
    thies.policy_areas.set(PolicyArea.objects.filter(code="044"))
    project_in(
        authority,
        2025,
        "1500",
        ["DZ"],
        title="Mission économique",
        development_main_objective=False,
    )
    client = client_for(users[Role.DIRECTION])
    response = client.get(reverse("export_eapd") + "?annee=2025")
    html = response.content.decode()
    assert "Exclus de la déclaration" in html
    assert 'id="eapd-exclusions"' in html
    assert "Suisse (CH)" in html
    assert "territoire français d&#x27;outre-mer : c&#x27;est la France" in html
    assert "Déclaré sur : Sénégal (SN)" in html
    assert "Montant non déclaré : 1\xa0500,00 €" in html
    assert "Mission économique" in html
    csv_text = client.get(reverse("export_eapd_csv") + "?annee=2025").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 2  # header and the one declared line
    assert ";SN;" in lines[1]
    assert ";1000,00;" in lines[1]
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("export_eapd_xlsx") + "?annee=2025").content)
    )
    assert workbook.sheetnames == ["e-APD 2025", "exclusions"]
    assert workbook["e-APD 2025"].max_row == 2
    rows = list(workbook["exclusions"].values)
    assert rows[0] == eapd.EXCLUSION_COLUMNS
    assert [(r[3], r[5], r[6]) for r in rows[1:]] == [
        ("CH", pytest.approx(333.34), "SN"),
        ("YT", pytest.approx(333.33), "SN"),
        (None, pytest.approx(1500.0), None),  # empty cells
    ]


@pytest.mark.django_db
def test_payment_to_a_swiss_partner_and_staff_time_move_to_senegal(authority):
    """Partners in CH, SN and YT. 900 € paid to the Swiss partner: left out of Switzerland,
    declared in Senegal (channel of the project, C01). 4 days worked × 250 € = 1,000 €, thirds
    CH 333.34 / SN 333.33 / YT 333.33: CH's and YT's go to Senegal too (11002, D01).
    Listed: CH 900 + 333.34 = 1,233.34 and YT 333.33, both moved to SN; nothing left out."""
    project = ProjectFactory(authority=authority, apd_channel="12002")
    partners = {}
    for iso2 in ("CH", "SN", "YT"):
        partners[iso2] = PartnerFactory(authority=authority, country_id=iso2)
        ProjectPartnerFactory(project=project, partner=partners[iso2])
    commitment = CommitmentFactory(
        project=project,
        beneficiary_kind="partner",
        partner=partners["CH"],
        beneficiary_name="",
        amount=D("900"),
    )
    PaymentFactory(commitment=commitment, date=datetime.date(2025, 4, 4), amount=D("900"))
    WorkedDaysFactory(
        mobilisation=MobilisationFactory(project=project),
        month=datetime.date(2025, 4, 1),
        days=D("4"),
    )
    declaration = eapd.declaration(authority, 2025)
    assert [(r.recipient_code, r.channel, r.aid_type, r.amount_eur) for r in declaration.rows] == [
        ("SN", "11002", "D01", D("1000.00")),
        ("SN", "12002", "C01", D("900.00")),
    ]
    assert [(e.country_iso, e.amount_eur, e.moved_to) for e in declaration.exclusions] == [
        ("CH", D("1233.34"), ("SN",)),
        ("YT", D("333.33"), ("SN",)),
    ]
    assert "outre-mer" in declaration.exclusions[1].reason
    assert declaration.excluded_total == D("0")
    assert declaration.reconciled
