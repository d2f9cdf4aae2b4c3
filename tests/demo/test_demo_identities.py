"""The demo shows two authorities, each in its own colours with its own logo."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from maillage.core.models import Authority, User
from maillage.core.theme import check_colour


def load() -> None:
    call_command("load_demo", stdout=StringIO(), verbosity=0)


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load()
    return Authority.objects.get(slug="bellerive"), Authority.objects.get(slug="val-d-orne")


def test_each_authority_has_its_own_face(demo):
    bellerive, val_d_orne = demo
    assert (bellerive.short_name, bellerive.primary_colour) == ("Bellerive", "#0b5563")
    assert (val_d_orne.short_name, val_d_orne.primary_colour) == ("Val d'Orne", "#2e6b30")
    for authority in demo:
        assert authority.logo and check_colour(authority.primary_colour) == []
        with authority.logo.open("rb") as handle:
            assert handle.read().startswith(b"<svg")
    with bellerive.logo.open("rb") as a, val_d_orne.logo.open("rb") as b:
        assert a.read() != b.read()


def test_a_rerun_leaves_the_identities_alone(demo):
    versions = {a.pk: a.theme_version for a in demo}
    load()
    assert {a.pk: a.theme_version for a in Authority.objects.all()} == versions


def test_each_account_sees_its_own_authority(demo, client):
    bellerive, val_d_orne = demo
    for username, authority, other in [
        ("dri", bellerive, val_d_orne),
        ("val-d-orne", val_d_orne, bellerive),
    ]:
        client.force_login(User.objects.get(username=username))
        response = client.get(reverse("home"))
        html = response.content.decode()
        theme = response.context["theme"]
        assert theme["name"] == authority.name
        assert f"/theme/{authority.pk}-{authority.theme_version}.css" in html
        assert f"/theme/{authority.pk}-{authority.theme_version}/logo" in html
        assert other.name not in html
        assert client.get(theme["logo_url"]).status_code == 200
        client.logout()
