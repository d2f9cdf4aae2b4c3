"""What elected officials carry: their projects, committee seats and missions.

Read for the elected officials' list and pages (panels registered into ``organisation``), the
home page of an elected official and her printable brief. Every function runs a fixed number
of queries whatever the number of officials, projects or meetings: rows are read for all the
officials at once and grouped in Python.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from maillage.core.models import Authority
from maillage.governance.models import ActionItem, AgendaItem, CommitteeMember, Meeting
from maillage.governance.selectors import open_actions_q
from maillage.organisation.models import Delegation, ElectedOfficial
from maillage.projects.funding.services import budget_annotations, budget_total
from maillage.projects.models import Mission, Mobilisation, Project, ProjectCarrier, Result

# Positions that lead a committee: "chairs" rather than "sits on".
CHAIR_POSITIONS = frozenset({CommitteeMember.Position.CHAIR, CommitteeMember.Position.VICE_CHAIR})
# Open actions shown on the home page and the brief; the count says how many there are.
ACTIONS_LIMIT = 10


@dataclass
class CarriedProject:
    carrier: ProjectCarrier  # with its project, the project's lead service and ``n_services``
    local_results: list[str] = field(default_factory=list)
    # The next planned meeting whose agenda holds the project (a committee point on it).
    next_meeting: Meeting | None = None

    @property
    def project(self) -> Project:
        return self.carrier.project

    @property
    def is_lead(self) -> bool:
        return self.carrier.role == ProjectCarrier.Role.LEAD


@dataclass
class Seat:
    member: CommitteeMember  # with its committee
    next_meeting: Meeting | None = None  # with ``agenda`` (list of AgendaItem) when detailed

    @property
    def committee(self):
        return self.member.committee

    @property
    def chairs(self) -> bool:
        return self.member.position in CHAIR_POSITIONS


@dataclass
class Portfolio:
    """What one official carries."""

    projects: list[CarriedProject] = field(default_factory=list)
    seats: list[Seat] = field(default_factory=list)
    # Missions and incoming delegations not yet over, soonest first.
    missions: list[Mission] = field(default_factory=list)
    receptions: list[Mission] = field(default_factory=list)

    @property
    def next_meeting(self) -> Meeting | None:
        meetings = [seat.next_meeting for seat in self.seats if seat.next_meeting is not None]
        return min(meetings, key=lambda m: m.starts_at, default=None)

    @property
    def next_mission(self) -> Mission | None:
        return min(self.missions, key=lambda m: m.start_date, default=None)

    @property
    def next_reception(self) -> Mission | None:
        return min(self.receptions, key=lambda m: m.start_date, default=None)

    @property
    def is_empty(self) -> bool:
        return not (self.projects or self.seats or self.missions or self.receptions)


def portfolios(authority: Authority, official_ids: Iterable[int]) -> dict[int, Portfolio]:
    """Each official's projects, seats with the next meeting, missions and receptions
    (4 queries, none when there is no official)."""
    ids = sorted(set(official_ids))
    result = {pk: Portfolio() for pk in ids}
    if not ids:
        return result
    today = timezone.localdate()
    for carrier in _carriers(authority, ids):
        result[carrier.official_id].projects.append(CarriedProject(carrier))
    members = (
        CommitteeMember.objects.filter(
            elected_official_id__in=ids, committee__authority=authority, committee__active=True
        )
        .select_related("committee", "elected_official")
        .order_by("committee__name", "committee_id")
    )
    seats = [Seat(member) for member in members]
    next_meetings = _next_meetings(authority, {seat.member.committee_id for seat in seats})
    for seat in seats:
        seat.next_meeting = next_meetings.get(seat.member.committee_id)
        result[seat.member.elected_official_id].seats.append(seat)
    # Chaired committees first, then by name.
    for portfolio in result.values():
        portfolio.seats.sort(key=lambda s: (not s.chairs, s.committee.name.lower()))
    links = (
        Mission.elected_officials.through.objects.filter(
            electedofficial_id__in=ids, mission__authority=authority, mission__end_date__gte=today
        )
        .select_related("mission__country", "mission__project")
        .order_by("mission__start_date", "mission_id")
    )
    for link in links:
        portfolio = result[link.electedofficial_id]
        if link.mission.direction == Mission.Direction.INCOMING:
            portfolio.receptions.append(link.mission)
        else:
            portfolio.missions.append(link.mission)
    return result


def portfolio_detail(authority: Authority, official_ids: Iterable[int]) -> Portfolio:
    """One portfolio for the officials (a user's records), with what the home page and the
    brief add: each project's local benefits and next committee point, the agenda of each
    next meeting (7 queries, none when there is no official)."""
    merged = Portfolio()
    seen_projects: set[int] = set()
    seen_committees: set[int] = set()
    seen_missions: set[int] = set()
    for portfolio in portfolios(authority, official_ids).values():
        for carried in portfolio.projects:
            if carried.project.pk not in seen_projects:
                seen_projects.add(carried.project.pk)
                merged.projects.append(carried)
        for seat in portfolio.seats:
            if seat.member.committee_id not in seen_committees:
                seen_committees.add(seat.member.committee_id)
                merged.seats.append(seat)
        for missions, target in (
            (portfolio.missions, merged.missions),
            (portfolio.receptions, merged.receptions),
        ):
            for mission in missions:
                if mission.pk not in seen_missions:
                    seen_missions.add(mission.pk)
                    target.append(mission)
    if seen_projects:
        _add_project_details(authority, merged.projects)
    meetings = [seat.next_meeting for seat in merged.seats if seat.next_meeting is not None]
    if meetings:
        agenda: dict[int, list[AgendaItem]] = defaultdict(list)
        for item in AgendaItem.objects.filter(meeting__in=[m.pk for m in meetings]).order_by(
            "meeting_id", "position", "id"
        ):
            agenda[item.meeting_id].append(item)
        for meeting in meetings:
            meeting.agenda = agenda[meeting.pk]
    return merged


def open_actions(authority: Authority, committee_ids: Iterable[int]) -> tuple[list, bool]:
    """The open actions of the committees in the order of the action list (earliest due
    first), at most ACTIONS_LIMIT, and whether there are more (1 query, none without
    committee)."""
    ids = sorted(set(committee_ids))
    if not ids:
        return [], False
    rows = list(
        ActionItem.objects.filter(open_actions_q(), authority=authority, committee_id__in=ids)
        .select_related("committee", "owner_agent")
        .order_by(*ActionItem._meta.ordering)[: ACTIONS_LIMIT + 1]
    )
    return rows[:ACTIONS_LIMIT], len(rows) > ACTIONS_LIMIT


@dataclass
class KeyFigures:
    """Figures of the projects in the areas of the official's delegations (``by_areas``) or,
    when her delegations name no policy area, of the projects she carries."""

    by_areas: bool
    projects: int = 0
    ongoing: int = 0
    preparing: int = 0
    budget: Decimal = Decimal(0)


def key_figures(
    authority: Authority, delegations: Iterable[Delegation], carried_ids: Iterable[int]
) -> KeyFigures:
    """Projects and budget of the delegations' policy areas (1 query, none without data).

    A project counts when one of its policy areas falls under an area of a delegation (the M57
    codes nest: 41 is under 4)."""
    codes = sorted({area.code for d in delegations for area in d.policy_areas.all()})
    figures = KeyFigures(by_areas=bool(codes))
    projects = Project.objects.filter(authority=authority)
    if codes:
        match = Q()
        for code in codes:
            match |= Q(policyarea__code__startswith=code)
        areas = Project.policy_areas.through.objects.filter(match, project_id=OuterRef("pk"))
        projects = projects.filter(Exists(areas))
    else:
        ids = sorted(set(carried_ids))
        if not ids:
            return figures
        projects = projects.filter(pk__in=ids)
    rows = projects.annotate(**budget_annotations()).values_list(
        "status", "fp_lines", "fp_days_planned", "agent_day_rate"
    )
    for status, lines, days, rate in rows:
        figures.projects += 1
        figures.ongoing += status == Project.Status.ONGOING
        figures.preparing += status == Project.Status.PREPARATION
        figures.budget += budget_total(lines, days, rate)
    return figures


def _carriers(authority: Authority, ids: list[int]) -> list[ProjectCarrier]:
    confirmed = (
        Mobilisation.objects.filter(
            project=OuterRef("project_id"), status=Mobilisation.Status.CONFIRMED
        )
        .order_by()
        .values("project")
        .annotate(n=Count("id"))
        .values("n")
    )
    return list(
        ProjectCarrier.objects.filter(official_id__in=ids, project__authority=authority)
        .select_related("project", "project__lead_service")
        .annotate(n_services=Coalesce(Subquery(confirmed, output_field=IntegerField()), 0))
        .order_by("-role", "project__title", "project_id")
    )


def _next_meetings(authority: Authority, committee_ids: set[int]) -> dict[int, Meeting]:
    """The next planned meeting of each committee (1 query, none without committee)."""
    if not committee_ids:
        return {}
    upcoming = Meeting.objects.filter(
        authority=authority,
        committee_id__in=sorted(committee_ids),
        status=Meeting.Status.PLANNED,
        starts_at__gte=timezone.now(),
    ).order_by("starts_at", "id")
    first: dict[int, Meeting] = {}
    for meeting in upcoming:
        first.setdefault(meeting.committee_id, meeting)
    return first


def _add_project_details(authority: Authority, carried: list[CarriedProject]) -> None:
    by_project = {c.project.pk: c for c in carried}
    ids = sorted(by_project)
    for project_id, title in (
        Result.objects.filter(project_id__in=ids, territory=Result.Territory.HOME)
        .order_by("project_id", "id")
        .values_list("project_id", "title")
    ):
        by_project[project_id].local_results.append(title)
    points = (
        AgendaItem.objects.filter(
            project_id__in=ids,
            meeting__authority=authority,
            meeting__status=Meeting.Status.PLANNED,
            meeting__starts_at__gte=timezone.now(),
        )
        .select_related("meeting__committee")
        .order_by("meeting__starts_at", "id")
    )
    for point in points:
        entry = by_project[point.project_id]
        if entry.next_meeting is None:
            entry.next_meeting = point.meeting


def elected_context(
    authority: Authority, officials: list[ElectedOfficial], *, printing: bool = False
) -> dict[str, object]:
    """The home block and the brief of the officials (a user's records, usually one), whose
    delegations are prefetched with their policy areas (10 queries at most).

    The printed brief must hold on one page: completed projects are named on one line there
    rather than given a row each."""
    brief = portfolio_detail(authority, [o.pk for o in officials])
    completed = [c for c in brief.projects if c.project.status == Project.Status.COMPLETED]
    delegations = [d for o in officials for d in o.delegations.all()]
    actions, more = open_actions(authority, [s.member.committee_id for s in brief.seats])
    return {
        "brief": brief,
        "project_rows": (
            [c for c in brief.projects if c not in completed] if printing else brief.projects
        ),
        "completed_projects": completed if printing else [],
        "actions": actions,
        "actions_more": more,
        "delegations": delegations,
        "figures": key_figures(authority, delegations, [c.project.pk for c in brief.projects]),
    }
