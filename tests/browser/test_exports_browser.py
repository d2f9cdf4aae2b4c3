"""End to end in Debian's Chromium: the DRI opens the exports, previews the e-APD declaration,
checks the IATI file and prints a project's Atlas sheet. Each page is checked with axe-core."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from maillage.core.models import Role
from tests.factories import AuthorityFactory, ProjectFactory, member
from tests.interop.factories import full_project

from .helpers import ARTIFACTS, PASSWORD, assert_accessible
from .test_project_browser import log_in


@pytest.fixture
def setup(transactional_db):
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000003")
    member(authority, Role.DRI, username="camille.dri", password=PASSWORD)
    last_year = timezone.localdate().year - 1
    project = full_project(
        authority,
        start_date=datetime.date(last_year, 1, 1),
        end_date=datetime.date(last_year, 12, 31),
    )
    ProjectFactory(authority=authority, title="Projet sans canal", start_date=None)
    return project


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_exports_pages(page: Page, live_server, setup):
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, base, "camille.dri")

    main_nav = page.get_by_role("navigation", name="Menu principal")
    main_nav.get_by_role("button", name="Pilotage", exact=True).click()
    main_nav.get_by_role("link", name="Exports pour l'État", exact=True).click()
    expect(page).to_have_url(f"{base}/exports/")
    assert_accessible(page, "exports index")

    page.get_by_role("link", name="Déclaration e-APD").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Déclaration e-APD")
    expect(page.get_by_role("table", name="Par pays")).to_contain_text("Sénégal (SN)")
    assert_accessible(page, "e-APD preview")
    page.screenshot(path=str(ARTIFACTS / "e-apd.png"), full_page=True)

    page.goto(f"{base}/exports/iati/")
    page.get_by_role("button", name="Vérifier la conformité").click()
    expect(page.locator("#iati-report")).to_contain_text("Conforme au schéma IATI 2.03")
    assert_accessible(page, "IATI page with its check")

    page.goto(f"{base}/projets/{setup.pk}/")
    page.get_by_role("link", name="Fiche pour l'Atlas de la coopération décentralisée").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eau potable à Thiès")
    assert_accessible(page, "Atlas sheet")
    page.screenshot(path=str(ARTIFACTS / "atlas-sheet.png"), full_page=True)
