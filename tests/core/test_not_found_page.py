"""An unknown URL answers the app's own page, never Django's list of URL patterns."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from maillage.core.models import Role


@pytest.mark.parametrize("debug", [True, False])
def test_unknown_url_answers_the_app_page(settings, users, client_for, debug):
    settings.DEBUG = debug
    response = client_for(users[Role.AGENT]).get("/cette-page-n-existe-pas/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page non trouvée" in html and "Retour à l'accueil" in html
    assert "URLconf" not in html and "urlpatterns" not in html


@pytest.mark.parametrize("debug", [True, False])
def test_missing_object_answers_the_app_page(settings, users, client_for, debug):
    settings.DEBUG = debug
    response = client_for(users[Role.AGENT]).get(reverse("project_detail", args=[2**40]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Page non trouvée" in html
    assert "No Project matches" not in html and "Raised by" not in html


def test_anonymous_unknown_url_with_debug(settings, db):
    settings.DEBUG = True
    response = Client().get("/cette-page-n-existe-pas/")
    assert response.status_code in {302, 404}
    assert "urlpatterns" not in response.content.decode()
