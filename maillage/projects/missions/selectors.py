"""Reads of the company directory, of a mission's rows and of what a project's missions add
up to (companies accompanied, contracts signed, costs by nature), each a fixed query count."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from maillage.core.models import Authority
from maillage.projects.models import (
    BudgetLine,
    BusinessMeeting,
    Company,
    Mission,
    MissionCompany,
    MissionCost,
    MissionVisitor,
    ProgrammeItem,
    Project,
)

COMPANY_SORTS = {
    "nom": ("name", "id"),
    "-nom": ("-name", "-id"),
    "siren": ("siren", "id"),
    "-siren": ("-siren", "-id"),
    "commune": ("town", "name", "id"),
    "-commune": ("-town", "-name", "-id"),
    "missions": ("n_missions", "name", "id"),
    "-missions": ("-n_missions", "name", "id"),
}


def company_directory(authority: Authority, query: str = "", sort: str = "nom") -> QuerySet:
    """The authority's companies, searched by name, SIREN, town or activity, with the number
    of missions each took part in."""
    companies = Company.objects.filter(authority=authority).annotate(
        n_missions=Count("mission_links", distinct=True)
    )
    if query:
        companies = companies.filter(
            Q(name__icontains=query)
            | Q(siren__startswith=query.replace(" ", ""))
            | Q(town__icontains=query)
            | Q(activity_label__icontains=query)
            | Q(activity_code__istartswith=query)
        )
    return companies.order_by(*COMPANY_SORTS.get(sort, COMPANY_SORTS["nom"]))


@dataclass
class MissionRows:
    companies: list[MissionCompany]
    meetings: list[BusinessMeeting]
    costs: list[MissionCost]
    visitors: list[MissionVisitor]
    programme: list[ProgrammeItem]

    @property
    def contracts(self) -> list[BusinessMeeting]:
        return [m for m in self.meetings if m.outcome == BusinessMeeting.Outcome.CONTRACT]

    @property
    def contracts_amount(self) -> Decimal:
        return sum((m.contract_amount or Decimal(0) for m in self.contracts), Decimal(0))

    @property
    def follow_ups(self) -> list[BusinessMeeting]:
        return [m for m in self.meetings if m.outcome == BusinessMeeting.Outcome.FOLLOW_UP]

    @property
    def costs_by_nature(self) -> list[tuple[str, Decimal]]:
        totals: dict[str, Decimal] = {}
        for cost in self.costs:
            label = cost.get_nature_display()
            totals[label] = totals.get(label, Decimal(0)) + cost.amount
        return list(totals.items())

    @property
    def services_visited(self) -> list:
        """The services the programme visits, each once, in the programme's order."""
        seen = {}
        for item in self.programme:
            if item.service_id is not None:
                seen.setdefault(item.service_id, item.service)
        return list(seen.values())


def mission_rows(mission: Mission) -> MissionRows:
    """A mission's companies, business meetings, costs, visitors and programme (5 queries)."""
    return MissionRows(
        companies=list(
            MissionCompany.objects.filter(mission=mission)
            .select_related("company")
            .order_by("company__name", "id")
        ),
        meetings=list(
            BusinessMeeting.objects.filter(mission=mission)
            .select_related("company")
            .order_by("date", "id")
        ),
        costs=list(MissionCost.objects.filter(mission=mission).order_by("nature", "id")),
        visitors=list(MissionVisitor.objects.filter(mission=mission).order_by("id")),
        programme=list(
            ProgrammeItem.objects.filter(mission=mission)
            .select_related("service")
            .order_by("date", "time", "id")
        ),
    )


@dataclass
class MissionBenefits:
    """What a project's missions bring home, computed from their rows, never typed."""

    named_companies: int = 0  # distinct companies of the directory
    unnamed_companies: int = 0  # companies counted on a mission without being named
    contracts: int = 0
    contracts_amount: Decimal = Decimal(0)
    follow_ups: int = 0

    @property
    def companies(self) -> int:
        return self.named_companies + self.unnamed_companies

    @property
    def any(self) -> bool:
        return bool(self.companies or self.contracts or self.follow_ups)


def mission_benefits(project: Project) -> MissionBenefits:
    """Companies accompanied and contracts signed through the project's missions (3 queries).

    A company that took part in two missions counts once; companies counted without a name
    (``Mission.companies``) are added as they are.
    """
    missions = Mission.objects.filter(project=project)
    counts = missions.aggregate(
        named=Count("company_links__company", distinct=True),
    )
    unnamed = missions.aggregate(unnamed=Sum("companies"))["unnamed"] or 0
    meetings = BusinessMeeting.objects.filter(mission__project=project).aggregate(
        contracts=Count("pk", filter=Q(outcome=BusinessMeeting.Outcome.CONTRACT)),
        amount=Sum("contract_amount", filter=Q(outcome=BusinessMeeting.Outcome.CONTRACT)),
        follow_ups=Count("pk", filter=Q(outcome=BusinessMeeting.Outcome.FOLLOW_UP)),
    )
    return MissionBenefits(
        named_companies=counts["named"],
        unnamed_companies=unnamed,
        contracts=meetings["contracts"],
        contracts_amount=meetings["amount"] or Decimal(0),
        follow_ups=meetings["follow_ups"],
    )


@dataclass
class MissionSpending:
    """The costs of a project's missions by nature, beside the travel lines of its budget."""

    missions: list[Mission] = field(default_factory=list)
    by_nature: list[tuple[str, Decimal]] = field(default_factory=list)
    total: Decimal = Decimal(0)
    planned: Decimal = Decimal(0)  # the budget lines "Missions et déplacements"

    @property
    def left(self) -> Decimal:
        return self.planned - self.total


def mission_spending(project: Project, travel_lines: list[BudgetLine]) -> MissionSpending:
    """Each mission of the project with its cost, and the costs by nature (1 query)."""
    costs = list(
        MissionCost.objects.filter(mission__project=project)
        .select_related("mission")
        .order_by("mission__start_date", "mission_id", "nature", "id")
    )
    spending = MissionSpending(planned=sum((line.amount for line in travel_lines), Decimal(0)))
    natures = dict(MissionCost.Nature.choices)
    by_nature: dict[str, Decimal] = dict.fromkeys(natures, Decimal(0))
    seen: dict[int, Mission] = {}
    for cost in costs:
        seen.setdefault(cost.mission_id, cost.mission)
        by_nature[cost.nature] += cost.amount
        spending.total += cost.amount
    spending.missions = list(seen.values())
    spending.by_nature = [(str(natures[k]), v) for k, v in by_nature.items() if v]
    return spending
