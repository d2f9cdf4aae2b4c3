"""Users change their own password and reset a forgotten one by an e-mailed link."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from maillage.core.models import Role, User

from ..factories import member

NEW = "Nouveau-mot-de-passe-2026"


def reset_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/mot-de-passe/nouveau/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def camille(authority) -> User:
    return member(authority, Role.AGENT, username="camille", email="camille@caen.fr")


@pytest.mark.django_db
def test_change_own_password(camille, client_for):
    client = client_for(camille)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "Changer mon mot de passe" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {"old_password": "mauvais", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    camille.refresh_from_db()
    assert not camille.check_password(NEW)
    response = client.post(
        reverse("password_change"),
        {"old_password": "motdepasse-test", "new_password1": NEW, "new_password2": NEW},
    )
    assert response["Location"] == reverse("password_change_done")
    camille.refresh_from_db()
    assert camille.check_password(NEW)
    # The session that changed it stays open.
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_reset_by_emailed_single_use_link(camille, client, settings):
    settings.ALLOWED_HOSTS = ["maillage.caen.fr", "testserver"]
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page
    response = client.post(
        reverse("password_reset"), {"email": "Camille@caen.fr"}, HTTP_HOST="maillage.caen.fr"
    )
    assert response["Location"] == reverse("password_reset_done")
    (message,) = mail.outbox
    assert message.to == ["camille@caen.fr"]
    assert message.subject == "Maillage : choisir votre mot de passe"
    assert "camille" in message.body and "http://maillage.caen.fr/" in message.body
    link = reset_link(message)
    form_url = client.get(link, HTTP_HOST="maillage.caen.fr")["Location"]
    response = client.post(
        form_url, {"new_password1": NEW, "new_password2": NEW}, HTTP_HOST="maillage.caen.fr"
    )
    assert response["Location"] == reverse("password_reset_complete")
    camille.refresh_from_db()
    assert camille.check_password(NEW)
    # Used once: the same link no longer works.
    again = client.get(link, HTTP_HOST="maillage.caen.fr", follow=True).content.decode()
    assert "Ce lien n'est plus valable" in again


@pytest.mark.django_db
def test_reset_link_expires(camille, client, monkeypatch, settings):
    client.post(reverse("password_reset"), {"email": "camille@caen.fr"})
    link = reset_link(mail.outbox[0])
    later = datetime.datetime.now() + datetime.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    page = client.get(link, follow=True).content.decode()
    assert "Ce lien n'est plus valable" in page


@pytest.mark.django_db
def test_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "personne@caen.fr"})
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.django_db
def test_account_without_password_yet_can_ask_for_a_link(authority, client):
    user = member(authority, Role.AGENT, username="nouveau", email="nouveau@caen.fr")
    user.set_unusable_password()
    user.save()
    client.post(reverse("password_reset"), {"email": "nouveau@caen.fr"})
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_inactive_account_gets_no_link(camille, client):
    camille.is_active = False
    camille.save()
    client.post(reverse("password_reset"), {"email": "camille@caen.fr"})
    assert mail.outbox == []
