"""Reads of the annual report to the council ("Rapport annuel de l'action internationale").

The report covers one calendar year. Definitions:

* the **projects of the year** are those active in it (``projects.periods.active_in_year``),
  whatever their status but the ideas: a project completed in March belongs to the year it ran;
* **money paid** is the authority's own payments (``Payment``) dated in the year, whichever
  project they settle; a payment's policy area is the M57 function its commitment is charged
  to (often 044 or 045: the accounts' imputation, not the policies the project serves);
* **funding by funder** is the funding plans of the year's projects (cash and in kind, every
  funder, as entered), beside what came in during the year: the authority's own payments and
  the co-funders' instalments (``ContributionInstalment``) dated in the year;
* the **référent network** is the référents in office on 31 December of the year (today for the
  current year), over the services active today;
* **committees** are those that met during the year (meetings not cancelled), and the
  **decisions** those of the year's register.

Every block reads a fixed number of queries, whatever the number of projects (19 in all with
the report's arrangement, see :func:`annual_report`); the dashboard's selectors are reused for
the figures, the policy areas, the directorates and the map.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.core import choices
from maillage.core.models import Authority
from maillage.core.theme import safe_palette
from maillage.core.wording import amount, days, localized, sort_key
from maillage.governance.models import Committee, Decision, Meeting
from maillage.organisation.models import Referent
from maillage.projects.models import (
    Contribution,
    ContributionInstalment,
    Indicator,
    IndicatorPeriod,
    Payment,
    Project,
    ProjectPartner,
    Result,
)

from . import selectors
from .charts import Bar, BarChart
from .models import AnnualReport, Section, arranged
from .selectors import STATUS_ALL, Period
from .worldmap import partners_map

ZERO = Decimal("0")
MONEY_YEARS = 5


class ReportPeriod(Period):
    """The year's projects of every status but the ideas (the dashboard's period otherwise)."""

    def projects_q(self, prefix: str = "") -> Q:
        return super().projects_q(prefix) & ~Q(**{f"{prefix}status": Project.Status.IDEA})


def report_period(year: int) -> ReportPeriod:
    return ReportPeriod(year, STATUS_ALL)


def euros(value: Decimal | int) -> str:
    return _("%(amount)s €") % {"amount": amount(value, 0)}


def _first_day(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _last_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


# --- The arrangement (1 query) ----------------------------------------------------------------


def arrangement(authority: Authority, year: int) -> AnnualReport:
    """The report's introduction and sections as the DRI saved them, else the default (an
    unsaved row: ``pk`` None, version 0 for the form) (1 query)."""
    found = AnnualReport.objects.filter(authority=authority, year=year).first()
    if found is None:
        found = AnnualReport(authority=authority, year=year, version=0, layout=[])
    return found


@dataclass(frozen=True)
class SectionEntry:
    key: str
    label: str
    shown: bool
    number: int = 0  # its number in the contents, 0 when not shown


def sections(report: AnnualReport) -> list[SectionEntry]:
    """The sections in the report's order, numbered as the contents shows them; the
    introduction is shown only when there is one (no query)."""
    labels = dict(Section.choices)
    entries, number = [], 0
    for entry in arranged(report.layout):
        key = str(entry["key"])
        shown = bool(entry["shown"])
        if key == Section.INTRODUCTION and not report.introduction.strip():
            shown = False
        number += shown
        entries.append(SectionEntry(key, str(labels[key]), shown, number if shown else 0))
    return entries


# --- The projects' pages (7 queries) ----------------------------------------------------------


@dataclass
class PartnerLine:
    name: str
    place: str  # "Thiès, Sénégal"
    role: str


@dataclass
class ServiceLine:
    name: str
    role: str
    days_planned: Decimal
    days_actual: Decimal


@dataclass
class IndicatorLine:
    title: str
    unit: str
    baseline: Decimal
    target: Decimal | None
    actual: Decimal | None
    measured_on: datetime.date | None


@dataclass
class ResultLine:
    id: int
    title: str
    description: str
    home: bool
    indicators: list[IndicatorLine] = field(default_factory=list)


@dataclass
class ProjectPage:
    id: int
    title: str
    summary: str
    objectives: str
    status: str
    kind: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    lead_service: str
    areas: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    partners: list[PartnerLine] = field(default_factory=list)
    services: list[ServiceLine] = field(default_factory=list)
    results: list[ResultLine] = field(default_factory=list)
    paid: Decimal = ZERO

    @property
    def status_label(self) -> str:
        return str(Project.Status(self.status).label)

    @property
    def kind_label(self) -> str:
        return str(Project.Kind(self.kind).label) if self.kind in Project.Kind.values else ""

    @property
    def home_results(self) -> list[ResultLine]:
        return [r for r in self.results if r.home]

    @property
    def partner_results(self) -> list[ResultLine]:
        return [r for r in self.results if not r.home]

    @property
    def days_planned(self) -> Decimal:
        return sum((s.days_planned for s in self.services), start=ZERO)

    @property
    def days_actual(self) -> Decimal:
        return sum((s.days_actual for s in self.services), start=ZERO)


def area_labels() -> dict[str, str]:
    """M57 code -> "code — label" in the active language (cached per process: no query)."""
    return {
        code: text
        for _group, items in choices.policy_area_groups(max_level=3)
        for code, text in items
    }


def project_pages(
    authority: Authority,
    period: ReportPeriod,
    data: selectors.PeriodData,
    paid: dict[int, Decimal],
) -> list[ProjectPage]:
    """One page per project of the year, by title: what, where, with whom, services mobilised
    (confirmed only), results with their indicators' latest values, money paid (6 queries)."""
    pages = {
        row["id"]: ProjectPage(
            id=row["id"],
            title=row["title"],
            summary=row["summary"],
            objectives=row["objectives"],
            status=row["status"],
            kind=row["kind"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            lead_service=row["lead_service__name"] or "",
            paid=paid.get(row["id"], ZERO),
        )
        for row in Project.objects.filter(period.projects_q(), authority=authority)
        .order_by()
        .values(
            "id",
            "title",
            "summary",
            "objectives",
            "status",
            "kind",
            "start_date",
            "end_date",
            "lead_service__name",
        )
    }
    labels = area_labels()
    for project_id, code in (
        Project.policy_areas.through.objects.filter(
            period.projects_q("project__"), project__authority=authority
        )
        .order_by("policyarea_id")
        .values_list("project_id", "policyarea_id")
    ):
        if project_id in pages:
            pages[project_id].areas.append(labels.get(code, code))
    roles = dict(ProjectPartner.Role.choices)
    for project_id, name, city, country_fr, country_en, role in (
        ProjectPartner.objects.filter(period.projects_q("project__"), project__authority=authority)
        .order_by("partner__name", "pk")
        .values_list(
            "project_id",
            "partner__name",
            "partner__city",
            "partner__country__name_fr",
            "partner__country__name_en",
            "role",
        )
    ):
        page = pages.get(project_id)
        if page is None:
            continue
        country = localized(country_fr or "", country_en or "")
        place = ", ".join(part for part in (city, country) if part)
        if any(p.name == name for p in page.partners):
            continue  # one line per partner, whatever its IATI roles
        page.partners.append(PartnerLine(name, place, str(roles.get(role, ""))))
        if country and country not in page.countries:
            page.countries.append(country)
    nodes = {n.id: n for n in data.nodes()}
    for m in data.confirmed:
        page = pages.get(m.project_id)
        node = nodes.get(m.service_id)
        if page is not None and node is not None:
            page.services.append(
                ServiceLine(node.name, m.role_label, m.days_planned, m.days_actual)
            )
    results = {}
    for pk, project_id, title, description, territory in (
        Result.objects.filter(period.projects_q("project__"), project__authority=authority)
        .order_by("project_id", "territory", "pk")
        .values_list("pk", "project_id", "title", "description", "territory")
    ):
        if project_id in pages:
            line = ResultLine(pk, title, description, territory == Result.Territory.HOME)
            results[pk] = line
            pages[project_id].results.append(line)
    latest = (
        IndicatorPeriod.objects.filter(
            indicator__result__project__authority=authority,
            actual__isnull=False,
            end__lte=_last_day(period.year),
        )
        .filter(period.projects_q("indicator__result__project__"))
        .order_by("indicator_id", "-end", "-start", "-pk")
        .values_list("indicator_id", "actual", "end")
    )
    measured: dict[int, tuple[Decimal, datetime.date]] = {}
    for indicator_id, actual, end in latest:
        measured.setdefault(indicator_id, (actual, end))
    for pk, result_id, title, unit, baseline, target in (
        Indicator.objects.filter(
            period.projects_q("result__project__"), result__project__authority=authority
        )
        .order_by("result_id", "pk")
        .values_list("pk", "result_id", "title", "unit", "baseline", "target")
    ):
        if result_id in results:
            actual, end = measured.get(pk, (None, None))
            results[result_id].indicators.append(
                IndicatorLine(title, unit, baseline, target, actual, end)
            )
    for page in pages.values():
        page.services.sort(key=lambda s: sort_key(s.name))
    return sorted(pages.values(), key=lambda p: (sort_key(p.title), p.id))


# --- Money (3 queries) ------------------------------------------------------------------------


@dataclass
class FunderRow:
    funder: str
    label: str
    planned: Decimal = ZERO
    came_in: Decimal = ZERO  # own: paid in the year; co-funders: received in the year


@dataclass
class Money:
    paid_by_project: dict[int, Decimal]
    paid_by_year: dict[int, Decimal]
    paid_by_area: list[tuple[str, Decimal]]  # (label, amount), largest first
    funders: list[FunderRow]

    @property
    def paid_in_year(self) -> Decimal:
        return sum((total for _label, total in self.paid_by_area), start=ZERO)

    @property
    def planned(self) -> Decimal:
        return sum((row.planned for row in self.funders), start=ZERO)

    @property
    def came_in(self) -> Decimal:
        return sum((row.came_in for row in self.funders), start=ZERO)

    @property
    def received(self) -> Decimal:
        """What the co-funders paid in during the year."""
        return sum(
            (row.came_in for row in self.funders if row.funder != Contribution.Funder.OWN),
            start=ZERO,
        )


def money(authority: Authority, period: ReportPeriod) -> Money:
    """Payments of the year and of the four before, by project and M57 function; the year's
    projects' funding plans by funder, and what each funder paid in during the year
    (3 queries)."""
    year = period.year
    first = year - MONEY_YEARS + 1
    payments = (
        Payment.objects.filter(
            commitment__project__authority=authority,
            date__gte=_first_day(first),
            date__lte=_last_day(year),
        )
        .annotate(paid_year=ExtractYear("date"))
        .order_by()
        .values("paid_year", "commitment__project_id", "commitment__m57_function_id")
        .annotate(total=Sum("amount"))
        .values_list("paid_year", "commitment__project_id", "commitment__m57_function_id", "total")
    )
    by_year = dict.fromkeys(range(first, year + 1), ZERO)
    by_project: dict[int, Decimal] = defaultdict(Decimal)
    by_function: dict[str, Decimal] = defaultdict(Decimal)
    for paid_year, project_id, function, total in payments:
        by_year[paid_year] += total
        if paid_year == year:
            by_project[project_id] += total
            by_function[function or ""] += total
    labels = area_labels()
    unknown = _("Fonction M57 non renseignée")
    by_area = sorted(
        (
            (labels.get(code, unknown) if code else unknown, total)
            for code, total in by_function.items()
        ),
        key=lambda item: (-item[1], item[0]),
    )
    funders = {value: FunderRow(value, str(label)) for value, label in Contribution.Funder.choices}
    for funder, total in (
        Contribution.objects.filter(period.projects_q("project__"), project__authority=authority)
        .order_by()
        .values("funder")
        .annotate(total=Sum("amount"))
        .values_list("funder", "total")
    ):
        funders[funder].planned += total or ZERO
    for funder, total in (
        ContributionInstalment.objects.filter(
            contribution__project__authority=authority,
            date__gte=_first_day(year),
            date__lte=_last_day(year),
        )
        .order_by()
        .values("contribution__funder")
        .annotate(total=Sum("amount"))
        .values_list("contribution__funder", "total")
    ):
        funders[funder].came_in += total or ZERO
    funders[Contribution.Funder.OWN].came_in += by_year[year]
    return Money(
        paid_by_project=dict(by_project),
        paid_by_year=by_year,
        paid_by_area=by_area,
        funders=[row for row in funders.values() if row.planned or row.came_in],
    )


# --- The référent network (1 query) -----------------------------------------------------------


@dataclass
class ReferentLine:
    service: str
    holders: list[str] = field(default_factory=list)
    substitutes: list[str] = field(default_factory=list)


@dataclass
class Network:
    on: datetime.date
    lines: list[ReferentLine]  # every active service, covered or not, by name
    covered: int
    total: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.covered / self.total) if self.total else None


