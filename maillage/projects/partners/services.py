"""Writes on partners, their contacts, agreements and agreement documents.

Views, the admin, commands and tests call these functions; each records an audit event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core import audit, trash
from maillage.core.concurrency import claim_version
from maillage.core.models import Authority, TrashEntry, User
from maillage.core.services import write_service
from maillage.projects.models import Agreement, AgreementDocument, Partner, PartnerContact, Project
from maillage.projects.partners import gazetteer

PARTNER_FIELDS = frozenset(
    {
        "name",
        "organisation_type",
        "country",
        "subdivision",
        "city",
        "latitude",
        "longitude",
        "website",
        "description",
    }
)
CONTACT_FIELDS = frozenset({"name", "position", "email", "phone"})
AGREEMENT_FIELDS = frozenset(
    {
        "kind",
        "title",
        "deliberation_number",
        "deliberation_date",
        "signature_date",
        "end_date",
        "status",
        "notes",
    }
)


class PartnerInUse(Exception):
    """The partner is still referred to by projects or agreements."""

    def __init__(self, partner: Partner, n_projects: int, n_agreements: int) -> None:
        self.partner = partner
        self.n_projects = n_projects
        self.n_agreements = n_agreements
        super().__init__(self.message)

    @property
    def message(self) -> str:
        links = []
        if self.n_projects:
            links.append(
                ngettext("%(n)s projet", "%(n)s projets", self.n_projects) % {"n": self.n_projects}
            )
        if self.n_agreements:
            links.append(
                ngettext("%(n)s convention", "%(n)s conventions", self.n_agreements)
                % {"n": self.n_agreements}
            )
        return _(
            "Le partenaire « %(name)s » ne peut pas être supprimé : il est lié à %(links)s. "
            "Retirez-le d'abord de ces projets et conventions, ou gardez-le."
        ) % {"name": self.partner.name, "links": _(" et ").join(links)}


@dataclass
class ContactChanges:
    """What the contact rows of a partner form asked for."""

    added: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)


def check_fields(data: Mapping[str, Any], allowed: frozenset[str], extra: Iterable[str] = ()):
    unknown = set(data) - allowed - set(extra)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")


def filled_values(instance: models.Model, names: Iterable[str]) -> dict[str, list[Any]]:
    """The filled-in fields of a new object, as audit changes {field: [None, value]}."""
    names = sorted(names)
    filled = {n: v for n in names if (v := getattr(instance, n)) not in (None, "")}
    return audit.diff(SimpleNamespace(**dict.fromkeys(names)), filled)


# --- Partners ------------------------------------------------------------------------------


def locate(partner: Partner) -> bool:
    """Fill the coordinates from the gazetteer when the city is found there."""
    if not partner.city or not partner.country_id:
        return False
    city = gazetteer.locate(partner.country_id, partner.city)
    if city is None:
        return False
    partner.latitude, partner.longitude = city.latitude, city.longitude
    return True


@write_service
def create_partner(
    authority: Authority,
    *,
    by: User | None,
    data: Mapping[str, Any],
    contacts: ContactChanges | None = None,
) -> Partner:
    check_fields(data, PARTNER_FIELDS)
    partner = Partner(authority=authority, **data)
    if partner.latitude is None and partner.longitude is None:
        locate(partner)
    partner.save()
    audit.record(
        authority=authority,
        user=by,
        kind="partner.created",
        obj=partner,
        changes=filled_values(partner, PARTNER_FIELDS),
    )
    if contacts is not None:
        save_contacts(partner, by=by, changes=contacts)
    return partner


@write_service
def update_partner(
    partner: Partner,
    *,
    by: User | None,
    data: Mapping[str, Any],
    contacts: ContactChanges | None = None,
    version: int | None = None,
) -> Partner:
    """Save ``data`` if the partner is still at ``version`` (else ConcurrentEditError)."""
    check_fields(data, PARTNER_FIELDS)
    claim_version(partner, version)
    # The stored values: a ModelForm may already have copied the new ones onto ``partner``.
    stored = Partner.objects.select_for_update().get(pk=partner.pk)
    for name, value in data.items():
        setattr(partner, name, value)
    moved = (partner.country_id, partner.city) != (stored.country_id, stored.city)
    typed_coordinates = (partner.latitude, partner.longitude) != (stored.latitude, stored.longitude)
    no_coordinates = partner.latitude is None and partner.longitude is None
    # Coordinates typed by hand win; otherwise a partner that moved follows its new city.
    if no_coordinates or (moved and not typed_coordinates):
        locate(partner)
    changes = audit.diff(stored, {n: getattr(partner, n) for n in PARTNER_FIELDS})
    partner.save()
    if changes:
        audit.record(
            authority=partner.authority,
            user=by,
            kind="partner.updated",
            obj=partner,
            changes=changes,
        )
    if contacts is not None:
        save_contacts(partner, by=by, changes=contacts)
    return partner


def partner_in_use(partner: Partner) -> PartnerInUse | None:
    """Why the partner cannot be deleted, or None."""
    n_projects = partner.project_links.values("project").distinct().count()
    n_agreements = partner.agreements.count()
    if n_projects or n_agreements:
        return PartnerInUse(partner, n_projects, n_agreements)
    return None


@write_service
def delete_partner(partner: Partner, *, by: User | None) -> TrashEntry:
    """Move a partner and its contacts to the trash; refused while projects or agreements refer
    to it."""
    # Lock the row so that no project or agreement links it between the check and the delete.
    Partner.objects.select_for_update().filter(pk=partner.pk).first()
    refusal = partner_in_use(partner)
    if refusal is not None:
        raise refusal
    return trash.move_to_trash(partner, by=by)


@write_service
def save_contacts(partner: Partner, *, by: User | None, changes: ContactChanges) -> None:
    """Add, change and delete contacts; ids of other partners' contacts are ignored."""
    own = {c.pk: c for c in partner.contacts.all()}
    for pk in changes.deleted:
        contact = own.pop(pk, None)
        if contact is not None:
            _record_contact(partner, by, "partner_contact.deleted", contact)
            contact.delete()
    for pk, data in changes.changed:
        contact = own.get(pk)
        if contact is None:
            continue
        check_fields(data, CONTACT_FIELDS)
        diff = audit.diff(contact, data)
        if diff:
            for name, value in data.items():
                setattr(contact, name, value)
            contact.save()
            _record_contact(partner, by, "partner_contact.updated", contact, diff)
    for data in changes.added:
        check_fields(data, CONTACT_FIELDS)
        contact = PartnerContact.objects.create(partner=partner, **data)
        _record_contact(
            partner, by, "partner_contact.created", contact, filled_values(contact, CONTACT_FIELDS)
        )


