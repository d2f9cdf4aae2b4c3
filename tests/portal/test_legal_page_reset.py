"""Going back to the default text of a legal page, after a confirmation."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.portal import services
from maillage.portal.models import LegalPage

from ..factories import member
from .legal_helpers import edit_url, reset_url


@pytest.fixture
def admin(authority, client_for):
    return client_for(member(authority, Role.ADMIN, username="admin-legal"))


@pytest.fixture
def custom(authority):
    return services.save_legal_page(
        authority, by=None, kind="mentions-legales", data={"body": "Texte de la ville"}
    )


@pytest.mark.django_db
def test_reset_asks_for_confirmation_then_shows_the_default(admin, authority, custom):
    response = admin.get(reset_url("mentions-legales"))
    assert response.status_code == 200
    assert "ne sera plus affiché" in response.content.decode()
    assert LegalPage.objects.filter(pk=custom.pk).exists()  # a GET changes nothing

    response = admin.post(reset_url("mentions-legales"), {"version": custom.version})
    assert response.status_code == 302 and response["Location"] == reverse("legal_page_list")
    assert not LegalPage.objects.filter(authority=authority).exists()
    event = AuditEvent.objects.get(kind="legal_page.reset")
    assert event.object_id == str(custom.pk) and event.authority == authority
    assert event.changes["body"] == ["Texte de la ville", None]  # the removed text is kept
    html = admin.get(reverse("legal_notice")).content.decode()
    assert "Texte de la ville" not in html
    assert f"Ce service est édité par {authority.name}." in html
    assert "texte par défaut" in admin.get(reverse("legal_page_list")).content.decode()
    # The edit form starts from the default again.
    assert admin.get(edit_url("mentions-legales")).context["form"]["version"].value() == 0


@pytest.mark.django_db
def test_reset_of_a_page_changed_meanwhile_is_refused(admin, authority, custom):
    services.save_legal_page(
        authority, by=None, kind="mentions-legales", data={"body": "Plus récent"}, version=1
    )
    response = admin.post(reset_url("mentions-legales"), {"version": 1}, follow=True)
    assert "modifiée entre-temps" in response.content.decode()
    assert LegalPage.objects.get(pk=custom.pk).body == "Plus récent"
    assert not AuditEvent.objects.filter(kind="legal_page.reset").exists()


@pytest.mark.django_db
def test_reset_of_a_default_page_does_nothing(admin):
    assert "déjà le texte par défaut" in admin.get(reset_url("cookies")).content.decode()
    response = admin.post(reset_url("cookies"), {"version": 1})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(kind="legal_page.reset").exists()


@pytest.mark.django_db
def test_reset_touches_only_the_own_authority(authority, other_authority, custom, client_for):
    other_admin = client_for(member(other_authority, Role.ADMIN, username="admin-voisin"))
    response = other_admin.post(reset_url("mentions-legales"), {"version": custom.version})
    assert response.status_code == 302
    assert LegalPage.objects.filter(pk=custom.pk).exists()
    assert not AuditEvent.objects.filter(kind="legal_page.reset").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.DRI, Role.AGENT])
def test_reset_is_refused_to_other_roles(role, authority, custom, client_for):
    client = client_for(member(authority, role))
    assert client.post(reset_url("mentions-legales"), {"version": 1}).status_code == 403
    assert LegalPage.objects.filter(pk=custom.pk).exists()
