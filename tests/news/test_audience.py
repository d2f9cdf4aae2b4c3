"""Who reads a news item: its audience, the editors, and no one of another authority."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.news import services
from maillage.news.models import Audience, NewsItem
from tests.factories import ProjectFactory, member, png_bytes

pytestmark = pytest.mark.django_db


def titles(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_a_service_item_reaches_its_agents_only(org, make_item, client_for):
    item = make_item("Tri des déchets", audience=Audience.SERVICES, services_=[org["direction"]])
    # An agent of a service under the directorate reads it.
    client = client_for(org["inside"])
    assert "Tri des déchets" in titles(client.get(reverse("news_list")))
    assert client.get(reverse("news_detail", args=[item.pk])).status_code == 200
    # An agent of another directorate does not: not listed, the page is not found.
    client = client_for(org["outside"])
    assert "Tri des déchets" not in titles(client.get(reverse("news_list")))
    assert client.get(reverse("news_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("news_image", args=[item.pk])).status_code == 404


def test_drafts_are_for_editors_only(org, make_item, client_for):
    draft = make_item("Brouillon secret", publish=False)
    assert client_for(org["inside"]).get(reverse("news_detail", args=[draft.pk])).status_code == 404
    assert "Brouillon secret" not in titles(client_for(org["inside"]).get(reverse("news_list")))
    assert "Brouillon secret" in titles(client_for(org["dri"]).get(reverse("news_list")))


def test_referents_and_elected_audiences(authority, org, make_item, client_for):
    for_referents = make_item("Pour les référents", audience=Audience.REFERENTS)
    for_elected = make_item("Pour les élus", audience=Audience.ELECTED)
    referent = member(authority, Role.REFERENT, username="ref")
    elected = member(authority, Role.ELECTED, username="elu")
    page = titles(client_for(referent).get(reverse("news_list")))
    assert "Pour les référents" in page and "Pour les élus" not in page
    page = titles(client_for(elected).get(reverse("news_list")))
    assert "Pour les élus" in page and "Pour les référents" not in page
    outside = client_for(org["outside"])
    assert outside.get(reverse("news_detail", args=[for_referents.pk])).status_code == 404
    assert outside.get(reverse("news_detail", args=[for_elected.pk])).status_code == 404


def test_other_authority_never_sees_an_item(other_authority, make_item, client_for):
    item = make_item("Locale")
    stranger = member(other_authority, Role.DRI, username="stranger")
    client = client_for(stranger)
    assert client.get(reverse("news_detail", args=[item.pk])).status_code == 404
    assert client.get(reverse("news_edit", args=[item.pk])).status_code == 404
    assert "Locale" not in titles(client.get(reverse("news_list")))


def test_links_must_belong_to_the_authority(authority, other_authority):
    foreign = ProjectFactory(authority=other_authority)
    with pytest.raises(ValidationError):
        services.create_news_item(authority, by=None, data={"title": "x", "projects": [foreign]})


def test_learning_kind_needs_the_service(authority, org):
    with pytest.raises(ValidationError):
        services.create_news_item(
            authority, by=None, data={"title": "x", "kind": NewsItem.Kind.LEARNING}
        )
    item = services.create_news_item(
        authority,
        by=None,
        data={"title": "x", "kind": NewsItem.Kind.LEARNING, "learning_service": org["waste"]},
    )
    assert item.learning_service == org["waste"]


def test_create_publish_and_delete_through_the_pages(authority, org, client_for):
    client = client_for(org["dri"])
    response = client.post(
        reverse("news_create"),
        {
            "title": "Les catadores de Belo Horizonte",
            "kind": "learning",
            "learning_service": org["waste"].pk,
            "body": "Ce que **nous avons appris**. <script>alert(1)</script>",
            "audience": "services",
            "services": [org["direction"].pk],
            "new_image": SimpleUploadedFile("photo.png", png_bytes(4, 3)),
            "image_alt": "Des catadores au centre de tri",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsItem.objects.get(title="Les catadores de Belo Horizonte")
    assert item.status == NewsItem.Status.DRAFT
    assert "<script" not in item.body_html and "<strong>" in item.body_html
    assert item.image.name.startswith(f"news/{authority.pk}/")
    image = client.get(reverse("news_image", args=[item.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert (
        client.post(reverse("news_publish", args=[item.pk]), {"version": item.version}).status_code
        == 302
    )
    item.refresh_from_db()
    assert item.status == NewsItem.Status.PUBLISHED and item.published_at is not None
    assert AuditEvent.objects.filter(kind="news_item.published", object_id=str(item.pk)).exists()
    assert client.post(reverse("news_delete", args=[item.pk])).status_code == 302
    assert not NewsItem.objects.filter(pk=item.pk).exists()


def test_image_needs_alt_text(org, client_for):
    response = client_for(org["dri"]).post(
        reverse("news_create"),
        {
            "title": "Sans texte alternatif",
            "kind": "news",
            "audience": "all",
            "new_image": SimpleUploadedFile("photo.png", png_bytes(4, 3)),
        },
    )
    assert response.status_code == 200
    assert not NewsItem.objects.filter(title="Sans texte alternatif").exists()


def test_edit_conflict_answers_409(org, make_item, client_for):
    item = make_item("Version", publish=False)
    services.update_news_item(item, by=None, data={"title": "Version 2"})
    response = client_for(org["dri"]).post(
        reverse("news_edit", args=[item.pk]),
        {"title": "Version 3", "kind": "news", "audience": "all", "version": 1},
    )
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.title == "Version 2"
