"""CSV and XLSX exports of the dashboard: content, every project of the period, tenancy."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.reporting.selectors import ALL_YEARS, STATUS_ALL

from .conftest import OTHER_MARKER

pytestmark = pytest.mark.django_db


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)


def test_csv_matrix(small_world, users, client_for):
    response = client_for(users[Role.DIRECTION]).get(reverse("dashboard_export_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        f"tableau-de-bord-caen-test-{small_world.year}-actifs.csv"
        in response["Content-Disposition"]
    )
    rows = csv_rows(response)
    assert rows[0] == [
        "Direction",
        "Service",
        "Niveau",
        "Jumelage Kairouan",
        "Coopération Thiès",
        "Projets (mobilisations confirmées)",
        "Jours-agent prévus",
        "Jours-agent réalisés",
    ]
    body = {(r[0], r[1]): r[3:] for r in rows[1:-1]}
    assert body[("Direction Relations internationales", "")] == [
        "Pilote — 3 j prévus, 0 j réalisés",
        "Pilote — 10 j prévus, 4 j réalisés",
        "2",
        "13",
        "4",
    ]
    assert body[("Direction Environnement", "Service Déchets")] == [
        "",
        "Contributeur — 5 j prévus, 2 j réalisés",
        "1",
        "5",
        "2",
    ]
    assert body[("Direction Solidarités", "Service Jeunesse")] == [
        "",
        "À confirmer (Consulté, 1 j prévus)",
        "0",
        "0",
        "0",
    ]
    assert rows[-1][0] == "Services mobilisés"
    assert rows[-1][3:5] == ["1", "2"]
    assert OTHER_MARKER not in response.content.decode()


def test_csv_holds_every_project_of_the_period_uncapped(authority, users, client_for):
    from ..factories import ProjectFactory, ServiceFactory

    ServiceFactory(authority=authority)
    ProjectFactory.create_batch(35, authority=authority)
    url = f"{reverse('dashboard_export_csv')}?annee={ALL_YEARS}&statut={STATUS_ALL}"
    rows = csv_rows(client_for(users[Role.DRI]).get(url))
    assert len(rows[0]) == 3 + 35 + 3


def test_xlsx_has_the_matrix_the_key_figures_and_the_trends(small_world, users, client_for):
    response = client_for(users[Role.ELECTED]).get(reverse("dashboard_export_xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    book = workbook(response)
    assert book.sheetnames == ["Services × projets", "Chiffres clés", "Tendances"]
    matrix = [list(r) for r in book["Services × projets"].iter_rows(values_only=True)]
    assert matrix[0][3:5] == ["Jumelage Kairouan", "Coopération Thiès"]
    ri = next(r for r in matrix if r[0] == "Direction Relations internationales" and not r[1])
    assert ri[5:] == [2, 13, 4]
    figures = {r[0]: r[1:] for r in book["Chiffres clés"].iter_rows(values_only=True)}
    assert figures["Projets de la période"][0] == 2
    assert figures["Services mobilisés"] == (2, 6)
    assert figures["Directions mobilisées"] == (2, 3)
    assert figures["Services ayant un référent"] == (3, 6)
    assert figures["Cofinancements extérieurs (€)"][0] == 3500
    assert figures["Fonds propres en numéraire (€)"][0] == 2000
    assert figures["Effet de levier (€ extérieurs pour 1 € de fonds propres)"][0] == 1.75
    assert figures["Résultats sur notre territoire (retombées locales)"][0] == 2
    trends = [list(r) for r in book["Tendances"].iter_rows(values_only=True)]
    assert trends[0][0] == "Année"
    assert trends[-1] == [small_world.year, 1, 3, 3, 10, 2]


def test_exports_follow_the_filters(small_world, users, client_for):
    client = client_for(users[Role.DRI])
    query = f"?annee={ALL_YEARS}&statut={STATUS_ALL}"
    rows = csv_rows(client.get(reverse("dashboard_export_csv") + query))
    assert len(rows[0]) == 3 + 5 + 3
    book = workbook(client.get(reverse("dashboard_export_xlsx") + query))
    figures = {r[0]: r[1:] for r in book["Chiffres clés"].iter_rows(values_only=True)}
    assert figures["Projets de la période"][0] == 5


def test_xlsx_of_another_authority_holds_none_of_this_one(
    authority, other_authority, small_world, client_for
):
    from ..factories import member

    outsider = member(other_authority, Role.ADMIN, username="outsider")
    book = workbook(client_for(outsider).get(reverse("dashboard_export_xlsx")))
    cells = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )
    assert OTHER_MARKER in cells  # its own project and service
    for name in ("Coopération Thiès", "Jumelage Kairouan", "Service Déchets", "Service Eau"):
        assert name not in cells
    figures = {r[0]: r[1:] for r in book["Chiffres clés"].iter_rows(values_only=True)}
    assert figures["Projets de la période"][0] == 1
    assert figures["Services mobilisés"] == (1, 1)
