"""The authority's stylesheet and logo: content, headers, tenancy, queries; the layout partials."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.core.models import Authority, Role
from maillage.core.theme import DEFAULT_DIGEST
from maillage.core.theme_context import theme

from ..factories import AuthorityFactory, member, png_bytes

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><rect width="4" height="4"/></svg>'
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def theme_url(authority, version=None):
    version = authority.theme_version if version is None else version
    return reverse("theme_css", kwargs={"authority_id": authority.pk, "version": version})


def logo_url(authority, version=None):
    version = authority.theme_version if version is None else version
    return reverse("authority_logo", kwargs={"authority_id": authority.pk, "version": version})


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_the_theme_of_ones_authority(authority, users, client_for):
    authority.primary_colour = "#6b1d5c"
    authority.save()
    response = client_for(users[Role.AGENT]).get(theme_url(authority))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert "--bs-primary: #6b1d5c;" in css and "--bs-btn-bg: #6b1d5c;" in css
    assert cache_control(response) == {"private", "max-age=31536000", "immutable"}
    assert "<" not in css  # nothing that could close a tag or open one


def test_an_old_version_gets_the_current_theme_but_is_not_kept(authority, users, client_for):
    authority.theme_version = 4
    authority.save()
    response = client_for(users[Role.AGENT]).get(theme_url(authority, version=3))
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_a_stored_colour_that_fails_falls_back_to_the_default(authority, users, client_for):
    client = client_for(users[Role.AGENT])
    for stored in ["#ff;}*{", "#777777"]:  # malformed (7 characters: the column's size), refused
        Authority.objects.filter(pk=authority.pk).update(primary_colour=stored)
        css = client.get(theme_url(authority)).content.decode()
        assert "--bs-primary: #1f4e79;" in css and stored not in css


def test_another_authoritys_theme_and_logo_are_not_found(
    authority, other_authority, users, client_for
):
    authority.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    client = client_for(member(other_authority, Role.ADMIN, username="voisin"))
    assert client.get(theme_url(authority)).status_code == 404
    assert client.get(logo_url(authority)).status_code == 404
    assert client.get(theme_url(other_authority)).status_code == 200


def test_anonymous_gets_no_authority_theme_nor_logo(authority, client):
    authority.logo.save("logo.png", ContentFile(png_bytes()), save=True)
    assert client.get(theme_url(authority)).status_code == 404
    assert client.get(logo_url(authority)).status_code == 404


def test_a_member_of_two_authorities_gets_both_themes(authority, other_authority, client_for):
    user = member(authority, Role.AGENT, username="deux")
    member(other_authority, Role.AGENT, username="deux")
    client = client_for(user)
    assert client.get(theme_url(authority)).status_code == 200
    assert client.get(theme_url(other_authority)).status_code == 200


def test_the_default_theme_for_pages_without_authority(client):
    response = client.get(reverse("theme_default_css", kwargs={"digest": DEFAULT_DIGEST}))
    assert response.status_code == 200
    assert "--bs-primary: #1f4e79;" in response.content.decode()
    assert cache_control(response) == {"public", "max-age=31536000", "immutable"}
    stale = client.get(reverse("theme_default_css", kwargs={"digest": "ancien"}))
    assert stale.status_code == 200 and "immutable" not in stale["Cache-Control"]


def test_a_png_logo_is_served_as_an_image_only(authority, users, client_for):
    authority.logo.save("logo.png", ContentFile(png_bytes(3, 3)), save=True)
    response = client_for(users[Role.AGENT]).get(logo_url(authority))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == png_bytes(3, 3)
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "immutable" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "attachment" not in response.get("Content-Disposition", "")


def test_an_svg_logo_is_sandboxed(authority, users, client_for):
    authority.logo.save("logo.svg", ContentFile(SVG), save=True)
    response = client_for(users[Role.AGENT]).get(logo_url(authority))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )


def test_no_logo_or_a_missing_file_is_not_found(authority, users, client_for):
    client = client_for(users[Role.AGENT])
    assert client.get(logo_url(authority)).status_code == 404
    authority.logo.name = "identity/absent.png"
    authority.save()
    assert client.get(logo_url(authority)).status_code == 404


def test_the_theme_view_runs_only_the_tenancy_queries(authority, users, client_for):
    """The stylesheet is built from the authority the tenancy middleware loaded: no query of
    its own, whatever the number of the user's authorities."""
    client = client_for(users[Role.AGENT])

    def count(url) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    # Session, user, memberships with their authorities.
    assert count(theme_url(authority)) == 3
    for _i in range(5):
        member(AuthorityFactory(), Role.AGENT, username=users[Role.AGENT].username)
    assert count(theme_url(authority)) == 3


def test_the_context_processor_runs_no_query(authority, django_assert_num_queries):
    authority.short_name = "Caen"
    authority.logo.name = "identity/1/logo.png"
    request = RequestFactory().get("/")
    request.authority = authority
    with django_assert_num_queries(0):
        found = theme(request)["theme"]
    assert found == {
        "css_url": f"/theme/{authority.pk}-1.css",
        "logo_url": f"/theme/{authority.pk}-1/logo",
        "has_logo": True,
        "name": "Ville de Caen-sur-Test",
        "short_name": "Caen",
        "primary_colour": "#1f4e79",
    }
    anonymous = RequestFactory().get("/")
    anonymous.authority = None
    assert theme(anonymous)["theme"]["css_url"] == f"/theme/maillage-{DEFAULT_DIGEST}.css"
    assert theme(RequestFactory().get("/"))["theme"]["has_logo"] is False


def test_every_page_carries_the_theme(authority, users, client_for):
    response = client_for(users[Role.AGENT]).get(reverse("home"))
    assert response.context["theme"]["css_url"] == theme_url(authority)


def test_the_brand_partial(authority):
    authority.short_name = "Caen"
    authority.logo.name = "identity/1/logo.png"
    request = RequestFactory().get("/")
    request.authority = authority
    html = render_to_string("components/brand.html", theme(request))
    assert f'src="/theme/{authority.pk}-1/logo"' in html
    # The name is written beside the logo: its alternative is empty, not said twice.
    assert 'class="identity-logo" alt=""' in html
    assert '<span class="d-none d-md-inline">Ville de Caen-sur-Test</span>' in html
    assert '<span class="d-md-none">Caen</span>' in html

    request.authority = None
    html = render_to_string("components/brand.html", theme(request))
    assert "<img" not in html and '<span class="site-brand__authority">Maillage</span>' in html


def test_the_theme_partial(authority):
    request = RequestFactory().get("/")
    request.authority = authority
    html = render_to_string("components/theme_css.html", theme(request)).strip()
    assert html == f'<link rel="stylesheet" href="/theme/{authority.pk}-1.css">'
