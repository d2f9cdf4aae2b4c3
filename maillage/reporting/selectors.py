"""Reads of the transversality dashboard: which services the projects mobilise, and for what.

Every query filters on the authority first and aggregates in the database where it can; rows
are fetched only for the period's projects of the authority (a few dozen projects, a few hundred
mobilisations), never for the network. The page runs a fixed number of queries whatever the
size of the data: :func:`period_data` (3), :func:`key_figures` (1), :func:`policy_areas` (1),
:func:`trends` (2), :func:`local_benefits` (2), the partners map (1, ``worldmap.py``);
:func:`matrix`, :func:`blind_spots` and :func:`directorate_summary` compute from what
:func:`period_data` fetched (0).

Definitions used throughout:

* the **period** is a calendar year (a project counts if it runs during that year: started by its
  end — or, without a start date, created by its end — and not finished before its start) or
  every year; and a set of statuses: the active ones (in preparation, ongoing) or all;
* a service is **mobilised** by a project when the référent confirmed the mobilisation; proposals
  still awaiting an answer are shown but not counted, declined ones are left out;
* a **directorate** is a top node of the org chart; it is mobilised when it or one of the
  services below it is;
* the **leverage** of external funding is the external funders' contributions (cash and in
  kind) divided by the authority's own cash, as in the funding plan
  (``projects/funding/services.py``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from maillage.core import choices
from maillage.core.models import Authority
from maillage.organisation.models import Referent, Service
from maillage.projects.funding.services import (
    DAYS_FIELD,
    SUM_FIELD,
    Execution,
    execution_annotations,
    execution_from_row,
    percent,
    summed,
    worked_days_value,
)
from maillage.projects.models import (
    Commitment,
    Contribution,
    ContributionInstalment,
    Indicator,
    IndicatorPeriod,
    Mobilisation,
    Payment,
    Project,
    Result,
    WorkedDays,
)
from maillage.projects.periods import active_in_year
from maillage.projects.results.services import as_percent, progress
from maillage.skills.models import Profile, SkillCall

from .worldmap import partners_map

ZERO = Decimal("0")
MATRIX_COLUMNS = 30  # the page shows the most recent projects; the exports show them all
TREND_YEARS = 5
AWAITING_AFTER = datetime.timedelta(days=30)
ACTIVE_STATUSES = (Project.Status.PREPARATION, Project.Status.ONGOING)
STATUS_ACTIVE = "actifs"
STATUS_ALL = "tous"
ALL_YEARS = "toutes"
MONEY = DecimalField(max_digits=18, decimal_places=2)
M = Mobilisation.Status


# --- The period -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """The dashboard's filters: a year (None: every year) and the active or all statuses."""

    year: int | None
    status: str = STATUS_ACTIVE

    @property
    def active_only(self) -> bool:
        return self.status != STATUS_ALL

    def projects_q(self, prefix: str = "") -> Q:
        """The period's projects, as a filter on Project (``prefix`` reaches it from elsewhere)."""

        def q(**lookups: object) -> Q:
            return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

        condition = Q()
        if self.active_only:
            condition &= q(status__in=ACTIVE_STATUSES)
        if self.year is not None:
            condition &= active_in_year(self.year, prefix)
        return condition

    @property
    def trend_end(self) -> int:
        return self.year if self.year is not None else timezone.localdate().year


def opening_year(authority: Authority, today: datetime.date, status: str) -> int | None:
    """The year the dashboard opens on when none is asked for: this year if a project of the
    status runs in it, else the nearest year in which one runs (the earlier on a tie); None when
    the authority has no such project at all (1 query, only when no year is asked for)."""
    spans = (
        Project.objects.filter(authority=authority)
        .filter(Period(None, status).projects_q())
        .values_list("start_date", "end_date", "created_at")
    )
    nearest = None
    for start, end, created in spans:
        first = start.year if start else timezone.localtime(created).year
        last = end.year if end else max(today.year, first)
        # The project's year nearest to today: today's when it runs then.
        year = min(max(today.year, first), last)
        if nearest is None or (abs(year - today.year), year) < (abs(nearest - today.year), nearest):
            nearest = year
    return nearest


