"""Writes of the référent network: designate, replace and end a service's référents.

The rules are checked here, under a lock on the service's row, so that two designations made
at the same moment cannot both pass the "one holder at a time" check; the forms show the
``ValidationError`` raised here on the field it names.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import record
from maillage.core.concurrency import claim_version
from maillage.core.models import AuditEvent, User
from maillage.core.services import write_service
from maillage.core.wording import long_date

from .models import Agent, Referent, Service

# How far ahead a mandate may be planned.
MAX_DAYS_AHEAD = 365


def latest_date(today: datetime.date | None = None) -> datetime.date:
    """The last date a mandate may start or end on: one year from today."""
    return (today or timezone.localdate()) + datetime.timedelta(days=MAX_DAYS_AHEAD)


def _overlapping(
    service: Service, start: datetime.date, end: datetime.date | None, exclude: int | None
):
    """The service's mandates that share at least one day with [start, end]."""
    mandates = Referent.objects.filter(service=service).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    if end is not None:
        mandates = mandates.filter(start__lte=end)
    if exclude is not None:
        mandates = mandates.exclude(pk=exclude)
    return mandates.select_related("agent")


def check_mandate(
    service: Service,
    *,
    agent: Agent,
    kind: str,
    start: datetime.date,
    end: datetime.date | None,
    exclude: int | None = None,
) -> None:
    """Raise a ``ValidationError`` keyed by field when the mandate breaks a rule of the network."""
    limit = latest_date()
    errors: dict[str, str] = {}
    if agent.authority_id != service.authority_id:
        errors["agent"] = _("Choisissez un agent de votre collectivité.")
    elif not agent.active:
        errors["agent"] = _(
            "%(agent)s a quitté la collectivité : choisissez un agent en poste."
        ) % {"agent": agent}
    if kind not in Referent.Kind.values:
        errors["kind"] = _("Choisissez « Titulaire » ou « Suppléant ».")
    if start > limit:
        errors["start"] = _(
            "Le début du mandat est à plus d'un an : choisissez une date jusqu'au %(date)s."
        ) % {"date": long_date(limit)}
    if end is not None and end < start:
        errors["end"] = _("La fin du mandat doit être le jour du début ou après.")
    elif end is not None and end > limit:
        errors["end"] = _(
            "La fin du mandat est à plus d'un an : choisissez une date jusqu'au %(date)s."
        ) % {"date": long_date(limit)}
    if errors:
        raise ValidationError(errors)
    for other in _overlapping(service, start, end, exclude):
        if other.agent_id == agent.pk:
            if other.kind == kind:
                message = _("%(agent)s est déjà %(kind)s de ce service sur ces dates.")
            else:
                message = _(
                    "%(agent)s est déjà %(kind)s de ce service sur ces dates : un agent ne "
                    "peut pas être à la fois titulaire et suppléant du même service."
                )
            raise ValidationError(
                {"agent": message % {"agent": agent, "kind": other.get_kind_display().lower()}}
            )
        if kind == Referent.Kind.HOLDER and other.kind == Referent.Kind.HOLDER:
            raise ValidationError(
                {
                    "kind": _(
                        "%(agent)s est déjà titulaire de ce service sur ces dates : pour "
                        "désigner un autre titulaire, utilisez « Remplacer » sur son mandat."
                    )
                    % {"agent": other.agent}
                }
            )


def _locked_service(service: Service) -> Service:
    # One designation of a service at a time: the overlap checks read what the other wrote.
    return Service.objects.select_for_update().get(pk=service.pk)


def _record_designation(service: Service, referent: Referent, *, by: User | None) -> None:
    record(
        authority=service.authority,
        user=by,
        kind="referent.designated",
        action=AuditEvent.Action.CREATE,
        obj=referent,
        changes={
            "service": [None, str(referent.service_id)],
            "agent": [None, str(referent.agent_id)],
            "kind": [None, referent.kind],
            "start": [None, referent.start.isoformat()],
            "end": [None, referent.end.isoformat() if referent.end else None],
        },
    )


