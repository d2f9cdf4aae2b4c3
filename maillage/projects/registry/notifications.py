"""Notifications of mobilisations: the référents of a service asked to take part in a project
(and reminded after 15 days without an answer), the DRI when the service answers."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.models import Membership, Role, User
from maillage.core.wording import long_date
from maillage.notices import reminders
from maillage.notices.models import Kind
from maillage.notices.services import Recipient, absolute, excluding, notify
from maillage.organisation.models import Referent

from ..models import Mobilisation

REMINDER_AFTER = datetime.timedelta(days=15)


def referent_recipients(service_ids: Iterable[int]) -> dict[int, list[Recipient]]:
    """The référents in office of each service, holders and substitutes (1 query)."""
    found: dict[int, list[Recipient]] = defaultdict(list)
    rows = (
        Referent.objects.current()
        .filter(service_id__in=list(service_ids))
        .order_by("service_id", "kind", "pk")
        .values_list("service_id", "agent__email", "agent__user_id", "agent__user__email")
    )
    for service_id, email, user_id, user_email in rows:
        found[service_id].append(Recipient(email=email or user_email or "", user_id=user_id))
    return found


def requested(mobilisation: Mobilisation, *, by: User | None = None) -> None:
    """The service is asked to take part: its référents answer."""
    project, service = mobilisation.project, mobilisation.service
    link = reverse("project_services", args=[project.pk])
    body = _(
        "Bonjour,\n\nL'équipe des relations internationales demande au service « %(service)s » "
        "de participer au projet « %(project)s »%(contribution)s.\n\nEn tant que référent du "
        "service, confirmez sa participation ou indiquez pourquoi il décline : %(link)s\n"
    ) % {
        "service": service.name,
        "project": project.title,
        "contribution": f" ({mobilisation.contribution})" if mobilisation.contribution else "",
        "link": absolute(link),
    }
    notify(
        Kind.MOBILISATION_REQUESTED,
        recipients=excluding(referent_recipients([service.pk])[service.pk], by),
        authority=project.authority,
        title=_("Mobilisation demandée : %(service)s sur « %(project)s »")
        % {"service": service.name, "project": project.title},
        body=body,
        link=link,
    )


def answered(mobilisation: Mobilisation, *, by: User | None = None) -> None:
    """The service answered: the DRI (and whoever asked) is told."""
    project, service = mobilisation.project, mobilisation.service
    dri = User.objects.filter(
        memberships__authority_id=project.authority_id, memberships__role=Role.DRI, is_active=True
    ).distinct()
    people = list(dri)
    if (
        mobilisation.proposed_by_id
        and Membership.objects.filter(
            user_id=mobilisation.proposed_by_id, authority_id=project.authority_id
        ).exists()
    ):
        people.append(mobilisation.proposed_by)
    confirmed = mobilisation.status == Mobilisation.Status.CONFIRMED
    what = (
        _("Le service « %(service)s » confirme sa participation au projet « %(project)s ».")
        if confirmed
        else _("Le service « %(service)s » décline la participation au projet « %(project)s ».")
    ) % {"service": service.name, "project": project.title}
    link = reverse("project_services", args=[project.pk])
    comment = (
        _("\nSon commentaire : %(comment)s\n") % {"comment": mobilisation.response_comment}
        if mobilisation.response_comment
        else ""
    )
    notify(
        Kind.MOBILISATION_ANSWERED,
        recipients=excluding(people, by),
        authority=project.authority,
        title=(
            _("Mobilisation confirmée : %(service)s sur « %(project)s »")
            if confirmed
            else _("Mobilisation déclinée : %(service)s sur « %(project)s »")
        )
        % {"service": service.name, "project": project.title},
        body=_("Bonjour,\n\n%(what)s\n%(comment)s\n%(link)s\n")
        % {"what": what, "comment": comment, "link": absolute(link)},
        link=link,
    )


@reminders.register("projects.mobilisation_unanswered")
def remind_unanswered(today: datetime.date) -> int:
    """Référents of services asked 15 days ago or more and still silent: one reminder per
    request (its key carries the day it was made)."""
    cutoff = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    waiting = list(
        Mobilisation.objects.filter(
            status=Mobilisation.Status.PROPOSED, proposed_at__lt=cutoff - REMINDER_AFTER
        ).select_related("project__authority", "service")
    )
    referents = referent_recipients({m.service_id for m in waiting})
    sent = 0
    for mobilisation in waiting:
        project, service = mobilisation.project, mobilisation.service
        asked_on = timezone.localdate(mobilisation.proposed_at)
        link = reverse("project_services", args=[project.pk])
        written = notify(
            Kind.MOBILISATION_REMINDER,
            recipients=referents.get(service.pk, []),
            authority=project.authority,
            title=_("Rappel : mobilisation sur « %(project)s » sans réponse")
            % {"project": project.title},
            body=_(
                "Bonjour,\n\nLe service « %(service)s » n'a pas encore répondu à la demande de "
                "mobilisation sur le projet « %(project)s », faite le %(asked)s.\n\nMerci de "
                "confirmer la participation du service ou d'indiquer pourquoi il décline : "
                "%(link)s\n"
            )
            % {
                "service": service.name,
                "project": project.title,
                "asked": long_date(asked_on),
                "link": absolute(link),
            },
            link=link,
            key=f"mobilisation_reminder:{mobilisation.pk}:{asked_on.isoformat()}",
        )
        sent += bool(written)
    return sent
