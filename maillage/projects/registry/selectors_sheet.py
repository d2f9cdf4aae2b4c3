"""The project sheet: one printed page in plain words for the internal journal and the
municipal magazine (what, where, with whom, which services and agents, results and local
benefits, contact).

No code a reader outside the international team would not know (no M57 function, no OECD
sector, no IATI identifier). Lists are cut so that the page stays one A4 page: the rest is
counted ("et 3 autres"). Read in 7 queries whatever the project's size.
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

# How much of each list one A4 page holds.
MAX_PARTNERS = 5
MAX_COUNTRIES = 6
MAX_SERVICES = 6
MAX_AGENTS = 3
MAX_RESULTS = 3
MAX_CARRIERS = 3
SUMMARY_CHARS = 600
OBJECTIVES_CHARS = 350
CONTRIBUTION_CHARS = 110
RESULT_CHARS = 120


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
class SheetService:
    name: str
    lead: bool
    contribution: str
    agents: Cut[str]


@dataclass
class SheetResult:
    title: str
    # The first indicator with a target or a measure, in words: "5 sur 6 jeunes recrutés".
    measure: IndicatorProgress | None


@dataclass
class ProjectSheet:
    project: Project
    summary: str
    objectives: str
    partners: Cut
    countries: Cut
    carriers: Cut
    services: Cut[SheetService]
    service_count: int
    agent_count: int
    days: Decimal
    results: Cut[SheetResult]
    local_benefits: Cut[SheetResult]
    days_planned: Decimal
    contact: Agent | None = None


def _short(text: str, chars: int) -> str:
    return Truncator(" ".join(text.split())).chars(chars)


def _results(progresses) -> list[SheetResult]:
    rows = []
    for progress in progresses:
        measured = [
            i for i in progress.indicators if i.actual is not None or i.indicator.target is not None
        ]
        rows.append(
            SheetResult(
                _short(progress.result.title, RESULT_CHARS), measured[0] if measured else None
            )
        )
    return rows


def project_sheet(project: Project) -> ProjectSheet:
    """The sheet of ``project`` (read with ``lead_service__head``): 7 queries."""
    links = list(
        project.project_partners.select_related("partner__country").order_by(
            "partner__name", "role"
        )
    )
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
            name=m.service.name,
            lead=m.role == Mobilisation.Role.LEAD,
            contribution=_short(m.contribution, CONTRIBUTION_CHARS),
            agents=Cut.of([f"{a.first_name} {a.last_name}" for a in m.agents.all()], MAX_AGENTS),
        )
        for m in mobilisations
    ]
    agents = {a.pk for m in mobilisations for a in m.agents.all()}
    framework = results_framework(project)
    lead_service = project.lead_service
    return ProjectSheet(
        project=project,
        summary=_short(project.summary, SUMMARY_CHARS),
        objectives=_short(project.objectives, OBJECTIVES_CHARS),
        partners=Cut.of(links, MAX_PARTNERS),
        countries=Cut.of(countries, MAX_COUNTRIES),
        carriers=Cut.of(project_carriers(project), MAX_CARRIERS),
        services=Cut.of(services, MAX_SERVICES),
        service_count=len(services),
        agent_count=len(agents),
        days=sum((m.days_actual for m in mobilisations), Decimal(0)),
        days_planned=sum((m.days_planned for m in mobilisations), Decimal(0)),
        results=Cut.of(_results(framework.on(Result.Territory.PARTNER)), MAX_RESULTS),
        local_benefits=Cut.of(_results(framework.on(Result.Territory.HOME)), MAX_RESULTS),
        # The lead service's head, while they work here.
        contact=head if (head := lead_service and lead_service.head) and head.active else None,
    )
