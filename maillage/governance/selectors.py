"""Read queries for the committee pages, each with a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from maillage.core.models import Authority
from maillage.organisation.models import Agent
from maillage.projects.models import Project

from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)

# A member's mandate "ends soon" within this window: the committee page highlights it.
MANDATE_WARNING = datetime.timedelta(days=92)
RECENT_DECISIONS = 10

COMMITTEE_SORTS = {
    "nom": ("name", "id"),
    "-nom": ("-name", "-id"),
}


def open_actions_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": ActionItem.OPEN_STATUSES})


# --- Committees ------------------------------------------------------------------------------


def committee_list(
    authority: Authority,
    *,
    now: datetime.datetime,
    query: str = "",
    active: str = "",
    sort: str = "nom",
) -> QuerySet[Committee]:
    """Committees with their next meeting and number of open actions (subqueries, no N+1)."""
    next_meeting = (
        Meeting.objects.filter(
            committee=OuterRef("pk"), starts_at__gte=now, status=Meeting.Status.PLANNED
        )
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    open_actions = (
        ActionItem.objects.filter(open_actions_q(), committee=OuterRef("pk"))
        .order_by()
        .values("committee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    n_members = (
        CommitteeMember.objects.filter(committee=OuterRef("pk"))
        .order_by()
        .values("committee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    committees = Committee.objects.filter(authority=authority).annotate(
        next_meeting=Subquery(next_meeting),
        n_open_actions=Coalesce(Subquery(open_actions, output_field=IntegerField()), Value(0)),
        n_members=Coalesce(Subquery(n_members, output_field=IntegerField()), Value(0)),
    )
    for word in query.split()[:5]:
        committees = committees.filter(Q(name__icontains=word) | Q(purpose__icontains=word))
    if active == "oui":
        committees = committees.filter(active=True)
    elif active == "non":
        committees = committees.filter(active=False)
    return committees.order_by(*COMMITTEE_SORTS.get(sort, COMMITTEE_SORTS["nom"]))


def committees_of_project(project: Project) -> list[Committee]:
    """The committees that follow a project, for its page (1 query)."""
    return list(
        Committee.objects.filter(authority_id=project.authority_id, projects=project).order_by(
            "-active", "name"
        )
    )


def members_of(committee: Committee) -> list[CommitteeMember]:
    members = CommitteeMember.objects.filter(committee=committee).select_related(
        "agent__service", "elected_official"
    )
    order = list(CommitteeMember.Position.values)
    return sorted(members, key=lambda m: (order.index(m.position), m.name.lower(), m.pk))


def mandate_state(member: CommitteeMember, today: datetime.date) -> str:
    """ "ended", "ending" (within three months) or ""."""
    if member.mandate_end is None:
        return ""
    if member.mandate_end < today:
        return "ended"
    if member.mandate_end <= today + MANDATE_WARNING:
        return "ending"
    return ""


def _actions() -> QuerySet[ActionItem]:
    return ActionItem.objects.select_related(
        "owner_agent", "project", "meeting", "decision", "committee"
    )


def committee_page(committee: Committee, *, now: datetime.datetime) -> dict[str, object]:
    """Members, open actions, recent decisions and linked projects (4 queries).

    The meetings, paginated, are queried by the view: :func:`upcoming_meetings`,
    :func:`past_meetings`.
    """
    today = timezone.localdate(now)
    members = members_of(committee)
    for member in members:
        member.mandate_state = mandate_state(member, today)
    return {
        "members": members,
        "open_actions": list(
            _actions()
            .filter(open_actions_q(), committee=committee)
            .order_by(*ActionItem._meta.ordering)
        ),
        "recent_decisions": list(
            Decision.objects.filter(committee=committee)
            .select_related("project", "meeting")
            .order_by("-decided_on", "-number")[:RECENT_DECISIONS]
        ),
        "projects": list(committee.projects.order_by("title").only("id", "title", "status")),
        "today": today,
    }


def upcoming_meetings(committee: Committee, now: datetime.datetime) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee=committee, starts_at__gte=now).order_by(
        "starts_at", "id"
    )


def past_meetings(committee: Committee, now: datetime.datetime) -> QuerySet[Meeting]:
    return Meeting.objects.filter(committee=committee, starts_at__lt=now).order_by(
        "-starts_at", "-id"
    )


def committee_meetings(committee: Committee) -> list[Meeting]:
    """Every meeting of a committee, for its calendar file (1 query)."""
    return list(Meeting.objects.filter(committee=committee).order_by("starts_at", "id"))


# --- Meetings --------------------------------------------------------------------------------


def carried_actions(meeting: Meeting) -> QuerySet[ActionItem]:
    """Actions to review at ``meeting``: created at an earlier meeting of the committee and
    still open when it was held (not closed, or closed on or after its day)."""
    return (
        _actions()
        .filter(
            committee_id=meeting.committee_id,
            meeting__starts_at__lt=meeting.starts_at,
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=meeting.date))
        .order_by(*ActionItem._meta.ordering)
    )


def meeting_page(meeting: Meeting) -> dict[str, object]:
    """Agenda, attendance, decisions, actions created and carried (6 queries)."""
    members = members_of(meeting.committee)
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    labels = dict(Attendance.Status.choices)
    for member in members:
        member.attendance = statuses.get(member.pk, "")
        member.attendance_label = labels.get(member.attendance, "")
    return {
        "agenda": list(
            AgendaItem.objects.filter(meeting=meeting)
            .select_related("project")
            .order_by("position", "id")
        ),
        "members": members,
        "n_present": sum(1 for m in members if m.attendance == Attendance.Status.PRESENT),
        "decisions": list(
            Decision.objects.filter(meeting=meeting).select_related("project").order_by("number")
        ),
        "actions_created": list(
            _actions().filter(meeting=meeting).order_by(*ActionItem._meta.ordering)
        ),
        "actions_carried": list(carried_actions(meeting)),
    }


# --- Decision register -----------------------------------------------------------------------


def decision_register(
    authority: Authority,
    *,
    committee_id: int | None = None,
    project_id: int | None = None,
    year: int | None = None,
    query: str = "",
) -> QuerySet[Decision]:
    decisions = Decision.objects.filter(authority=authority).select_related(
        "committee", "meeting", "project"
    )
    if committee_id:
        decisions = decisions.filter(committee_id=committee_id)
    if project_id:
        decisions = decisions.filter(project_id=project_id)
    if year:
        decisions = decisions.filter(year=year)
    for word in query.split()[:5]:
        decisions = decisions.filter(text__icontains=word)
    return decisions.order_by("-decided_on", "committee__name", "-number", "-id")


def decision_years(authority: Authority) -> list[int]:
    return list(
        Decision.objects.filter(authority=authority)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def committee_choices(authority: Authority) -> list[tuple[int, str]]:
    return list(
        Committee.objects.filter(authority=authority).order_by("name").values_list("id", "name")
    )


def project_choices(authority: Authority) -> list[tuple[int, str]]:
    """Projects followed by a committee of the authority, for the list filters."""
    return list(
        Project.objects.filter(authority=authority, committees__isnull=False)
        .distinct()
        .order_by("title")
        .values_list("id", "title")
    )


# --- Action items ----------------------------------------------------------------------------

ACTION_STATUS_FILTERS = ("ouvertes", "toutes", *ActionItem.Status.values)


def action_list(
    authority: Authority,
    *,
    today: datetime.date,
    status: str = "ouvertes",
    committee_id: int | None = None,
    owner_ids: frozenset[int] | list[int] | None = None,
    overdue: bool = False,
    query: str = "",
) -> QuerySet[ActionItem]:
    actions = _actions().filter(authority=authority)
    if status == "ouvertes":
        actions = actions.filter(open_actions_q())
    elif status in ActionItem.Status.values:
        actions = actions.filter(status=status)
    if committee_id:
        actions = actions.filter(committee_id=committee_id)
    if owner_ids is not None:
        actions = actions.filter(owner_agent_id__in=sorted(owner_ids))
    if overdue:
        actions = actions.filter(open_actions_q(), due_date__lt=today)
    for word in query.split()[:5]:
        actions = actions.filter(
            Q(title__icontains=word)
            | Q(owner_text__icontains=word)
            | Q(owner_agent__last_name__icontains=word)
        )
    return actions.order_by(*ActionItem._meta.ordering)


def action_owner_choices(authority: Authority) -> list[tuple[int, str]]:
    """Agents who own at least one action item, for the list filter."""
    rows = (
        Agent.objects.filter(
            authority=authority,
            pk__in=ActionItem.objects.filter(authority=authority, owner_agent__isnull=False)
            .values("owner_agent_id")
            .distinct(),
        )
        .order_by("last_name", "first_name", "id")
        .values_list("id", "first_name", "last_name")
    )
    return [(pk, f"{first} {last}") for pk, first, last in rows]


def open_actions_for_agent(agent: Agent, limit: int = 5) -> list[ActionItem]:
    """The agent's open action items, earliest due first, for the home page (1 query).

    Only what the home page shows: joining the five related tables of the action list costs
    more to plan than to run.
    """
    return list(
        ActionItem.objects.filter(
            open_actions_q(), authority_id=agent.authority_id, owner_agent=agent
        )
        .select_related("committee")
        .only("title", "due_date", "status", "meeting_id", "owner_agent_id", "committee__name")
        .order_by(*ActionItem._meta.ordering)[:limit]
    )
