"""End to end in Debian's Chromium: the dashboard from the main menu, checked with axe-core,
and the matrix's service column kept in view while the projects scroll sideways."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import ARTIFACTS, assert_accessible
from tests.factories import AuthorityFactory, member

from .conftest import build_small_world

PASSWORD = "Maillage-tableau-2026"


@pytest.fixture
def world(transactional_db):
    authority = AuthorityFactory(name="Ville de Tableau", slug="tableau", siren="219000077")
    build_small_world(authority)
    member(authority, "direction", username="dominique.dgs", password=PASSWORD)
    return authority


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_from_the_menu(page: Page, live_server, world):
    base = live_server.url
    page.goto(f"{base}/connexion/")
    page.locator("input[name='username']").fill("dominique.dgs")
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{base}/")

    nav = page.get_by_role("navigation", name="Menu principal")
    nav.get_by_role("button", name="Pilotage", exact=True).click()
    nav.get_by_role("link", name="Tableau de bord", exact=True).click()
    expect(page).to_have_url(f"{base}/tableau-de-bord/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Tableau de bord de la transversalité"
    )
    assert_accessible(page, "dashboard")

    matrix = page.get_by_role("table", name="Services mobilisés par projet")
    expect(matrix.locator("tbody tr")).to_have_count(6)
    service = matrix.locator("tbody th").first
    before = service.bounding_box()
    page.locator(".reporting-matrix").evaluate("el => el.scrollLeft = 400")
    after = service.bounding_box()
    assert after["x"] == before["x"], "the service column must stay in view"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "dashboard.png", full_page=True)

    page.get_by_label("Année").select_option("toutes")
    page.get_by_label("Statut des projets").select_option("tous")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(f"{base}/tableau-de-bord/?annee=toutes&statut=tous")
    expect(page.locator("[data-figure='projects']")).to_have_text("5")
    assert_accessible(page, "dashboard, every project")
