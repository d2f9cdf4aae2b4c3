"""End to end in Debian's Chromium: the DRI creates a project and mobilises two services; the
référent of one of them confirms from the home page and finds the project on the service page.

The project list, the project page and its services tab are checked with axe-core.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.core.models import Role
from maillage.projects.models import Mobilisation, Project
from tests.factories import AgentFactory, AuthorityFactory, ReferentFactory, ServiceFactory, member

from .helpers import ARTIFACTS, PASSWORD, assert_accessible, log_out


@pytest.fixture
def org(transactional_db):
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000002")
    living = ServiceFactory(authority=authority, name="Direction Cadre de vie", kind="directorate")
    environment = ServiceFactory(authority=authority, name="Service Environnement", parent=living)
    people = ServiceFactory(
        authority=authority, name="Direction des Solidarités", kind="directorate"
    )
    youth = ServiceFactory(authority=authority, name="Service Jeunesse", parent=people)
    member(authority, Role.DRI, username="camille.dri", first_name="Camille", password=PASSWORD)
    referent = member(
        authority, Role.REFERENT, username="sami.ref", first_name="Sami", password=PASSWORD
    )
    ReferentFactory(agent=AgentFactory(service=environment, user=referent, last_name="Benali"))
    return {"environment": environment, "youth": youth}


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/connexion/")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{base}/")


def mobilise(page: Page, service: str, days: str) -> None:
    form = page.locator("#propose-form")
    form.get_by_role("combobox", name=re.compile(r"^Service")).select_option(label=service)
    form.get_by_label("Jours-agent prévus").fill(days)
    form.get_by_role("button", name="Proposer la mobilisation").click()
    expect(page.get_by_role("status").first).to_contain_text(
        f"Mobilisation proposée à « {service} »"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_project_mobilisation_round_trip(page: Page, live_server, org):
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, base, "camille.dri")

    main_nav = page.get_by_role("navigation", name="Menu principal")
    main_nav.get_by_role("button", name="Projets", exact=True).click()
    main_nav.get_by_role("link", name="Tous les projets", exact=True).click()
    expect(page).to_have_url(f"{base}/projets/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Projets")
    assert_accessible(page, "empty project list")

    page.get_by_role("link", name="Nouveau projet").click()
    page.get_by_label("Intitulé").fill("Gestion des déchets à Thiès")
    page.get_by_label("Type de projet").select_option(label="Climat et environnement")
    page.get_by_label("Résumé").fill("Appui au tri et à la collecte des déchets.")
    page.get_by_role("button", name="Créer le projet").click()

    project = Project.objects.get(title="Gestion des déchets à Thiès")
    expect(page).to_have_url(f"{base}/projets/{project.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gestion des déchets à Thiès")
    tabs = page.get_by_role("navigation", name="Rubriques du projet")
    expect(tabs.get_by_role("link", name="Vue d'ensemble")).to_have_attribute(
        "aria-current", "page"
    )
    assert_accessible(page, "project page")

    tabs.get_by_role("link", name="Services mobilisés").click()
    expect(page).to_have_url(f"{base}/projets/{project.pk}/services/")
    mobilise(page, "Service Environnement", "6")
    mobilise(page, "Service Jeunesse", "3")
    table = page.get_by_role("table", name="Services mobilisés sur le projet")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table.locator(f"tr[data-service='{org['environment'].pk}']")).to_contain_text(
        "À confirmer"
    )
    # Proposed, not yet confirmed: none counts as mobilised, both await an answer.
    expect(page.locator("#transversality")).to_contain_text(re.compile(r"0\s*services mobilisés"))
    expect(page.locator("#transversality")).to_contain_text("2 en attente de réponse")
    assert_accessible(page, "services tab")
    page.screenshot(path=ARTIFACTS / "project-services.png", full_page=True)

    log_out(page)
    log_in(page, base, "sami.ref")
    block = page.locator("#mobilisations-to-answer")
    expect(block.get_by_role("heading", level=2)).to_have_text("Mobilisations à confirmer")
    expect(block.locator("tbody tr")).to_have_count(1)  # only the référent's own service
    expect(block).to_contain_text("Service Environnement")
    assert_accessible(page, "référent home page")
    block.get_by_role("button", name=re.compile("^Confirmer")).click()

    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("status").first).to_contain_text("confirmée")
    expect(page.locator("#mobilisations-to-answer")).to_contain_text(
        "Aucune demande de mobilisation n'attend la réponse de vos services."
    )
    mobilisation = Mobilisation.objects.get(service=org["environment"])
    assert mobilisation.status == Mobilisation.Status.CONFIRMED
    assert Mobilisation.objects.get(service=org["youth"]).status == Mobilisation.Status.PROPOSED

    page.goto(f"{base}/services/{org['environment'].pk}/")
    projects = page.locator("#service-projects")
    expect(projects.get_by_role("link", name="Gestion des déchets à Thiès")).to_be_visible()
    expect(projects).to_contain_text("Confirmée")
    assert_accessible(page, "service page with its projects")
