"""Agreements: renewals, the service functions, pages, and documents served behind tenancy."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from maillage.core import trash
from maillage.core.models import AuditEvent, Role, TrashEntry
from maillage.projects.models import Agreement, AgreementDocument
from maillage.projects.partners import forms as forms_partners
from maillage.projects.partners import services as partners
from maillage.projects.partners.selectors import renewals

from ..factories import AgreementFactory, PartnerFactory, member

PDF = b"%PDF-1.7\n% convention signee\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary folder, not to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


@pytest.fixture
def partner(authority):
    return PartnerFactory(authority=authority, name="Thiès")


@pytest.fixture
def agreement(authority, partner):
    agreement = AgreementFactory(authority=authority, title="Jumelage Caen – Thiès")
    agreement.partners.add(partner)
    return agreement


def add_document(agreement, name="convention.pdf", content=PDF, title="Convention signée"):
    return partners.add_document(
        agreement, by=None, title=title, file=ContentFile(content, name=name)
    )


def form_post(partner_ids, **overrides) -> dict[str, object]:
    data = {
        "kind": "twinning",
        "title": "Jumelage Caen – Thiès",
        "partners": [str(pk) for pk in partner_ids],
        "deliberation_number": "2024-117",
        "deliberation_date": "2024-01-15",
        "signature_date": "2024-03-01",
        "end_date": "2029-03-01",
        "status": "in_force",
        "notes": "",
    }
    return data | overrides


# --- Renewals ------------------------------------------------------------------------------


def test_renewals_are_the_agreements_in_force_ending_within_183_days(authority):
    today = datetime.date(2026, 1, 10)
    make = AgreementFactory
    due_today = make(authority=authority, title="today", end_date=today)
    last_day = make(authority=authority, title="+183", end_date=today + datetime.timedelta(183))
    make(authority=authority, title="+184", end_date=today + datetime.timedelta(184))
    make(authority=authority, title="past", end_date=today - datetime.timedelta(1))
    make(authority=authority, title="no date", end_date=None)
    make(
        authority=authority,
        title="draft",
        end_date=today + datetime.timedelta(10),
        status=Agreement.Status.DRAFT,
    )
    make(title="other authority", end_date=today + datetime.timedelta(10))
    assert set(renewals(authority, today)) == {due_today, last_day}


def test_list_calls_out_renewals_and_filters_them(authority, users, client_for):
    today = timezone.localdate()
    soon = AgreementFactory(
        authority=authority, title="Pacte Würzburg", end_date=today + datetime.timedelta(30)
    )
    AgreementFactory(
        authority=authority, title="Coopération Hué", end_date=today + datetime.timedelta(400)
    )
    client = client_for(users[Role.AGENT])
    response = client.get(reverse("agreement_list"))
    assert response.status_code == 200
    assert response.context["renewals"] == [soon]
    assert len(response.context["page_obj"]) == 2
    html = response.content.decode()
    assert "1 convention à renouveler dans les 6 mois" in html
    assert "?renouveler=1" in html
    response = client.get(reverse("agreement_list"), {"renouveler": "1"})
    assert list(response.context["page_obj"]) == [soon]
    assert response.context["sort"] == "echeance"


def test_list_searches_sorts_paginates_and_hides_other_authorities(
    authority, other_authority, users, client_for
):
    thies = PartnerFactory(authority=authority, name="Thiès")
    first = AgreementFactory(
        authority=authority, title="A — Jumelage", signature_date=datetime.date(2020, 1, 1)
    )
    first.partners.add(thies)
    AgreementFactory.create_batch(50, authority=authority, signature_date=datetime.date(2024, 1, 1))
    AgreementFactory(authority=other_authority, title="Convention secrète")
    client = client_for(users[Role.AGENT])
    response = client.get(reverse("agreement_list"))
    assert response.context["page_obj"].paginator.count == 51
    assert len(response.context["page_obj"]) == 50
    assert "Convention secrète" not in response.content.decode()
    response = client.get(reverse("agreement_list"), {"q": "thiès"})
    assert list(response.context["page_obj"]) == [first]
    response = client.get(reverse("agreement_list"), {"tri": "signature"})
    assert response.context["page_obj"][0] == first
    response = client.get(reverse("agreement_list"), {"tri": "-signature", "page": "2"})
    assert list(response.context["page_obj"]) == [first]


def test_empty_list_says_what_to_do(users, client_for):
    client = client_for(users[Role.DRI])
    html = client.get(reverse("agreement_list")).content.decode()
    assert "Aucune convention n'est encore enregistrée" in html
    html = client.get(reverse("agreement_list"), {"renouveler": "1"}).content.decode()
    assert "Aucune convention en vigueur n'arrive à échéance dans les 6 mois." in html


# --- Service functions ---------------------------------------------------------------------


def test_create_and_update_agreement_are_audited(authority, users, partner):
    other = PartnerFactory(authority=authority, name="Würzburg")
    data = {"kind": "twinning", "title": "Jumelage", "partners": [partner]}
    agreement = partners.create_agreement(authority, by=users[Role.DRI], data=data)
    assert list(agreement.partners.all()) == [partner]
    created = AuditEvent.objects.get(object_type="projects.Agreement", action="create")
    assert created.changes["partners"] == [[], [partner.pk]]
    partners.update_agreement(
        agreement, by=users[Role.DRI], data={"title": "Jumelage 2", "partners": [other]}
    )
    updated = AuditEvent.objects.get(object_type="projects.Agreement", action="update")
    assert updated.changes == {
        "title": ["Jumelage", "Jumelage 2"],
        "partners": [[partner.pk], [other.pk]],
    }


def test_agreement_cannot_name_another_authority_partner(authority):
    with pytest.raises(ValidationError):
        partners.create_agreement(
            authority,
            by=None,
            data={"kind": "twinning", "title": "X", "partners": [PartnerFactory()]},
        )


def test_delete_agreement_keeps_its_files_in_the_trash_until_the_purge(
    agreement, django_capture_on_commit_callbacks
):
    document = add_document(agreement)
    name = document.file.name
    pk = agreement.pk
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        entry = partners.delete_agreement(agreement, by=None)
    assert not Agreement.objects.filter(pk=pk).exists()
    assert not AgreementDocument.objects.exists()
    assert default_storage.exists(name)
    TrashEntry.objects.filter(pk=entry.pk).update(purge_after=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        assert trash.purge_expired() == 1
    assert not default_storage.exists(name)


# --- Pages ---------------------------------------------------------------------------------


def test_detail_shows_partners_and_documents(agreement, users, client_for):
    document = add_document(agreement)
    response = client_for(users[Role.AGENT]).get(reverse("agreement_detail", args=[agreement.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thiès" in html
    assert reverse("agreement_document", args=[agreement.pk, document.pk]) in html
    assert "/media/" not in html  # documents are never linked through a public URL
    assert reverse("agreement_document_upload", args=[agreement.pk]) not in html  # agent


def test_create_agreement(authority, partner, dri):
    response = dri.post(reverse("agreement_create"), form_post([partner.pk]))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("agreement_detail", args=[agreement.pk])
    assert agreement.authority == authority
    assert agreement.deliberation_number == "2024-117"
    assert list(agreement.partners.all()) == [partner]
    assert AuditEvent.objects.filter(object_type="projects.Agreement", action="create").exists()


def test_create_form_ticks_the_partner_given(partner, dri):
    response = dri.get(reverse("agreement_create"), {"partenaire": partner.pk})
    assert response.context["form"].initial["partners"] == [partner.pk]
    foreign = PartnerFactory()
    response = dri.get(reverse("agreement_create"), {"partenaire": foreign.pk})
    assert response.context["form"].initial["partners"] == []


def test_create_form_without_partners_says_to_add_one_first(dri):
    html = dri.get(reverse("agreement_create")).content.decode()
    assert "ajoutez d'abord le partenaire" in html


def test_validation_messages(partner, dri):
    foreign = PartnerFactory()
    response = dri.post(
        reverse("agreement_create"),
        form_post([foreign.pk], title="", signature_date="2023-12-01", end_date="2023-01-01"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == ["Ce champ est obligatoire."]
    assert "partners" in errors  # another authority's partner is not a valid choice
    assert errors["signature_date"] == [
        "La signature ne peut pas précéder la délibération qui l'autorise (15/01/2024)."
    ]
    assert errors["end_date"] == [
        "L'échéance ne peut pas précéder la date de signature (01/12/2023)."
    ]
    assert not Agreement.objects.exists()


def test_update_agreement(agreement, partner, dri):
    response = dri.post(
        reverse("agreement_update", args=[agreement.pk]),
        form_post([partner.pk], status="expired", version="1"),
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    event = AuditEvent.objects.get(object_type="projects.Agreement", action="update")
    assert event.changes["status"] == ["in_force", "expired"]


def test_delete_asks_for_confirmation(agreement, dri):
    add_document(agreement)
    response = dri.get(reverse("agreement_delete", args=[agreement.pk]))
    assert response.status_code == 200
    assert "1 document" in response.content.decode()
    assert Agreement.objects.filter(pk=agreement.pk).exists()
    response = dri.post(reverse("agreement_delete", args=[agreement.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("agreement_list")
    assert not Agreement.objects.filter(pk=agreement.pk).exists()


def test_other_authority_agreement_is_404(other_authority, dri, partner):
    foreign = AgreementFactory(authority=other_authority, title="Secrète")
    for name in ["agreement_detail", "agreement_update", "agreement_delete"]:
        assert dri.get(reverse(name, args=[foreign.pk])).status_code == 404, name
    url = reverse("agreement_update", args=[foreign.pk])
    assert dri.post(url, form_post([partner.pk], title="Prise")).status_code == 404
    assert dri.post(reverse("agreement_delete", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Secrète"


def test_read_only_role_cannot_write(agreement, partner, users, client_for):
    client = client_for(users[Role.AGENT])
    assert client.post(reverse("agreement_create"), form_post([partner.pk])).status_code == 403
    url = reverse("agreement_update", args=[agreement.pk])
    assert client.post(url, form_post([partner.pk], title="X")).status_code == 403
    assert client.post(reverse("agreement_delete", args=[agreement.pk])).status_code == 403
    agreement.refresh_from_db()
    assert agreement.title == "Jumelage Caen – Thiès"
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("agreement_list", "post"),
        ("agreement_detail", "post"),
        ("agreement_create", "put"),
        ("agreement_update", "delete"),
        ("agreement_delete", "put"),
        ("agreement_document_upload", "put"),
    ],
)
def test_wrong_method_is_405(name, method, agreement, dri):
    args = [] if name in {"agreement_list", "agreement_create"} else [agreement.pk]
    assert getattr(dri, method)(reverse(name, args=args)).status_code == 405


# --- Documents -----------------------------------------------------------------------------


def upload(client, agreement, name="convention.pdf", content=PDF, title=""):
    return client.post(
        reverse("agreement_document_upload", args=[agreement.pk]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_upload_then_download(agreement, users, dri, client_for):
    response = upload(dri, agreement, name="convention-signée.pdf")
    assert response.status_code == 302
    document = AgreementDocument.objects.get()
    assert document.title == "convention-signée"  # the file name when no title is given
    assert document.uploaded_by == users[Role.DRI]
    assert document.file.name.startswith(f"agreements/{agreement.authority_id}/{agreement.pk}/")
    event = AuditEvent.objects.get(object_type="projects.AgreementDocument")
    assert event.action == "create"
    response = client_for(users[Role.AGENT]).get(
        reverse("agreement_document", args=[agreement.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "name, content",
    [
        ("convention.pdf", PDF),
        ("photo.png", b"\x89PNG\r\n\x1a\n"),
        ("deliberation.docx", b"PK\x03\x04 docx"),
        # An HTML file renamed to an image: served as a download, never rendered.
        ("piege.jpg", b"<html><script>alert(document.cookie)</script></html>"),
    ],
)
def test_documents_are_downloaded_in_a_sandbox(agreement, users, client_for, name, content):
    document = add_document(agreement, name=name, content=content)
    response = client_for(users[Role.AGENT]).get(
        reverse("agreement_document", args=[agreement.pk, document.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert "no-store" in response["Cache-Control"]


def test_another_authority_user_gets_404_for_a_document(agreement, other_authority, client_for):
    document = add_document(agreement)
    outsider = member(other_authority, Role.ADMIN, username="outsider")
    response = client_for(outsider).get(
        reverse("agreement_document", args=[agreement.pk, document.pk])
    )
    assert response.status_code == 404
    for name in ["agreement_document_delete"]:
        url = reverse(name, args=[agreement.pk, document.pk])
        assert client_for(outsider).get(url).status_code == 404
        assert client_for(outsider).post(url).status_code == 404
    assert AgreementDocument.objects.filter(pk=document.pk).exists()


def test_document_of_another_agreement_is_404(agreement, authority, users, client_for):
    document = add_document(agreement)
    other = AgreementFactory(authority=authority)
    response = client_for(users[Role.AGENT]).get(
        reverse("agreement_document", args=[other.pk, document.pk])
    )
    assert response.status_code == 404


def test_missing_file_is_404(agreement, users, client_for):
    document = add_document(agreement)
    default_storage.delete(document.file.name)
    url = reverse("agreement_document", args=[agreement.pk, document.pk])
    assert client_for(users[Role.AGENT]).get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.html", b"<html></html>", "Le format « .html » n'est pas accepté"),
        ("programme.exe", b"MZ", "Le format « .exe » n'est pas accepté"),
        ("sans-extension", PDF, "Le format « sans extension » n'est pas accepté"),
        ("faux.pdf", b"<script>alert(1)</script>", "ne correspond pas à un fichier PDF"),
        ("photo.jpg", PNG, "ne correspond pas à un fichier JPG"),
    ],
)
def test_bad_files_are_rejected(name, content, message, agreement, dri):
    response = upload(dri, agreement, name=name, content=content)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert "Le document n'a pas été ajouté" in response.content.decode()
    assert not AgreementDocument.objects.exists()


def test_accepted_formats(agreement, dri):
    assert upload(dri, agreement, name="plan.PNG", content=PNG).status_code == 302
    assert upload(dri, agreement, name="note.odt", content=b"PK\x03\x04odt").status_code == 302
    assert AgreementDocument.objects.count() == 2


def test_too_large_file_is_rejected(agreement, dri, monkeypatch):
    monkeypatch.setattr(forms_partners, "MAX_DOCUMENT_BYTES", 10)
    response = upload(dri, agreement, content=PDF)
    assert "au-delà du maximum" in response.context["form"].errors["file"][0]
    assert not AgreementDocument.objects.exists()


def test_read_only_role_cannot_upload_or_delete_documents(agreement, users, client_for):
    document = add_document(agreement)
    client = client_for(users[Role.AGENT])
    assert upload(client, agreement).status_code == 403
    url = reverse("agreement_document_delete", args=[agreement.pk, document.pk])
    assert client.post(url).status_code == 403
    assert AgreementDocument.objects.count() == 1


def test_document_delete_asks_for_confirmation(agreement, dri, django_capture_on_commit_callbacks):
    document = add_document(agreement, title="Délibération")
    url = reverse("agreement_document_delete", args=[agreement.pk, document.pk])
    response = dri.get(url)
    assert response.status_code == 200
    assert "Le document « Délibération »" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = dri.post(url)
    assert response.status_code == 302
    assert not AgreementDocument.objects.exists()
    assert not default_storage.exists(document.file.name)
    assert AuditEvent.objects.filter(
        object_type="projects.AgreementDocument", action="delete"
    ).exists()


def test_document_download_refuses_other_methods(agreement, dri):
    document = add_document(agreement)
    url = reverse("agreement_document", args=[agreement.pk, document.pk])
    assert dri.post(url).status_code == 405
    assert (
        dri.put(reverse("agreement_document_delete", args=[agreement.pk, document.pk])).status_code
        == 405
    )


def test_a_document_form_posted_twice_adds_one_document(agreement, dri):
    """A double click, or the form sent again after a slow upload: one document."""
    token = str(uuid.uuid4())
    url = reverse("agreement_document_upload", args=[agreement.pk])
    form = dri.get(url).content.decode()
    assert 'name="form_token"' in form
    for _ in range(2):
        response = dri.post(
            url, {"title": "Avenant", "file": SimpleUploadedFile("a.pdf", PDF), "form_token": token}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("agreement_detail", args=[agreement.pk])
    assert AgreementDocument.objects.filter(agreement=agreement).count() == 1
