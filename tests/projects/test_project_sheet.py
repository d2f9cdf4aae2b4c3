"""The project sheet: one page in plain words, on screen and as a one-page A4 PDF."""

from __future__ import annotations

import subprocess
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import CodeListItem, Country, PolicyArea, Role
from maillage.projects.models import Mobilisation, ProjectCarrier, Result
from maillage.projects.registry import views_sheet

from ..factories import (
    AgentFactory,
    ElectedOfficialFactory,
    IndicatorFactory,
    IndicatorPeriodFactory,
    MobilisationFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ResultFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db
CONFIRMED = Mobilisation.Status.CONFIRMED


def thies(authority):
    """A hand-made project: a partner in Senegal, two services, results there and here."""
    head = AgentFactory(
        service__authority=authority,
        first_name="Nadia",
        last_name="Benali",
        job_title="Cheffe du service",
        email="nadia.benali@example.org",
    )
    lead = head.service
    lead.name = "Relations internationales"
    lead.head = head
    lead.save()
    project = ProjectFactory(
        authority=authority,
        title="Coopération Thiès",
        summary="Accompagner la ville de Thiès dans la collecte des déchets.",
        objectives="Trois quartiers collectés chaque semaine.",
        lead_service=lead,
    )
    project.policy_areas.add(PolicyArea.objects.filter(level=2).first())
    project.dac_sectors.add(CodeListItem.objects.filter(codelist="Sector").first())
    partner = PartnerFactory(authority=authority, name="Commune de Thiès", city="Thiès")
    ProjectPartnerFactory(project=project, partner=partner)
    ngo = PartnerFactory(authority=authority, name="Association Jappo", city="Dakar")
    ProjectPartnerFactory(project=project, partner=ngo)
    waste = ServiceFactory(authority=authority, name="Service Déchets")
    mobilisation = MobilisationFactory(
        project=project,
        service=waste,
        status=CONFIRMED,
        contribution="Formation des équipes de collecte",
        days_actual=Decimal("12"),
    )
    mobilisation.agents.add(
        AgentFactory(service=waste, first_name="Marc", last_name="Lemoine"),
    )
    MobilisationFactory(project=project, service=lead, role="lead", status=CONFIRMED)
    # Proposed, not confirmed: not on the sheet.
    MobilisationFactory(
        project=project, service=ServiceFactory(authority=authority, name="Service Eau")
    )
    ProjectCarrier.objects.create(
        project=project,
        official=ElectedOfficialFactory(
            authority=authority, first_name="Claire", last_name="Morel", mandate="Adjointe"
        ),
    )
    there = ResultFactory(
        project=project, title="Les déchets sont collectés", territory=Result.Territory.PARTNER
    )
    IndicatorFactory(result=there, title="Quartiers collectés", unit="quartiers", target=3)
    here = ResultFactory(project=project, title="Des jeunes d'ici formés et recrutés")
    IndicatorPeriodFactory(indicator__result=here, indicator__title="Jeunes recrutés")
    return project


def test_the_sheet_says_what_where_with_whom_and_who_to_call(authority, users, client_for):
    project = thies(authority)
    response = client_for(users[Role.AGENT]).get(reverse("project_sheet", args=[project.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # What.
    assert "Coopération Thiès" in html
    assert "Accompagner la ville de Thiès dans la collecte des déchets." in html
    assert "Trois quartiers collectés chaque semaine." in html
    # Where and with whom.
    assert "Association Jappo, Dakar (Sénégal)" in html
    assert "Commune de Thiès (Sénégal)" in html  # its name says the city
    assert "Claire Morel (Adjointe)" in html
    # Which services and agents: the confirmed ones, the lead first.
    assert html.index("Relations internationales</strong> (pilote)") < html.index(
        "Service Déchets</strong> : Formation des équipes de collecte"
    )
    assert "Marc Lemoine" in html
    assert "Service Eau" not in html
    # Results there, local benefits here, in words.
    assert "Les déchets sont collectés" in html
    assert "Quartiers collectés : objectif de 3 quartiers" in html
    assert "Des jeunes d&#x27;ici formés et recrutés" in html
    assert "Jeunes recrutés : 5 jeunes sur un objectif de 6 jeunes" in html
    # Contact.
    assert "Nadia Benali, Cheffe du service — nadia.benali@example.org" in html
    # No jargon code: M57 function, OECD sector, IATI identifier.
    area = project.policy_areas.get()
    sector = project.dac_sectors.get()
    assert area.code not in html.split('id="sheet-title"')[1]
    assert sector.code not in html
    assert authority.iati_identifier not in html if authority.iati_identifier else True
    # The project page links to it.
    page = client_for(users[Role.AGENT]).get(reverse("project_detail", args=[project.pk]))
    assert reverse("project_sheet", args=[project.pk]) in page.content.decode()
    assert reverse("project_sheet_pdf", args=[project.pk]) in html


def test_a_departed_head_is_not_the_contact(authority, users, client_for):
    project = thies(authority)
    head = project.lead_service.head
    head.active = False
    head.save()
    html = client_for(users[Role.AGENT]).get(reverse("project_sheet", args=[project.pk]))
    assert "Nadia Benali" not in html.content.decode()


def long_project(authority, objectives="Un objectif détaillé. " * 40):
    """Every text at its longest, and many partners, countries, services, agents, officials
    and results."""
    head = AgentFactory(
        service__authority=authority,
        service__name="Direction au nom très long " * 7,
        first_name="Marie-Christine-Alexandra",
        last_name="De La Fontaine-Dupont-Durand",
        job_title="Responsable de tout ce qui est long " * 5,
        email="marie-christine-alexandra.de-la-fontaine@direction.example.org",
    )
    head.service.head = head
    head.service.save()
    project = ProjectFactory(
        authority=authority,
        title=("Un projet au très long intitulé " * 10)[:250],
        summary="Une phrase assez longue pour remplir la page. " * 60,
        objectives=objectives,
        lead_service=head.service,
    )
    countries = list(Country.objects.order_by("iso2")[:12])
    for i in range(15):
        partner = PartnerFactory(
            authority=authority,
            name=(f"Partenaire n°{i} " + "au nom très long " * 12)[:200],
            country=countries[i % 12],
            city="Une ville au nom très long " * 7,
        )
        ProjectPartnerFactory(project=project, partner=partner)
    for i in range(14):
        service = ServiceFactory(
            authority=authority, name=(f"Service municipal n°{i:02} " + "au long nom " * 15)[:200]
        )
        mobilisation = MobilisationFactory(
            project=project,
            service=service,
            status=CONFIRMED,
            contribution="Un apport détaillé du service au projet. " * 10,
        )
        mobilisation.agents.set(
            AgentFactory.create_batch(
                6, service=service, first_name="Marie-Christine-Alexandra" * 4
            )
        )
    for _ in range(6):
        ProjectCarrier.objects.create(
            project=project,
            official=ElectedOfficialFactory(authority=authority, mandate="Adjointe " * 20),
        )
    for territory in Result.Territory.values:
        for _ in range(9):
            result = ResultFactory(
                project=project, territory=territory, title=("Un résultat attendu. " * 12)[:250]
            )
            IndicatorPeriodFactory(
                indicator__result=result,
                indicator__title="Un indicateur au long intitulé " * 8,
                indicator__unit=("unités de mesure " * 3)[:50],
            )
    return project


def test_long_lists_are_cut_with_a_count(authority, users, client_for):
    project = long_project(authority)
    html = client_for(users[Role.AGENT]).get(reverse("project_sheet", args=[project.pk]))
    html = html.content.decode()
    assert "et 11 autres" in html  # partners: 4 of 15
    assert "et 6 autres" in html  # countries: 6 of 12
    assert "et 10 autres" in html  # services: 4 of 14
    assert "et 3 autres" in html  # agents of a service: 3 of 6, and officials: 3 of 6
    assert "et 6 autres" in html  # results: 3 of 9, both territories
    assert ">12</span> pays partenaires" in html
    assert ">14</span> services de la collectivité" in html
    assert ">84</span> agents engagés" in html


def pdf_text_and_pages(tmp_path, content: bytes) -> tuple[str, int]:
    path = tmp_path / "fiche.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Page size"].strip().startswith("595.")  # A4
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text, int(fields["Pages"])


def first_page_png(tmp_path) -> bytes:
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(tmp_path / "fiche.pdf")]
        + [str(tmp_path / "p")],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    return png.read_bytes()


def not_blank(png: bytes) -> bool:
    """More than one colour on the page (decoded with pdftoppm's own PPM output would do too;
    a blank page compresses to a few hundred bytes)."""
    return png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 3000


def test_the_pdf_is_one_a4_page(weasyprint, authority, users, client_for, tmp_path):
    project = thies(authority)
    response = client_for(users[Role.ELECTED]).get(reverse("project_sheet_pdf", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="fiche-projet-{project.pk}-cooperation-thies.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text, pages = pdf_text_and_pages(tmp_path, response.content)
    assert pages == 1
    assert "Coopération Thiès" in text and "Ville de Caen-sur-Test" in text
    assert "Commune de Thiès" in text and "Marc Lemoine" in text
    assert "nadia.benali@example.org" in text
    assert not_blank(first_page_png(tmp_path))
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "fiche.pdf")], capture_output=True, text=True
    ).stdout
    assert "Atkinson-Hyperlegible" in fonts


# With short objectives, the summary takes their room.
@pytest.mark.parametrize("objectives", ["Un objectif détaillé. " * 40, "Un objectif."])
def test_a_long_project_still_fits_one_page(
    objectives, weasyprint, authority, users, client_for, tmp_path
):
    project = long_project(authority, objectives)
    response = client_for(users[Role.AGENT]).get(reverse("project_sheet_pdf", args=[project.pk]))
    text, pages = pdf_text_and_pages(tmp_path, response.content)
    assert pages == 1
    assert "et 11 autres" in text
    assert "Contact" in text  # the foot of the page made it
    assert not_blank(first_page_png(tmp_path))


def test_without_weasyprint_the_sheet_is_served_to_print(monkeypatch, authority, users, client_for):
    project = thies(authority)
    monkeypatch.setattr(views_sheet.pdf, "render_pdf", lambda html, stylesheet: None)
    response = client_for(users[Role.AGENT]).get(reverse("project_sheet_pdf", args=[project.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    # It names agents: never stored by a cache.
    assert {"no-store", "private"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    html = response.content.decode()
    assert "Enregistrer au format PDF" in html
    assert "/static/maillage/project-sheet.css" in html


def test_another_authoritys_project_is_not_found(other_authority, users, client_for):
    project = ProjectFactory(authority=other_authority)
    client = client_for(users[Role.AGENT])
    for name in ("project_sheet", "project_sheet_pdf"):
        assert client.get(reverse(name, args=[project.pk])).status_code == 404
        assert client.post(reverse(name, args=[project.pk])).status_code in {404, 405}


def test_only_get(authority, users, client_for):
    project = ProjectFactory(authority=authority)
    client = client_for(users[Role.DRI])
    for name in ("project_sheet", "project_sheet_pdf"):
        assert client.post(reverse(name, args=[project.pk])).status_code == 405


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(project, size: int) -> None:
    authority = project.authority
    for _ in range(size):
        ProjectPartnerFactory(project=project, partner=PartnerFactory(authority=authority))
        service = ServiceFactory(authority=authority)
        mobilisation = MobilisationFactory(project=project, service=service, status=CONFIRMED)
        mobilisation.agents.set(AgentFactory.create_batch(2, service=service))
        ProjectCarrier.objects.create(
            project=project, official=ElectedOfficialFactory(authority=authority)
        )
        for territory in Result.Territory.values:
            period = IndicatorPeriodFactory(
                indicator__result__project=project, indicator__result__territory=territory
            )
            IndicatorPeriodFactory(indicator=period.indicator, start="2026-01-01", end="2026-06-30")


# The session and membership (3: see tests/test_query_budgets.py), the project with its lead
# service and head, then the sheet (projects.registry.selectors_sheet: 7 queries).
SHEET_BUDGET = 11


@pytest.mark.parametrize("name", ["project_sheet", "project_sheet_pdf"])
def test_the_sheet_reads_a_fixed_number_of_queries(name, monkeypatch, authority, users, client_for):
    monkeypatch.setattr(views_sheet.pdf, "render_pdf", lambda html, stylesheet: b"%PDF-")
    project = thies(authority)
    client = client_for(users[Role.AGENT])
    url = reverse(name, args=[project.pk])
    grow(project, 1)
    small = count_queries(client, url)
    grow(project, 8)
    large = count_queries(client, url)
    assert small == large, f"{name}: {small} queries with little data, {large} with more"
    assert large <= SHEET_BUDGET, f"{name}: {large} queries"
