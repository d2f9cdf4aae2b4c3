"""Writes of the project registry: projects, their status, partners and mobilisations.

Views, commands and tests call these functions; each one records an ``AuditEvent``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import trash
from maillage.core.audit import diff, record
from maillage.core.concurrency import claim_version
from maillage.core.models import AuditEvent, Authority, TrashEntry, User
from maillage.core.services import actor, write_service
from maillage.organisation.models import Agent, ElectedOfficial, Service
from maillage.projects.models import (
    Mobilisation,
    Partner,
    Project,
    ProjectCarrier,
    ProjectPartner,
    StatusChange,
)
from maillage.projects.registry import notifications

S = Project.Status

# The life cycle: idea → preparation → ongoing → completed; any open state may be suspended,
# and a suspended project resumes in preparation or ongoing.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.IDEA: frozenset({S.PREPARATION, S.SUSPENDED}),
    S.PREPARATION: frozenset({S.ONGOING, S.SUSPENDED}),
    S.ONGOING: frozenset({S.COMPLETED, S.SUSPENDED}),
    S.SUSPENDED: frozenset({S.PREPARATION, S.ONGOING}),
    S.COMPLETED: frozenset(),
}
# A new project starts in one of these; later steps go through change_status.
INITIAL_STATUSES = (S.IDEA, S.PREPARATION, S.ONGOING)

PROJECT_FIELDS = (
    "title",
    "summary",
    "objectives",
    "kind",
    "start_date",
    "end_date",
    "lead_service",
    "visibility",
    "agent_day_rate",
    *Project.MARKER_FIELDS,
    "apd_channel",
    "apd_legal_basis",
    "development_main_objective",
    "analytic_code",
)
PROJECT_M2M = ("policy_areas", "sdg_targets", "dac_sectors")

MOBILISATION_FIELDS = ("role", "contribution", "days_planned", "days_actual")
# What the référent of the service may change; the rest of the proposal belongs to the DRI.
REFERENT_MOBILISATION_FIELDS = ("contribution", "days_actual", "agents")
# Changing one of these on a declined mobilisation makes it a new proposal to the service.
PROPOSAL_FIELDS = ("role", "contribution", "days_planned")

PROJECT_TYPE = "projects.Project"

PartnerRoles = Iterable[tuple[Partner, str]]
# (elected official, ProjectCarrier.Role): who carries the project, as porteur or co-porteur.
CarrierRoles = Iterable[tuple[ElectedOfficial, str]]


class InvalidTransition(ValidationError):
    """A status change the life cycle does not allow, or a date out of order."""


# --- Projects ---------------------------------------------------------------------------------


def allowed_transitions(status: str) -> list[str]:
    """Statuses reachable from ``status``, in life-cycle order."""
    targets = TRANSITIONS.get(status, frozenset())
    return [value for value in S.values if value in targets]


@write_service
def create_project(
    authority: Authority,
    *,
    by: User | None,
    data: dict[str, Any],
    partners: PartnerRoles = (),
    carriers: CarrierRoles | None = None,
    status: str = S.IDEA,
    status_on: datetime.date | None = None,
) -> Project:
    """A new project of ``authority``, with its first dated status.

    ``carriers`` name the elected officials carrying it; without them, officials given as
    ``data["sponsors"]`` carry it as porteurs."""
    if status not in INITIAL_STATUSES:
        raise InvalidTransition(_("Un nouveau projet ne peut pas commencer avec ce statut."))
    fields = {k: data[k] for k in PROJECT_FIELDS if k in data}
    _check_same_authority(authority, fields.get("lead_service"))
    project = Project.objects.create(authority=authority, status=status, **fields)
    for name in PROJECT_M2M:
        if data.get(name):
            getattr(project, name).set(data[name])
    pairs = _set_partner_rows(project, partners)
    carrier_pairs = _set_carrier_rows(project, _carriers_of(data, carriers) or ())
    StatusChange.objects.create(
        project=project,
        from_status="",
        to_status=status,
        on=status_on or timezone.localdate(),
        by=actor(by),
    )
    changes = {k: [None, new] for k, (_old, new) in diff(Project(), fields).items()}
    for name in PROJECT_M2M:
        if data.get(name):
            changes[name] = [None, sorted(str(o.pk) for o in data[name])]
    if pairs:
        changes["partners"] = [None, pairs]
    if carrier_pairs:
        changes["carriers"] = [None, carrier_pairs]
    changes["status"] = [None, status]
    record(
        authority=authority,
        user=by,
        kind="project.created",
        obj=project,
        changes=changes,
    )
    _mobilise_lead_service(project, project.lead_service, by)
    return project


@write_service
def update_project(
    project: Project,
    *,
    by: User | None,
    data: dict[str, Any],
    version: int,
    partners: PartnerRoles | None = None,
    carriers: CarrierRoles | None = None,
) -> Project:
    """Save ``data`` if the project is still at ``version``, else raise ConcurrentEditError.

    ``project`` may already hold the form's values (a ModelForm writes into its instance),
    so the audit diff is taken against a fresh copy from the database.
    """
    fields = {k: data[k] for k in PROJECT_FIELDS if k in data}
    _check_same_authority(project.authority, fields.get("lead_service"))
    before = Project.objects.get(pk=project.pk)
    claim_version(before, version)
    changes = diff(before, fields)
    Project.objects.filter(pk=project.pk).update(**fields, updated_at=timezone.now())
    for name in PROJECT_M2M:
        if name not in data:
            continue
        old = sorted(str(pk) for pk in getattr(before, name).values_list("pk", flat=True))
        new = sorted(str(o.pk) for o in data[name])
        if old != new:
            changes[name] = [old, new]
            getattr(before, name).set(data[name])
    if partners is not None:
        old_pairs = _partner_pairs(before)
        new_pairs = _set_partner_rows(before, partners)
        if old_pairs != new_pairs:
            changes["partners"] = [old_pairs, new_pairs]
    carriers = _carriers_of(data, carriers)
    if carriers is not None:
        old_carriers = _carrier_pairs(before)
        new_carriers = _set_carrier_rows(before, carriers)
        if old_carriers != new_carriers:
            changes["carriers"] = [old_carriers, new_carriers]
    before.refresh_from_db()
    record(
        authority=before.authority,
        user=by,
        kind="project.updated",
        obj=before,
        changes=changes,
    )
    if "lead_service" in changes:
        _mobilise_lead_service(before, before.lead_service, by)
    return before


@write_service
def change_status(
    project: Project,
    *,
    by: User | None,
    to_status: str,
    on: datetime.date | None = None,
    comment: str = "",
) -> StatusChange:
    """Move the project along its life cycle at the date ``on`` (default today).

    The date may not be in the future nor before the previous step. Starting a project fills
    an empty start date, completing it an empty end date.
    """
    current = Project.objects.select_for_update().get(pk=project.pk)
    on = on or timezone.localdate()
    if to_status not in TRANSITIONS.get(current.status, frozenset()):
        raise InvalidTransition(
            _("Un projet « %(from)s » ne peut pas passer au statut « %(to)s ».")
            % {"from": current.get_status_display(), "to": S(to_status).label}
            if to_status in S.values
            else _("Statut inconnu.")
        )
    if on > timezone.localdate():
        raise InvalidTransition(_("La date du changement de statut ne peut pas être future."))
    last = current.status_changes.order_by("-on", "-at").first()
    if last is not None and on < last.on:
        raise InvalidTransition(
            _("La date ne peut pas précéder celle de l'étape précédente (%(date)s).")
            % {"date": last.on.strftime("%d/%m/%Y")}
        )
    updates: dict[str, Any] = {"status": to_status, "updated_at": timezone.now()}
    changes: dict[str, list[Any]] = {"status": [current.status, to_status]}
    if to_status == S.ONGOING and current.start_date is None:
        updates["start_date"] = on
        changes["start_date"] = [None, on.isoformat()]
    if to_status == S.COMPLETED and current.end_date is None:
        if current.start_date and on < current.start_date:
            raise InvalidTransition(_("Un projet ne peut pas se terminer avant d'avoir commencé."))
        updates["end_date"] = on
        changes["end_date"] = [None, on.isoformat()]
    Project.objects.filter(pk=current.pk).update(**updates)
    step = StatusChange.objects.create(
        project=current,
        from_status=current.status,
        to_status=to_status,
        on=on,
        comment=comment[:300],
        by=actor(by),
    )
    for name, value in updates.items():
        setattr(project, name, value)
    record(
        authority=current.authority,
        user=by,
        kind="project.status_changed",
        obj=current,
        changes=changes,
    )
    return step


@write_service
def set_partners(project: Project, *, by: User | None, partners: PartnerRoles) -> list[list[str]]:
    """Replace the project's partners (partner, IATI role) with ``partners``."""
    old = _partner_pairs(project)
    new = _set_partner_rows(project, partners)
    if old != new:
        record(
            authority=project.authority,
            user=by,
            kind="project.partners_changed",
            obj=project,
            changes={"partners": [old, new]},
        )
    return new