def year_choices(today: datetime.date, chosen: int | None = None) -> list[int]:
    """The years offered by the filter: next year, this year and the nine before, and the year
    asked for in the address if it is another one (no query)."""
    years = set(range(today.year - 9, today.year + 2))
    if chosen is not None:
        years.add(chosen)
    return sorted(years, reverse=True)


# --- The period's rows (2 queries) ------------------------------------------------------------


@dataclass
class ServiceNode:
    id: int
    name: str
    kind: str
    parent_id: int | None
    active: bool
    has_referent: bool
    depth: int = 0
    root_id: int = 0
    children: list[ServiceNode] = field(default_factory=list)

    @property
    def is_directorate(self) -> bool:
        return self.depth == 0

    def walk(self) -> Iterator[ServiceNode]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class ProjectRow:
    id: int
    title: str
    status: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    lead_service_id: int | None
    created_at: datetime.datetime

    @property
    def recency(self) -> tuple[datetime.date, int]:
        return (self.start_date or timezone.localdate(self.created_at), self.id)


@dataclass(frozen=True)
class MobilisationRow:
    id: int
    project_id: int
    service_id: int
    role: str
    status: str
    days_planned: Decimal
    days_actual: Decimal
    proposed_at: datetime.datetime

    @property
    def confirmed(self) -> bool:
        return self.status == M.CONFIRMED

    @property
    def role_label(self) -> str:
        return str(Mobilisation.Role(self.role).label)


@dataclass
class PeriodData:
    authority: Authority
    period: Period
    roots: list[ServiceNode]  # the org chart, active services (and closed ones still mobilised)
    projects: list[ProjectRow]  # the period's projects, most recent first
    mobilisations: list[MobilisationRow]  # of those projects, proposed or confirmed
    money: Money | None = None  # asked for by the dashboard only

    def nodes(self) -> Iterator[ServiceNode]:
        for root in self.roots:
            yield from root.walk()

    @property
    def confirmed(self) -> list[MobilisationRow]:
        return [m for m in self.mobilisations if m.confirmed]

    def mobilised_service_ids(self) -> set[int]:
        return {m.service_id for m in self.confirmed}


def period_data(authority: Authority, period: Period, *, money: bool = False) -> PeriodData:
    """The org chart, the period's projects and their mobilisations (3 queries). With
    ``money``, the projects' planned and moving money is read in the same query (:class:`Money`)."""
    # The authority's referents only: PostgreSQL hashes the subquery once, and without this
    # filter it reads every referent of the instance (4 ms at national scale, growing with it).
    has_referent = Exists(
        Referent.objects.current().filter(authority=authority, service_id=OuterRef("pk"))
    )
    services = list(
        Service.objects.filter(authority=authority)
        .annotate(has_referent=has_referent)
        .order_by()
        .values_list("id", "name", "kind", "parent_id", "active", "has_referent")
    )
    fields = ("id", "title", "status", "start_date", "end_date", "lead_service_id", "created_at")
    annotations = _money_annotations(period.year) if money else {}
    rows = list(
        Project.objects.filter(period.projects_q(), authority=authority)
        .annotate(**annotations)
        .order_by()
        .values(*fields, "agent_day_rate", *annotations)
    )
    projects = [ProjectRow(*(row[name] for name in fields)) for row in rows]
    projects.sort(key=lambda p: p.recency, reverse=True)
    mobilisations = [
        MobilisationRow(*row)
        for row in Mobilisation.objects.filter(
            period.projects_q("project__"),
            project__authority=authority,
            status__in=(M.PROPOSED, M.CONFIRMED),
        )
        .order_by()
        .values_list(
            "id",
            "project_id",
            "service_id",
            "role",
            "status",
            "days_planned",
            "days_actual",
            "proposed_at",
        )
    ]
    mobilised = {m.service_id for m in mobilisations}
    return PeriodData(
        authority=authority,
        period=period,
        roots=_tree(services, mobilised),
        projects=projects,
        mobilisations=mobilisations,
        money=_money(rows, period.year) if money else None,
    )


