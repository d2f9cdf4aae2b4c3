"""End to end in Debian's Chromium: the administrator previews and saves a colour; a printed
document carries the authority's name, colour and the embedded Atkinson Hyperlegible."""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import Page, expect

from maillage.core.models import Authority, Role
from maillage.core.print_identity import print_identity
from tests.factories import AuthorityFactory, member

from .test_org_chart_browser import ARTIFACTS, PASSWORD
from .test_project_browser import log_in

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def authority(transactional_db) -> Authority:
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000007")
    member(authority, Role.ADMIN, username="alex.admin", password=PASSWORD)
    return authority


def preview_variable(page: Page) -> str:
    # Through a locator: it waits for the button, on a page that may still be arriving.
    return page.locator(".identity-preview .btn-primary").evaluate(
        "button => getComputedStyle(button).getPropertyValue('--bs-btn-bg').trim()"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_preview_then_save_a_colour(page: Page, live_server, authority):
    base = live_server.url
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, base, "alex.admin")
    page.goto(f"{base}/parametres/identite/")
    expect(page.locator(".identity-preview")).to_be_visible()
    assert preview_variable(page) == "#1f4e79"

    # The preview follows the colour input before anything is saved (identity.js).
    page.locator("input[name='primary_colour']").fill("#6b1d5c")
    # A function, not an expression: Playwright polls an expression with eval, which the
    # page's Content-Security-Policy forbids as soon as the first check is false.
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.identity-preview .btn-primary'))"
        ".getPropertyValue('--bs-btn-bg').trim() === '#6b1d5c'"
    )
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Identité visuelle enregistrée.")).to_be_visible()
    authority.refresh_from_db()
    assert authority.primary_colour == "#6b1d5c" and authority.theme_version == 2

    # A refused colour comes back with its reasons, previewed as typed.
    page.locator("input[name='primary_colour']").fill("#777777")
    page.get_by_role("button", name="Enregistrer").click()
    # The page sent back: the error summary says so (the preview's heading names the rule too,
    # before and after the click, so it cannot tell that the answer has arrived).
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("L'identité visuelle n'a pas été enregistrée")
    expect(summary).to_contain_text("il faut au moins 4,5:1")
    assert preview_variable(page) == "#777777"
    assert page.evaluate("window.__cspViolations") == []


@pytest.mark.browser
def test_a_printed_document_embeds_the_typeface_and_shows_the_authority(page: Page, tmp_path):
    identity = print_identity(
        Authority(name="Ville de Bellerive-sur-Loire", primary_colour="#6b1d5c")
    )
    # A file page: the typeface is loaded from file: URLs, offline, as a PDF renderer would.
    document = tmp_path / "fiche.html"
    document.write_text(
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
        f"<style>{identity['stylesheet']}</style></head><body>"
        f"<h1>{identity['name']}</h1><p>Fiche projet, <b>gras</b> et <i>italique</i>.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    page.goto(document.as_uri())
    page.evaluate("document.fonts.ready.then(() => true)")
    heading = page.evaluate("getComputedStyle(document.querySelector('h1')).color")
    assert heading == "rgb(107, 29, 92)"
    pdf = tmp_path / "fiche.pdf"
    pdf.write_bytes(page.pdf(format="A4"))

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert "AtkinsonHyperlegible-Regular" in fonts.stdout
    assert "AtkinsonHyperlegible-Bold" in fonts.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "Ville de Bellerive-sur-Loire" in text.stdout
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(ARTIFACTS / "fiche")],
        check=True,
    )
