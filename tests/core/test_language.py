import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_french_by_default_even_for_an_english_browser(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "fr"
    assert "Connexion à Maillage" in response.content.decode()


@pytest.mark.django_db
def test_user_can_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/connexion/"})
    assert response.status_code == 302
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
