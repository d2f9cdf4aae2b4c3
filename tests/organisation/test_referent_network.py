"""The référent network page, its CSV/XLSX exports and its mailing list."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Role
from tests.factories import AgentFactory, ReferentFactory, ServiceFactory
from tests.test_query_budgets import count_queries, grow


@pytest.fixture
def network(authority):
    """Two directorates; Jeunesse fully staffed, Sports with a holder only, Culture with none."""
    solidarity = ServiceFactory(
        authority=authority, name="Direction Solidarités", kind="directorate"
    )
    life = ServiceFactory(authority=authority, name="Direction Cadre de vie", kind="directorate")
    youth = ServiceFactory(authority=authority, name="Jeunesse", parent=solidarity)
    sports = ServiceFactory(authority=authority, name="Sports", parent=life)
    culture = ServiceFactory(authority=authority, name="Culture", parent=life)
    ServiceFactory(authority=authority, name="Service fermé", active=False)
    holder = AgentFactory(
        service=youth, last_name="Martin", first_name="Léa", email="lea.martin@caen.example.fr"
    )
    substitute = AgentFactory(service=youth, last_name="Petit", first_name="Noé", email="")
    sport_holder = AgentFactory(
        service=sports, last_name="Bernard", first_name="Ana", email="LEA.martin@caen.example.fr"
    )
    ReferentFactory(agent=holder, start=datetime.date(2024, 3, 1))
    ReferentFactory(agent=substitute, kind="substitute")
    ReferentFactory(agent=sport_holder)
    # A past mandate is not part of the network.
    ReferentFactory(
        agent=AgentFactory(service=culture, last_name="Ancien"), end=datetime.date(2024, 6, 30)
    )
    return {"youth": youth, "sports": sports, "culture": culture, "holder": holder}


def _names(response):
    return [row.service.name for row in response.context["page_obj"]]


def test_network_lists_active_services_with_their_referents(network, users, client_for):
    response = client_for(users["agent"]).get("/referents/")
    assert response.status_code == 200
    assert _names(response) == [
        "Culture",
        "Direction Cadre de vie",
        "Direction Solidarités",
        "Jeunesse",
        "Sports",
    ]
    youth = next(r for r in response.context["page_obj"] if r.service.name == "Jeunesse")
    assert youth.direction == "Direction Solidarités"
    assert [r.agent.last_name for r in youth.holders] == ["Martin"]
    assert [r.agent.last_name for r in youth.substitutes] == ["Petit"]
    html = response.content.decode()
    assert "lea.martin@caen.example.fr" in html
    assert "Ancien" not in html
    # A reader sees no management link.
    assert "/referents/designer/" not in html
    assert "Réseau des référents" in html  # the menu entry


def test_network_sorts_by_service_name_descending(network, users, client_for):
    response = client_for(users["agent"]).get("/referents/?tri=-service")
    assert _names(response)[0] == "Sports"


def test_filter_without_referent(network, users, client_for):
    response = client_for(users["agent"]).get("/referents/?sans_referent=1")
    assert _names(response) == ["Culture", "Direction Cadre de vie", "Direction Solidarités"]


def test_search_by_service_or_referent_name(network, users, client_for):
    client = client_for(users["agent"])
    assert _names(client.get("/referents/?q=sport")) == ["Sports"]
    assert _names(client.get("/referents/?q=petit")) == ["Jeunesse"]
    assert _names(client.get("/referents/?q=ancien")) == []


def test_the_dri_gets_the_actions(network, users, client_for):
    html = client_for(users["dri"]).get("/referents/").content.decode()
    assert f"/services/{network['culture'].pk}/referents/designer/" in html
    assert "/remplacer/" in html and "/fin/" in html


def test_csv_export_follows_the_filters(network, users, client_for):
    response = client_for(users["agent"]).get("/referents/?format=csv&q=jeunesse")
    assert response.status_code == 200
    day = timezone.localdate().isoformat()
    assert (
        response["Content-Disposition"] == f'attachment; filename="referents-caen-test-{day}.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [
        ["direction", "service", "qualite", "nom", "prenom", "courriel", "debut", "fin"],
        [
            "Direction Solidarités",
            "Jeunesse",
            "Titulaire",
            "Martin",
            "Léa",
            "lea.martin@caen.example.fr",
            "2024-03-01",
            "",
        ],
        ["Direction Solidarités", "Jeunesse", "Suppléant", "Petit", "Noé", "", "2024-01-01", ""],
    ]


def test_csv_export_sorts_and_filters_as_the_page(network, users, client_for):
    response = client_for(users["agent"]).get("/referents/?format=csv&sans_referent=1&tri=-service")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[1] for row in rows[1:]] == [
        "Direction Solidarités",
        "Direction Cadre de vie",
        "Culture",
    ]


def test_the_page_links_both_files_with_its_filters(network, users, client_for):
    html = client_for(users["agent"]).get("/referents/?q=jeunesse").content.decode()
    assert "?q=jeunesse&amp;format=csv" in html
    assert "?q=jeunesse&amp;format=xlsx" in html
    assert "/referents/diffusion/?q=jeunesse" in html


def test_xlsx_export(network, users, client_for):
    response = client_for(users["agent"]).get("/referents/?format=xlsx&sans_referent=1")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "direction",
        "service",
        "qualite",
        "nom",
        "prenom",
        "courriel",
        "debut",
        "fin",
    ]
    assert [row[1] for row in rows[1:]] == [
        "Culture",
        "Direction Cadre de vie",
        "Direction Solidarités",
    ]
    assert rows[1][0] == "Direction Cadre de vie"
    assert all(row[2] in ("", None) for row in rows[1:])


def test_mailing_list(network, users, client_for):
    response = client_for(users["agent"]).get("/referents/diffusion/")
    assert response.status_code == 200
    # Two référents share an address (case aside): it is written once.
    assert response.context["addresses"] == "lea.martin@caen.example.fr"
    assert [r.agent.last_name for r in response.context["missing"]] == ["Petit"]
    html = response.content.decode()
    assert "Petit Noé — Jeunesse" in html


def test_mailing_list_separates_addresses_with_semicolons(authority, users, client_for):
    for name in ("Alpha", "Beta"):
        service = ServiceFactory(authority=authority, name=name)
        ReferentFactory(agent=AgentFactory(service=service, email=f"{name.lower()}@ex.fr"))
    response = client_for(users["agent"]).get("/referents/diffusion/")
    assert response.context["addresses"] == "alpha@ex.fr; beta@ex.fr"
    filtered = client_for(users["agent"]).get("/referents/diffusion/?q=beta")
    assert filtered.context["addresses"] == "beta@ex.fr"


def test_another_authoritys_services_are_not_listed(network, other_authority, users, client_for):
    ServiceFactory(authority=other_authority, name="Jeunesse voisine")
    response = client_for(users["agent"]).get("/referents/?q=jeunesse")
    assert _names(response) == ["Jeunesse"]


@pytest.mark.parametrize(
    ("page", "role", "budget"),
    [
        ("referent_network", Role.AGENT, 7),
        ("referent_network", Role.DRI, 7),
        ("referent_mailing_list", Role.AGENT, 6),
        ("service_detail", Role.DRI, 12),
    ],
)
def test_query_count_is_flat(page, role, budget, authority, users, client_for):
    service = grow(authority, 1)
    client = client_for(users[role])
    url = reverse(page, kwargs={"pk": service.pk} if page == "service_detail" else {})
    if page != "service_detail":
        url += "?q=S&tri=-service"
    small = count_queries(client, url)
    grow(authority, 6)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= budget, f"{page}: {large} queries"
