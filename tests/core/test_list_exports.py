"""Every list downloads as CSV and XLSX with the filters of the page, and only the
authority's rows."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from maillage.core.models import Country, Role

from ..factories import AgreementFactory, MissionFactory, PartnerFactory, ProjectFactory


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def xlsx_rows(response) -> list[list[object]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def lists(authority, other_authority):
    morocco = Country.objects.get(iso2="MA")
    thies = PartnerFactory(authority=authority, name="Ville de Thiès", city="Thiès")
    fes = PartnerFactory(authority=authority, name="Commune de Fès", country=morocco, city="Fès")
    PartnerFactory(authority=other_authority, name="Partenaire d'ailleurs")
    signed = AgreementFactory(authority=authority, title="Convention Thiès")
    signed.partners.add(thies, fes)
    AgreementFactory(authority=authority, title="Accord Fès", kind="friendship")
    AgreementFactory(authority=other_authority, title="Convention d'ailleurs")
    project = ProjectFactory(authority=authority, title="Assainissement à Thiès")
    MissionFactory(authority=authority, title="Mission de suivi", project=project, cost="1234.50")
    MissionFactory(
        authority=authority,
        title="Délégation de Fès",
        direction="incoming",
        start_date=datetime.date(2024, 5, 2),
        end_date=datetime.date(2024, 5, 4),
    )
    MissionFactory(authority=other_authority, title="Mission d'ailleurs")
    return {"thies": thies, "fes": fes}


@pytest.mark.django_db
def test_partners_export_follows_the_filters(lists, users, client_for):
    client = client_for(users[Role.AGENT])
    table = csv_rows(client.get(reverse("partner_list") + "?format=csv"))
    assert table[0][:4] == ["id", "nom", "type_organisation_iati", "pays"]
    assert sorted(row[1] for row in table[1:]) == ["Commune de Fès", "Ville de Thiès"]
    thies = next(row for row in table if row[1] == "Ville de Thiès")
    assert thies[3:] == ["Sénégal", "", "Thiès", "1", "0"]
    only_morocco = xlsx_rows(client.get(reverse("partner_list") + "?format=xlsx&pays=MA"))
    assert [row[1] for row in only_morocco[1:]] == ["Commune de Fès"]
    assert only_morocco[0] == table[0]


@pytest.mark.django_db
def test_agreements_export_names_the_partners(lists, users, client_for):
    client = client_for(users[Role.AGENT])
    table = csv_rows(client.get(reverse("agreement_list") + "?format=csv&q=Thiès"))
    assert table[0] == [
        "id",
        "intitule",
        "nature",
        "partenaires",
        "signature",
        "echeance",
        "statut",
    ]
    assert len(table) == 2
    assert table[1][1] == "Convention Thiès"
    assert table[1][3] in ("Commune de Fès, Ville de Thiès", "Ville de Thiès, Commune de Fès")
    assert table[1][4:6] == ["2023-03-01", "2027-03-01"]
    sheet = xlsx_rows(client.get(reverse("agreement_list") + "?format=xlsx"))
    assert sorted(row[1] for row in sheet[1:]) == ["Accord Fès", "Convention Thiès"]


@pytest.mark.django_db
def test_missions_export_follows_the_year_and_direction(lists, users, client_for):
    client = client_for(users[Role.AGENT])
    table = csv_rows(client.get(reverse("mission_list") + "?format=csv&annee=2025"))
    assert [row[1] for row in table[1:]] == ["Mission de suivi"]
    assert table[1][7] == "Assainissement à Thiès"
    assert table[1][-1] == "1234,5"
    incoming = xlsx_rows(client.get(reverse("mission_list") + "?format=xlsx&sens=incoming"))
    assert [row[1] for row in incoming[1:]] == ["Délégation de Fès"]
    assert incoming[1][3] == "2024-05-02"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["project_list", "partner_list", "agreement_list", "mission_list", "decision_list"]
)
def test_xlsx_has_the_same_rows_as_csv(name, lists, users, client_for):
    client = client_for(users[Role.DRI])
    table = csv_rows(client.get(reverse(name) + "?format=csv"))
    sheet = xlsx_rows(client.get(reverse(name) + "?format=xlsx"))
    assert [[str(v) for v in row] for row in sheet][0] == table[0]
    assert len(sheet) == len(table)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["partner_list", "agreement_list", "mission_list"])
def test_the_page_offers_both_files_and_ignores_an_unknown_format(name, lists, users, client_for):
    client = client_for(users[Role.AGENT])
    page = client.get(reverse(name)).content.decode()
    assert "format=csv" in page and "format=xlsx" in page
    response = client.get(reverse(name) + "?format=pdf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["partner_list", "agreement_list", "mission_list"])
def test_exports_run_a_fixed_number_of_queries(
    name, lists, authority, users, client_for, django_assert_max_num_queries
):
    client = client_for(users[Role.AGENT])
    client.get(reverse(name) + "?format=xlsx")
    for n in range(30):
        partner = PartnerFactory(authority=authority, name=f"P{n}")
        AgreementFactory(authority=authority, title=f"C{n}").partners.add(partner)
        MissionFactory(authority=authority, title=f"M{n}")
    with django_assert_max_num_queries(8):
        assert client.get(reverse(name) + "?format=xlsx").status_code == 200