@write_service
def set_carriers(project: Project, *, by: User | None, carriers: CarrierRoles) -> list[list[str]]:
    """Replace the elected officials carrying the project (official, porteur or co-porteur)."""
    old = _carrier_pairs(project)
    new = _set_carrier_rows(project, carriers)
    if old != new:
        record(
            authority=project.authority,
            user=by,
            kind="project.carriers_changed",
            obj=project,
            changes={"carriers": [old, new]},
        )
    return new


@write_service
def delete_project(project: Project, *, by: User | None) -> TrashEntry:
    """Move the project to the trash with its partners, steps, mobilisations, funding, results,
    calls for competences and their answers; its missions stay, without project."""
    return trash.move_to_trash(project, by=by)


def _partner_pairs(project: Project) -> list[list[str]]:
    return sorted(
        [str(partner_id), role]
        for partner_id, role in project.project_partners.values_list("partner_id", "role")
    )


def _set_partner_rows(project: Project, partners: PartnerRoles) -> list[list[str]]:
    wanted = set()
    for partner, role in partners:
        if partner.authority_id != project.authority_id:
            raise ValidationError(_("Ce partenaire n'appartient pas à la collectivité."))
        if role not in ProjectPartner.Role.values:
            raise ValidationError(_("Rôle de partenaire inconnu."))
        wanted.add((partner.pk, role))
    existing = {
        (row.partner_id, row.role): row.pk
        for row in ProjectPartner.objects.filter(project=project).only("partner_id", "role")
    }
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        ProjectPartner.objects.filter(pk__in=stale).delete()
    ProjectPartner.objects.bulk_create(
        ProjectPartner(project=project, partner_id=partner_id, role=role)
        for partner_id, role in sorted(wanted - existing.keys())
    )
    return sorted([str(partner_id), role] for partner_id, role in wanted)


