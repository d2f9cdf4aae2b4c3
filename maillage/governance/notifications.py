"""Notifications of committees: the owner of an action when it is given to them, 7 days before
it is due and when it is overdue; the committee's members when a meeting is scheduled (with
its iCalendar file) and when its minutes are published (with its decisions and actions)."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.models import User
from maillage.core.wording import long_date
from maillage.notices import reminders
from maillage.notices.models import Kind
from maillage.notices.services import Attachment, Recipient, absolute, excluding, notify, site_root
from maillage.organisation.models import Agent

from . import calendar
from .models import ActionItem, CommitteeMember, Decision, Meeting

DUE_SOON = datetime.timedelta(days=7)


def agent_recipient(agent: Agent) -> Recipient:
    email = agent.email or (agent.user.email if agent.user_id and agent.user else "")
    return Recipient(email=email or "", user_id=agent.user_id)


def member_recipients(committee_id: int, on: datetime.date) -> list[Recipient]:
    """The committee's agents and elected officials whose mandate runs on ``on`` (1 query);
    outside persons have no address here."""
    rows = (
        CommitteeMember.objects.filter(committee_id=committee_id)
        .filter(Q(mandate_end__isnull=True) | Q(mandate_end__gte=on))
        .order_by("pk")
        .values_list(
            "agent__email",
            "agent__user_id",
            "agent__user__email",
            "elected_official__email",
            "elected_official__user_id",
            "elected_official__user__email",
        )
    )
    people = []
    for a_email, a_user, a_user_email, e_email, e_user, e_user_email in rows:
        if a_email or a_user:
            people.append(Recipient(email=a_email or a_user_email or "", user_id=a_user))
        elif e_email or e_user:
            people.append(Recipient(email=e_email or e_user_email or "", user_id=e_user))
    return people


def _action_text(action: ActionItem) -> dict[str, str]:
    return {
        "title": action.title,
        "committee": action.committee.name,
        "due": long_date(action.due_date) if action.due_date else _("sans échéance"),
    }


def action_assigned(action: ActionItem, *, by: User | None = None) -> None:
    if action.owner_agent_id is None:
        return
    link = reverse("action_status", args=[action.pk])
    notify(
        Kind.ACTION_ASSIGNED,
        recipients=excluding([agent_recipient(action.owner_agent)], by),
        authority=action.authority,
        title=_("Action confiée : %(title)s") % {"title": action.title},
        body=_(
            "Bonjour,\n\nLe comité « %(committee)s » vous confie l'action « %(title)s » "
            "(échéance : %(due)s).\n\nSuivre et mettre à jour son état : %(link)s\n"
        )
        % {**_action_text(action), "link": absolute(link)},
        link=link,
    )


def meeting_scheduled(meeting: Meeting, *, by: User | None = None) -> None:
    """The members are invited, with the meeting as an iCalendar file."""
    committee = meeting.committee
    link = reverse("meeting_detail", args=[meeting.pk])
    local = timezone.localtime(meeting.starts_at)
    ics = calendar.committee_ics(
        committee,
        [meeting],
        host=urlsplit(site_root()).hostname or "",
        url=absolute(link),
        now=timezone.now(),
    )
    notify(
        Kind.MEETING_SCHEDULED,
        recipients=excluding(member_recipients(committee.pk, local.date()), by),
        authority=meeting.authority,
        title=_("Réunion du comité « %(committee)s » le %(date)s")
        % {"committee": committee.name, "date": local.strftime("%d/%m/%Y")},
        body=_(
            "Bonjour,\n\nLe comité « %(committee)s », dont vous êtes membre, se réunira le "
            "%(date)s à %(time)s%(place)s.\n\nL'invitation est jointe (fichier iCalendar, à "
            "ajouter à votre agenda). Ordre du jour et documents : %(link)s\n"
        )
        % {
            "committee": committee.name,
            "date": long_date(local.date()),
            "time": local.strftime("%H:%M"),
            "place": _(", lieu : %(place)s") % {"place": meeting.place} if meeting.place else "",
            "link": absolute(link),
        },
        link=link,
        attachment=Attachment(f"reunion-{meeting.pk}.ics", ics, "text/calendar"),
    )


def minutes_published(meeting: Meeting, *, by: User | None = None) -> None:
    """The members receive the minutes with the meeting's decisions and actions."""
    committee = meeting.committee
    link = reverse("meeting_detail", args=[meeting.pk])
    decisions = [
        f"- {d.reference} {d.text}"
        for d in Decision.objects.filter(meeting=meeting).order_by("number", "pk")
    ]
    actions = [
        "- "
        + _("%(title)s — %(owner)s, échéance : %(due)s")
        % {
            "title": a.title,
            "owner": a.owner_agent or a.owner_text or _("sans responsable"),
            "due": long_date(a.due_date) if a.due_date else _("aucune"),
        }
        for a in ActionItem.objects.filter(meeting=meeting)
        .select_related("owner_agent")
        .order_by("due_date", "pk")
    ]
    local = timezone.localtime(meeting.starts_at)
    parts = [
        _("Bonjour,"),
        "",
        _("Le compte rendu de la réunion du comité « %(committee)s » du %(date)s est publié.")
        % {"committee": committee.name, "date": long_date(local.date())},
        "",
        meeting.minutes.strip(),
        "",
        _("Décisions :"),
        *(decisions or [_("Aucune décision.")]),
        "",
        _("Actions :"),
        *(actions or [_("Aucune action.")]),
        "",
        absolute(link),
    ]
    notify(
        Kind.MINUTES_PUBLISHED,
        recipients=excluding(member_recipients(committee.pk, local.date()), by),
        authority=meeting.authority,
        title=_("Compte rendu : comité « %(committee)s » du %(date)s")
        % {"committee": committee.name, "date": local.strftime("%d/%m/%Y")},
        body="\n".join(parts) + "\n",
        link=link,
    )