def _record_contact(
    partner: Partner,
    by: User | None,
    kind: str,
    contact: PartnerContact,
    changes: dict[str, Any] | None = None,
) -> None:
    audit.record(authority=partner.authority, user=by, kind=kind, obj=contact, changes=changes)


# --- Agreements ----------------------------------------------------------------------------


def _own_partners(authority: Authority, partners: Iterable[Partner]) -> list[Partner]:
    partners = list(partners)
    if any(p.authority_id != authority.pk for p in partners):
        raise ValidationError(_("Ce partenaire n'appartient pas à la collectivité."))
    return partners


def _own_projects(authority: Authority, projects: Iterable[Project]) -> list[Project]:
    projects = list(projects)
    if any(p.authority_id != authority.pk for p in projects):
        raise ValidationError(_("Ce projet n'appartient pas à la collectivité."))
    return projects


@write_service
def create_agreement(
    authority: Authority, *, by: User | None, data: Mapping[str, Any]
) -> Agreement:
    """``data`` holds the agreement fields, ``partners`` and optionally ``projects`` (the
    projects it covers), iterables of the authority's."""
    check_fields(data, AGREEMENT_FIELDS, extra=["partners", "projects"])
    values = dict(data)
    partners = _own_partners(authority, values.pop("partners", ()))
    projects = _own_projects(authority, values.pop("projects", ()))
    agreement = Agreement.objects.create(authority=authority, **values)
    agreement.partners.set(partners)
    changes = filled_values(agreement, AGREEMENT_FIELDS)
    changes["partners"] = [[], sorted(p.pk for p in partners)]
    if projects:
        agreement.projects.set(projects)
        changes["projects"] = [[], sorted(p.pk for p in projects)]
    audit.record(
        authority=authority,
        user=by,
        kind="agreement.created",
        obj=agreement,
        changes=changes,
    )
    return agreement


@write_service
def update_agreement(
    agreement: Agreement, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> Agreement:
    """Save ``data`` if the agreement is still at ``version`` (else ConcurrentEditError)."""
    check_fields(data, AGREEMENT_FIELDS, extra=["partners", "projects"])
    claim_version(agreement, version)
    values = dict(data)
    new_partners = values.pop("partners", None)
    new_projects = values.pop("projects", None)
    # The stored values: a ModelForm may already have copied the new ones onto ``agreement``.
    stored = Agreement.objects.select_for_update().get(pk=agreement.pk)
    changes = audit.diff(stored, values)
    for name, value in values.items():
        setattr(agreement, name, value)
    agreement.save()
    if new_partners is not None:
        partners = _own_partners(agreement.authority, new_partners)
        before = sorted(stored.partners.values_list("pk", flat=True))
        after = sorted(p.pk for p in partners)
        if before != after:
            agreement.partners.set(partners)
            changes["partners"] = [before, after]
    if new_projects is not None:
        projects = _own_projects(agreement.authority, new_projects)
        before = sorted(stored.projects.values_list("pk", flat=True))
        after = sorted(p.pk for p in projects)
        if before != after:
            agreement.projects.set(projects)
            changes["projects"] = [before, after]
    if changes:
        audit.record(
            authority=agreement.authority,
            user=by,
            kind="agreement.updated",
            obj=agreement,
            changes=changes,
        )
    return agreement


@write_service
def delete_agreement(agreement: Agreement, *, by: User | None) -> TrashEntry:
    """Move an agreement and its documents to the trash; the files stay until the purge."""
    return trash.move_to_trash(agreement, by=by)


@write_service
def add_document(
    agreement: Agreement, *, by: User | None, title: str, file: File
) -> AgreementDocument:
    document = AgreementDocument(agreement=agreement, title=title, uploaded_by=by)
    document.file.save(file.name, file, save=False)
    try:
        document.save()
        audit.record(
            authority=agreement.authority,
            user=by,
            kind="agreement_document.added",
            obj=document,
            changes={"agreement": agreement.pk, "file": document.file.name},
        )
    except Exception:
        _delete_files(document.file.storage, [document.file.name])  # no row, no file
        raise
    return document


@write_service
def delete_document(document: AgreementDocument, *, by: User | None) -> None:
    name = document.file.name
    storage = document.file.storage
    audit.record(
        authority=document.agreement.authority,
        user=by,
        kind="agreement_document.deleted",
        obj=document,
        changes={"agreement": document.agreement_id, "file": name},
    )
    document.delete()
    transaction.on_commit(lambda: _delete_files(storage, [name]))


def _delete_files(storage, names: Iterable[str]) -> None:
    for name in names:
        if name:
            storage.delete(name)