def _carriers_of(data: dict[str, Any], carriers: CarrierRoles | None) -> CarrierRoles | None:
    if carriers is None and "sponsors" in data:
        return [(official, ProjectCarrier.Role.LEAD) for official in data["sponsors"]]
    return carriers


def _carrier_pairs(project: Project) -> list[list[str]]:
    return sorted(
        [str(official_id), role]
        for official_id, role in project.carriers.values_list("official_id", "role")
    )


def _set_carrier_rows(project: Project, carriers: CarrierRoles) -> list[list[str]]:
    wanted: dict[int, str] = {}
    for official, role in carriers:
        if official.authority_id != project.authority_id:
            raise ValidationError(_("Cet élu n'appartient pas à la collectivité."))
        if role not in ProjectCarrier.Role.values:
            raise ValidationError(_("Rôle d'élu porteur inconnu."))
        if wanted.get(official.pk, role) != role:
            raise ValidationError(
                _("%(name)s ne peut pas être à la fois porteur et co-porteur du projet.")
                % {"name": official}
            )
        wanted[official.pk] = role
    existing = {
        row.official_id: row
        for row in ProjectCarrier.objects.filter(project=project).only("official_id", "role")
    }
    stale = [row.pk for official_id, row in existing.items() if official_id not in wanted]
    if stale:
        ProjectCarrier.objects.filter(pk__in=stale).delete()
    for official_id, row in existing.items():
        if official_id in wanted and row.role != wanted[official_id]:
            ProjectCarrier.objects.filter(pk=row.pk).update(role=wanted[official_id])
    ProjectCarrier.objects.bulk_create(
        ProjectCarrier(project=project, official_id=official_id, role=role)
        for official_id, role in sorted(wanted.items())
        if official_id not in existing
    )
    return sorted([str(official_id), role] for official_id, role in wanted.items())


def _check_same_authority(authority: Authority, service: Service | None) -> None:
    if service is not None and service.authority_id != authority.pk:
        raise ValidationError(_("Ce service n'appartient pas à la collectivité."))


# --- Mobilisations ----------------------------------------------------------------------------


def _mobilise_lead_service(project: Project, service: Service | None, by: User | None) -> None:
    """The lead service pilots the project: mobilised as pilot, confirmed if newly mobilised.

    Its référent is not asked: naming the lead service is the decision. An existing
    mobilisation keeps its status (a decline stays visible); the previous lead service's
    mobilisation is left as it is.
    """
    if service is None:
        return
    lead = Mobilisation.Role.LEAD
    existing = (
        Mobilisation.objects.select_for_update().filter(project=project, service=service).first()
    )
    if existing is None:
        now = timezone.now()
        mobilisation = Mobilisation.objects.create(
            project=project,
            service=service,
            role=lead,
            status=Mobilisation.Status.CONFIRMED,
            proposed_by=actor(by),
            answered_by=actor(by),
            answered_at=now,
        )
        record(
            authority=project.authority,
            user=by,
            kind="mobilisation.pilot_set",
            action=AuditEvent.Action.CREATE,
            obj=mobilisation,
            changes={
                "project": [None, str(project.pk)],
                "service": [None, str(service.pk)],
                "role": [None, lead],
                "status": [None, Mobilisation.Status.CONFIRMED],
            },
        )
    elif existing.role != lead:
        old_role = existing.role
        claim_version(existing, None)
        existing.role = lead
        existing.save(update_fields=["role"])
        record(
            authority=project.authority,
            user=by,
            kind="mobilisation.pilot_set",
            obj=existing,
            changes={"role": [old_role, lead]},
        )


