"""Writes on missions abroad and incoming delegations; each records an audit event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core import audit
from maillage.core.concurrency import claim_version
from maillage.core.models import Authority, User
from maillage.core.services import write_service
from maillage.projects.missions.sirene import SireneFile, changed_fields, plan_import
from maillage.projects.models import (
    BusinessMeeting,
    Company,
    Mission,
    MissionCompany,
    MissionCost,
    MissionVisitor,
    ProgrammeItem,
)
from maillage.projects.partners.services import check_fields, filled_values

MISSION_FIELDS = frozenset(
    {
        "direction",
        "title",
        "start_date",
        "end_date",
        "country",
        "places",
        "project",
        "companies",
        "youths",
        "associations",
        "other_participants",
        "report",
    }
)
# Participants named one by one: people of the authority, never of another one.
PEOPLE_FIELDS = ("agents", "elected_officials")
# Companies of the directory to add to the mission (typed by SIREN on the mission form).
NEW_COMPANIES = "sirens"
OTHER_AUTHORITY = {
    "agents": gettext_lazy("Cet agent n'appartient pas à la collectivité."),
    "elected_officials": gettext_lazy("Cet élu n'appartient pas à la collectivité."),
    "company": gettext_lazy("Cette entreprise n'est pas dans l'annuaire de la collectivité."),
    "service": gettext_lazy("Ce service n'appartient pas à la collectivité."),
}


def _own(authority: Authority, objects: Iterable[models.Model], what: str) -> list[models.Model]:
    objects = list(objects)
    if any(o.authority_id != authority.pk for o in objects):
        raise ValidationError(OTHER_AUTHORITY[what])
    return objects


def _check(authority: Authority, values: Mapping[str, Any]) -> None:
    project = values.get("project")
    if project is not None and project.authority_id != authority.pk:
        raise ValidationError(_("Ce projet n'appartient pas à la collectivité."))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise ValidationError(_("La fin ne peut pas précéder le début."))


@write_service
def create_mission(authority: Authority, *, by: User | None, data: Mapping[str, Any]) -> Mission:
    """``data`` holds the mission fields, plus ``agents`` and ``elected_officials`` iterables."""
    check_fields(data, MISSION_FIELDS, extra=(*PEOPLE_FIELDS, NEW_COMPANIES))
    values = dict(data)
    people = {name: _own(authority, values.pop(name, ()), name) for name in PEOPLE_FIELDS}
    companies = _own(authority, values.pop(NEW_COMPANIES, ()), "company")
    _check(authority, values)
    mission = Mission.objects.create(authority=authority, **values)
    changes = filled_values(mission, MISSION_FIELDS)
    for name, objects in people.items():
        getattr(mission, name).set(objects)
        if objects:
            changes[name] = [[], sorted(o.pk for o in objects)]
    added = _link_companies(mission, companies)
    if added:
        changes["companies_added"] = [[], added]
    audit.record(
        authority=authority,
        user=by,
        kind="mission.created",
        obj=mission,
        changes=changes,
    )
    return mission


@write_service
def update_mission(
    mission: Mission, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> Mission:
    """Save ``data`` if the mission is still at ``version`` (else ConcurrentEditError)."""
    check_fields(data, MISSION_FIELDS, extra=(*PEOPLE_FIELDS, NEW_COMPANIES))
    claim_version(mission, version)
    values = dict(data)
    people = {
        name: _own(mission.authority, values.pop(name), name)
        for name in PEOPLE_FIELDS
        if name in values
    }
    companies = _own(mission.authority, values.pop(NEW_COMPANIES, ()), "company")
    # The stored values: a ModelForm may already have copied the new ones onto ``mission``.
    stored = Mission.objects.select_for_update().get(pk=mission.pk)
    _check(
        mission.authority, {"start_date": stored.start_date, "end_date": stored.end_date} | values
    )
    changes = audit.diff(stored, values)
    for name, value in values.items():
        setattr(mission, name, value)
    mission.save()
    for name, objects in people.items():
        before = sorted(getattr(stored, name).values_list("pk", flat=True))
        after = sorted(o.pk for o in objects)
        if before != after:
            getattr(mission, name).set(objects)
            changes[name] = [before, after]
    added = _link_companies(mission, companies)
    if added:
        changes["companies_added"] = [[], added]
    if changes:
        audit.record(
            authority=mission.authority,
            user=by,
            kind="mission.updated",
            obj=mission,
            changes=changes,
        )
    return mission


def _link_companies(mission: Mission, companies: list[Company]) -> list[int]:
    """Add the companies not yet on the mission, their sector from the directory; their ids."""
    present = set(mission.company_links.values_list("company_id", flat=True))
    new = [c for c in dict.fromkeys(companies) if c.pk not in present]
    MissionCompany.objects.bulk_create(
        MissionCompany(mission=mission, company=c, sector=c.activity_label[:150]) for c in new
    )
    return [c.pk for c in new]


@write_service
def delete_mission(mission: Mission, *, by: User | None) -> None:
    audit.record(authority=mission.authority, user=by, kind="mission.deleted", obj=mission)
    mission.delete()


# --- The rows a mission owns ------------------------------------------------------------------

ROW_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    MissionCompany: ("company", "sector", "contact_name", "role"),
    BusinessMeeting: (
        "date",
        "company",
        "counterpart",
        "subject",
        "outcome",
        "contract_amount",
        "follow_up",
    ),
    MissionCost: ("nature", "label", "amount"),
    MissionVisitor: ("name", "role", "organisation"),
    ProgrammeItem: ("date", "time", "activity", "service"),
}
# Who a delegation's visitors are and what it visits: rows of incoming delegations only.
INCOMING_ONLY = (MissionVisitor, ProgrammeItem)


def _check_row(row: models.Model) -> None:
    """The cross-row rules ``full_clean`` cannot know: everything within the mission's
    authority, a meeting with one of the mission's companies, dates within the mission."""
    mission = row.mission
    if isinstance(row, INCOMING_ONLY) and mission.direction != Mission.Direction.INCOMING:
        raise ValidationError(_("Les visiteurs et le programme sont ceux d'une délégation reçue."))
    company_id = getattr(row, "company_id", None)
    if company_id is not None:
        if not Company.objects.filter(pk=company_id, authority_id=mission.authority_id).exists():
            raise ValidationError({"company": OTHER_AUTHORITY["company"]})
        if (
            isinstance(row, BusinessMeeting)
            and not mission.company_links.filter(company_id=company_id).exists()
        ):
            raise ValidationError({"company": _("Ajoutez d'abord cette entreprise à la mission.")})
    service = getattr(row, "service", None)
    if service is not None and service.authority_id != mission.authority_id:
        raise ValidationError({"service": OTHER_AUTHORITY["service"]})
    date = getattr(row, "date", None)
    if date is not None and not mission.start_date <= date <= mission.end_date:
        raise ValidationError(
            {
                "date": _("Choisissez une date de la mission, du %(start)s au %(end)s.")
                % {
                    "start": mission.start_date.strftime("%d/%m/%Y"),
                    "end": mission.end_date.strftime("%d/%m/%Y"),
                }
            }
        )
    if (
        isinstance(row, BusinessMeeting)
        and row.outcome != BusinessMeeting.Outcome.CONTRACT
        and row.contract_amount is not None
    ):
        raise ValidationError(
            {"contract_amount": _("Un montant ne se saisit que pour un contrat signé.")}
        )


