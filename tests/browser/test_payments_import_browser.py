"""End to end in Debian's Chromium: the DRI uploads the finance software's mandats, reads the
dry run (one row found by its analytic code, one to assign), picks the project of the row left
and confirms. The upload page and the dry run are checked with axe-core.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from maillage.core.models import Role
from maillage.projects.models import Payment
from tests.factories import AuthorityFactory, ProjectFactory, member

from .helpers import ARTIFACTS, PASSWORD, assert_accessible

FILE = (
    "date;numero_mandat;montant;imputation;objet;beneficiaire\n"
    "05/03/2025;101;1 000,00;65748-048;Subvention COOP-SN-01;ADM Thiès\n"
    "06/03/2025;102;250,50;6256-044;Billets mission Hanoï;Agence Voyages\n"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_payments_import_round_trip(page: Page, live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000002")
    thies = ProjectFactory(authority=authority, title="Caen – Thiès", analytic_code="COOP-SN-01")
    hue = ProjectFactory(authority=authority, title="Caen – Huê")
    member(authority, Role.DRI, username="camille.dri", password=PASSWORD)
    page.goto(f"{base}/connexion/")
    page.locator("input[name='username']").fill("camille.dri")
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()

    page.goto(f"{base}/projets/")
    page.get_by_role("link", name="Importer les paiements").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import des paiements")
    assert_accessible(page, "payments import page")

    source = tmp_path / "mandats.csv"
    source.write_text(FILE, encoding="utf-8")
    page.get_by_label("Fichier des mandats").set_input_files(str(source))
    page.get_by_role("button", name="Vérifier le fichier").click()
    rows = page.locator("#payments-import-rows")
    expect(rows).to_contain_text("Caen – Thiès")
    expect(rows).to_contain_text("à affecter")
    assert_accessible(page, "payments import dry run")
    page.screenshot(path=str(ARTIFACTS / "payments-import-dry-run.png"), full_page=True)
    assert not Payment.objects.exists()

    page.get_by_label("Projet de la ligne 3").select_option(label="Caen – Huê")
    page.get_by_role("button", name="Confirmer l'import").click()
    expect(page.get_by_role("status").first).to_contain_text("2 paiements importés")
    assert sorted(Payment.objects.values_list("reference", "commitment__project")) == [
        ("101", thies.pk),
        ("102", hue.pk),
    ]