@write_service
def propose_mobilisation(
    project: Project,
    *,
    by: User | None,
    service: Service,
    role: str = Mobilisation.Role.CONTRIBUTOR,
    contribution: str = "",
    days_planned: Decimal = Decimal(0),
) -> Mobilisation:
    """The DRI asks a service to take part in a project; its référent will answer."""
    _check_same_authority(project.authority, service)
    if Mobilisation.objects.filter(project=project, service=service).exists():
        raise ValidationError(_("Ce service est déjà mobilisé sur ce projet."))
    try:
        with transaction.atomic():
            mobilisation = Mobilisation.objects.create(
                project=project,
                service=service,
                role=role,
                contribution=contribution,
                days_planned=days_planned,
                proposed_by=actor(by),
            )
    except IntegrityError as exc:  # a concurrent proposal for the same service
        raise ValidationError(_("Ce service est déjà mobilisé sur ce projet.")) from exc
    record(
        authority=project.authority,
        user=by,
        kind="mobilisation.proposed",
        action=AuditEvent.Action.CREATE,
        obj=mobilisation,
        changes={
            "project": [None, str(project.pk)],
            "service": [None, str(service.pk)],
            "role": [None, role],
            "contribution": [None, contribution],
            "days_planned": [None, str(days_planned)],
        },
    )
    notifications.requested(mobilisation, by=by)
    return mobilisation


@write_service
def update_mobilisation(
    mobilisation: Mobilisation, *, by: User | None, data: dict[str, Any], version: int | None = None
) -> Mobilisation:
    """Change fields of a mobilisation; ``agents`` must be active agents of the service.

    Refused with ConcurrentEditError if the mobilisation is no longer at ``version``.

    When the DRI changes the proposal of a declined mobilisation, it goes back to the
    service's référent as a new proposal.
    """
    fields = {k: data[k] for k in MOBILISATION_FIELDS if k in data}
    claim_version(mobilisation, version)
    before = Mobilisation.objects.select_for_update().get(pk=mobilisation.pk)
    changes = diff(before, fields)
    if "agents" in data:
        agents = list(data["agents"])
        if any(a.service_id != before.service_id or not a.active for a in agents):
            raise ValidationError(_("Seuls les agents actifs du service peuvent être impliqués."))
        old = sorted(str(pk) for pk in before.agents.values_list("pk", flat=True))
        new = sorted(str(a.pk) for a in agents)
        if old != new:
            changes["agents"] = [old, new]
            before.agents.set(agents)
    proposed_again = before.status == Mobilisation.Status.DECLINED and bool(
        changes.keys() & set(PROPOSAL_FIELDS)
    )
    if proposed_again:
        fields.update(status=Mobilisation.Status.PROPOSED, answered_by=None, answered_at=None)
        changes["status"] = [before.status, Mobilisation.Status.PROPOSED]
    if fields:
        Mobilisation.objects.filter(pk=before.pk).update(**fields)
    if changes:
        record(
            authority=_authority_of(before),
            user=by,
            kind="mobilisation.updated",
            obj=before,
            changes=changes,
        )
    mobilisation.refresh_from_db()
    if proposed_again:
        notifications.requested(mobilisation, by=by)
    return mobilisation


