"""Reads of the general management's watch page: what is late, what falls due, where to act.

The page runs a fixed number of queries whatever the size of the authority (:func:`watch_page`):
the dashboard's period data of the current year (3: org chart with référent coverage, the
year's projects, their mobilisations), the mobilisations awaiting their référent (1) and the
référents of those services (1), the overdue actions (1), the relaunches already sent (1), the
agreements to renew (1), and the deadlines of the next 30 days (5: actions, meetings, project
ends, calls for competences, référents' mandates). The rest is computed from those rows.

Definitions, as the page states them:

* a mobilisation **awaits its service** while it is proposed (the référent has not confirmed
  nor declined it) on a project not yet completed (a finished project needs no answer any
  more); its age counts the days since it was asked;
* an action is **overdue** when it is open (to do or in progress) and its due date is past;
* a **directorate** is a top node of the org chart, as on the dashboard; a service **without a
  référent** is an active service with no référent in office today (the dashboard's blind spot);
* the **agent-days** are those of the mobilisations of the projects in preparation or ongoing
  that run in the current year (the dashboard's default period): planned on proposed or
  confirmed mobilisations (agents approved on a call for competences included), of which those
  the services confirmed, and the days done that the confirmed mobilisations record.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.models import AuditEvent, Authority
from maillage.governance.models import ActionItem, Meeting
from maillage.organisation.models import Referent
from maillage.projects.models import Agreement, Mobilisation, Project
from maillage.projects.partners.selectors import renewals_for_home
from maillage.reporting.selectors import (
    ACTIVE_STATUSES,
    Period,
    PeriodData,
    ServiceNode,
    blind_spots,
    period_data,
)
from maillage.skills.models import SkillCall

ZERO = Decimal(0)
DEADLINE_DAYS = 30
# One relaunch of an item per day at most: a reminder, not a stream of e-mails.
RELAUNCH_INTERVAL = datetime.timedelta(hours=24)
# The agreements to renew the page lists; more are counted and reached through the list.
RENEWALS_SHOWN = 50
MOBILISATION_TYPE = Mobilisation._meta.label
ACTION_TYPE = ActionItem._meta.label
RELAUNCH_KINDS = {
    MOBILISATION_TYPE: "mobilisation.relaunched",
    ACTION_TYPE: "action_item.relaunched",
}
# The yearly e-APD declaration is filed from 15 April to 31 May (shared/reference/DOMAIN.md).
EAPD_OPENS = (4, 15)
EAPD_CLOSES = (5, 31)


# --- Who answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    kind: str = ""  # a référent's: holder or substitute
    user_id: int | None = None  # their account, if they have one (notification centre)


def recipients(people: list[Person]) -> list[Person]:
    """Whom a relaunch of a service goes to: its holders with an e-mail address, else its
    substitutes with one (the substitute stands in when the holder cannot be reached)."""
    holders = [p for p in people if p.kind != Referent.Kind.SUBSTITUTE and p.email]
    return holders or [p for p in people if p.email]


def _referent_rows(queryset) -> dict[int, list[Person]]:
    by_service: dict[int, list[Person]] = defaultdict(list)
    rows = queryset.order_by("service_id", "kind", "agent__last_name", "agent__first_name", "id")
    for service_id, kind, first, last, email, user_id, user_email in rows.values_list(
        "service_id",
        "kind",
        "agent__first_name",
        "agent__last_name",
        "agent__email",
        "agent__user_id",
        "agent__user__email",
    ):
        by_service[service_id].append(
            Person(f"{first} {last}", email or user_email or "", kind, user_id)
        )
    return by_service


def service_referents(authority: Authority, service_id: int) -> list[Person]:
    """The référents in office of one service, holders first (1 query)."""
    queryset = Referent.objects.current().filter(authority=authority, service_id=service_id)
    return _referent_rows(queryset).get(service_id, [])


def action_owner(action: ActionItem) -> Person | None:
    """Who answers for an action: its owner agent (with an e-mail or not), or the outside
    person named in text (no address known), or nobody."""
    agent = action.owner_agent
    if agent is not None:
        user = agent.user if agent.user_id else None
        return Person(
            str(agent), agent.email or (user.email if user else "") or "", user_id=agent.user_id
        )
    if action.owner_text:
        return Person(action.owner_text, "")
    return None


# --- Relaunches --------------------------------------------------------------------------------


def last_relaunch(authority: Authority, obj: Mobilisation | ActionItem) -> datetime.datetime | None:
    """When the item was last relaunched, by anyone (1 query)."""
    return (
        AuditEvent.objects.filter(relaunch_filter(obj), authority=authority)
        .order_by()
        .aggregate(last=Max("at"))["last"]
    )


def _last_relaunches(authority: Authority) -> dict[tuple[str, str], datetime.datetime]:
    """Every item's last relaunch (1 query; one row per item ever relaunched)."""
    rows = (
        AuditEvent.objects.filter(
            authority=authority,
            object_type__in=list(RELAUNCH_KINDS),
            kind__in=list(RELAUNCH_KINDS.values()),
        )
        .order_by()
        .values_list("object_type", "object_id")
        .annotate(last=Max("at"))
    )
    return {(object_type, object_id): last for object_type, object_id, last in rows}


