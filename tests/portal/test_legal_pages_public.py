"""The four legal pages are open without login; each member sees their authority's version."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Role
from maillage.portal import services
from maillage.portal.models import LegalPage

from ..factories import member
from .legal_helpers import PUBLIC

TITLES = {
    "legal_accessibility": "Déclaration d&#x27;accessibilité",
    "legal_notice": "Mentions légales",
    "legal_personal_data": "Données personnelles",
    "legal_cookies": "Gestion des cookies",
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC.values())
def test_anonymous_visitor_reads_the_default_page(name, client, authority):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert TITLES[name] in html
    # Nobody is signed in: no authority is named, the neutral publisher is.
    assert authority.name not in html
    assert "la collectivité qui met à disposition ce service" in html.lower()


@pytest.mark.django_db
def test_the_login_page_links_are_reachable_without_session(client):
    # Not redirected to the login page, unlike every internal page.
    for name in PUBLIC.values():
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert "Location" not in response


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["legal_notice", "legal_personal_data", "legal_cookies"])
def test_member_reads_the_default_text_with_the_authority_name(name, authority, client_for):
    html = client_for(member(authority, Role.AGENT)).get(reverse(name)).content.decode()
    assert authority.name in html


@pytest.mark.django_db
def test_legal_notice_names_the_publisher_and_credits_the_licences(authority, client_for):
    html = client_for(member(authority)).get(reverse("legal_notice")).content.decode()
    assert f"Ce service est édité par {authority.name}." in html
    assert f"SIREN : {authority.siren}" in html
    assert "Directeur ou directrice de la publication" in html
    assert "Hébergement" in html
    assert "Atkinson Hyperlegible" in html and "SIL Open Font License 1.1" in html
    assert "Bootstrap" in html and "licence MIT" in html


@pytest.mark.django_db
def test_personal_data_states_the_durations_in_force(settings, authority, client_for):
    settings.HR_DEPARTURE_GRACE_DAYS = 45
    settings.AUDIT_PERSONAL_DATA_RETENTION_DAYS = 200
    html = client_for(member(authority)).get(reverse("legal_personal_data")).content.decode()
    assert "effacés 45 jours après la désactivation" in html
    assert "Journal des connexions : 200 jours." in html
    assert "pendant 30 jours" in html  # the trash
    assert "cnil.fr/fr/plaintes" in html
    assert "délégué à la protection des données" in html


@pytest.mark.django_db
def test_cookies_page_lists_the_real_cookies(settings, client):
    settings.SESSION_COOKIE_NAME = "maillage_session"
    html = client.get(reverse("legal_cookies")).content.decode()
    assert "maillage_session :" in html
    assert f"{settings.CSRF_COOKIE_NAME} :" in html
    assert f"{settings.LANGUAGE_COOKIE_NAME} :" in html
    assert "aucun outil de mesure d&#x27;audience" in html
    assert "14 jours" in html and "8 heures" in html


@pytest.mark.django_db
def test_default_statement_is_not_conformant_and_gives_the_recourse(client):
    html = client.get(reverse("legal_accessibility")).content.decode()
    assert "<strong>non conforme</strong>" in html
    assert "aucun audit de conformité n'a encore été réalisé" in html
    assert "Défenseur des droits" in html
    assert "Libre réponse 71120" in html


@pytest.mark.django_db
def test_member_sees_their_authority_version_and_others_never(
    authority, other_authority, client_for
):
    services.save_legal_page(
        authority, by=None, kind="mentions-legales", data={"body": "Texte propre à Caen-sur-Test"}
    )
    own = client_for(member(authority)).get(reverse("legal_notice")).content.decode()
    assert "Texte propre à Caen-sur-Test" in own
    outsider = member(other_authority, username="voisin")
    theirs = client_for(outsider).get(reverse("legal_notice")).content.decode()
    assert "Texte propre à Caen-sur-Test" not in theirs
    assert other_authority.name in theirs  # their default text instead


@pytest.mark.django_db
def test_anonymous_visitor_never_sees_an_authority_version(authority, client):
    services.save_legal_page(
        authority, by=None, kind="cookies", data={"body": "Cookies de la ville"}
    )
    assert "Cookies de la ville" not in client.get(reverse("legal_cookies")).content.decode()


@pytest.mark.django_db
def test_public_page_query_count(authority, client, client_for):
    # Anonymous: no session, no authority, the default text is built without the database.
    with CaptureQueriesContext(connection) as anonymous:
        assert client.get(reverse("legal_personal_data")).status_code == 200
    assert len(anonymous.captured_queries) == 0
    services.save_legal_page(
        authority, by=None, kind="donnees-personnelles", data={"body": "Texte"}
    )
    client = client_for(member(authority))
    with CaptureQueriesContext(connection) as signed_in:
        assert client.get(reverse("legal_personal_data")).status_code == 200
    # Session, user, memberships, the page.
    assert len(signed_in.captured_queries) == 4, [q["sql"] for q in signed_in.captured_queries]


@pytest.mark.django_db
def test_unknown_kind_is_not_found(authority, client_for):
    admin = client_for(member(authority, Role.ADMIN))
    assert admin.get(reverse("legal_page_edit", kwargs={"kind": "plan-du-site"})).status_code == 404
    assert LegalPage.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC.values())
def test_public_pages_refuse_post(name, client):
    assert client.post(reverse(name)).status_code == 405


@pytest.mark.django_db
def test_query_counts_do_not_depend_on_customised_pages(authority, client_for):
    admin = client_for(member(authority, Role.ADMIN))

    def counts() -> list[int]:
        found = []
        for url in [reverse("legal_page_list"), reverse("legal_notice")]:
            admin.get(url)  # the footer's conformity status cached first
            with CaptureQueriesContext(connection) as queries:
                assert admin.get(url).status_code == 200
            found.append(len(queries.captured_queries))
        return found

    defaults = counts()
    for kind in ["mentions-legales", "donnees-personnelles", "cookies"]:
        services.save_legal_page(authority, by=None, kind=kind, data={"body": f"Texte {kind}"})
    services.save_legal_page(
        authority, by=None, kind="accessibilite", data={"contact_email": "a@example.fr"}
    )
    assert counts() == defaults
    assert defaults[0] <= 4  # session, user, memberships, the four pages at once
