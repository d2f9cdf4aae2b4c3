"""The administrator writes the authority's own version of a legal page."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.concurrency import ConcurrentEditError
from maillage.core.models import AuditEvent, Role
from maillage.portal import services
from maillage.portal.models import LegalPage

from ..factories import member
from .legal_helpers import edit_url, statement, text


@pytest.fixture
def admin(authority, client_for):
    return client_for(member(authority, Role.ADMIN, username="admin-legal"))


@pytest.mark.django_db
def test_edit_form_starts_from_the_default_text(admin, authority):
    response = admin.get(edit_url("mentions-legales"))
    assert response.status_code == 200
    body = response.context["form"]["body"].value()
    assert f"Ce service est édité par {authority.name}." in body
    assert "## Hébergement" in body
    assert response.context["form"]["version"].value() == 0


@pytest.mark.django_db
def test_admin_round_trip(admin, authority, client):
    response = admin.post(edit_url("mentions-legales"), text("## Éditeur\n\nMairie de Caen"))
    assert response.status_code == 302
    assert response["Location"] == reverse("legal_page_list")
    page = LegalPage.objects.get(authority=authority, kind="mentions-legales")
    assert page.body == "## Éditeur\n\nMairie de Caen"
    assert page.version == 1
    event = AuditEvent.objects.get(kind="legal_page.updated")
    assert event.authority == authority and event.object_id == str(page.pk)
    assert event.changes["body"][1] == "## Éditeur\n\nMairie de Caen"
    html = admin.get(reverse("legal_notice")).content.decode()
    assert '<h2 class="h4 mt-4">Éditeur</h2>' in html and "<p>Mairie de Caen</p>" in html
    listing = admin.get(reverse("legal_page_list")).content.decode()
    assert "personnalisé le" in listing
    # The saved text is what the form shows next, at its new version.
    form = admin.get(edit_url("mentions-legales")).context["form"]
    assert form["body"].value() == page.body and form["version"].value() == 1
    response = admin.post(edit_url("mentions-legales"), text("Deuxième version", version=1))
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.body, page.version) == ("Deuxième version", 2)
    assert AuditEvent.objects.filter(kind="legal_page.updated").count() == 2


@pytest.mark.django_db
def test_preview_shows_the_text_and_saves_nothing(admin, authority):
    response = admin.post(
        edit_url("cookies"), text("Aperçu <b>gras</b>\nhttps://exemple.fr", action="preview")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Aperçu (non enregistré)" in html
    assert "Aperçu &lt;b&gt;gras&lt;/b&gt;<br>" in html
    assert '<a href="https://exemple.fr" rel="nofollow">https://exemple.fr</a>' in html
    assert not LegalPage.objects.exists()
    assert not AuditEvent.objects.filter(kind__startswith="legal_page").exists()


@pytest.mark.django_db
def test_statement_round_trip(admin, authority):
    response = admin.post(edit_url("accessibilite"), statement())
    assert response.status_code == 302, response.context["form"].errors
    page = LegalPage.objects.get(authority=authority, kind="accessibilite")
    assert page.conformity == "partiellement" and str(page.compliance_rate) == "67.50"
    html = admin.get(reverse("legal_accessibility")).content.decode()
    assert "<strong>partiellement conforme</strong>" in html
    assert "Cabinet Accès Pour Tous le 15 juin 2026" in html
    assert "révèle que 67,5 % des critères" in html
    assert "mailto:accessibilite@caen-test.fr" in html
    assert "Défenseur des droits" in html  # the fixed recourse paragraph stays


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"contact_email": "", "contact_address": ""}, "contact_email", "adresse postale"),
        ({"audit_date": ""}, "audit_date", "suppose un audit"),
        ({"compliance_rate": ""}, "compliance_rate", "taux de conformité"),
        ({"compliance_rate": "45"}, "compliance_rate", "« non conforme »"),
        ({"conformity": "totalement", "compliance_rate": "99"}, "compliance_rate", "partiel"),
        ({"compliance_rate": "120"}, "compliance_rate", "100"),
        ({"audit_date": "2999-01-01"}, "audit_date", "futur"),
    ],
)
def test_statement_errors_name_the_field(admin, values, field, message):
    response = admin.post(edit_url("accessibilite"), statement(**values))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert not LegalPage.objects.exists()


@pytest.mark.django_db
def test_postal_address_alone_is_a_contact(admin, authority):
    response = admin.post(
        edit_url("accessibilite"),
        statement(contact_email="", contact_address="Hôtel de ville\n14000 Caen"),
    )
    assert response.status_code == 302
    html = admin.get(reverse("legal_accessibility")).content.decode()
    assert "Hôtel de ville<br>14000 Caen" in html


@pytest.mark.django_db
def test_non_conformant_statement_needs_no_audit(admin, authority):
    response = admin.post(
        edit_url("accessibilite"),
        statement(conformity="non", audit_date="", auditor="", compliance_rate=""),
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_empty_text_is_refused(admin):
    response = admin.post(edit_url("donnees-personnelles"), text("   "))
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert not LegalPage.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ADMIN])
def test_other_roles_are_refused(role, authority, client_for):
    client = client_for(member(authority, role))
    assert client.get(edit_url("mentions-legales")).status_code == 403
    assert client.post(edit_url("mentions-legales"), text("Pirate")).status_code == 403
    assert client.get(reverse("legal_page_list")).status_code == 403
    assert not LegalPage.objects.exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client):
    response = client.post(edit_url("mentions-legales"), text("Pirate"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not LegalPage.objects.exists()


@pytest.mark.django_db
def test_admin_of_another_authority_edits_only_their_own(
    authority, other_authority, admin, client_for
):
    mine = services.save_legal_page(
        authority, by=None, kind="mentions-legales", data={"body": "Texte de Caen"}
    )
    other_admin = client_for(member(other_authority, Role.ADMIN, username="admin-voisin"))
    form = other_admin.get(edit_url("mentions-legales")).context["form"]
    assert "Texte de Caen" not in form["body"].value()
    assert other_authority.name in form["body"].value()
    # Whatever ids it posts, the page written is the poster's authority's.
    response = other_admin.post(
        edit_url("mentions-legales"),
        text("Texte voisin", version=mine.version)
        | {"authority": authority.pk, "id": mine.pk, "pk": mine.pk},
    )
    assert response.status_code == 409  # built on a version its own page never had
    response = other_admin.post(
        edit_url("mentions-legales"), text("Texte voisin") | {"authority": authority.pk}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.body, mine.version) == ("Texte de Caen", 1)
    theirs = LegalPage.objects.get(authority=other_authority, kind="mentions-legales")
    assert theirs.body == "Texte voisin"
    # The list shows each administrator their own pages only.
    listing = other_admin.get(reverse("legal_page_list")).context["pages"]
    assert [p.pk for p in listing if p.is_custom] == [theirs.pk]


@pytest.mark.django_db
def test_two_admins_saving_the_same_version_conflict(admin, authority):
    services.save_legal_page(authority, by=None, kind="cookies", data={"body": "Version 1"})
    assert admin.post(edit_url("cookies"), text("Première saisie", version=1)).status_code == 302
    response = admin.post(edit_url("cookies"), text("Seconde saisie", version=1))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Modification concurrente" in html
    assert response.context["form"]["version"].value() == "2"
    assert response.context["form"]["body"].value() == "Seconde saisie"
    page = LegalPage.objects.get(authority=authority, kind="cookies")
    assert (page.body, page.version) == ("Première saisie", 2)


@pytest.mark.django_db
def test_saving_the_default_after_someone_customised_it_conflicts(admin, authority):
    services.save_legal_page(authority, by=None, kind="cookies", data={"body": "Déjà écrit"})
    response = admin.post(edit_url("cookies"), text("Sur le texte par défaut", version=0))
    assert response.status_code == 409
    assert LegalPage.objects.get(authority=authority, kind="cookies").body == "Déjà écrit"


@pytest.mark.django_db
def test_saving_after_a_reset_meanwhile_conflicts(admin, authority):
    page = services.save_legal_page(authority, by=None, kind="cookies", data={"body": "Ancien"})
    services.reset_legal_page(page, by=None, version=1)
    response = admin.post(edit_url("cookies"), text("Ma saisie", version=1))
    assert response.status_code == 409
    html = response.content.decode()
    assert "remise au texte par défaut pendant votre saisie" in html
    assert "Cette page affiche le texte par défaut de Maillage" in html
    form = response.context["form"]
    assert form["version"].value() == "0" and form["body"].value() == "Ma saisie"
    assert not LegalPage.objects.exists()
    # Saving again is deliberate, and works.
    assert admin.post(edit_url("cookies"), text("Ma saisie", version=0)).status_code == 302


@pytest.mark.django_db
def test_service_refuses_invalid_values_and_unknown_fields(authority):
    with pytest.raises(ValidationError):
        services.save_legal_page(
            authority, by=None, kind="accessibilite", data={"contact_email": ""}
        )
    with pytest.raises(ValueError):
        services.save_legal_page(
            authority, by=None, kind="cookies", data={"conformity": "totalement"}
        )
    with pytest.raises(ConcurrentEditError):
        services.save_legal_page(authority, by=None, kind="cookies", data={"body": "x"}, version=3)
    assert not LegalPage.objects.exists()
    assert not AuditEvent.objects.filter(kind__startswith="legal_page").exists()


@pytest.mark.django_db
def test_html_in_the_text_is_escaped(admin, authority, client_for):
    hostile = (
        '<script>alert(1)</script>\n## <img src=x onerror=alert(2)>\n"><a href="javascript:x">'
    )
    assert admin.post(edit_url("mentions-legales"), text(hostile)).status_code == 302
    statement_values = statement(
        non_accessible_content="<iframe src=//evil>",
        exemptions="<b onmouseover=x>",
        contact_address="<svg onload=x>",
        auditor="<i>Auditeur</i>",
    )
    assert admin.post(edit_url("accessibilite"), statement_values).status_code == 302
    reader = client_for(member(authority))
    notice = reader.get(reverse("legal_notice")).content.decode()
    assert "<script>alert(1)</script>" not in notice
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in notice
    assert "<img src=x" not in notice and "&lt;img src=x onerror=alert(2)&gt;" in notice
    assert 'href="javascript:x"' not in notice
    page = reader.get(reverse("legal_accessibility")).content.decode()
    for raw in ("<iframe", "<b onmouseover", "<svg onload", "<i>Auditeur"):
        assert raw not in page
    assert "&lt;iframe src=//evil&gt;" in page and "&lt;i&gt;Auditeur&lt;/i&gt;" in page


@pytest.mark.django_db
def test_two_admins_creating_the_page_at_once_conflict(authority, monkeypatch):
    """The second insert meets the unique constraint: a conflict, not a server error."""
    first = services.save_legal_page(authority, by=None, kind="cookies", data={"body": "Premier"})
    manager = type(LegalPage.objects)
    # As if the first administrator's row were not committed yet when the second one looked.
    monkeypatch.setattr(manager, "select_for_update", lambda self: LegalPage.objects.none())
    with pytest.raises(ConcurrentEditError) as caught:
        services.save_legal_page(
            authority, by=None, kind="cookies", data={"body": "Second"}, version=0
        )
    assert caught.value.obj.pk == first.pk
    monkeypatch.undo()
    assert LegalPage.objects.get(authority=authority, kind="cookies").body == "Premier"
    assert AuditEvent.objects.filter(kind="legal_page.updated").count() == 1
