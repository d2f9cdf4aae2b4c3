"""News pages and feeds run the same number of queries whatever the number of items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.news import services
from maillage.news.models import Audience
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def grow(authority, org, make_item, n: int):
    for i in range(n):
        project = ProjectFactory(authority=authority)
        make_item(f"Actualité {i}", projects=[project])
        make_item(
            f"Service {i}", audience=Audience.SERVICES, services_=[org["direction"], org["waste"]]
        )
        make_item(f"Brouillon {i}", publish=False)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["inside", "dri"])
def test_list_and_detail_are_flat(authority, org, make_item, client_for, who):
    client = client_for(org[who])
    first = make_item("Première", audience=Audience.SERVICES, services_=[org["waste"]])
    grow(authority, org, make_item, 1)
    urls = [reverse("news_list"), reverse("news_detail", args=[first.pk])]
    small = [count(client, url) for url in urls]
    grow(authority, org, make_item, 8)
    large = [count(client, url) for url in urls]
    assert small == large
    assert large[0] <= 8 and large[1] <= 9, large


def test_feed_and_embed_are_flat(client, authority, org, make_item):
    settings = services.update_feed_settings(
        authority, by=None, data={"enabled": True, "expose_services": True}
    )
    grow(authority, org, make_item, 1)
    urls = [
        reverse("news_feed", args=[settings.authority.slug, settings.key, "tous"]),
        reverse(
            "news_feed", args=[settings.authority.slug, settings.key, f"service-{org['waste'].pk}"]
        ),
        reverse("news_embed", args=[settings.authority.slug, settings.key, "tous"]),
    ]
    small = [count(client, url) for url in urls]
    grow(authority, org, make_item, 8)
    assert [count(client, url) for url in urls] == small
    assert max(small) <= 3