@dataclass(kw_only=True)
class LateItem:
    """A line with a "Relancer" button: an awaiting mobilisation or an overdue action."""

    days: int  # since asked (mobilisation) or past the due date (action)
    relaunched_at: datetime.datetime | None
    now: datetime.datetime

    @property
    def relaunched_on(self) -> datetime.date | None:
        return timezone.localdate(self.relaunched_at) if self.relaunched_at else None

    @property
    def relaunch_again_at(self) -> datetime.datetime | None:
        return self.relaunched_at + RELAUNCH_INTERVAL if self.relaunched_at else None

    @property
    def can_relaunch(self) -> bool:
        again = self.relaunch_again_at
        return again is None or again <= self.now


@dataclass(kw_only=True)
class AwaitingLine(LateItem):
    mobilisation: Mobilisation
    referents: list[Person] = field(default_factory=list)

    @property
    def asked_on(self) -> datetime.date:
        return timezone.localdate(self.mobilisation.proposed_at)


@dataclass(kw_only=True)
class ActionLine(LateItem):
    action: ActionItem
    owner: Person | None = None


@dataclass
class OwnerGroup:
    name: str
    lines: list[ActionLine] = field(default_factory=list)


@dataclass
class DirectorateGroup:
    name: str
    owners: list[OwnerGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(owner.lines) for owner in self.owners)


# --- Deadlines and figures ---------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    on: datetime.date
    what: str  # the kind of deadline, in words
    title: str
    url: str
    detail: str = ""

    @property
    def in_days(self) -> int:
        return (self.on - timezone.localdate()).days


@dataclass
class DaysRow:
    name: str
    planned: Decimal = ZERO  # proposed or confirmed mobilisations
    confirmed: Decimal = ZERO  # of which the services confirmed
    actual: Decimal = ZERO  # done, as the confirmed mobilisations record it

    @property
    def awaiting(self) -> Decimal:
        return self.planned - self.confirmed

    @property
    def percent(self) -> int | None:
        return round(100 * self.confirmed / self.planned) if self.planned else None


@dataclass(frozen=True)
class EapdDeadline:
    """The e-APD declaration to file next: in year ``filed_in``, for the amounts of year
    ``amounts_of``, from ``opens`` to ``closes``."""

    filed_in: int
    opens: datetime.date
    closes: datetime.date
    days_left: int
    is_open: bool
    last_closed: datetime.date | None  # this year's, already closed, when the next is next year

    @property
    def amounts_of(self) -> int:
        return self.filed_in - 1


def eapd_deadline(today: datetime.date) -> EapdDeadline:
    """This year's declaration until its closing day, next year's after it (no query)."""
    year = today.year
    closes = datetime.date(year, *EAPD_CLOSES)
    last_closed = None
    if today > closes:
        last_closed, year = closes, year + 1
        closes = datetime.date(year, *EAPD_CLOSES)
    opens = datetime.date(year, *EAPD_OPENS)
    return EapdDeadline(
        filed_in=year,
        opens=opens,
        closes=closes,
        days_left=(closes - today).days,
        is_open=opens <= today <= closes,
        last_closed=last_closed,
    )


@dataclass
class WatchPage:
    today: datetime.date
    year: int
    awaiting: list[AwaitingLine]
    overdue: list[DirectorateGroup]
    overdue_count: int
    renewals: list[Agreement]
    renewals_count: int
    deadlines: list[Deadline]
    uncovered: list[tuple[str, list[ServiceNode]]]  # (directorate, services without référent)
    uncovered_count: int
    services_count: int
    days: list[DaysRow]
    days_total: DaysRow
    eapd: EapdDeadline


# --- The page ----------------------------------------------------------------------------------


