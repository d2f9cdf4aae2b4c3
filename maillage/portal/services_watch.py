"""Relaunches from the watch page: an e-mail to whoever must act on a late item, recorded.

A relaunch writes no row of the item: it records an audit event (``mobilisation.relaunched``,
``action_item.relaunched``), which the page reads back to show "relancé le …" and which
refuses a second relaunch of the same item within 24 hours. The item's row is locked first, so
two directors clicking at the same moment send one e-mail, not two.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core import audit
from maillage.core.models import User
from maillage.core.services import write_service
from maillage.core.wording import long_date
from maillage.governance.models import ActionItem
from maillage.notices.models import Kind
from maillage.notices.services import Recipient, notify
from maillage.projects.models import Mobilisation

from .selectors_watch import (
    RELAUNCH_INTERVAL,
    Person,
    action_owner,
    last_relaunch,
    recipients,
    service_referents,
)


def _when(moment: datetime.datetime) -> dict[str, str]:
    local = timezone.localtime(moment)
    return {"date": long_date(local.date()), "time": formats.time_format(local.time(), "H:i")}


def _refuse_if_recent(authority, obj, now: datetime.datetime) -> None:
    last = last_relaunch(authority, obj)
    if last is not None and now - last < RELAUNCH_INTERVAL:
        again = _when(last + RELAUNCH_INTERVAL)
        raise ValidationError(
            _(
                "Déjà relancé le %(date)s à %(time)s : une seule relance par 24 heures. "
                "Nouvelle relance possible le %(again_date)s à partir de %(again_time)s."
            )
            % {**_when(last), "again_date": again["date"], "again_time": again["time"]}
        )


def _names(people: Iterable[Person]) -> str:
    return ", ".join(person.name for person in people)


def _send(
    authority, people: list[Person], subject: str, body: str, link: str, base_url: str
) -> None:
    """The relaunch to each person: their centre (if they have an account) and an e-mail."""
    notify(
        Kind.RELAUNCH,
        recipients=[Recipient(email=p.email.strip(), user_id=p.user_id) for p in people],
        authority=authority,
        title=subject,
        body=body,
        link=link,
        base_url=base_url,
    )


def _link(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}" if base_url else path


@write_service
def relaunch_mobilisation(
    mobilisation: Mobilisation,
    *,
    by: User | None,
    base_url: str = "",
    now: datetime.datetime | None = None,
) -> list[Person]:
    """E-mail the référents of the service asked to take part in a project, whose answer is
    still awaited; returns whom the e-mail went to. Refused (``ValidationError``, nothing
    recorded nor sent) when the service has answered, when the item was relaunched less than
    24 hours ago, when the service has no référent in office or none with an e-mail address."""
    now = now or timezone.now()
    locked = (
        Mobilisation.objects.select_for_update(of=("self",))
        .select_related("project__authority", "service")
        .get(pk=mobilisation.pk)
    )
    project, service = locked.project, locked.service
    authority = project.authority
    if locked.status != Mobilisation.Status.PROPOSED:
        raise ValidationError(
            _(
                "Le service « %(service)s » a déjà répondu à la mobilisation sur « %(project)s » : "
                "il n'y a plus rien à relancer."
            )
            % {"service": service.name, "project": project.title}
        )
    _refuse_if_recent(authority, locked, now)
    referents = service_referents(authority, service.pk)
    if not referents:
        raise ValidationError(
            _(
                "Le service « %(service)s » n'a pas de référent en fonction : personne à relancer. "
                "Demandez à l'équipe des relations internationales d'en désigner un."
            )
            % {"service": service.name}
        )
    to = recipients(referents)
    if not to:
        raise ValidationError(
            _(
                "Aucune adresse électronique n'est enregistrée pour %(names)s : la relance n'a "
                "pas été envoyée. Prévenez le service par un autre moyen, ou faites compléter "
                "la fiche de l'agent dans le fichier RH."
            )
            % {"names": _names(referents)}
        )
    audit.record(
        authority=authority,
        user=by,
        kind="mobilisation.relaunched",
        obj=locked,
        changes={"recipients": [None, _names(to)]},
    )
    asked_on = timezone.localdate(locked.proposed_at)
    age = (timezone.localdate(now) - asked_on).days
    body = _(
        "Bonjour,\n\nLa direction générale vous rappelle que le service « %(service)s » n'a pas "
        "encore répondu à la demande de mobilisation sur le projet « %(project)s », faite le "
        "%(asked)s (il y a %(ago)s).\n\nMerci de confirmer la participation du service "
        "ou d'indiquer pourquoi il décline : %(link)s\n"
    ) % {
        "service": service.name,
        "project": project.title,
        "asked": long_date(asked_on),
        "ago": ngettext("%(days)s jour", "%(days)s jours", age) % {"days": age},
        "link": _link(base_url, reverse("project_services", args=[project.pk])),
    }
    subject = _("Relance : mobilisation sur « %(project)s »") % {"project": project.title}
    link = reverse("project_services", args=[project.pk])
    _send(authority, to, subject, body, link, base_url)
    return to


@write_service
def relaunch_action(
    action: ActionItem,
    *,
    by: User | None,
    base_url: str = "",
    now: datetime.datetime | None = None,
) -> list[Person]:
    """E-mail the owner of an overdue action; returns whom the e-mail went to. Refused
    (``ValidationError``, nothing recorded nor sent) when the action is no longer overdue,
    when it was relaunched less than 24 hours ago, or when its owner has no e-mail address."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    locked = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("authority", "committee", "owner_agent", "owner_agent__user")
        .get(pk=action.pk)
    )
    if not locked.is_overdue(today):
        raise ValidationError(
            _("L'action « %(title)s » n'est plus en retard : il n'y a rien à relancer.")
            % {"title": locked.title}
        )
    _refuse_if_recent(locked.authority, locked, now)
    owner = action_owner(locked)
    if owner is None:
        raise ValidationError(
            _(
                "L'action « %(title)s » n'a pas de responsable : personne à relancer. "
                "Demandez à l'équipe des relations internationales d'en désigner un."
            )
            % {"title": locked.title}
        )
    if not owner.email:
        raise ValidationError(
            _(
                "Aucune adresse électronique n'est enregistrée pour %(name)s : la relance n'a "
                "pas été envoyée. Prévenez cette personne par un autre moyen."
            )
            % {"name": owner.name}
        )
    audit.record(
        authority=locked.authority,
        user=by,
        kind="action_item.relaunched",
        obj=locked,
        changes={"recipients": [None, owner.name]},
    )
    body = _(
        "Bonjour,\n\nLa direction générale vous rappelle l'action « %(title)s » décidée par le "
        "comité « %(committee)s », qui vous est confiée : son échéance était le %(due)s et "
        "elle n'est pas encore réalisée.\n\nMerci de la mener à bien ou de mettre à jour son "
        "état : %(link)s\n"
    ) % {
        "title": locked.title,
        "committee": locked.committee.name,
        "due": long_date(locked.due_date),
        "link": _link(base_url, reverse("action_status", args=[locked.pk])),
    }
    subject = _("Relance : action « %(title)s »") % {"title": locked.title}
    link = reverse("action_status", args=[locked.pk])
    _send(locked.authority, [owner], subject, body, link, base_url)
    return [owner]