def _tree(rows: list[tuple], mobilised: set[int]) -> list[ServiceNode]:
    """Active services as a forest sorted by name; a closed service stays while mobilised."""
    nodes = {row[0]: ServiceNode(*row) for row in rows if row[4] or row[0] in mobilised}
    roots: list[ServiceNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id != node.id else None
        (parent.children if parent else roots).append(node)
    roots.sort(key=lambda n: (n.name.lower(), n.id))
    seen: set[int] = set()
    for root in roots:
        stack = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            if node.id in seen:  # a corrupted tree must not loop
                continue
            seen.add(node.id)
            node.depth, node.root_id = depth, root.id
            node.children.sort(key=lambda n: (n.name.lower(), n.id))
            stack.extend((child, depth + 1) for child in reversed(node.children))
    return roots


# --- Money (read with the period's projects, no query of its own) ----------------------------


@dataclass(frozen=True)
class Money:
    """The period's projects' money side by side, as on each project's funding tab
    (``funding.services.Execution``), summed over the projects: planned, committed or granted,
    paid or received; and, for a year, what moved in that year (dated in it)."""

    total: Execution  # summed; the agent-days values summed project by project (own rates)
    planned_days_value: Decimal
    worked_days_value: Decimal
    year: int | None
    committed_in_year: Decimal = ZERO
    paid_in_year: Decimal = ZERO
    received_in_year: Decimal = ZERO
    worked_value_in_year: Decimal = ZERO

    @property
    def budget_total(self) -> Decimal:
        return self.total.budget_lines_total + self.planned_days_value

    @property
    def external_share_planned(self) -> Decimal | None:
        return percent(self.total.external_planned, self.budget_total)

    @property
    def external_share_granted(self) -> Decimal | None:
        return percent(self.total.granted, self.budget_total)

    @property
    def external_share_received(self) -> Decimal | None:
        return percent(self.total.received, self.budget_total)

    @property
    def external_share_in_year(self) -> Decimal | None:
        """The co-funders' share of the money that moved in the year: received over what the
        authority paid plus what it received."""
        return percent(self.received_in_year, self.paid_in_year + self.received_in_year)


def _money_annotations(year: int | None) -> dict[str, object]:
    annotations: dict[str, object] = dict(execution_annotations())
    if year is not None:
        annotations |= {
            "yr_committed": summed(Commitment.objects.filter(date__year=year), "amount", SUM_FIELD),
            "yr_paid": summed(
                Payment.objects.filter(date__year=year),
                "amount",
                SUM_FIELD,
                path="commitment__project",
            ),
            "yr_received": summed(
                ContributionInstalment.objects.filter(date__year=year).exclude(
                    contribution__funder=Contribution.Funder.OWN
                ),
                "amount",
                SUM_FIELD,
                path="contribution__project",
            ),
            "yr_days_worked": summed(
                WorkedDays.objects.filter(month__year=year),
                "days",
                DAYS_FIELD,
                path="mobilisation__project",
            ),
        }
    return annotations


def _money(rows: list[dict], year: int | None) -> Money:
    executions = [execution_from_row(row) for row in rows]
    total = Execution(
        day_rate=ZERO,
        **{
            name: sum((getattr(e, name) for e in executions), start=ZERO)
            for name in (
                "budget_lines_total",
                "days_planned",
                "days_worked",
                "committed",
                "paid",
                "external_planned",
                "requested",
                "granted",
                "refused",
                "received",
            )
        },
    )
    money = Money(
        total=total,
        planned_days_value=sum((e.planned_days_value for e in executions), start=ZERO),
        worked_days_value=sum((e.worked_days_value for e in executions), start=ZERO),
        year=year,
    )
    if year is None:
        return money
    return replace(
        money,
        committed_in_year=sum((row["yr_committed"] for row in rows), start=ZERO),
        paid_in_year=sum((row["yr_paid"] for row in rows), start=ZERO),
        received_in_year=sum((row["yr_received"] for row in rows), start=ZERO),
        worked_value_in_year=sum(
            (worked_days_value(row["yr_days_worked"], row["agent_day_rate"]) for row in rows),
            start=ZERO,
        ),
    )


# --- 1. Key figures (1 query) -----------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigures:
    projects: int
    services_mobilised: int
    services_total: int
    directorates_mobilised: int
    directorates_total: int
    days_planned: Decimal
    days_actual: Decimal
    services_covered: int
    published_profiles: int
    open_calls: int
    external_funding: Decimal
    own_cash: Decimal
    local_results: int

    @property
    def services_percent(self) -> int | None:
        return _percent(self.services_mobilised, self.services_total)

    @property
    def directorates_percent(self) -> int | None:
        return _percent(self.directorates_mobilised, self.directorates_total)

    @property
    def coverage_percent(self) -> int | None:
        return _percent(self.services_covered, self.services_total)

    @property
    def leverage(self) -> Decimal | None:
        """External euros per euro of the authority's own cash; None without own cash."""
        if self.own_cash <= 0:
            return None
        return (self.external_funding / self.own_cash).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _count(queryset, group: str) -> Coalesce:
    counted = queryset.order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _sum(queryset, group: str) -> Coalesce:
    summed = queryset.order_by().values(group).annotate(total=Sum("amount")).values("total")
    return Coalesce(Subquery(summed, output_field=MONEY), Value(ZERO), output_field=MONEY)


def key_figures(data: PeriodData, local_results: int) -> KeyFigures:
    """The headline numbers (1 query: profiles, calls and funding counted in subqueries)."""
    authority, period = data.authority, data.period
    contributions = Contribution.objects.filter(
        period.projects_q("project__"), project__authority_id=OuterRef("pk")
    )
    counters = (
        Authority.objects.filter(pk=authority.pk)
        .values("pk")
        .annotate(
            profiles=_count(
                Profile.objects.filter(
                    authority_id=OuterRef("pk"), published=True, agent__active=True
                ),
                "authority_id",
            ),
            calls=_count(
                SkillCall.objects.filter(authority_id=OuterRef("pk"), status=SkillCall.Status.OPEN),
                "authority_id",
            ),
            external=_sum(
                contributions.exclude(funder=Contribution.Funder.OWN), "project__authority_id"
            ),
            own_cash=_sum(
                contributions.filter(
                    funder=Contribution.Funder.OWN, nature=Contribution.Nature.CASH
                ),
                "project__authority_id",
            ),
        )
        .get()
    )
    nodes = [n for n in data.nodes() if n.active]
    mobilised = data.mobilised_service_ids()
    by_root: dict[int, bool] = {}
    for node in data.nodes():
        by_root[node.root_id] = by_root.get(node.root_id, False) or node.id in mobilised
    active_roots = {r.id for r in data.roots if r.active}
    confirmed = data.confirmed
    return KeyFigures(
        projects=len(data.projects),
        services_mobilised=sum(1 for n in nodes if n.id in mobilised),
        services_total=len(nodes),
        directorates_mobilised=sum(1 for r in active_roots if by_root.get(r)),
        directorates_total=len(active_roots),
        days_planned=sum((m.days_planned for m in confirmed), start=ZERO),
        days_actual=sum((m.days_actual for m in confirmed), start=ZERO),
        services_covered=sum(1 for n in nodes if n.has_referent),
        published_profiles=counters["profiles"],
        open_calls=counters["calls"],
        external_funding=counters["external"],
        own_cash=counters["own_cash"],
        local_results=local_results,
    )


# --- 2. Services × projects matrix (no query) -------------------------------------------------


@dataclass
class MatrixRow:
    node: ServiceNode
    cells: list[MobilisationRow | None]
    projects: int = 0  # confirmed, over every project of the period (not only the columns)
    days_planned: Decimal = ZERO
    days_actual: Decimal = ZERO


@dataclass
class Matrix:
    columns: list[ProjectRow]
    rows: list[MatrixRow]
    total_projects: int
    column_services: list[int]  # confirmed services per column

    @property
    def capped(self) -> bool:
        return len(self.columns) < self.total_projects


def matrix(data: PeriodData, limit: int | None = MATRIX_COLUMNS) -> Matrix:
    """Services (org-chart order) × the period's projects, most recent first (no query)."""
    columns = data.projects[:limit] if limit is not None else list(data.projects)
    position = {p.id: i for i, p in enumerate(columns)}
    by_service: dict[int, list[MobilisationRow]] = defaultdict(list)
    for m in data.mobilisations:
        by_service[m.service_id].append(m)
    column_services = [0] * len(columns)
    rows = []
    for node in data.nodes():
        row = MatrixRow(node, [None] * len(columns))
        for m in by_service.get(node.id, ()):
            i = position.get(m.project_id)
            if i is not None:
                row.cells[i] = m
                column_services[i] += m.confirmed
            if m.confirmed:
                row.projects += 1
                row.days_planned += m.days_planned
                row.days_actual += m.days_actual
        rows.append(row)
    return Matrix(columns, rows, len(data.projects), column_services)


@dataclass
class DirectorateRow:
    node: ServiceNode
    services: int = 0
    mobilised: int = 0
    projects: int = 0  # distinct projects with a confirmed mobilisation in the directorate
    days_planned: Decimal = ZERO
    days_actual: Decimal = ZERO


def directorate_summary(data: PeriodData) -> list[DirectorateRow]:
    """The matrix folded by directorate, for the printable page (no query)."""
    confirmed: dict[int, list[MobilisationRow]] = defaultdict(list)
    for m in data.confirmed:
        confirmed[m.service_id].append(m)
    rows = []
    for root in data.roots:
        row = DirectorateRow(root)
        projects: set[int] = set()
        for node in root.walk():
            row.services += node.active
            found = confirmed.get(node.id, ())
            row.mobilised += bool(found) and node.active
            for m in found:
                projects.add(m.project_id)
                row.days_planned += m.days_planned
                row.days_actual += m.days_actual
        row.projects = len(projects)
        rows.append(row)
    return rows


# --- 3. Policy areas served (1 query) -------------------------------------------------------


@dataclass
class AreaRow:
    code: str
    label: str
    level: int
    projects: int = 0
    services: int = 0
    children: list[AreaRow] = field(default_factory=list)


def policy_areas(data: PeriodData) -> tuple[list[AreaRow], list[AreaRow]]:
    """M57 functions and sub-functions served by the period's projects, and the functions no
    project serves (1 query). A project classified under a sub-function (or deeper) serves
    its function too; the services counted are those confirmed on the area's projects."""
    # The functions and sub-functions, read once per process (reference data).
    areas = [
        (code, text.removeprefix(f"{code} — "), 1 if len(code) == 1 else 2)
        for _group, items in choices.policy_area_groups(max_level=2)
        for code, text in items
    ]
    links = (
        Project.policy_areas.through.objects.filter(
            data.period.projects_q("project__"), project__authority=data.authority
        )
        .order_by()
        .values_list("project_id", "policyarea_id")
    )
    projects_of: dict[str, set[int]] = defaultdict(set)
    for project_id, code in links:
        # M57 codes nest by prefix: 0 > 04 > 045.
        projects_of[code[:1]].add(project_id)
        if len(code) >= 2:
            projects_of[code[:2]].add(project_id)
    services_of_project: dict[int, set[int]] = defaultdict(set)
    for m in data.confirmed:
        services_of_project[m.project_id].add(m.service_id)
    functions: list[AreaRow] = []
    for code, label, level in areas:
        projects = projects_of.get(code, set())
        services = set().union(*(services_of_project[p] for p in projects)) if projects else set()
        row = AreaRow(code, label, level, len(projects), len(services))
        if level == 1:
            functions.append(row)
        elif functions and code.startswith(functions[-1].code) and row.projects:
            functions[-1].children.append(row)
    return functions, [f for f in functions if not f.projects]


# --- 4. Blind spots (no query) ----------------------------------------------------------------


@dataclass(frozen=True)
class Awaiting:
    mobilisation_id: int
    project: ProjectRow
    service: ServiceNode
    days: int


@dataclass
class BlindSpots:
    never_mobilised: list[ServiceNode]
    directorates_unmobilised: list[ServiceNode]
    without_referent: list[ServiceNode]
    not_transversal: list[ProjectRow]
    awaiting: list[Awaiting]

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.never_mobilised,
                self.directorates_unmobilised,
                self.without_referent,
                self.not_transversal,
                self.awaiting,
            )
        )


