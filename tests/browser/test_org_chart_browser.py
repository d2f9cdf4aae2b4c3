"""End to end in Debian's Chromium: log in, open the org chart, reach a service page.

Every page on the way is checked with axe-core: no "serious" or "critical" violation.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import ARTIFACTS, PASSWORD, assert_accessible
from tests.factories import AgentFactory, AuthorityFactory, ReferentFactory, ServiceFactory, member


@pytest.fixture
def org(transactional_db):
    """A small authority: two directorates, one service without any référent."""
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000001")
    europe = ServiceFactory(
        authority=authority, name="Direction Europe et International", kind="directorate"
    )
    twinning = ServiceFactory(authority=authority, name="Service Jumelages", parent=europe)
    cooperation = ServiceFactory(
        authority=authority, name="Service Coopération décentralisée", parent=europe
    )
    solidarity = ServiceFactory(
        authority=authority, name="Direction des Solidarités", kind="directorate"
    )
    youth = ServiceFactory(authority=authority, name="Service Jeunesse", parent=solidarity)
    ReferentFactory(agent=AgentFactory(service=europe, last_name="Lefèvre"))
    ReferentFactory(agent=AgentFactory(service=twinning, last_name="Nguyen"))
    ReferentFactory(agent=AgentFactory(service=youth, last_name="Benali"))
    AgentFactory(service=cooperation, last_name="Moreau", job_title="Chargée de projets")
    user = member(authority, "dri", username="camille.dri", password=PASSWORD)
    return {"authority": authority, "twinning": twinning, "uncovered": cooperation, "user": user}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_login_org_chart_and_service_page(page: Page, live_server, org):
    base = live_server.url

    page.goto(f"{base}/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Maillage")
    assert_accessible(page, "login page")
    page.locator("input[name='username']").fill("camille.dri")
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Camille")
    assert_accessible(page, "home page")

    main_nav = page.get_by_role("navigation", name="Menu principal")
    main_nav.get_by_role("button", name="Organisation", exact=True).click()
    main_nav.get_by_role("link", name="Organigramme", exact=True).click()

    expect(page).to_have_url(f"{base}/organigramme/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Organigramme et réseau des référents"
    )
    table = page.get_by_role("table", name="Couverture en référents par direction")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    # Direction, services, with référent, without, coverage.
    expect(rows.filter(has_text="Direction Europe et International")).to_contain_text(
        re.compile(r"Direction Europe et International\s+3\s+2\s+1\s+67 %")
    )
    expect(rows.filter(has_text="Direction des Solidarités")).to_contain_text(
        re.compile(r"Direction des Solidarités\s+2\s+1\s+1\s+50 %")
    )
    expect(table.locator("tfoot tr")).to_contain_text(re.compile(r"Total\s+5\s+3\s+2\s+60 %"))

    uncovered = org["uncovered"]
    node = page.locator(f"#org-chart li[data-service='{uncovered.pk}']")
    expect(node.locator(":scope > .badge")).to_have_text("Sans référent")
    twinning = page.locator(f"#org-chart li[data-service='{org['twinning'].pk}']")
    expect(twinning.locator(":scope > .badge")).to_have_text("Référent : Dominique Nguyen")
    assert_accessible(page, "org chart")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "org-chart.png", full_page=True)

    node.get_by_role("link", name="Service Coopération décentralisée").click()

    expect(page).to_have_url(f"{base}/services/{uncovered.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service Coopération décentralisée")
    expect(page.get_by_text("Ce service n'a pas de référent en cours de mandat.")).to_be_visible()
    expect(page.get_by_role("table", name="Agents du service")).to_contain_text("Moreau")
    assert_accessible(page, "service page")
