"""End to end in Debian's Chromium: a project completed is suggested to the DRI, who turns it
into a draft in one click, addresses it to one directorate and publishes it, then sends a
newsletter with it to that directorate; an agent of that directorate reads the item and the
letter (and receives the e-mail), an agent of another one neither sees nor opens them.

The suggestions, the edit form, the item, the list and the newsletter's pages are checked with
axe-core.
"""

from __future__ import annotations

import datetime
import os

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from maillage.core.models import Role
from maillage.news.models import NewsItem, Newsletter
from maillage.projects.models import Project, StatusChange
from tests.factories import AgentFactory, AuthorityFactory, ProjectFactory, ServiceFactory, member

from .helpers import PASSWORD, assert_accessible, choose, log_out
from .test_project_browser import log_in

SHOTS = os.environ.get("NEWS_SHOTS", "")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


@pytest.fixture
def org(transactional_db):
    authority = AuthorityFactory(name="Ville de Navigateur", slug="navigateur", siren="219000002")
    direction = ServiceFactory(
        authority=authority, kind="directorate", name="Direction Environnement"
    )
    waste = ServiceFactory(authority=authority, parent=direction, name="Service Déchets")
    culture = ServiceFactory(authority=authority, name="Service Culture")
    member(authority, Role.DRI, username="camille.dri", password=PASSWORD)
    inside = member(authority, Role.AGENT, username="ines.dedans", password=PASSWORD)
    outside = member(authority, Role.AGENT, username="oscar.dehors", password=PASSWORD)
    AgentFactory(authority=authority, service=waste, user=inside)
    AgentFactory(authority=authority, service=culture, user=outside)
    project = ProjectFactory(
        authority=authority,
        title="Tri des déchets avec Belo Horizonte",
        summary="Six agents ont appris le tri en coopérative.",
        status=Project.Status.COMPLETED,
    )
    StatusChange.objects.create(
        project=project,
        from_status=Project.Status.ONGOING,
        to_status=Project.Status.COMPLETED,
        on=timezone.localdate() - datetime.timedelta(days=2),
    )
    return authority


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_suggested_event_becomes_news_for_one_directorate(page: Page, live_server, org):
    base = live_server.url
    log_in(page, base, "camille.dri")
    nav = page.get_by_role("navigation", name="Menu principal")
    nav.get_by_role("button", name="Actualités", exact=True).click()
    nav.get_by_role("link", name="Actualités suggérées", exact=True).click()
    expect(page).to_have_url(f"{base}/actualites/suggestions/")
    title = "Le projet « Tri des déchets avec Belo Horizonte » s'achève"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    assert_accessible(page, "suggested news")
    shot(page, "1-suggestions")

    page.get_by_role("button", name=f"Rédiger un brouillon : {title}").click()
    item = NewsItem.objects.get()
    expect(page).to_have_url(f"{base}/actualites/{item.pk}/modifier/")
    expect(page.get_by_label("Titre")).to_have_value(title)
    page.locator("#id_body").fill(
        "Six agents ont appris le **tri en coopérative**. <script>alert(1)</script>"
    )
    assert_accessible(page, "news edit form")
    page.get_by_label("Certaines directions ou certains services").check()
    choose(page, "Directions ou services destinataires", "Direction Environnement")
    page.keyboard.press("Escape")
    shot(page, "2-draft-form")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page).to_have_url(f"{base}/actualites/{item.pk}/")

    page.get_by_role("link", name="Publier").click()
    page.get_by_role("button", name="Publier").click()
    expect(page.get_by_text("Actualité « ")).to_be_visible()
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED
    assert "<script" not in item.body_html
    assert_accessible(page, "news item")
    shot(page, "3-published")
    # The suggestion was used: it is not offered again.
    page.goto(f"{base}/actualites/suggestions/")
    expect(page.get_by_role("heading", name=title)).to_have_count(0)

    # The newsletter of the last month, to the same directorate.
    page.goto(f"{base}/actualites/lettres/nouvelle/")
    page.get_by_label("Titre").fill("La lettre de la direction")
    today = timezone.localdate().isoformat()
    page.get_by_label("Fin de la période").fill(today)
    page.get_by_role("button", name="Proposer les actualités de cette période").click()
    page.get_by_label(title).check()
    expect(page.get_by_text("Chiffres clés de la période")).to_be_visible()
    page.get_by_label("Certaines directions ou certains services").check()
    choose(page, "Directions ou services destinataires", "Direction Environnement")
    page.keyboard.press("Escape")
    assert_accessible(page, "newsletter form")
    shot(page, "6-newsletter-form")
    page.get_by_role("button", name="Enregistrer et voir l'aperçu").click()
    letter = Newsletter.objects.get()
    expect(page).to_have_url(f"{base}/actualites/lettres/{letter.pk}/apercu/")
    expect(page.get_by_role("row", name="Total 1")).to_be_visible()
    assert_accessible(page, "newsletter preview")
    shot(page, "7-newsletter-preview")
    mail.outbox.clear()
    page.get_by_role("link", name="Envoyer").click()
    page.get_by_role("button", name="Envoyer").click()
    expect(page).to_have_url(f"{base}/actualites/lettres/{letter.pk}/envoi/")
    expect(page.get_by_role("row", name="Envoyés 1")).to_be_visible()
    assert_accessible(page, "newsletter progress")
    shot(page, "8-newsletter-progress")
    inside_email = NewsItem.objects.get().authority.agents.get(user__username="ines.dedans").email
    assert [m.to for m in mail.outbox] == [[inside_email]]
    log_out(page)

    log_in(page, base, "ines.dedans")
    page.goto(f"{base}/actualites/")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    assert_accessible(page, "news list of an agent of the audience")
    shot(page, "4-agent-inside")
    page.get_by_role("link", name=title).click()
    expect(page.locator(".news-body strong")).to_have_text("tri en coopérative")
    page.goto(f"{base}/actualites/lettres/")
    page.get_by_role("link", name="La lettre de la direction").click()
    expect(page.get_by_role("heading", name="La lettre de la direction")).to_be_visible()
    assert_accessible(page, "newsletter web version")
    shot(page, "9-newsletter-web")
    log_out(page)

    log_in(page, base, "oscar.dehors")
    page.goto(f"{base}/actualites/")
    expect(page.get_by_role("link", name=title)).to_have_count(0)
    shot(page, "5-agent-outside")
    response = page.goto(f"{base}/actualites/{item.pk}/")
    assert response is not None and response.status == 404
    page.goto(f"{base}/actualites/lettres/")
    expect(page.get_by_role("link", name="La lettre de la direction")).to_have_count(0)
    response = page.goto(f"{base}/actualites/lettres/{letter.pk}/")
    assert response is not None and response.status == 404