@write_service
def answer_mobilisation(
    mobilisation: Mobilisation,
    *,
    by: User | None,
    confirm: bool,
    comment: str = "",
    version: int | None = None,
) -> Mobilisation:
    """The service's référent confirms or declines (a decline says why).

    ``version``: the one the référent answered on; ``ConcurrentEditError`` when the
    mobilisation changed since (None: not checked).
    """
    comment = comment.strip()
    if not confirm and not comment:
        raise ValidationError(
            _("Indiquez pourquoi le service décline : la DRI pourra ajuster sa demande.")
        )
    status = Mobilisation.Status.CONFIRMED if confirm else Mobilisation.Status.DECLINED
    before = Mobilisation.objects.select_for_update().get(pk=mobilisation.pk)
    claim_version(before, version)
    changes = {"status": [before.status, status]}
    if comment != before.response_comment:
        changes["response_comment"] = [before.response_comment, comment]
    now = timezone.now()
    Mobilisation.objects.filter(pk=before.pk).update(
        status=status, response_comment=comment, answered_by=actor(by), answered_at=now
    )
    record(
        authority=_authority_of(before),
        user=by,
        kind="mobilisation.answered",
        obj=before,
        changes=changes,
    )
    mobilisation.refresh_from_db()
    notifications.answered(mobilisation, by=by)
    return mobilisation


@write_service
def delete_mobilisation(mobilisation: Mobilisation, *, by: User | None) -> None:
    """Withdraw a service from a project."""
    record(
        authority=_authority_of(mobilisation),
        user=by,
        kind="mobilisation.deleted",
        obj=mobilisation,
        changes={
            "project": [str(mobilisation.project_id), None],
            "service": [str(mobilisation.service_id), None],
        },
    )
    mobilisation.delete()


@write_service
def add_agent_to_mobilisation(
    project: Project,
    *,
    by: User | None,
    agent: Agent,
    days: Decimal,
    note: str = "",
    source: dict[str, str] | None = None,
) -> Mobilisation:
    """Add an agent approved by their manager, and ``days`` agent-days, to the mobilisation of
    their service on ``project``.

    The manager agrees to lend one agent; whether the service takes part in the project stays
    the référent's answer. So the mobilisation's status is never confirmed here: a missing
    mobilisation is created proposed, a declined one goes back to proposed (its planned days
    change, as when the DRI edits it), a proposed one stays proposed. The caller tells the
    approver when the mobilisation still awaits its référent (``awaits_referent``).
    ``note`` is the contribution of a new mobilisation; ``source`` names what brought the agent
    (a call for competences) in the audit event.
    """
    origin = {name: [None, value] for name, value in (source or {}).items()}
    if agent.service_id is None:
        raise ValidationError(_("L'agent n'est rattaché à aucun service."))
    if agent.authority_id != project.authority_id:
        raise ValidationError(_("Cet agent n'appartient pas à la collectivité."))
    mobilisation = (
        Mobilisation.objects.select_for_update()
        .filter(project=project, service_id=agent.service_id)
        .first()
    )
    if mobilisation is None:
        mobilisation = Mobilisation.objects.create(
            project=project,
            service_id=agent.service_id,
            role=Mobilisation.Role.CONTRIBUTOR,
            contribution=note,
            days_planned=days,
            status=Mobilisation.Status.PROPOSED,
            proposed_by=actor(by),
        )
        mobilisation.agents.add(agent)
        record(
            authority=project.authority,
            user=by,
            kind="mobilisation.agent_added",
            action=AuditEvent.Action.CREATE,
            obj=mobilisation,
            changes={
                "project": [None, str(project.pk)],
                "service": [None, str(agent.service_id)],
                "days_planned": [None, str(days)],
                "agents": [None, [str(agent.pk)]],
                "status": [None, Mobilisation.Status.PROPOSED],
                **origin,
            },
        )
        return mobilisation
    claim_version(mobilisation, None)
    updates: dict[str, Any] = {"days_planned": mobilisation.days_planned + days}
    changes: dict[str, Any] = {
        "days_planned": [str(mobilisation.days_planned), str(updates["days_planned"])],
        **origin,
    }
    if mobilisation.status == Mobilisation.Status.DECLINED:
        updates.update(status=Mobilisation.Status.PROPOSED, answered_by=None, answered_at=None)
        changes["status"] = [mobilisation.status, Mobilisation.Status.PROPOSED]
    Mobilisation.objects.filter(pk=mobilisation.pk).update(**updates)
    old_agents = sorted(str(pk) for pk in mobilisation.agents.values_list("pk", flat=True))
    if str(agent.pk) not in old_agents:
        mobilisation.agents.add(agent)
        changes["agents"] = [old_agents, sorted([*old_agents, str(agent.pk)])]
    record(
        authority=project.authority,
        user=by,
        kind="mobilisation.agent_added",
        obj=mobilisation,
        changes=changes,
    )
    mobilisation.refresh_from_db()
    return mobilisation


def awaits_referent(mobilisation: Mobilisation) -> bool:
    """Whether the service's référent has yet to confirm the mobilisation."""
    return mobilisation.status != Mobilisation.Status.CONFIRMED


def _authority_of(mobilisation: Mobilisation) -> Authority:
    return mobilisation.project.authority
