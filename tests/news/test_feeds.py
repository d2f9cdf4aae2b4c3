"""The intranet's Atom feeds and embeddable page: only what the authority exposes, only
published items of the right audience."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET  # xml.etree, refusing entities and DTDs
from django.urls import reverse

from maillage.news import services
from maillage.news.models import Audience

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def exposed(authority):
    return services.update_feed_settings(
        authority,
        by=None,
        data={"enabled": True, "expose_all": True, "expose_services": True},
    )


def entries(response) -> list[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_feed_for_all_agents(client, exposed, org, make_item):
    make_item("Pour tous", body="<script>x</script>**ok**")
    make_item("Brouillon", publish=False)
    make_item("Pour les élus", audience=Audience.ELECTED)
    make_item("Pour les déchets", audience=Audience.SERVICES, services_=[org["waste"]])
    response = client.get(reverse("news_feed", args=[exposed.authority.slug, exposed.key, "tous"]))
    assert entries(response) == ["Pour tous"]
    assert b"&lt;script" not in response.content and b"<script" not in response.content


def test_feed_of_a_service_adds_its_items(client, exposed, org, make_item):
    make_item("Pour tous")
    make_item("Pour la direction", audience=Audience.SERVICES, services_=[org["direction"]])
    make_item("Pour la culture", audience=Audience.SERVICES, services_=[org["culture"]])
    url = reverse(
        "news_feed", args=[exposed.authority.slug, exposed.key, f"service-{org['waste'].pk}"]
    )
    assert sorted(entries(client.get(url))) == ["Pour la direction", "Pour tous"]


def test_what_is_not_exposed_is_not_found(client, exposed, other_authority, make_item):
    make_item("Pour les élus", audience=Audience.ELECTED)
    assert (
        client.get(
            reverse("news_feed", args=[exposed.authority.slug, exposed.key, "elus"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("news_feed", args=[exposed.authority.slug, "mauvaise-cle", "tous"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("news_embed", args=[exposed.authority.slug, exposed.key, "inconnu"])
        ).status_code
        == 404
    )
    # A service of another authority is not one of this feed's.
    from tests.factories import ServiceFactory

    foreign = ServiceFactory(authority=other_authority)
    url = reverse("news_feed", args=[exposed.authority.slug, exposed.key, f"service-{foreign.pk}"])
    assert client.get(url).status_code == 404
    services.update_feed_settings(exposed.authority, by=None, data={"enabled": False})
    assert (
        client.get(
            reverse("news_feed", args=[exposed.authority.slug, exposed.key, "tous"])
        ).status_code
        == 404
    )


def test_renewed_key_retires_the_old_address(client, exposed):
    old = exposed.key
    renewed = services.renew_feed_key(exposed.authority, by=None)
    assert (
        client.get(reverse("news_feed", args=[exposed.authority.slug, old, "tous"])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("news_feed", args=[exposed.authority.slug, renewed.key, "tous"])
        ).status_code
        == 200
    )


def test_embed_page_may_be_framed_by_the_intranet_only(client, exposed, make_item):
    make_item("Sur intranet")
    make_item("Brouillon", publish=False)
    url = reverse("news_embed", args=[exposed.authority.slug, exposed.key, "tous"])
    response = client.get(url)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    # Until the administrator names the intranet, no other site may frame it.
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert "Sur intranet" in page and "Brouillon" not in page
    services.update_feed_settings(
        exposed.authority, by=None, data={"intranet_origin": "https://intranet.caen.fr"}
    )
    response = client.get(url)
    assert "frame-ancestors https://intranet.caen.fr" in response["Content-Security-Policy"]
    # Every other page still refuses to be framed.
    other = client.get(reverse("login"))
    assert other["X-Frame-Options"] == "DENY"


def test_settings_page_saves_and_shows_addresses(authority, client_for):
    from maillage.core.models import Role
    from tests.factories import member

    admin = member(authority, Role.ADMIN, username="adm")
    client = client_for(admin)
    response = client.post(
        reverse("news_feed_settings"),
        {"enabled": "on", "expose_all": "on", "intranet_origin": "https://intranet.caen.fr/x"},
    )
    assert response.status_code == 302
    settings = services.feed_settings(authority)
    assert settings.enabled and settings.intranet_origin == "https://intranet.caen.fr"
    page = client.get(reverse("news_feed_settings")).content.decode()
    assert reverse("news_feed", args=[settings.authority.slug, settings.key, "tous"]) in page
