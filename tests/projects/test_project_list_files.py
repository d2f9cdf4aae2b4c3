"""The project list's files: the projects with their carrying elected officials, and the
mobilisations of the filtered projects, with the page's filters and only the authority's rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role
from maillage.projects.models import Mobilisation, ProjectCarrier

from ..core.test_list_exports import csv_rows, xlsx_rows
from ..factories import (
    ElectedOfficialFactory,
    MobilisationFactory,
    ProjectFactory,
    ServiceFactory,
)


@pytest.fixture
def projects(authority, other_authority):
    water = ProjectFactory(authority=authority, title="Eau à Thiès", status="ongoing")
    youth = ProjectFactory(authority=authority, title="Jeunesse à Fès", status="idea")
    lead = ElectedOfficialFactory(authority=authority, first_name="Anne", last_name="Durand")
    co = ElectedOfficialFactory(authority=authority, first_name="Paul", last_name="Martin")
    ProjectCarrier.objects.create(project=water, official=co, role=ProjectCarrier.Role.CO)
    ProjectCarrier.objects.create(project=water, official=lead, role=ProjectCarrier.Role.LEAD)
    directorate = ServiceFactory(authority=authority, kind="directorate", name="Cadre de vie")
    sanitation = ServiceFactory(authority=authority, parent=directorate, name="Assainissement")
    sport = ServiceFactory(authority=authority, name="Sports")
    MobilisationFactory(
        project=water,
        service=sanitation,
        role=Mobilisation.Role.LEAD,
        status=Mobilisation.Status.CONFIRMED,
        days_planned=Decimal("12.5"),
        days_actual=Decimal("3"),
        contribution="Ingénierie des réseaux",
    )
    MobilisationFactory(project=water, service=sport)
    MobilisationFactory(project=youth, service=sport, contribution="Tournoi")
    theirs = ProjectFactory(authority=other_authority, title="Projet d'ailleurs")
    MobilisationFactory(project=theirs, contribution="Apport d'ailleurs")
    return {"water": water, "youth": youth, "sanitation": sanitation, "sport": sport}


@pytest.mark.django_db
def test_the_projects_file_names_the_carrying_officials(projects, users, client_for):
    table = csv_rows(client_for(users[Role.AGENT]).get(reverse("project_list") + "?format=csv"))
    column = table[0].index("elus_porteurs")
    by_title = {row[1]: row for row in table[1:]}
    assert by_title["Eau à Thiès"][column] == "Anne Durand (porteur), Paul Martin (co-porteur)"
    assert by_title["Jeunesse à Fès"][column] == ""
    sheet = xlsx_rows(client_for(users[Role.AGENT]).get(reverse("project_list") + "?format=xlsx"))
    assert sheet[0] == table[0]


@pytest.mark.django_db
def test_the_mobilisations_file_follows_the_project_filters(projects, users, client_for):
    client = client_for(users[Role.AGENT])
    url = reverse("project_list") + "?format=csv&lignes=mobilisations"
    table = csv_rows(client.get(url))
    assert table[0] == [
        "projet_id",
        "projet",
        "statut_projet",
        "direction",
        "service",
        "role",
        "statut",
        "jours_prevus",
        "jours_realises",
        "apport",
        "proposee_le",
        "reponse_le",
    ]
    assert [(row[1], row[4]) for row in table[1:]] == [
        ("Eau à Thiès", "Assainissement"),
        ("Eau à Thiès", "Sports"),
        ("Jeunesse à Fès", "Sports"),
    ]
    first = table[1]
    assert first[0] == str(projects["water"].pk)
    assert first[2:10] == [
        "En cours",
        "Cadre de vie",
        "Assainissement",
        "Pilote",
        "Confirmée",
        "12,5",
        "3",
        "Ingénierie des réseaux",
    ]
    assert "Apport d'ailleurs" not in str(table)
    only_ongoing = csv_rows(client.get(url + "&status=ongoing"))
    assert {row[1] for row in only_ongoing[1:]} == {"Eau à Thiès"}
    # With the service filter, that service's mobilisations only.
    sport = csv_rows(client.get(url + f"&service={projects['sport'].pk}"))
    assert [(row[1], row[4]) for row in sport[1:]] == [
        ("Eau à Thiès", "Sports"),
        ("Jeunesse à Fès", "Sports"),
    ]
    sheet = xlsx_rows(client.get(url.replace("csv", "xlsx")))
    assert [str(v) for v in sheet[0]] == table[0]
    assert len(sheet) == len(table)


@pytest.mark.django_db
def test_the_page_links_the_mobilisations_files_and_a_bad_filter_is_400(
    projects, users, client_for
):
    client = client_for(users[Role.AGENT])
    page = client.get(reverse("project_list") + "?status=ongoing").content.decode()
    assert "status=ongoing&amp;format=csv&amp;lignes=mobilisations" in page
    assert "format=xlsx&amp;lignes=mobilisations" in page
    bad = client.get(reverse("project_list") + "?format=csv&lignes=mobilisations&year=99999")
    assert bad.status_code == 400


@pytest.mark.django_db
def test_the_mobilisations_file_is_never_stored(projects, users, client_for):
    response = client_for(users[Role.DRI]).get(
        reverse("project_list") + "?format=xlsx&lignes=mobilisations"
    )
    assert "no-store" in response["Cache-Control"]
    assert "mobilisations-caen-test-" in response["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize("lines", ["", "&lignes=mobilisations"])
def test_files_run_a_fixed_number_of_queries(lines, projects, authority, users, client_for):
    client = client_for(users[Role.AGENT])
    url = reverse("project_list") + "?format=csv" + lines

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    for n in range(12):
        project = ProjectFactory(authority=authority, title=f"P{n}")
        MobilisationFactory(project=project, service=ServiceFactory(authority=authority))
        project.sponsors.add(ElectedOfficialFactory(authority=authority))
    assert count() == small
