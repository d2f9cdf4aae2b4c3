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
# And how many characters of each text.
TITLE_CHARS = 110
SUMMARY_CHARS = 450
OBJECTIVES_CHARS = 240
NAME_CHARS = 50
CONTRIBUTION_CHARS = 70
RESULT_CHARS = 80
INDICATOR_CHARS = 45


def _short(text: str, chars: int) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


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
    place: str  # "Thiès (Sénégal)"


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


def _measure(indicators: list[IndicatorProgress]) -> SheetMeasure | None:
    """The first indicator with a target or a value measured."""
    for progress in indicators:
        indicator = progress.indicator
        if progress.actual is not None or indicator.target is not None:
            return SheetMeasure(
                _short(indicator.title, INDICATOR_CHARS),
                _short(indicator.unit, 15),
                progress.actual,
                indicator.target,
            )
    return None


def _results(progresses) -> Cut[SheetResult]:
    rows = [
        SheetResult(_short(p.result.title, RESULT_CHARS), _measure(p.indicators))
        for p in progresses
    ]
    return Cut.of(rows, MAX_RESULTS)


def _carrier(carrier) -> str:
    official = carrier.official
    name = _short(f"{official.first_name} {official.last_name}", NAME_CHARS)
    return f"{name} ({_short(official.mandate, NAME_CHARS)})" if official.mandate else name


def project_sheet(project: Project) -> ProjectSheet:
    """The sheet of ``project`` (read with ``lead_service__head``): 7 queries."""
    links = list(
        project.project_partners.select_related("partner__country").order_by(
            "partner__name", "role"
        )
    )
    partners = [
        SheetPartner(
            _short(link.partner.name, NAME_CHARS),
            f"{_short(link.partner.city, 30)} ({link.partner.country.name})"
            if link.partner.city
            else link.partner.country.name,
        )
        for link in links
    ]
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
    services = [
        SheetService(
            name=_short(m.service.name, NAME_CHARS),
            lead=m.role == Mobilisation.Role.LEAD,
            contribution=_short(m.contribution, CONTRIBUTION_CHARS),
            agents=Cut.of(
                [_short(f"{a.first_name} {a.last_name}", 30) for a in m.agents.all()], MAX_AGENTS
            ),
        )
        for m in mobilisations
    ]
    framework = results_framework(project)
    lead_service = project.lead_service
    head = lead_service.head if lead_service else None
    return ProjectSheet(
        project=project,
        title=_short(project.title, TITLE_CHARS),
        summary=_short(project.summary, SUMMARY_CHARS),
        objectives=_short(project.objectives, OBJECTIVES_CHARS),
        partners=Cut.of(partners, MAX_PARTNERS),
        countries=Cut.of(countries, MAX_COUNTRIES),
        carriers=Cut.of([_carrier(c) for c in project_carriers(project)], MAX_CARRIERS),
        services=Cut.of(services, MAX_SERVICES),
        service_count=len(services),
        agent_count=len({a.pk for m in mobilisations for a in m.agents.all()}),
        days=sum((m.days_actual for m in mobilisations), Decimal(0)),
        days_planned=sum((m.days_planned for m in mobilisations), Decimal(0)),
        results=_results(framework.on(Result.Territory.PARTNER)),
        local_benefits=_results(framework.on(Result.Territory.HOME)),
        # The lead service's head, while they work here.
        contact=head if head is not None and head.active else None,
    )
