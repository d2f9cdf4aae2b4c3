"""End to end in Debian's Chromium: an elected official's morning before a council meeting.

She opens her home page, follows the project she carries, then the committee she chairs, and
prints her brief (print media emulated: no navigation, the page's content only; one A4 page
out of Chromium's PDF printer). Each page is checked with axe-core.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.core.models import Role
from tests.factories import AuthorityFactory, member
from tests.portal.elected_helpers import carrying_official

from .helpers import ARTIFACTS, PASSWORD, assert_accessible
from .test_project_browser import log_in


@pytest.fixture
def case(transactional_db):
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000003")
    user = member(
        authority, Role.ELECTED, username="nadia.elue", first_name="Nadia", password=PASSWORD
    )
    return carrying_official(authority, user)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_home_project_committee_brief(page: Page, live_server, case):
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, base, "nadia.elue")

    expect(page.get_by_role("heading", name="Mes projets", exact=True)).to_be_visible()
    expect(
        page.get_by_role("heading", name="Mes comités et leur prochaine réunion")
    ).to_be_visible()
    expect(page.get_by_text("Point sur le projet Alpha")).to_be_visible()
    assert_accessible(page, "elected home")

    page.get_by_role("link", name="Projet porté Alpha 0", exact=True).first.click()
    expect(page).to_have_url(f"{base}/projets/{case.carried[0].pk}/")
    expect(page.locator("#project-carriers")).to_contain_text("PorteuseAlpha")
    assert_accessible(page, "carried project")

    page.goto(f"{base}/")
    page.locator("#my-committees").get_by_role("link", name="Comité présidé Alpha").click()
    expect(page).to_have_url(f"{base}/comites/{case.chaired.pk}/")
    assert_accessible(page, "chaired committee")

    page.goto(f"{base}/")
    page.get_by_role("link", name="Imprimer ma fiche").click()
    expect(page).to_have_url(f"{base}/elus/{case.official.pk}/fiche/")
    expect(page.get_by_role("heading", name="Fiche de Nadia PorteuseAlpha")).to_be_visible()
    assert_accessible(page, "brief on screen")

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_text("Cette page est mise en forme")).to_be_hidden()
    expect(page.get_by_role("heading", name="Mes projets", exact=True)).to_be_visible()
    expect(page.get_by_text("Mission à venir Alpha")).to_be_visible()
    assert_accessible(page, "brief printed")
    printed = page.pdf(path=str(ARTIFACTS / "elected-brief.pdf"), format="A4")
    # The brief promises one printed page: Chromium's PDF has one page object per page.
    assert len(re.findall(rb"/Type\s*/Page(?!s)", printed)) == 1
    page.emulate_media(media="screen")
