"""End to end in Debian's Chromium: the DRI deletes a project, finds it in the trash through
the menu and restores it with everything that went with it.

The confirmation page, the trash list (full and empty) and the restore page are checked with
axe-core.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from maillage.core.models import Role, TrashEntry
from maillage.projects.models import Mobilisation, Project
from tests.factories import (
    AuthorityFactory,
    MobilisationFactory,
    ProjectFactory,
    ServiceFactory,
    member,
)
from tests.skills.factories import SkillCallFactory

from .helpers import ARTIFACTS, PASSWORD, assert_accessible
from .test_project_browser import log_in


@pytest.fixture
def project(transactional_db):
    authority = AuthorityFactory(name="Ville de Corbeille", slug="corbeille", siren="219000009")
    member(authority, Role.DRI, username="camille.dri", first_name="Camille", password=PASSWORD)
    service = ServiceFactory(authority=authority, name="Service Jeunesse")
    project = ProjectFactory(authority=authority, title="Échanges de jeunes Thiès")
    MobilisationFactory(project=project, service=service)
    SkillCallFactory(project=project, title="Animateurs wolophones")
    return project


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_delete_then_restore_from_the_trash(page: Page, live_server, project):
    base = live_server.url
    pk = project.pk
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, base, "camille.dri")

    page.goto(f"{base}/corbeille/")
    expect(page.get_by_text("La corbeille est vide.")).to_be_visible()
    assert_accessible(page, "empty trash")

    page.goto(f"{base}/projets/{pk}/supprimer/")
    expect(page.get_by_text("1 appel à compétences")).to_be_visible()
    expect(page.get_by_text("1 mobilisation de service")).to_be_visible()
    assert_accessible(page, "project deletion confirmation")
    page.get_by_role("button", name="Placer dans la corbeille").click()
    expect(page.get_by_text("placé dans la corbeille")).to_be_visible()
    assert not Project.objects.filter(pk=pk).exists()

    nav = page.get_by_role("navigation", name="Menu principal")
    nav.get_by_role("button", name="Organisation", exact=True).click()
    nav.get_by_role("link", name="Corbeille", exact=True).click()
    expect(page).to_have_url(f"{base}/corbeille/")
    expect(page.get_by_role("cell", name="Échanges de jeunes Thiès")).to_be_visible()
    assert_accessible(page, "trash list")

    page.get_by_role("link", name="Restaurer…").click()
    expect(page.get_by_text("Animateurs wolophones")).to_be_visible()
    assert_accessible(page, "restore confirmation")
    page.get_by_role("button", name="Restaurer", exact=True).click()
    expect(page).to_have_url(f"{base}/corbeille/")
    expect(page.get_by_text("restauré")).to_be_visible()
    assert Project.objects.filter(pk=pk).exists()
    assert Mobilisation.objects.filter(project_id=pk).count() == 1
    assert not TrashEntry.objects.exists()