def referent_network(
    authority: Authority, year: int, data: selectors.PeriodData, today: datetime.date
) -> Network:
    """Who was référent of each active service on 31 December of the year (1 query)."""
    on = min(_last_day(year), today)
    found: dict[int, ReferentLine] = {}
    for service_id, first, last, kind in (
        Referent.objects.current(on)
        .filter(authority=authority)
        .order_by("agent__last_name", "agent__first_name", "pk")
        .values_list("service_id", "agent__first_name", "agent__last_name", "kind")
    ):
        line = found.setdefault(service_id, ReferentLine(""))
        name = f"{first} {last}".strip()
        (line.holders if kind == Referent.Kind.HOLDER else line.substitutes).append(name)
    lines = []
    for node in data.nodes():
        if not node.active:
            continue
        line = found.get(node.id, ReferentLine(""))
        line.service = node.name
        lines.append(line)
    covered = sum(1 for line in lines if line.holders or line.substitutes)
    return Network(on, lines, covered, len(lines))


# --- Committees and decisions (2 queries) -----------------------------------------------------


@dataclass(frozen=True)
class CommitteeLine:
    name: str
    kind: str
    meetings: int
    held: int


@dataclass(frozen=True)
class DecisionLine:
    reference: str
    committee: str
    decided_on: datetime.date
    text: str
    project: str