def blind_spots(data: PeriodData, now: datetime.datetime | None = None) -> BlindSpots:
    """What the period's projects leave out (no query)."""
    now = now or timezone.now()
    mobilised = data.mobilised_service_ids()
    active = [n for n in data.nodes() if n.active]
    unmobilised_roots = [
        r for r in data.roots if r.active and not any(n.id in mobilised for n in r.walk())
    ]
    confirmed: dict[int, set[int]] = defaultdict(set)  # project -> services confirmed
    leads: dict[int, set[int]] = defaultdict(set)  # project -> lead service and lead roles
    for m in data.confirmed:
        confirmed[m.project_id].add(m.service_id)
        if m.role == Mobilisation.Role.LEAD:
            leads[m.project_id].add(m.service_id)
    not_transversal = [
        p for p in data.projects if not confirmed[p.id] - leads[p.id] - {p.lead_service_id}
    ]
    projects = {p.id: p for p in data.projects}
    nodes = {n.id: n for n in data.nodes()}
    awaiting = [
        Awaiting(m.id, projects[m.project_id], nodes[m.service_id], (now - m.proposed_at).days)
        for m in data.mobilisations
        if m.status == M.PROPOSED and now - m.proposed_at > AWAITING_AFTER and m.service_id in nodes
    ]
    awaiting.sort(key=lambda a: (-a.days, a.project.title, a.service.name))
    return BlindSpots(
        never_mobilised=[n for n in active if n.id not in mobilised],
        directorates_unmobilised=unmobilised_roots,
        without_referent=[n for n in active if not n.has_referent],
        not_transversal=sorted(not_transversal, key=lambda p: p.title.lower()),
        awaiting=awaiting,
    )


