"""/parametres/identite/: the authority's admin sets its names, colour and logo."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.core.identity import update_identity
from maillage.core.models import AuditEvent, Authority, Role

from ..factories import png_bytes

URL = reverse("authority_identity")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def admin(users, client_for):
    return client_for(users[Role.ADMIN])


def form_data(authority: Authority, **changes) -> dict[str, object]:
    data = {
        "name": authority.name,
        "short_name": authority.short_name,
        "primary_colour": authority.primary_colour,
        "version": str(authority.theme_version),
    }
    return {**data, **changes}


def test_admin_sees_the_form_and_the_preview(authority, admin):
    response = admin.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="color"' in html and 'name="logo"' in html and 'name="remove_logo"' in html
    assert 'name="version"' in html
    assert reverse("identity_preview_css", args=["1f4e79"]) in html
    assert 'class="btn btn-primary"' in html and "badge text-bg-primary" in html
    assert "fr-" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_round_trip_saves_names_colour_and_logo(
    authority, admin, users, django_capture_on_commit_callbacks
):
    data = form_data(
        authority,
        name="Ville de Caen-sur-Test (nouveau nom)",
        short_name="Caen-sur-Test",
        primary_colour="#6B1D5C",
        logo=SimpleUploadedFile("Logo officiel.png", png_bytes(200, 80)),
    )
    response = admin.post(URL, data)
    assert response.status_code == 302 and response["Location"] == URL
    authority.refresh_from_db()
    assert authority.name == "Ville de Caen-sur-Test (nouveau nom)"
    assert authority.short_name == "Caen-sur-Test"
    assert authority.primary_colour == "#6b1d5c"
    assert authority.theme_version == 2
    assert authority.logo.name == f"identity/{authority.pk}/logo.png"
    assert authority.logo.read() == png_bytes(200, 80)
    event = AuditEvent.objects.get(kind="authority.identity_changed")
    assert event.user == users[Role.ADMIN] and event.authority == authority
    assert event.changes["primary_colour"] == ["#1f4e79", "#6b1d5c"]
    assert event.changes["logo"] == ["", authority.logo.name]
    assert event.changes["theme_version"] == 2
    # The next page links the new stylesheet and logo.
    page = admin.get(URL)
    assert page.context["theme"]["css_url"] == f"/theme/{authority.pk}-2.css"
    assert page.context["theme"]["logo_url"] == f"/theme/{authority.pk}-2/logo"
    assert f'src="/theme/{authority.pk}-2/logo"' in page.content.decode()

    # Then the logo is removed; its file goes once the change is committed.
    old = authority.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(URL, form_data(authority, remove_logo="on"))
    assert response.status_code == 302
    authority.refresh_from_db()
    assert not authority.logo and authority.theme_version == 3
    assert not default_storage.exists(old)


def test_a_new_logo_replaces_the_old_file(authority, admin, django_capture_on_commit_callbacks):
    authority.logo.save("logo.svg", ContentFile(b"<svg/>"), save=True)
    old = authority.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(URL, form_data(authority, logo=SimpleUploadedFile("l.png", png_bytes())))
    authority.refresh_from_db()
    assert authority.logo.name.endswith(".png") and default_storage.exists(authority.logo.name)
    assert not default_storage.exists(old)


def test_a_refused_colour_shows_the_reasons_and_the_preview(authority, admin):
    response = admin.post(URL, form_data(authority, primary_colour="#777777"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Contraste du texte blanc sur cette couleur : 4,48:1" in html
    assert "il faut au moins 4,5:1" in html
    # The preview shows the refused colour, with what fails.
    assert reverse("identity_preview_css", args=["777777"]) in html
    assert "insuffisant" in html
    authority.refresh_from_db()
    assert authority.primary_colour == "#1f4e79" and authority.theme_version == 1
    assert not AuditEvent.objects.filter(kind="authority.identity_changed").exists()


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "Ce logo SVG est refusé",
        ),
        ("logo.png", b"not a png at all", "n&#x27;est pas une image PNG"),
        ("logo.gif", b"GIF89a", "PNG ou SVG"),
    ],
)
def test_a_refused_logo_writes_nothing(authority, admin, media, name, content, message):
    response = admin.post(
        URL, form_data(authority, short_name="Court", logo=SimpleUploadedFile(name, content))
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    authority.refresh_from_db()
    assert authority.short_name == "" and not authority.logo and authority.theme_version == 1
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_new_logo_and_remove_at_once_is_refused(authority, admin):
    data = form_data(authority, remove_logo="on", logo=SimpleUploadedFile("l.png", png_bytes()))
    response = admin.post(URL, data)
    assert response.status_code == 200
    assert "décochez « Supprimer le logo »" in response.content.decode()


def test_an_empty_name_or_a_long_short_name_is_refused(authority, admin):
    response = admin.post(URL, form_data(authority, name=" ", short_name="x" * 31))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name" in errors and "short_name" in errors
    authority.refresh_from_db()
    assert authority.name == "Ville de Caen-sur-Test"


def test_a_save_built_on_an_old_version_is_a_conflict(authority, admin, users):
    stale = form_data(
        authority, primary_colour="#000000", logo=SimpleUploadedFile("l.png", png_bytes())
    )
    update_identity(
        authority, by=users[Role.ADMIN], name="Autre nom", primary_colour="#2e7d32", version=1
    )
    response = admin.post(URL, stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "pendant votre saisie" in html
    # The table names the new logo by its file name, not its bytes.
    assert "logo.png" in html and "content=b" not in html
    assert response.context["form"]["version"].value() == "2"
    authority.refresh_from_db()
    assert authority.primary_colour == "#2e7d32" and authority.name == "Autre nom"


@pytest.mark.parametrize("role", [Role.DRI, Role.AGENT, Role.REFERENT, Role.DIRECTION])
def test_other_roles_are_refused(authority, users, client_for, role):
    client = client_for(users[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data(authority, name="Piratée")).status_code == 403
    assert client.get(reverse("identity_preview_css", args=["000000"])).status_code == 403
    authority.refresh_from_db()
    assert authority.name == "Ville de Caen-sur-Test"


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_wrong_method(admin):
    assert admin.put(URL).status_code == 405
    assert admin.delete(URL).status_code == 405


def test_the_admin_of_another_authority_changes_only_their_own(
    authority, other_authority, client_for
):
    from ..factories import member

    client = client_for(member(other_authority, Role.ADMIN, username="other-admin"))
    response = client.post(URL, form_data(other_authority, short_name="Autre"))
    assert response.status_code == 302
    authority.refresh_from_db()
    other_authority.refresh_from_db()
    assert authority.short_name == "" and other_authority.short_name == "Autre"


def test_the_preview_stylesheet(admin):
    response = admin.get(reverse("identity_preview_css", args=["777777"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/css; charset=utf-8"
    css = response.content.decode()
    assert ".identity-preview {" in css and "--bs-primary: #777777;" in css
    assert ":root" not in css
    assert admin.get(reverse("identity_preview_css", args=["77777g"])).status_code == 404
    assert admin.get(reverse("identity_preview_css", args=["FFFFFF"])).status_code == 404


def test_update_identity_refuses_a_bad_colour_without_a_form(authority):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        update_identity(authority, by=None, name="X", primary_colour="#ffff00")
    assert "primary_colour" in caught.value.message_dict
    authority.refresh_from_db()
    assert authority.theme_version == 1