def governance(authority: Authority, year: int) -> tuple[list[CommitteeLine], list[DecisionLine]]:
    """The committees that met in the year (meetings not cancelled, those held) and the
    decisions of the year's register (2 queries)."""
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    kinds = dict(Committee.Kind.choices)
    committees = [
        CommitteeLine(name, str(kinds.get(kind, "")), meetings, held)
        for name, kind, meetings, held in Meeting.objects.filter(
            authority=authority, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by()
        .values("committee_id", "committee__name", "committee__kind")
        .annotate(meetings=Count("pk"), held=Count("pk", filter=Q(status=Meeting.Status.HELD)))
        .values_list("committee__name", "committee__kind", "meetings", "held")
    ]
    committees.sort(key=lambda c: sort_key(c.name))
    decisions = [
        DecisionLine(f"{y}-{number:03d}", committee, decided_on, text, project or "")
        for y, number, committee, decided_on, text, project in Decision.objects.filter(
            authority=authority, year=year
        )
        .order_by("decided_on", "committee__name", "number")
        .values_list("year", "number", "committee__name", "decided_on", "text", "project__title")
    ]
    return committees, decisions


# --- Charts (no query) ------------------------------------------------------------------------


def _projects_label(count: int) -> str:
    return ngettext("%(count)s projet", "%(count)s projets", count) % {"count": count}


def charts(
    functions: list[selectors.AreaRow],
    directorates: list[selectors.DirectorateRow],
    money_found: Money,
    year: int,
) -> dict[str, BarChart]:
    """The report's bar charts, each with the data of its table (no query)."""
    return {
        "areas": BarChart(
            ident="chart-areas",
            title=_("Projets de l'année par sous-fonction M57"),
            label_header=_("Sous-fonction M57"),
            value_header=_("Projets"),
            bars=[
                Bar(f"{row.code} — {row.label}", row.projects, _projects_label(row.projects))
                for function in functions
                for row in function.children
                if row.projects
            ],
            empty_text=_("Aucun projet de l'année n'est classé dans une fonction M57."),
        ),
        "directorates": BarChart(
            ident="chart-directorates",
            title=_("Jours-agent prévus par direction"),
            label_header=_("Direction"),
            value_header=_("Jours-agent prévus"),
            bars=[
                Bar(row.node.name, row.days_planned, days(row.days_planned))
                for row in directorates
                if row.days_planned
            ],
            empty_text=_("Aucun jour-agent n'est prévu dans les mobilisations confirmées."),
        ),
        "paid_by_year": BarChart(
            ident="chart-paid-years",
            title=_("Paiements de la collectivité par année"),
            label_header=_("Année"),
            value_header=_("Montant payé"),
            bars=[
                Bar(str(y), total, euros(total)) for y, total in money_found.paid_by_year.items()
            ],
            empty_text=_("Aucun paiement n'est enregistré sur ces cinq années."),
        ),
        "funders": BarChart(
            ident="chart-funders",
            title=_("Plans de financement des projets de l'année par financeur"),
            label_header=_("Financeur"),
            value_header=_("Prévu aux plans"),
            bars=[
                Bar(row.label, row.planned, euros(row.planned), (euros(row.came_in),))
                for row in money_found.funders
            ],
            more_headers=(_("Versé ou reçu dans l'année"),),
            total=(euros(money_found.planned), euros(money_found.came_in)),
            empty_text=_("Aucun financement n'est inscrit aux plans des projets de l'année."),
        ),
        "paid_by_area": BarChart(
            ident="chart-paid-areas",
            title=_("Paiements de l'année %(year)s par fonction M57") % {"year": year},
            label_header=_("Fonction M57"),
            value_header=_("Montant payé"),
            bars=[Bar(label, total, euros(total)) for label, total in money_found.paid_by_area],
            total=(euros(money_found.paid_in_year),),
            empty_text=_("Aucun paiement n'est enregistré dans l'année."),
        ),
    }


# --- The report -------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigures:
    projects: int
    countries: int
    partners: int
    services_mobilised: int
    services_total: int
    days_planned: Decimal
    days_actual: Decimal
    paid: Decimal
    received: Decimal
    home_results: int
    referents_covered: int
    meetings: int
    decisions: int


def annual_report(authority: Authority, year: int, today: datetime.date | None = None) -> dict:
    """Every block of the report (19 queries): the arrangement (1), the dashboard's period data
    (3), key figures (1), policy areas (1) and map (1), the projects' pages (6), money (3), the
    référent network (1), committees and decisions (2)."""
    today = today or timezone.localdate()
    period = report_period(year)
    report = arrangement(authority, year)
    data = selectors.period_data(authority, period)
    dashboard_figures = selectors.key_figures(data, 0)
    functions, _uncovered = selectors.policy_areas(data)
    world = partners_map(authority, period)
    money_found = money(authority, period)
    pages = project_pages(authority, period, data, money_found.paid_by_project)
    network = referent_network(authority, year, data, today)
    committees, decisions = governance(authority, year)
    directorates = selectors.directorate_summary(data)
    partner_names = {p.name for page in pages for p in page.partners}
    figures = YearFigures(
        projects=len(pages),
        countries=len(world.rows),
        partners=len(partner_names),
        services_mobilised=dashboard_figures.services_mobilised,
        services_total=dashboard_figures.services_total,
        days_planned=dashboard_figures.days_planned,
        days_actual=dashboard_figures.days_actual,
        paid=money_found.paid_by_year.get(year, ZERO),
        received=money_found.received,
        home_results=sum(len(page.home_results) for page in pages),
        referents_covered=network.covered,
        meetings=sum(c.meetings for c in committees),
        decisions=len(decisions),
    )
    return {
        "year": year,
        "report": report,
        "sections": sections(report),
        "figures": figures,
        "partners_map": world,
        "functions": functions,
        "directorates": directorates,
        "money": money_found,
        "charts": charts(functions, directorates, money_found, year),
        "chart_colour": safe_palette(authority.primary_colour).primary,
        "projects": pages,
        "network": network,
        "committees": committees,
        "decisions": decisions,
    }


def year_choices(today: datetime.date) -> list[int]:
    """The years offered: this year and the nine before, most recent first (no query)."""
    return list(range(today.year, today.year - 10, -1))