# --- 5. Trends (2 queries) --------------------------------------------------------------------


@dataclass
class TrendYear:
    year: int
    projects_started: int = 0
    mobilisations: int = 0
    services: int = 0
    days_planned: Decimal = ZERO
    days_actual: Decimal = ZERO
    # Bar widths in % of the largest value of each series, rounded to 5 % steps: the template
    # draws them with one CSS class per step, as the content security policy forbids inline
    # styles.
    bars: dict[str, int] = field(default_factory=dict)


TREND_SERIES = ("projects_started", "mobilisations", "services", "days_actual")


def trends(authority: Authority, period: Period) -> list[TrendYear]:
    """The last five years up to the period's year, whatever the status (2 queries).

    A project counts in the year it started; a mobilisation, with its services and agent-days,
    in the year the référent confirmed it (or, if that date is missing, it was proposed).
    """
    last = period.trend_end
    first = last - TREND_YEARS + 1
    years = {y: TrendYear(y) for y in range(first, last + 1)}
    started = (
        Project.objects.filter(
            authority=authority, start_date__year__gte=first, start_date__year__lte=last
        )
        .annotate(year=ExtractYear("start_date"))
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )
    for year, n in started:
        years[year].projects_started = n
    confirmed = (
        Mobilisation.objects.filter(project__authority=authority, status=M.CONFIRMED)
        .annotate(on=Coalesce("answered_at", "proposed_at"))
        .filter(on__year__gte=first, on__year__lte=last)
        .annotate(year=ExtractYear("on"))
        .order_by()
        .values("year")
        .annotate(
            n=Count("pk"),
            services=Count("service_id", distinct=True),
            planned=Sum("days_planned"),
            actual=Sum("days_actual"),
        )
        .values_list("year", "n", "services", "planned", "actual")
    )
    for year, n, services, planned, actual in confirmed:
        row = years[year]
        row.mobilisations, row.services = n, services
        row.days_planned, row.days_actual = planned or ZERO, actual or ZERO
    rows = list(years.values())
    for series in TREND_SERIES:
        top = max((getattr(r, series) for r in rows), default=0)
        for r in rows:
            r.bars[series] = 5 * round(20 * getattr(r, series) / top) if top else 0
    return rows


