"""End to end in Debian's Chromium: the agent directory's filter form updates the results in
place through htmx, the address follows (so the filtered list can be shared or reloaded), the
back button returns to the whole list, and the Content-Security-Policy blocks nothing.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.core.models import Role
from tests.browser.helpers import choose
from tests.factories import AgentFactory, AuthorityFactory, ServiceFactory, member

from .test_csp_browser import RECORD_VIOLATIONS
from .test_org_chart_browser import PASSWORD
from .test_project_browser import log_in


@pytest.fixture
def directory(transactional_db):
    authority = AuthorityFactory(name="Ville de Filtre", slug="filtre", siren="219000003")
    youth = ServiceFactory(authority=authority, name="Direction Jeunesse")
    culture = ServiceFactory(authority=authority, name="Direction Culture")
    member(authority, Role.DRI, username="camille.dri", first_name="Camille", password=PASSWORD)
    AgentFactory(service=youth, first_name="Sami", last_name="Benali")
    AgentFactory(service=culture, first_name="Inès", last_name="Moreau")
    return {"youth": youth, "culture": culture}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_directory_filters_in_place(page: Page, live_server, directory):
    base = live_server.url
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, base, "camille.dri")
    page.goto(f"{base}/agents/")
    results = page.locator("#list-results")
    expect(results.get_by_role("status")).to_have_text("2 agents trouvés")
    # Kept by the page only as long as it is not reloaded.
    page.evaluate("window.__samePage = true")

    choose(page, "Service", "Direction Culture")
    page.get_by_role("button", name="Rechercher").click()

    expect(page).to_have_url(re.compile(rf"service={directory['culture'].pk}"))
    expect(results.get_by_role("status")).to_have_text("1 agent trouvé")
    expect(results.get_by_role("cell", name="Moreau Inès")).to_be_visible()
    expect(results.get_by_role("cell", name="Benali Sami")).to_have_count(0)
    assert page.evaluate("window.__samePage === true"), "the filter reloaded the whole page"

    page.get_by_label("Rechercher").fill("Benali")
    page.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"q=Benali"))
    expect(results.get_by_role("status")).to_have_text("0 agents trouvés")

    assert page.evaluate("window.__cspViolations") == []

    # No history snapshot (see base.html): going back reloads the previous address.
    page.go_back()
    expect(page).to_have_url(re.compile(rf"\?q=&service={directory['culture'].pk}&tri=nom$"))
    expect(page.locator("#list-results").get_by_role("status")).to_have_text("1 agent trouvé")
    assert page.evaluate("window.__cspViolations") == []
