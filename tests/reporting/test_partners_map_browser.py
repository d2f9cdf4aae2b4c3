"""The partners map in Debian's Chromium: drawn, coloured from the theme, readable as a table,
no axe-core violation of any impact in its section."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from maillage.core.models import Country
from maillage.projects.models import Project
from tests.browser.helpers import ARTIFACTS, assert_accessible
from tests.factories import (
    AuthorityFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    member,
)

PASSWORD = "Maillage-carte-2026"
SECTION = "section[aria-labelledby='partners-map-title']"


@pytest.fixture
def world(transactional_db):
    authority = AuthorityFactory(name="Ville de la Carte", slug="carte", siren="219000078")
    year = timezone.localdate().year
    places = [
        ("SN", "Commune de Thiès", "Thiès", "14.79148", "-16.92598", 3),
        ("MA", "Agadir", "Agadir", "30.42018", "-9.59815", 1),
        ("VN", "Province de Hué", "Hué", "16.4619", "107.59546", 6),
        ("CV", "Praia", "Praia", "14.93152", "-23.51254", 1),
    ]
    for iso2, name, city, lat, lon, projects in places:
        partner = PartnerFactory(
            authority=authority,
            name=name,
            city=city,
            country=Country.objects.get(iso2=iso2),
            latitude=Decimal(lat),
            longitude=Decimal(lon),
        )
        for i in range(projects):
            project = ProjectFactory(
                authority=authority,
                title=f"{city} {i}",
                status=Project.Status.ONGOING,
                start_date=datetime.date(year, 1, 1),
            )
            ProjectPartnerFactory(project=project, partner=partner)
    member(authority, "direction", username="camille.dgs", password=PASSWORD)
    return authority


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_partners_map_on_the_dashboard(page: Page, live_server, world):
    base = live_server.url
    page.goto(f"{base}/connexion/")
    page.locator("input[name='username']").fill("camille.dgs")
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{base}/")
    page.goto(f"{base}/tableau-de-bord/")

    section = page.locator(SECTION)
    image = section.get_by_role("img", name="Carte des pays partenaires")
    expect(image).to_be_visible()
    box = image.bounding_box()
    assert box["width"] > 600 and box["height"] > 250, box
    expect(image.locator("circle")).to_have_count(4)

    # The shades come from the theme's primary colour; countries without projects stay grey.
    fills = page.evaluate(
        """() => Object.fromEntries([0, 1, 3, 4].map(n => [n, getComputedStyle(
            document.querySelector('.worldmap .worldmap-level-' + n)).fill]))"""
    )
    assert fills["0"] == "rgb(233, 236, 239)"
    assert len(set(fills.values())) == 4, fills

    table = section.get_by_role("table", name="Projets et partenaires par pays")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(4)
    expect(table.locator("tbody tr").first.locator("th")).to_have_text("Viêt Nam")
    expect(table.locator("tr[data-country='CV']")).to_contain_text("absent du fond de carte")

    results = Axe().run(page, context=SECTION)
    violations = results.response["violations"]
    assert not violations, [(v["id"], v["impact"], v["help"]) for v in violations]
    assert_accessible(page, "dashboard with its partners map")

    ARTIFACTS.mkdir(exist_ok=True)
    section.screenshot(path=ARTIFACTS / "dashboard-partners-map.png")

    # Keyboard: the table's first country link leads to the filtered project list.
    table.get_by_role("link", name="Viêt Nam").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/projets/?country=VN&year={timezone.localdate().year}")
