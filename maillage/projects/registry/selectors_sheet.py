"""The project sheet: one printed page in plain words for the internal journal and the
municipal magazine (what, where, with whom, which services and agents, results and local
benefits, contact).

No code a reader outside the international team would not know (no M57 function, no OECD
sector, no IATI identifier). Every text is cut to a length and every list to a number of items
such that the longest project still fits one A4 page; what is left out of a list is counted
("et 3 autres"). Read in 7 queries whatever the project's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils.text import Truncator

from maillage.organisation.models import Agent
from maillage.projects.models import Mobilisation, Project, Result
from maillage.projects.results.services import IndicatorProgress, results_framework

from .selectors import project_carriers

# How much of each list one A4 page holds (tests/projects/test_project_sheet.py renders the
# longest case).
MAX_PARTNERS = 4
MAX_COUNTRIES = 6
MAX_SERVICES = 4
MAX_AGENTS = 3
MAX_RESULTS = 3
MAX_CARRIERS = 3
# And how many characters of each text: the items of a list share a length, so that a short
# list keeps its texts whole and a long one cuts them (the longest case keeps the minimum).
TITLE_CHARS = 110
# The summary and the objectives share 600 characters, the objectives at most 40 %, and 120
# more for each row a list leaves free below.
TEXT_CHARS = 600
FREE_ROW_CHARS = 120


def _short(text: str, chars: int) -> str:
    """``text`` on one line, cut at a word within ``chars`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= chars:
        return text
    cut = Truncator(text).chars(chars, truncate="")
    if " " in cut and not text[len(cut)].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return f"{cut.rstrip(' ,;:.')}…"


def _share(total: int, count: int, low: int, high: int) -> int:
    """The length of each of ``count`` texts sharing ``total`` characters, within bounds."""
    return max(low, min(high, total // max(1, count)))


@dataclass
class Cut[T]:
    """The first items of a list and how many were left out."""

    items: list[T]
    more: int = 0

    @classmethod
    def of(cls, items: list[T], size: int) -> Cut[T]:
        return cls(items[:size], max(0, len(items) - size))

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    @property
    def total(self) -> int:
        return len(self.items) + self.more


@dataclass
class SheetPartner:
    name: str
    city: str  # empty when the partner's name says it
    country: str


@dataclass
class SheetService:
    name: str
    lead: bool
    contribution: str
    agents: Cut[str]


@dataclass
class SheetMeasure:
    """An indicator in words: its title, the latest value measured and the target."""

    title: str
    unit: str
    actual: Decimal | None
    target: Decimal | None


@dataclass
class SheetResult:
    title: str
    measure: SheetMeasure | None


@dataclass
class ProjectSheet:
    project: Project
    title: str
    summary: str
    objectives: str
    partners: Cut[SheetPartner]
    countries: Cut[str]
    carriers: Cut[str]
    services: Cut[SheetService]
    service_count: int
    agent_count: int
    days: Decimal
    days_planned: Decimal
    results: Cut[SheetResult]
    local_benefits: Cut[SheetResult]
    contact: Agent | None = None


def _measure(indicators: list[IndicatorProgress], chars: int) -> SheetMeasure | None:
    """The first indicator with a target or a value measured."""
    for progress in indicators:
        indicator = progress.indicator
        if progress.actual is not None or indicator.target is not None:
            return SheetMeasure(
                _short(indicator.title, chars),
                _short(indicator.unit, 15),
                progress.actual,
                indicator.target,
            )
    return None


def _results(progresses) -> Cut[SheetResult]:
    shown = progresses[:MAX_RESULTS]
    title, indicator = _share(240, len(shown), 80, 160), _share(135, len(shown), 45, 90)
    rows = [
        SheetResult(_short(p.result.title, title), _measure(p.indicators, indicator)) for p in shown
    ]
    return Cut(rows, len(progresses) - len(shown))


def _carriers(carriers) -> Cut[str]:
    shown = carriers[:MAX_CARRIERS]
    mandate = _share(150, len(shown), 50, 90)
    names = []
    for carrier in shown:
        official = carrier.official
        name = _short(f"{official.first_name} {official.last_name}", 50)
        names.append(f"{name} ({_short(official.mandate, mandate)})" if official.mandate else name)
    return Cut(names, len(carriers) - len(shown))


def _partner(partner, chars: int) -> SheetPartner:
    """Its name, its city unless the name says it ("Ville de Thiès"), its country."""
    city = partner.city if partner.city.casefold() not in partner.name.casefold() else ""
    return SheetPartner(_short(partner.name, chars), _short(city, 30), partner.country.name)


def project_sheet(project: Project) -> ProjectSheet:
    """The sheet of ``project`` (read with ``lead_service__head``): 7 queries."""
    links = list(
        project.project_partners.select_related("partner__country").order_by(
            "partner__name", "role"
        )
    )
    name = _share(200, min(len(links), MAX_PARTNERS), 50, 90)
    partners = [_partner(link.partner, name) for link in links]
    countries = list(dict.fromkeys(link.partner.country.name for link in links))
    mobilisations = list(
        Mobilisation.objects.filter(project=project, status=Mobilisation.Status.CONFIRMED)
        .select_related("service")
        .prefetch_related(
            Prefetch("agents", queryset=Agent.objects.order_by("last_name", "first_name"))
        )
        .annotate(
            lead_first=Case(
                When(role=Mobilisation.Role.LEAD, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("lead_first", "service__name", "pk")
    )
    shown = min(len(mobilisations), MAX_SERVICES)
    name, contribution = _share(240, shown, 60, 90), _share(280, shown, 70, 200)
    services = [
        SheetService(
            name=_short(m.service.name, name),
            lead=m.role == Mobilisation.Role.LEAD,
            contribution=_short(m.contribution, contribution),
            agents=Cut.of(
                [_short(f"{a.first_name} {a.last_name}", 26) for a in m.agents.all()], MAX_AGENTS
            ),
        )
        for m in mobilisations
    ]
    framework = results_framework(project)
    lead_service = project.lead_service
    head = lead_service.head if lead_service else None
    results = _results(framework.on(Result.Territory.PARTNER))
    benefits = _results(framework.on(Result.Territory.HOME))
    free_rows = min(MAX_PARTNERS - min(len(links), MAX_PARTNERS), MAX_SERVICES - shown) + (
        MAX_RESULTS - max(len(results), len(benefits))
    )
    text = TEXT_CHARS + FREE_ROW_CHARS * free_rows
    objectives = _short(project.objectives, text * 2 // 5)
    return ProjectSheet(
        project=project,
        title=_short(project.title, TITLE_CHARS),
        summary=_short(project.summary, text - len(objectives)),
        objectives=objectives,
        partners=Cut.of(partners, MAX_PARTNERS),
        countries=Cut.of(countries, MAX_COUNTRIES),
        carriers=_carriers(project_carriers(project)),
        services=Cut.of(services, MAX_SERVICES),
        service_count=len(services),
        agent_count=len({a.pk for m in mobilisations for a in m.agents.all()}),
        days=sum((m.days_actual for m in mobilisations), Decimal(0)),
        days_planned=sum((m.days_planned for m in mobilisations), Decimal(0)),
        results=results,
        local_benefits=benefits,
        # The lead service's head, while they work here.
        contact=head if head is not None and head.active else None,
    )