def _create(
    service: Service,
    *,
    agent: Agent,
    kind: str,
    start: datetime.date,
    end: datetime.date | None,
) -> Referent:
    check_mandate(service, agent=agent, kind=kind, start=start, end=end)
    return Referent.objects.create(
        authority_id=service.authority_id,
        service=service,
        agent=agent,
        kind=kind,
        start=start,
        end=end,
    )


@write_service
def designate_referent(
    service: Service,
    *,
    by: User | None,
    agent: Agent,
    kind: str,
    start: datetime.date,
    end: datetime.date | None = None,
) -> Referent:
    """Designate ``agent`` as référent (holder or substitute) of ``service`` from ``start``."""
    service = _locked_service(service)
    referent = _create(service, agent=agent, kind=kind, start=start, end=end)
    _record_designation(service, referent, by=by)
    return referent


def _locked_current(referent: Referent, on: datetime.date, version: int | None) -> Referent:
    locked = Referent.objects.select_for_update().select_related("agent").get(pk=referent.pk)
    # Two people acting on the same mandate from two open forms: the second learns it changed.
    claim_version(locked, version)
    if locked.end is not None and locked.end < on:
        raise ValidationError(
            _("Ce mandat a déjà pris fin le %(date)s : rechargez la page.")
            % {"date": long_date(locked.end)}
        )
    return locked


@write_service
def replace_referent(
    referent: Referent,
    *,
    by: User | None,
    agent: Agent,
    start: datetime.date,
    version: int | None = None,
) -> Referent:
    """``agent`` takes over ``referent``'s mandate (same kind) from ``start``: the current
    mandate ends the day before, in the same transaction. ``version`` is the mandate's version
    the form was built on (``ConcurrentEditError`` if it changed since)."""
    service = _locked_service(referent.service)
    current = _locked_current(referent, timezone.localdate(), version)
    if start <= current.start:
        raise ValidationError(
            {
                "start": _(
                    "Le remplacement doit commencer après le début du mandat en cours "
                    "(le %(date)s)."
                )
                % {"date": long_date(current.start)}
            }
        )
    if current.end is not None and start > current.end + datetime.timedelta(days=1):
        raise ValidationError(
            {
                "start": _(
                    "Le mandat en cours prend fin le %(date)s : choisissez une date jusqu'au "
                    "lendemain, ou désignez le successeur avec « Désigner un référent »."
                )
                % {"date": long_date(current.end)}
            }
        )
    if agent.pk == current.agent_id:
        raise ValidationError({"agent": _("Choisissez un autre agent que le référent actuel.")})
    ended_on = start - datetime.timedelta(days=1)
    before_end = current.end
    Referent.objects.filter(pk=current.pk).update(end=ended_on)
    # The successor's mandate is open: a planned end belonged to the person leaving.
    successor = _create(service, agent=agent, kind=current.kind, start=start, end=None)
    record(
        authority=service.authority,
        user=by,
        kind="referent.replaced",
        obj=current,
        changes={
            "end": [before_end.isoformat() if before_end else None, ended_on.isoformat()],
            "successor": [None, str(successor.pk)],
            "agent": [str(current.agent_id), str(agent.pk)],
        },
    )
    _record_designation(service, successor, by=by)
    return successor


@write_service
def end_referent(
    referent: Referent, *, by: User | None, end: datetime.date, version: int | None = None
) -> Referent:
    """End ``referent``'s mandate on ``end`` (the last day of the mandate); ``version`` as for
    ``replace_referent``."""
    service = _locked_service(referent.service)
    current = _locked_current(referent, timezone.localdate(), version)
    if end < current.start:
        raise ValidationError(
            {
                "end": _("La fin du mandat doit être le %(date)s ou après (début du mandat).")
                % {"date": long_date(current.start)}
            }
        )
    if end > latest_date():
        raise ValidationError(
            {
                "end": _(
                    "La fin du mandat est à plus d'un an : choisissez une date jusqu'au %(date)s."
                )
                % {"date": long_date(latest_date())}
            }
        )
    before = current.end
    Referent.objects.filter(pk=current.pk).update(end=end)
    current.end = end
    record(
        authority=service.authority,
        user=by,
        kind="referent.ended",
        obj=current,
        changes={"end": [before.isoformat() if before else None, end.isoformat()]},
    )
    return current
