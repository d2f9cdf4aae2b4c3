"""End to end in Debian's Chromium: the DRI opens a call for a Wolof speaker on the Thiès
project; an agent fills in their international profile with two languages, publishes it and
volunteers; the DRI finds them in the inventory, the search and on the call; their manager
approves, and the agent-days appear on the project's mobilisation of their service.

My profile, the language inventory and the search are checked with axe-core.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from maillage.core.models import Language, Role
from maillage.projects.models import Mobilisation
from maillage.skills.models import CallResponse, Profile
from tests.factories import (
    AgentFactory,
    AuthorityFactory,
    PartnerFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
    member,
)

from .helpers import ARTIFACTS, PASSWORD, assert_accessible, choose


@pytest.fixture
def org(transactional_db):
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000003")
    living = ServiceFactory(authority=authority, name="Direction Cadre de vie", kind="directorate")
    cleanliness = ServiceFactory(authority=authority, name="Service Propreté", parent=living)
    member(authority, Role.DRI, username="camille.dri", first_name="Camille", password=PASSWORD)
    head = member(
        authority, Role.AGENT, username="henri.chef", first_name="Henri", password=PASSWORD
    )
    cleanliness.head = AgentFactory(
        service=cleanliness, user=head, first_name="Henri", last_name="Lemoine"
    )
    cleanliness.save()
    awa = member(authority, Role.AGENT, username="awa.agent", first_name="Awa", password=PASSWORD)
    AgentFactory(service=cleanliness, user=awa, first_name="Awa", last_name="Ndour")
    project = ProjectFactory(authority=authority, title="Chantier de solidarité à Thiès")
    ProjectPartnerFactory(project=project, partner=PartnerFactory(authority=authority))
    return {"project": project, "service": cleanliness}


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/connexion/")
    page.locator("input[name='username']").fill(username)
    page.locator("input[name='password']").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(f"{base}/")


def status_message(page: Page):
    return page.locator(".alert[role='status']").first


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_profile_volunteer_and_approval_round_trip(page: Page, live_server, org):
    base = live_server.url
    project = org["project"]
    ARTIFACTS.mkdir(exist_ok=True)

    # The DRI opens a call for competences from the project's "Compétences" tab.
    log_in(page, base, "camille.dri")
    page.goto(f"{base}/projets/{project.pk}/")
    page.get_by_role("navigation", name="Rubriques du projet").get_by_role(
        "link", name="Compétences"
    ).click()
    expect(page).to_have_url(f"{base}/projets/{project.pk}/competences/")
    page.get_by_role("link", name="Nouvel appel").click()
    page.get_by_label("Intitulé").fill("Locuteur wolof (B2) pour la mission à Thiès")
    choose(page, "Langue", "Wolof")
    page.get_by_label("Niveau minimum").select_option(label="B2 — Avancé ou indépendant")
    page.locator("#id_effort_days").fill("6")
    expect(page.locator("#id_effort_days")).to_have_value("6")
    page.get_by_role("button", name="Ouvrir l'appel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Locuteur wolof (B2) pour la mission à Thiès"
    )
    expect(page.locator("main")).to_contain_text("6 jours-agent")
    call_url = page.url

    # The agent fills in their profile with two languages and publishes it.
    log_in(page, base, "awa.agent")
    main_nav = page.get_by_role("navigation", name="Menu principal")
    main_nav.get_by_role("button", name="Langues et compétences", exact=True).click()
    main_nav.get_by_role("link", name="Mon profil international").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon profil international")
    assert_accessible(page, "empty profile")
    page.locator("select[name='langues-0-language']").select_option(label="Wolof")
    page.locator("select[name='langues-0-level']").select_option(label="C1")
    page.locator("select[name='langues-1-language']").select_option(label="Portugais")
    page.locator("select[name='langues-1-level']").select_option(label="B1")
    page.locator("select[name='pays-0-country']").select_option(label="Sénégal")
    page.locator("select[name='pays-0-relation']").select_option(label="Y a travaillé")
    page.get_by_text("Missions à l'étranger").click()
    page.get_by_text("Tous les agents de la collectivité").click()
    page.get_by_role("button", name="Enregistrer et publier").click()
    expect(status_message(page)).to_contain_text("Profil enregistré et publié.")
    expect(page.locator("#profile-status")).to_contain_text("Votre profil est visible")
    assert_accessible(page, "published profile")
    page.screenshot(path=ARTIFACTS / "skills-my-profile.png", full_page=True)
    profile = Profile.objects.get(agent__last_name="Ndour")
    assert profile.published
    assert set(profile.languages.values_list("language_id", "level_id")) == {
        ("wo", "C1"),
        ("pt", "B1"),
    }

    # The call that fits the profile is on the home page; the agent volunteers.
    page.goto(f"{base}/")
    calls = page.locator("#calls-for-me")
    expect(calls).to_contain_text("votre profil répond à : langue")
    calls.get_by_role("link", name="Locuteur wolof (B2) pour la mission à Thiès").click()
    expect(page).to_have_url(call_url)
    page.get_by_role("link", name="Me proposer").click()
    expect(page.locator("main, #content").first).to_contain_text("Henri")  # who will approve
    page.get_by_label("Message (facultatif)").fill("Disponible toute la semaine.")
    page.get_by_role("button", name="Me proposer").click()
    expect(status_message(page)).to_contain_text("Votre responsable est sollicité")
    expect(page.locator("#my-response")).to_contain_text("En attente de l'accord du responsable")

    # The DRI finds the agent in the inventory (a single speaker counts as "< 3", for every
    # viewer), the search, and sees the volunteer on the call.
    log_in(page, base, "camille.dri")
    page.goto(f"{base}/competences/")
    expect(page.locator("#language-table tr[data-language='wo']")).to_contain_text(
        re.compile(r"Wolof\s+·?.*< 3")
    )
    assert_accessible(page, "language inventory")
    page.locator("#language-table").get_by_role("link", name="Wolof").click()
    expect(page.locator("#language-names")).to_contain_text("Awa Ndour")
    page.screenshot(path=ARTIFACTS / "skills-inventory.png", full_page=True)
    page.goto(f"{base}/competences/recherche/")
    choose(page, "Langue", "Wolof")
    page.get_by_label("Niveau minimum").select_option(label="B2 — Avancé ou indépendant")
    choose(page, "Pays connu", "Sénégal")
    page.get_by_role("button", name="Rechercher", exact=True).click()
    results = page.locator("#search-results")
    expect(results.locator("li[data-profile]")).to_have_count(1)
    expect(results).to_contain_text("2 critères sur 2")
    expect(results).to_contain_text("Langue : Wolof C1")
    expect(results).to_contain_text("Pays : Sénégal — y a travaillé")
    assert_accessible(page, "search")
    page.screenshot(path=ARTIFACTS / "skills-search.png", full_page=True)
    page.goto(call_url)
    volunteers = page.get_by_role("table", name="Réponses à l'appel")
    expect(volunteers).to_contain_text("Awa Ndour")
    expect(volunteers).to_contain_text("Candidature spontanée")

    # The head of the agent's service approves from the home page.
    log_in(page, base, "henri.chef")
    approvals = page.locator("#responses-to-approve")
    expect(approvals).to_contain_text("Awa Ndour")
    approvals.get_by_role("link", name="Awa Ndour").click()
    page.get_by_text("Je donne mon accord").click()
    page.get_by_role("button", name="Enregistrer ma décision").click()
    expect(status_message(page)).to_contain_text("Awa Ndour est mobilisé sur le projet")
    expect(page.locator("#steps")).to_contain_text("Accord du responsable")
    # The approval does not answer for the service's référent: the approver is told so.
    expect(page.locator("main, #content").first).to_contain_text(
        "attend la confirmation de son référent"
    )

    # The agent-days are on the project's mobilisation of the agent's service, which its
    # référent still has to confirm.
    log_in(page, base, "camille.dri")
    page.goto(f"{base}/projets/{project.pk}/services/")
    row = page.locator(f"#mobilisations tr[data-service='{org['service'].pk}']")
    expect(row).to_contain_text("Awa Ndour")
    expect(row).to_contain_text("6")
    expect(row).to_contain_text("À confirmer")
    page.screenshot(path=ARTIFACTS / "skills-mobilisation.png", full_page=True)
    mobilisation = Mobilisation.objects.get(project=project, service=org["service"])
    assert mobilisation.days_planned == 6
    assert CallResponse.objects.get().status == CallResponse.Status.APPROVED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_picker_choice_keeps_the_focus_where_the_user_moved_it(page: Page, live_server, org):
    """Typing in a picker, clicking the choice and moving on at once: the list stays closed and
    the next field keeps the focus and what was typed in it (a late filtering used to reopen
    the list and take the focus back)."""
    base = live_server.url
    log_in(page, base, "camille.dri")
    page.goto(f"{base}/projets/{org['project'].pk}/competences/nouvel-appel/")
    box = page.locator("#id_language-ts-control")
    box.focus()
    box.fill("Wol")
    page.locator(f"#{box.get_attribute('aria-controls')}").get_by_role(
        "option", name="Wolof", exact=True
    ).click()
    days = page.locator("#id_effort_days")
    days.fill("6")
    # Longer than Tom Select's default filtering delay (300 ms).
    page.wait_for_timeout(600)
    expect(page.locator("#id_language-ts-dropdown")).to_be_hidden()
    expect(days).to_be_focused()
    expect(days).to_have_value("6")
    expect(page.locator("#id_language")).to_have_value(
        str(Language.objects.get(name_fr="Wolof").pk)
    )
