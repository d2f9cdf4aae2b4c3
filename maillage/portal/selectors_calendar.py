"""What falls on a date: the authority's calendar page and each person's private feed.

Five kinds of entries, read from their apps' models: committee meetings, missions abroad and
incoming delegations, project deadlines (``projects.Deadline``) with the agreements' end dates
(read from ``Agreement.end_date``, never copied), and open action items by due date.

A person's feed holds what concerns them in one authority:

* the meetings of the committees they sit on (as an agent or an elected official);
* the missions and delegations they take part in (as an agent or an elected official);
* their open action items (owner), by due date;
* the deadlines and agreement renewals of the projects they **work on**: all of the
  authority's projects for the DRI and the administrator; otherwise the projects where a
  service they are current référent of is mobilised (not declined), those whose mobilisation
  names them as an agent, and those they carry as an elected official.

Each reader runs a fixed number of queries whatever the number of entries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.models import Authority, Membership, Role, User
from maillage.governance.models import ActionItem, CommitteeMember, Meeting
from maillage.organisation.models import Referent
from maillage.projects.models import (
    Agreement,
    Deadline,
    Mission,
    Mobilisation,
    Project,
    ProjectCarrier,
)

MEETING, MISSION, DELEGATION, DEADLINE, RENEWAL, ACTION = (
    "meeting",
    "mission",
    "delegation",
    "deadline",
    "renewal",
    "action",
)


@dataclass
class Entry:
    """One dated thing on the calendar."""

    kind: str
    kind_label: str
    uid: str
    title: str
    start: datetime.date
    end: datetime.date  # last day, included
    url: str
    detail: str = ""
    place: str = ""
    starts_at: datetime.datetime | None = None  # meetings only
    ends_at: datetime.datetime | None = None
    cancelled: bool = False

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _meeting_entries(meetings: QuerySet[Meeting]) -> list[Entry]:
    return [
        Entry(
            kind=MEETING,
            kind_label=_("Réunion"),
            uid=f"maillage-meeting-{m.pk}",
            title=m.committee.name,
            start=_local_date(m.starts_at),
            end=_local_date(m.ends_at),
            url=reverse("meeting_detail", args=[m.pk]),
            place=m.place,
            starts_at=m.starts_at,
            ends_at=m.ends_at,
            cancelled=m.status == Meeting.Status.CANCELLED,
            detail=m.get_status_display() if m.status == Meeting.Status.CANCELLED else "",
        )
        for m in meetings.select_related("committee").only(
            "id", "starts_at", "duration_minutes", "place", "status", "committee__name"
        )
    ]


def _mission_entries(missions: QuerySet[Mission]) -> list[Entry]:
    entries = []
    for mission in missions.select_related("country").only(
        "id", "title", "direction", "start_date", "end_date", "places", "country"
    ):
        incoming = mission.direction == Mission.Direction.INCOMING
        entries.append(
            Entry(
                kind=DELEGATION if incoming else MISSION,
                kind_label=_("Délégation accueillie") if incoming else _("Mission"),
                uid=f"maillage-mission-{mission.pk}",
                title=mission.title,
                start=mission.start_date,
                end=mission.end_date,
                url=reverse("mission_detail", args=[mission.pk]),
                place=mission.places or (mission.country.name if mission.country else ""),
                detail=mission.direction_label,
            )
        )
    return entries


def _deadline_entries(deadlines: QuerySet[Deadline]) -> list[Entry]:
    return [
        Entry(
            kind=DEADLINE,
            kind_label=d.get_kind_display(),
            uid=f"maillage-deadline-{d.pk}",
            title=d.title,
            start=d.date,
            end=d.date,
            url=reverse("project_detail", args=[d.project_id]) + "#echeances",
            detail=d.project.title,
        )
        for d in deadlines.select_related("project").only(
            "id", "kind", "title", "date", "project__title"
        )
    ]


def _renewal_entries(agreements: QuerySet[Agreement]) -> list[Entry]:
    return [
        Entry(
            kind=RENEWAL,
            kind_label=_("Échéance de convention"),
            uid=f"maillage-agreement-{a.pk}",
            title=a.title,
            start=a.end_date,
            end=a.end_date,
            url=reverse("agreement_detail", args=[a.pk]),
            detail=a.get_kind_display(),
        )
        for a in agreements.only("id", "title", "kind", "end_date")
    ]


def _action_entries(actions: QuerySet[ActionItem]) -> list[Entry]:
    return [
        Entry(
            kind=ACTION,
            kind_label=_("Action à échéance"),
            uid=f"maillage-action-{a.pk}",
            title=a.title,
            start=a.due_date,
            end=a.due_date,
            url=reverse("meeting_detail", args=[a.meeting_id]),
            detail=a.committee.name,
        )
        for a in actions.select_related("committee").only(
            "id", "title", "due_date", "meeting_id", "committee__name"
        )
    ]


def _sorted(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.start, e.starts_at is None, e.starts_at, e.title))


# --- The authority's calendar -----------------------------------------------------------------


def authority_entries(
    authority: Authority, first: datetime.date, last: datetime.date
) -> list[Entry]:
    """Every entry of the authority touching ``first``–``last`` (5 queries)."""
    day_after = last + datetime.timedelta(days=1)
    meetings = Meeting.objects.filter(
        authority=authority,
        starts_at__date__gte=first - datetime.timedelta(days=1),
        starts_at__date__lt=day_after,
    )
    missions = Mission.objects.filter(
        authority=authority, start_date__lte=last, end_date__gte=first
    )
    deadlines = Deadline.objects.filter(authority=authority, date__range=(first, last))
    agreements = Agreement.objects.filter(authority=authority, end_date__range=(first, last))
    actions = ActionItem.objects.filter(
        authority=authority,
        status__in=ActionItem.OPEN_STATUSES,
        due_date__range=(first, last),
    )
    entries = (
        _meeting_entries(meetings)
        + _mission_entries(missions)
        + _deadline_entries(deadlines)
        + _renewal_entries(agreements)
        + _action_entries(actions)
    )
    return _sorted([e for e in entries if e.end >= first and e.start <= last])


# --- A person's feed --------------------------------------------------------------------------


def worked_on_projects(user: User, authority: Authority, roles: set[str]) -> QuerySet[Project]:
    """The projects ``user`` works on in ``authority`` (see the module's docstring)."""
    projects = Project.objects.filter(authority=authority)
    if roles & {Role.ADMIN, Role.DRI}:
        return projects
    referent_services = (
        Referent.objects.current()
        .filter(authority=authority, agent__user=user)
        .values("service_id")
    )
    mobilised = Mobilisation.objects.filter(project=OuterRef("pk")).exclude(
        status=Mobilisation.Status.DECLINED
    )
    return projects.filter(
        Exists(mobilised.filter(service__in=referent_services))
        | Exists(mobilised.filter(agents__user=user))
        | Exists(ProjectCarrier.objects.filter(project=OuterRef("pk"), official__user=user))
    )


def user_entries(user: User, authority: Authority, *, since: datetime.date) -> list[Entry] | None:
    """What concerns ``user`` in ``authority`` from ``since`` on (6 queries); None when they
    are no longer a member of it."""
    roles = set(
        Membership.objects.filter(user=user, authority=authority).values_list("role", flat=True)
    )
    if not roles:
        return None
    person = Q(agent__user=user) | Q(elected_official__user=user)
    seats = CommitteeMember.objects.filter(person, committee=OuterRef("committee_id"))
    meetings = Meeting.objects.filter(
        Exists(seats), authority=authority, starts_at__date__gte=since
    )
    missions = Mission.objects.filter(
        Exists(Mission.agents.through.objects.filter(mission=OuterRef("pk"), agent__user=user))
        | Exists(
            Mission.elected_officials.through.objects.filter(
                mission=OuterRef("pk"), electedofficial__user=user
            )
        ),
        authority=authority,
        end_date__gte=since,
    )
    actions = ActionItem.objects.filter(
        authority=authority,
        owner_agent__user=user,
        status__in=ActionItem.OPEN_STATUSES,
        due_date__isnull=False,
    )
    projects = worked_on_projects(user, authority, roles)
    deadlines = Deadline.objects.filter(
        authority=authority, date__gte=since, project__in=projects.values("pk")
    )
    agreements = Agreement.objects.filter(authority=authority, end_date__gte=since)
    if not roles & {Role.ADMIN, Role.DRI}:
        covered = Agreement.projects.through.objects.filter(
            agreement=OuterRef("pk"), project__in=projects.values("pk")
        )
        agreements = agreements.filter(Exists(covered))
    return _sorted(
        _meeting_entries(meetings)
        + _mission_entries(missions)
        + _action_entries(actions)
        + _deadline_entries(deadlines)
        + _renewal_entries(agreements)
    )