def _sum_costs(mission: Mission) -> None:
    """Keep ``Mission.cost`` the sum of its cost lines."""
    total = MissionCost.objects.filter(mission=mission).aggregate(total=Sum("amount"))["total"]
    mission.cost = total or 0
    Mission.objects.filter(pk=mission.pk).update(cost=mission.cost)


def _after(row: models.Model) -> None:
    if isinstance(row, MissionCost):
        _sum_costs(row.mission)


def _filled(values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The values of a new row, as audit changes from nothing."""
    plain = {
        name: value.pk if isinstance(value, models.Model) else value
        for name, value in values.items()
        if value not in (None, "")
    }
    return {
        name: [None, value if isinstance(value, (str, int)) else str(value)]
        for name, value in plain.items()
    }


def _record(row: models.Model, by: User | None, verb: str, changes=None) -> None:
    audit.record(
        authority=row.mission.authority,
        user=by,
        kind=audit.kind_for(row, verb),
        obj=row,
        changes=changes or {},
    )


@write_service
def create_mission_row[M: models.Model](
    mission: Mission, *, by: User | None, model: type[M], data: Mapping[str, Any]
) -> M:
    """Add a company, business meeting, cost, visitor or programme slot to ``mission``."""
    fields = ROW_FIELDS[model]
    values = {name: data[name] for name in fields if name in data}
    row = model(mission=mission, **values)
    _check_row(row)
    row.full_clean()
    row.save()
    _after(row)
    _record(row, by, "created", _filled(values))
    return row


@write_service
def update_mission_row[M: models.Model](
    row: M, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> M:
    """Change a row of a mission if it is still at ``version`` (else ConcurrentEditError)."""
    claim_version(row, version)
    values = {name: data[name] for name in ROW_FIELDS[type(row)] if name in data}
    changes = audit.diff(row, values)
    for name, value in values.items():
        setattr(row, name, value)
    _check_row(row)
    row.full_clean()
    row.save()
    _after(row)
    if changes:
        _record(row, by, "updated", changes)
    return row


@write_service
def delete_mission_row(row: models.Model, *, by: User | None) -> None:
    if (
        isinstance(row, MissionCompany)
        and row.mission.business_meetings.filter(company_id=row.company_id).exists()
    ):
        raise ValidationError(
            _("Supprimez d'abord les rendez-vous d'affaires de cette entreprise.")
        )
    _record(row, by, "deleted")
    row.delete()
    _after(row)


# --- The company directory --------------------------------------------------------------------

COMPANY_FIELDS = (
    "siren",
    "name",
    "activity_code",
    "activity_label",
    "town",
    "contact_name",
    "contact_email",
    "contact_phone",
)


@write_service
def create_company(authority: Authority, *, by: User | None, data: Mapping[str, Any]) -> Company:
    values = {name: data[name] for name in COMPANY_FIELDS if name in data}
    company = Company(authority=authority, **values)
    company.full_clean()
    company.save()
    audit.record(
        authority=authority,
        user=by,
        kind="company.created",
        obj=company,
        changes=audit.diff(Company(), values),
    )
    return company


@write_service
def update_company(
    company: Company, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> Company:
    claim_version(company, version)
    values = {name: data[name] for name in COMPANY_FIELDS if name in data}
    changes = audit.diff(company, values)
    for name, value in values.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    if changes:
        audit.record(
            authority=company.authority,
            user=by,
            kind="company.updated",
            obj=company,
            changes=changes,
        )
    return company


def company_missions(company: Company) -> list[Mission]:
    """The missions a company takes part in or met someone during: while there is one, the
    company stays in the directory (1 query)."""
    return list(
        Mission.objects.filter(
            models.Q(company_links__company=company) | models.Q(business_meetings__company=company)
        )
        .distinct()
        .only("id", "title", "start_date")
        .order_by("-start_date", "id")
    )


@write_service
def delete_company(company: Company, *, by: User | None) -> None:
    """Delete a company of the directory for good; refused while a mission names it."""
    if company_missions(company):
        raise ValidationError(_("Retirez d'abord cette entreprise des missions qui la citent."))
    audit.record(authority=company.authority, user=by, kind="company.deleted", obj=company)
    company.delete()


@write_service
def import_companies(
    authority: Authority, *, by: User | None, extract: SireneFile, filename: str = ""
) -> tuple[int, int]:
    """Write a checked SIRENE extract: new SIRENs created, changed ones updated, all or
    nothing; (created, updated). A file with errors writes nothing."""
    if extract.errors:
        raise ValidationError(extract.errors)
    to_create, to_update = plan_import(authority, extract.rows)
    Company.objects.bulk_create(
        [Company(authority=authority, siren=row.siren, **row.values) for row in to_create],
        batch_size=500,
    )
    fields: set[str] = set()
    companies = []
    for company, row in to_update:
        changed = changed_fields(company, row.values)
        fields.update(changed)
        for name in changed:
            setattr(company, name, row.values[name])
        company.version = F("version") + 1  # an edit form opened before now is out of date
        companies.append(company)
    if companies:
        Company.objects.bulk_update(companies, [*sorted(fields), "version"], batch_size=500)
    if to_create or to_update:
        audit.record(
            authority=authority,
            user=by,
            kind="company.imported",
            object_type="company",
            object_repr=filename,
            changes={"created": [0, len(to_create)], "updated": [0, len(to_update)]},
        )
    return len(to_create), len(to_update)