def watch_page(authority: Authority, now: datetime.datetime | None = None) -> WatchPage:
    """Everything the watch page shows (13 queries, see the module's docstring)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    data = period_data(authority, Period(today.year))
    roots = _roots(data)
    relaunched = _last_relaunches(authority)
    awaiting = _awaiting(authority, today, now, relaunched)
    overdue, overdue_count = _overdue(authority, today, now, relaunched, roots)
    renewals, renewals_count = renewals_for_home(authority, today, RENEWALS_SHOWN)
    without_referent = blind_spots(data, now).without_referent
    uncovered: dict[int, list[ServiceNode]] = defaultdict(list)
    for node in without_referent:
        uncovered[node.root_id].append(node)
    names = {root.id: root.name for root in data.roots}
    days = _days(data)
    return WatchPage(
        today=today,
        year=today.year,
        awaiting=awaiting,
        overdue=overdue,
        overdue_count=overdue_count,
        renewals=renewals,
        renewals_count=renewals_count,
        deadlines=_deadlines(authority, today, now, renewals),
        uncovered=[(names.get(root_id, ""), nodes) for root_id, nodes in uncovered.items()],
        uncovered_count=len(without_referent),
        services_count=sum(1 for node in data.nodes() if node.active),
        days=days,
        days_total=DaysRow(
            _("Total"),
            sum((row.planned for row in days), ZERO),
            sum((row.confirmed for row in days), ZERO),
            sum((row.actual for row in days), ZERO),
        ),
        eapd=eapd_deadline(today),
    )


def _roots(data: PeriodData) -> dict[int, ServiceNode]:
    """Each service of the org chart's directorate (its top node)."""
    return {node.id: root for root in data.roots for node in root.walk()}


def _awaiting(
    authority: Authority,
    today: datetime.date,
    now: datetime.datetime,
    relaunched: dict[tuple[str, str], datetime.datetime],
) -> list[AwaitingLine]:
    """The proposed mobilisations, oldest first, with their services' référents (2 queries)."""
    proposed = Mobilisation.objects.filter(
        project__authority=authority, status=Mobilisation.Status.PROPOSED
    ).exclude(project__status=Project.Status.COMPLETED)
    mobilisations = list(
        proposed.select_related("project", "service")
        .only(
            "id",
            "project_id",
            "service_id",
            "role",
            "days_planned",
            "proposed_at",
            "project__title",
            "service__name",
        )
        .order_by("proposed_at", "id")
    )
    referents = _referent_rows(
        Referent.objects.current().filter(
            authority=authority, service_id__in=proposed.order_by().values("service_id")
        )
    )
    return [
        AwaitingLine(
            days=(today - timezone.localdate(m.proposed_at)).days,
            relaunched_at=relaunched.get((MOBILISATION_TYPE, str(m.pk))),
            now=now,
            mobilisation=m,
            referents=referents.get(m.service_id, []),
        )
        for m in mobilisations
    ]


def _overdue(
    authority: Authority,
    today: datetime.date,
    now: datetime.datetime,
    relaunched: dict[tuple[str, str], datetime.datetime],
    roots: dict[int, ServiceNode],
) -> tuple[list[DirectorateGroup], int]:
    """Open actions past their due date, by directorate then owner, longest overdue first
    (1 query)."""
    actions = (
        ActionItem.objects.filter(authority=authority, due_date__lt=today)
        .filter(status__in=ActionItem.OPEN_STATUSES)
        .select_related("committee", "owner_agent", "owner_agent__user")
        .only(
            "id",
            "title",
            "due_date",
            "status",
            "meeting_id",
            "committee__name",
            "owner_text",
            "owner_agent__first_name",
            "owner_agent__last_name",
            "owner_agent__email",
            "owner_agent__service_id",
            "owner_agent__user__email",
        )
        .order_by("due_date", "id")
    )
    outside, unknown, nobody = (
        _("Personnes extérieures à l'organigramme"),
        _("Service non rattaché à une direction"),
        _("Sans responsable"),
    )
    groups: dict[str, dict[str, OwnerGroup]] = defaultdict(dict)
    count = 0
    for action in actions:
        count += 1
        owner = action_owner(action)
        if action.owner_agent_id:
            root = roots.get(action.owner_agent.service_id)
            directorate = root.name if root else unknown
        else:
            directorate = outside if owner else nobody
        owner_name = owner.name if owner else nobody
        group = groups[directorate].setdefault(owner_name, OwnerGroup(owner_name))
        group.lines.append(
            ActionLine(
                days=(today - action.due_date).days,
                relaunched_at=relaunched.get((ACTION_TYPE, str(action.pk))),
                now=now,
                action=action,
                owner=owner,
            )
        )
    tail = {outside: 1, unknown: 2, nobody: 3}
    ordered = sorted(groups.items(), key=lambda item: (tail.get(item[0], 0), item[0].lower()))
    return [
        DirectorateGroup(name, sorted(owners.values(), key=lambda o: o.name.lower()))
        for name, owners in ordered
    ], count