# --- 6. Local benefits (2 queries) ------------------------------------------------------------


@dataclass
class IndicatorLine:
    title: str
    unit: str
    baseline: Decimal
    target: Decimal | None
    actual: Decimal | None
    measured_on: datetime.date | None

    @property
    def percent(self) -> int | None:
        return as_percent(progress(self.baseline, self.target, self.actual))


@dataclass
class LocalResult:
    id: int
    title: str
    project_id: int
    project_title: str
    indicators: list[IndicatorLine] = field(default_factory=list)


def local_benefits(authority: Authority, period: Period) -> list[LocalResult]:
    """Results on the home territory of the period's projects, each indicator with its latest
    measured value against its target, as on the project's results tab (2 queries)."""
    results = {
        pk: LocalResult(pk, title, project_id, project_title)
        for pk, title, project_id, project_title in Result.objects.filter(
            period.projects_q("project__"),
            project__authority=authority,
            territory=Result.Territory.HOME,
        )
        .order_by("project__title", "project_id", "pk")
        .values_list("pk", "title", "project_id", "project__title")
    }
    latest = IndicatorPeriod.objects.filter(
        indicator_id=OuterRef("pk"), actual__isnull=False
    ).order_by("-end", "-start", "-pk")
    indicators = (
        Indicator.objects.filter(
            period.projects_q("result__project__"),
            result__project__authority=authority,
            result__territory=Result.Territory.HOME,
        )
        .annotate(
            latest_actual=Subquery(latest.values("actual")[:1], output_field=MONEY),
            latest_end=Subquery(latest.values("end")[:1]),
        )
        .order_by("result_id", "pk")
        .values_list(
            "result_id", "title", "unit", "baseline", "target", "latest_actual", "latest_end"
        )
    )
    for result_id, *values in indicators:
        if result_id in results:
            results[result_id].indicators.append(IndicatorLine(*values))
    return list(results.values())


# --- The page ---------------------------------------------------------------------------------


def dashboard(authority: Authority, period: Period) -> dict[str, object]:
    """Every block of the page (10 queries)."""
    data = period_data(authority, period, money=True)
    benefits = local_benefits(authority, period)
    functions, uncovered_functions = policy_areas(data)
    return {
        "period": period,
        "data": data,
        "figures": key_figures(data, len(benefits)),
        "money": data.money,
        "matrix": matrix(data),
        "functions": functions,
        "uncovered_functions": uncovered_functions,
        "blind_spots": blind_spots(data),
        "trends": trends(authority, period),
        "local_benefits": benefits,
        "partners_map": partners_map(authority, period),
    }