def _open_actions_with_owner():
    return ActionItem.objects.filter(
        status__in=ActionItem.OPEN_STATUSES, owner_agent__isnull=False, due_date__isnull=False
    ).select_related("authority", "committee", "owner_agent__user")


@reminders.register("governance.action_due_soon")
def remind_due_soon(today: datetime.date) -> int:
    """Owners of open actions due within 7 days: once per action and due date."""
    sent = 0
    for action in _open_actions_with_owner().filter(
        due_date__gte=today, due_date__lte=today + DUE_SOON
    ):
        link = reverse("action_status", args=[action.pk])
        sent += bool(
            notify(
                Kind.ACTION_DUE_SOON,
                recipients=[agent_recipient(action.owner_agent)],
                authority=action.authority,
                title=_("Échéance le %(due)s : %(title)s")
                % {"due": action.due_date.strftime("%d/%m/%Y"), "title": action.title},
                body=_(
                    "Bonjour,\n\nL'action « %(title)s » du comité « %(committee)s », qui vous "
                    "est confiée, arrive à échéance le %(due)s.\n\nMettre à jour son état : "
                    "%(link)s\n"
                )
                % {**_action_text(action), "link": absolute(link)},
                link=link,
                key=f"action_due_soon:{action.pk}:{action.due_date.isoformat()}",
            )
        )
    return sent


@reminders.register("governance.action_overdue")
def remind_overdue(today: datetime.date) -> int:
    """Owners of open actions past their due date: once per action and due date."""
    sent = 0
    for action in _open_actions_with_owner().filter(due_date__lt=today):
        link = reverse("action_status", args=[action.pk])
        sent += bool(
            notify(
                Kind.ACTION_OVERDUE,
                recipients=[agent_recipient(action.owner_agent)],
                authority=action.authority,
                title=_("Action en retard : %(title)s") % {"title": action.title},
                body=_(
                    "Bonjour,\n\nL'action « %(title)s » du comité « %(committee)s », qui vous "
                    "est confiée, devait être réalisée le %(due)s.\n\nMerci de la mener à bien "
                    "ou de mettre à jour son état : %(link)s\n"
                )
                % {**_action_text(action), "link": absolute(link)},
                link=link,
                key=f"action_overdue:{action.pk}:{action.due_date.isoformat()}",
            )
        )
    return sent