def _deadlines(
    authority: Authority,
    today: datetime.date,
    now: datetime.datetime,
    renewals: list[Agreement],
) -> list[Deadline]:
    """What falls due in the next 30 days, soonest first (5 queries)."""
    horizon = today + datetime.timedelta(days=DEADLINE_DAYS)
    items: list[Deadline] = []
    actions = (
        ActionItem.objects.filter(
            authority=authority,
            status__in=ActionItem.OPEN_STATUSES,
            due_date__gte=today,
            due_date__lte=horizon,
        )
        .select_related("committee")
        .only("id", "title", "due_date", "meeting_id", "committee__name")
    )
    items += [
        Deadline(
            a.due_date,
            _("Échéance d'une action"),
            a.title,
            reverse("meeting_detail", args=[a.meeting_id]) + "#actions",
            a.committee.name,
        )
        for a in actions
    ]
    end_of_horizon = timezone.make_aware(
        datetime.datetime.combine(horizon + datetime.timedelta(days=1), datetime.time.min)
    )
    meetings = (
        Meeting.objects.filter(
            authority=authority,
            status=Meeting.Status.PLANNED,
            starts_at__gte=now,
            starts_at__lt=end_of_horizon,
        )
        .select_related("committee")
        .only("id", "starts_at", "place", "committee__name")
    )
    items += [
        Deadline(
            m.date,
            _("Réunion de comité"),
            m.committee.name,
            reverse("meeting_detail", args=[m.pk]),
            m.place,
        )
        for m in meetings
    ]
    items += [
        Deadline(
            a.end_date,
            _("Échéance d'une convention"),
            a.title,
            reverse("agreement_detail", args=[a.pk]),
        )
        for a in renewals
        if a.end_date <= horizon
    ]
    projects = Project.objects.filter(
        authority=authority,
        status__in=ACTIVE_STATUSES,
        end_date__gte=today,
        end_date__lte=horizon,
    ).only("id", "title", "end_date")
    items += [
        Deadline(p.end_date, _("Fin d'un projet"), p.title, reverse("project_detail", args=[p.pk]))
        for p in projects
    ]
    # A call has no closing date of its own: the day its need starts is the last useful day
    # to find the agents.
    calls = (
        SkillCall.objects.filter(
            authority=authority,
            status=SkillCall.Status.OPEN,
            start_date__gte=today,
            start_date__lte=horizon,
        )
        .select_related("project")
        .only("id", "title", "start_date", "project__title")
    )
    items += [
        Deadline(
            c.start_date,
            _("Appel à compétences encore ouvert : début du besoin"),
            c.title,
            reverse("call_detail", args=[c.pk]),
            c.project.title,
        )
        for c in calls
    ]
    mandates = (
        Referent.objects.filter(authority=authority, end__gte=today, end__lte=horizon)
        .select_related("agent", "service")
        .only("id", "end", "service_id", "service__name", "agent__first_name", "agent__last_name")
    )
    items += [
        Deadline(
            r.end,
            _("Fin du mandat d'un référent"),
            r.service.name,
            reverse("service_detail", args=[r.service_id]),
            str(r.agent),
        )
        for r in mandates
    ]
    eapd = eapd_deadline(today)
    if eapd.closes <= horizon:
        items.append(
            Deadline(
                eapd.closes,
                _("Clôture de la déclaration e-APD"),
                _("Déclaration %(year)s de l'aide publique au développement")
                % {"year": eapd.filed_in},
                reverse("export_eapd") + f"?annee={eapd.amounts_of}",
            )
        )
    items.sort(key=lambda d: (d.on, d.what, d.title.lower()))
    return items


def _days(data: PeriodData) -> list[DaysRow]:
    """Agent-days of the year's active projects by directorate (no query); directorates with
    no day planned are left out."""
    roots = _roots(data)
    rows: dict[int, DaysRow] = {}
    for m in data.mobilisations:
        root = roots.get(m.service_id)
        if root is None:
            continue
        row = rows.setdefault(root.id, DaysRow(root.name))
        row.planned += m.days_planned
        if m.confirmed:
            row.confirmed += m.days_planned
            row.actual += m.days_actual
    return sorted(
        (row for row in rows.values() if row.planned or row.actual),
        key=lambda r: r.name.lower(),
    )


def relaunch_filter(obj: Mobilisation | ActionItem) -> Q:
    """The audit events of the item's relaunches."""
    label = obj._meta.label
    return Q(object_type=label, object_id=str(obj.pk), kind=RELAUNCH_KINDS[label])
