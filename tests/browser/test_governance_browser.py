"""End to end in Debian's Chromium: the DRI creates a steering committee, adds a partner's
representative, records a meeting with a decision and an action; the agent in charge closes it
from "Mes actions".

The committee list, committee page, meeting page, decision register and action list are checked
with axe-core.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from maillage.core.models import Role
from maillage.governance.models import ActionItem, Committee, Meeting
from tests.factories import AgentFactory, AuthorityFactory, ServiceFactory, member

from .helpers import ARTIFACTS, PASSWORD, assert_accessible, choose
from .test_project_browser import log_in


@pytest.fixture
def org(transactional_db):
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000002")
    service = ServiceFactory(authority=authority, name="Service Jeunesse")
    member(authority, Role.DRI, username="camille.dri", first_name="Camille", password=PASSWORD)
    owner = member(authority, Role.AGENT, username="sami.agent", password=PASSWORD)
    AgentFactory(service=service, user=owner, first_name="Sami", last_name="Benali")
    return authority


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_committee_meeting_decision_action_round_trip(page: Page, live_server, org):
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, base, "camille.dri")

    nav = page.get_by_role("navigation", name="Menu principal")
    nav.get_by_role("button", name="Comités", exact=True).click()
    nav.get_by_role("link", name="Comités de pilotage", exact=True).click()
    expect(page).to_have_url(f"{base}/comites/")
    assert_accessible(page, "empty committee list")

    page.get_by_role("link", name="Nouveau comité").first.click()
    page.get_by_label("Nom").fill("Comité de pilotage international")
    page.get_by_label("Objet").fill("Décider et suivre les actions.")
    page.get_by_role("button", name="Enregistrer").click()
    committee = Committee.objects.get()
    expect(page).to_have_url(f"{base}/comites/{committee.pk}/")

    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_label("Personne extérieure").fill("Aminata Fall")
    page.get_by_label("Organisme").fill("Ville de Thiès")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Aminata Fall", exact=True)).to_be_visible()

    page.get_by_role("link", name="Nouvelle réunion").click()
    held = timezone.localtime() - datetime.timedelta(days=2)
    page.get_by_label("Date et heure").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Lieu").fill("Salle du conseil")
    page.get_by_label("Statut").select_option(label="Tenue")
    page.get_by_role("button", name="Enregistrer").click()
    meeting = Meeting.objects.get()
    expect(page).to_have_url(f"{base}/reunions/{meeting.pk}/")

    page.get_by_role("link", name="Enregistrer une décision").click()
    page.locator("#id_text").fill("Le comité valide le départ des jeunes.")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_role("link", name="Ajouter une action").click()
    page.locator("#id_title").fill("Réserver les billets")
    choose(page, "Responsable (agent)", "Benali Sami — Service Jeunesse")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("cell", name="Réserver les billets", exact=True)).to_be_visible()
    assert_accessible(page, "meeting page")

    page.goto(f"{base}/comites/{committee.pk}/")
    assert_accessible(page, "committee page")
    page.goto(f"{base}/decisions/")
    expect(page.get_by_text("Le comité valide le départ des jeunes.")).to_be_visible()
    assert_accessible(page, "decision register")

    page.context.clear_cookies()
    log_in(page, base, "sami.agent")
    page.goto(f"{base}/actions/?mes=1")
    assert_accessible(page, "my actions")
    page.get_by_role("link", name="Changer l'état — Réserver les billets").click()
    page.get_by_text("Réalisée", exact=True).click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(f"{base}/actions/")
    action = ActionItem.objects.get()
    assert action.status == "done" and action.closed_on == timezone.localdate()
