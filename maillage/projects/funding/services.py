"""The funding plan of a project and the co-financing rule checker.

Amounts have names (``budget_total``, ``own_in_kind``, ``funder:ministry``…) so that funders'
rules are data: a :class:`~maillage.projects.models.FundingRule` divides one named amount by
another and compares the ratio with a threshold in percent.

The agents' days are money: the days planned by the services mobilised (declined mobilisations
aside) are valued at the project's day rate. That value is an in-kind contribution of the
authority *and* an expense of the project (staff time), as in the budgets funders ask for, so a
plan balanced in cash stays balanced.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core import audit
from maillage.core.concurrency import claim_version
from maillage.core.models import User
from maillage.core.services import write_service
from maillage.projects.funding.movements import check_granted_covers_received
from maillage.projects.models import (
    BudgetLine,
    Commitment,
    Contribution,
    ContributionInstalment,
    FundingRule,
    FundingRuleSet,
    FundingStatus,
    Mobilisation,
    Payment,
    Project,
    WorkedDays,
)
from maillage.projects.project_rows import create_row, delete_row, pick, update_row

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")
SUM_FIELD = models.DecimalField(max_digits=18, decimal_places=2)
DAYS_FIELD = models.DecimalField(max_digits=12, decimal_places=1)

FUNDER_PREFIX = "funder:"

# The rule set the funding tab checks when the user has not picked one.
DEFAULT_RULE_SET = "meae-aap-2024-2025-pma"

# Every amount a rule may name, with its label (French message ids).
AMOUNT_LABELS: dict[str, Promise] = {
    "budget_total": gettext_lazy("budget total"),
    "budget_lines_total": gettext_lazy("lignes budgétaires saisies"),
    "agent_days_value": gettext_lazy("valorisation des jours-agent"),
    "monitoring": gettext_lazy("suivi et évaluation"),
    "own_cash": gettext_lazy("apport de la collectivité en numéraire"),
    "own_in_kind": gettext_lazy("apport de la collectivité en nature"),
    "own_total": gettext_lazy("apport de la collectivité"),
    "external_total": gettext_lazy("cofinancements extérieurs"),
    "in_kind_total": gettext_lazy("total des valorisations"),
    "cash_total": gettext_lazy("total en numéraire"),
    "resources_total": gettext_lazy("total des ressources"),
    "balance": gettext_lazy("solde (ressources − budget)"),
    **{f"{FUNDER_PREFIX}{value}": label for value, label in Contribution.Funder.choices},
}


def amount_label(name: str) -> str:
    return str(AMOUNT_LABELS.get(name, name))


def validate_rule_amounts(numerator: str, denominator: str) -> None:
    """Raise ValidationError unless both names are amounts of the plan."""
    errors = {}
    known = ", ".join(AMOUNT_LABELS)
    for field_name, value in (("numerator", numerator), ("denominator", denominator)):
        if value not in AMOUNT_LABELS:
            message = _("« %(name)s » n'est pas un montant connu. Montants : %(known)s.")
            errors[field_name] = message % {"name": value, "known": known}
    if errors:
        raise ValidationError(errors)


# --- The valuation of agent-days and the totals built on it -----------------------------------
# The funding tab, the IATI file and the e-APD declaration all read their totals here.


def days_value(days: Decimal, day_rate: Decimal) -> Decimal:
    """The agents' days valued at the project's day rate, to the cent."""
    return (days * day_rate).quantize(CENT, ROUND_HALF_UP)


def worked_days_value(days: Decimal, day_rate: Decimal) -> Decimal:
    """The days the services actually worked, valued like the planned ones. The plan, the IATI
    file and the e-APD declaration keep valuing the planned days."""
    return days_value(days, day_rate)


def budget_total(lines: Decimal, days: Decimal, day_rate: Decimal) -> Decimal:
    """The project's budget: its budget lines plus the planned agent-days' value."""
    return lines + days_value(days, day_rate)


def own_total(own_contributions: Decimal, days: Decimal, day_rate: Decimal) -> Decimal:
    """The authority's own contribution: its cash and in-kind contributions entered, plus the
    planned agent-days' value (staff time it gives)."""
    return own_contributions + days_value(days, day_rate)


# --- Shares that add up exactly -----------------------------------------------------------------


def split_exactly(total: Decimal, parts: int, quantum: Decimal = CENT) -> list[Decimal]:
    """``total`` in ``parts`` equal shares rounded to ``quantum`` that sum exactly to ``total``.

    The units left over by rounding down go one each to the first shares.
    """
    if parts <= 0:
        return []
    units = int((total / quantum).to_integral_value(ROUND_HALF_UP))
    base, extra = divmod(units, parts)
    return [(base + (1 if i < extra else 0)) * quantum for i in range(parts)]


def year_shares(
    start: datetime.date, end: datetime.date
) -> list[tuple[int, datetime.date, datetime.date, int]]:
    """(year, first day, last day, days) of each calendar year of ``start``-``end``."""
    shares = []
    for year in range(start.year, end.year + 1):
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        shares.append((year, first, last, (last - first).days + 1))
    return shares


def prorate(amount: Decimal, parts: list[int]) -> list[Decimal]:
    """``amount`` shared in proportion to ``parts`` (days), in cents, summing exactly to it."""
    total = sum(parts)
    if total <= 0:
        return [ZERO for _ in parts]
    cents = int((amount / CENT).to_integral_value(ROUND_HALF_UP))
    exact = [Decimal(cents) * p / total for p in parts]
    floors = [int(x) for x in exact]
    left = cents - sum(floors)
    # Largest remainders first, earlier parts first among equals.
    order = sorted(range(len(parts)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


def year_amount(
    total: Decimal, start: datetime.date | None, end: datetime.date | None, year: int
) -> Decimal:
    """The part of a project's ``total`` that belongs to ``year``.

    With both dates, shared between the calendar years in proportion to the project's days in
    each (``year_shares``, ``prorate``); with one date, wholly that date's year; without any,
    no year's.
    """
    if start and end:
        years = year_shares(start, end)
        amounts = prorate(total, [days for *_rest, days in years])
        for (y, *_rest), amount in zip(years, amounts, strict=True):
            if y == year:
                return amount
        return ZERO
    day = start or end
    return total if day is not None and day.year == year else ZERO


def placed_in_year(year: int) -> Q:
    """The projects to which ``year_amount`` may give a part of ``year``, and the undated ones
    (which no year gets, so that a yearly statement can say they are missing)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return (
        Q(start_date__lte=last, end_date__gte=first)
        | Q(start_date__gte=first, start_date__lte=last, end_date__isnull=True)
        | Q(end_date__gte=first, end_date__lte=last, start_date__isnull=True)
        | Q(start_date__isnull=True, end_date__isnull=True)
    )


# --- The plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FundingPlan:
    """The named amounts of a project's funding plan, in euros."""

    day_rate: Decimal
    days_planned: Decimal
    days_actual: Decimal
    budget_lines_total: Decimal
    monitoring: Decimal
    by_funder: Mapping[str, Decimal]  # funder value -> cash + in kind, agent-days excluded
    own_in_kind_entered: Decimal  # the authority's in-kind contributions entered by hand
    in_kind_entered: Decimal  # every in-kind contribution entered by hand

    @property
    def agent_days_value(self) -> Decimal:
        return days_value(self.days_planned, self.day_rate)

    @property
    def budget_total(self) -> Decimal:
        return budget_total(self.budget_lines_total, self.days_planned, self.day_rate)

    @property
    def own_cash(self) -> Decimal:
        return self.by_funder.get(Contribution.Funder.OWN, ZERO) - self.own_in_kind_entered

    @property
    def own_in_kind(self) -> Decimal:
        return self.own_in_kind_entered + self.agent_days_value

    @property
    def own_total(self) -> Decimal:
        own = self.by_funder.get(Contribution.Funder.OWN, ZERO)
        return own_total(own, self.days_planned, self.day_rate)

    @property
    def external_total(self) -> Decimal:
        return sum(
            (v for k, v in self.by_funder.items() if k != Contribution.Funder.OWN), start=ZERO
        )

    @property
    def in_kind_total(self) -> Decimal:
        return self.in_kind_entered + self.agent_days_value

    @property
    def cash_total(self) -> Decimal:
        return sum(self.by_funder.values(), start=ZERO) - self.in_kind_entered

    @property
    def resources_total(self) -> Decimal:
        return self.cash_total + self.in_kind_total

    @property
    def balance(self) -> Decimal:
        return self.resources_total - self.budget_total

    def amount(self, name: str) -> Decimal:
        """The amount called ``name`` (see AMOUNT_LABELS); KeyError if unknown."""
        if name not in AMOUNT_LABELS:
            raise KeyError(name)
        if name == f"{FUNDER_PREFIX}{Contribution.Funder.OWN}":
            return self.own_total
        if name.startswith(FUNDER_PREFIX):
            return self.by_funder.get(name.removeprefix(FUNDER_PREFIX), ZERO)
        return getattr(self, name)

    def amounts(self) -> dict[str, Decimal]:
        return {name: self.amount(name) for name in AMOUNT_LABELS}

    def funder_rows(self) -> list[tuple[str, Decimal, Decimal | None, bool]]:
        """(label, amount, share of the budget in %, is a detail row): own, then each funder."""
        budget = self.budget_total
        rows = [
            (
                _("Apport de la collectivité"),
                self.own_total,
                percent(self.own_total, budget),
                False,
            ),
            (_("dont numéraire"), self.own_cash, percent(self.own_cash, budget), True),
            (
                _("dont en nature (jours-agent compris)"),
                self.own_in_kind,
                percent(self.own_in_kind, budget),
                True,
            ),
        ]
        for value, label in Contribution.Funder.choices:
            total = self.by_funder.get(value, ZERO)
            if value != Contribution.Funder.OWN and total:
                rows.append((str(label), total, percent(total, budget), False))
        rows.append(
            (
                _("Cofinancements extérieurs"),
                self.external_total,
                percent(self.external_total, budget),
                False,
            )
        )
        return rows


def summed(
    queryset: models.QuerySet, expression: str, output: models.Field, path: str = "project"
) -> Coalesce:
    """The sum of ``expression`` over the rows of ``queryset`` of each project (0 if none), as
    a subquery annotation of a Project queryset; ``path`` leads from the row to its project."""
    subquery = (
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(total=Sum(expression))
        .values("total")
    )
    return Coalesce(Subquery(subquery, output_field=output), Value(ZERO), output_field=output)


def _mobilised() -> models.QuerySet:
    """The mobilisations whose days count: every one but those the service declined."""
    return Mobilisation.objects.exclude(status=Mobilisation.Status.DECLINED)


def budget_annotations() -> dict[str, Coalesce]:
    """The inputs of ``budget_total`` for a Project queryset: ``fp_lines``, ``fp_days_planned``."""
    return {
        "fp_lines": summed(BudgetLine.objects.all(), "amount", SUM_FIELD),
        "fp_days_planned": summed(_mobilised(), "days_planned", DAYS_FIELD),
    }


def own_annotations() -> dict[str, Coalesce]:
    """The inputs of ``own_total`` for a Project queryset: ``fp_funder_own`` (the authority's
    contributions, cash and in kind) and ``fp_days_planned``."""
    own = Contribution.objects.filter(funder=Contribution.Funder.OWN)
    return {
        f"fp_funder_{Contribution.Funder.OWN}": summed(own, "amount", SUM_FIELD),
        "fp_days_planned": summed(_mobilised(), "days_planned", DAYS_FIELD),
    }


def plan_annotations() -> dict[str, Coalesce]:
    """Subquery annotations for a Project queryset: every input of the plan, in one query."""
    contributions = Contribution.objects.all()
    in_kind = contributions.filter(nature=Contribution.Nature.IN_KIND)
    annotations = {
        **budget_annotations(),
        "fp_monitoring": summed(
            BudgetLine.objects.filter(category=BudgetLine.Category.MONITORING), "amount", SUM_FIELD
        ),
        "fp_days_actual": summed(_mobilised(), "days_actual", DAYS_FIELD),
        "fp_own_in_kind": summed(
            in_kind.filter(funder=Contribution.Funder.OWN), "amount", SUM_FIELD
        ),
        "fp_in_kind": summed(in_kind, "amount", SUM_FIELD),
    }
    for funder in Contribution.Funder.values:
        annotations[f"fp_funder_{funder}"] = summed(
            contributions.filter(funder=funder), "amount", SUM_FIELD
        )
    return annotations


def plan_from_row(row: Mapping[str, object]) -> FundingPlan:
    """The plan of a ``values()`` row of a Project queryset annotated with plan_annotations()."""
    return FundingPlan(
        day_rate=row["agent_day_rate"],
        days_planned=row["fp_days_planned"],
        days_actual=row["fp_days_actual"],
        budget_lines_total=row["fp_lines"],
        monitoring=row["fp_monitoring"],
        by_funder={f: row[f"fp_funder_{f}"] for f in Contribution.Funder.values},
        own_in_kind_entered=row["fp_own_in_kind"],
        in_kind_entered=row["fp_in_kind"],
    )


def funding_plan(project: Project) -> FundingPlan:
    """The project's funding plan (1 query)."""
    annotations = plan_annotations()
    row = (
        Project.objects.filter(pk=project.pk)
        .annotate(**annotations)
        .values("agent_day_rate", *annotations)
        .get()
    )
    return plan_from_row(row)


# --- Money as it moves ------------------------------------------------------------------------
# Beside the plan: what the authority committed and paid, what the co-funders granted and paid
# in, the days the services worked. None of it changes the plan, the IATI file or the e-APD
# declaration, which read the plan.


@dataclass(frozen=True)
class Execution:
    """Planned, committed, paid and received amounts, and planned and worked days."""

    day_rate: Decimal
    budget_lines_total: Decimal  # planned spending, agent-days aside
    days_planned: Decimal
    days_worked: Decimal
    committed: Decimal
    paid: Decimal
    external_planned: Decimal  # co-funders' contributions in the plan, whatever their status
    requested: Decimal  # awaiting the funder's decision
    granted: Decimal  # the amounts the funders granted
    refused: Decimal  # the amounts asked for and refused
    received: Decimal  # the instalments the funders paid in

    @property
    def budget_total(self) -> Decimal:
        return budget_total(self.budget_lines_total, self.days_planned, self.day_rate)

    @property
    def planned_days_value(self) -> Decimal:
        return days_value(self.days_planned, self.day_rate)

    @property
    def worked_days_value(self) -> Decimal:
        return worked_days_value(self.days_worked, self.day_rate)

    @property
    def left_to_pay(self) -> Decimal:
        return self.committed - self.paid

    @property
    def left_to_receive(self) -> Decimal:
        return self.granted - self.received

    @property
    def external_share_planned(self) -> Decimal | None:
        return percent(self.external_planned, self.budget_total)

    @property
    def external_share_granted(self) -> Decimal | None:
        return percent(self.granted, self.budget_total)

    @property
    def external_share_received(self) -> Decimal | None:
        return percent(self.received, self.budget_total)

    @property
    def days_worked_share(self) -> Decimal | None:
        return percent(self.days_worked, self.days_planned)


class FundingState(StrEnum):
    """What the funding tab says of a co-funder's contribution."""

    REQUESTED = "requested"
    GRANTED = "granted"
    PARTLY_RECEIVED = "partly_received"
    RECEIVED = "received"
    REFUSED = "refused"

    @property
    def label(self) -> str:
        return str(FUNDING_STATE_LABELS[self])


FUNDING_STATE_LABELS = {
    FundingState.REQUESTED: gettext_lazy("Demandée, en attente de décision"),
    FundingState.GRANTED: gettext_lazy("Accordée"),
    FundingState.PARTLY_RECEIVED: gettext_lazy("Accordée, reçue en partie"),
    FundingState.RECEIVED: gettext_lazy("Accordée et reçue"),
    FundingState.REFUSED: gettext_lazy("Refusée"),
}


def funding_state(contribution: Contribution, received: Decimal) -> FundingState:
    """Where a co-funder's contribution stands: only a decision recorded as granted makes it
    granted, and only instalments make it received."""
    if contribution.status == FundingStatus.REFUSED:
        return FundingState.REFUSED
    if contribution.status != FundingStatus.GRANTED:
        return FundingState.REQUESTED
    if received <= 0:
        return FundingState.GRANTED
    if contribution.granted_amount is not None and received >= contribution.granted_amount:
        return FundingState.RECEIVED
    return FundingState.PARTLY_RECEIVED


def execution_annotations() -> dict[str, Coalesce]:
    """Subquery annotations for a Project queryset: every input of ``Execution``."""
    external = Contribution.objects.exclude(funder=Contribution.Funder.OWN)
    return {
        **budget_annotations(),
        "ex_days_worked": summed(
            WorkedDays.objects.all(), "days", DAYS_FIELD, path="mobilisation__project"
        ),
        "ex_committed": summed(Commitment.objects.all(), "amount", SUM_FIELD),
        "ex_paid": summed(Payment.objects.all(), "amount", SUM_FIELD, path="commitment__project"),
        "ex_external": summed(external, "amount", SUM_FIELD),
        "ex_requested": summed(
            external.filter(status=FundingStatus.REQUESTED), "amount", SUM_FIELD
        ),
        "ex_granted": summed(
            external.filter(status=FundingStatus.GRANTED), "granted_amount", SUM_FIELD
        ),
        "ex_refused": summed(external.filter(status=FundingStatus.REFUSED), "amount", SUM_FIELD),
        "ex_received": summed(
            ContributionInstalment.objects.exclude(contribution__funder=Contribution.Funder.OWN),
            "amount",
            SUM_FIELD,
            path="contribution__project",
        ),
    }


def execution_from_row(row: Mapping[str, object]) -> Execution:
    return Execution(
        day_rate=row["agent_day_rate"],
        budget_lines_total=row["fp_lines"],
        days_planned=row["fp_days_planned"],
        days_worked=row["ex_days_worked"],
        committed=row["ex_committed"],
        paid=row["ex_paid"],
        external_planned=row["ex_external"],
        requested=row["ex_requested"],
        granted=row["ex_granted"],
        refused=row["ex_refused"],
        received=row["ex_received"],
    )


def execution(project: Project) -> Execution:
    """Planned against committed, paid and received, for the project (1 query)."""
    annotations = execution_annotations()
    row = (
        Project.objects.filter(pk=project.pk)
        .annotate(**annotations)
        .values("agent_day_rate", *annotations)
        .get()
    )
    return execution_from_row(row)


def paid_by_year(project: Project) -> dict[int, Decimal]:
    """What the authority paid on the project, by calendar year of payment (1 query)."""
    payments = Payment.objects.filter(commitment__project=project).values_list("date", "amount")
    return by_year(payments)


def by_year(rows: Iterable[tuple[datetime.date, Decimal]]) -> dict[int, Decimal]:
    """Amounts summed by the calendar year of their date, years in order."""
    totals: dict[int, Decimal] = {}
    for day, amount in rows:
        totals[day.year] = totals.get(day.year, ZERO) + amount
    return dict(sorted(totals.items()))


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator in %, to one decimal; None when the denominator is not > 0."""
    if denominator <= 0:
        return None
    return (numerator * HUNDRED / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- The checker ------------------------------------------------------------------------------


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_EVALUABLE = "not_evaluable"


@dataclass(frozen=True)
class RuleOutcome:
    rule: FundingRule
    outcome: Outcome
    numerator: Decimal
    denominator: Decimal
    ratio: Decimal | None  # in %, rounded to one decimal for display
    threshold: Decimal  # in %
    reason: str = ""  # why the rule could not be evaluated

    @property
    def met(self) -> bool:
        """Only a rule shown to hold is met: a rule that cannot be evaluated is not."""
        return self.outcome is Outcome.MET

    @property
    def numerator_label(self) -> str:
        return amount_label(self.rule.numerator)

    @property
    def denominator_label(self) -> str:
        return amount_label(self.rule.denominator)


def _not_evaluable_reason(name: str) -> str:
    if name == "budget_total":
        return _("non évaluable : le budget est nul")
    return _("non évaluable : « %(amount)s » est nul") % {"amount": amount_label(name)}


def check_rule(plan: FundingPlan, rule: FundingRule) -> RuleOutcome:
    threshold = Decimal(rule.threshold)
    try:
        numerator = plan.amount(rule.numerator)
        denominator = plan.amount(rule.denominator)
    except KeyError as exc:
        return RuleOutcome(
            rule,
            Outcome.NOT_EVALUABLE,
            ZERO,
            ZERO,
            None,
            threshold,
            _("non évaluable : montant inconnu « %(name)s »") % {"name": exc.args[0]},
        )
    if denominator <= 0:
        return RuleOutcome(
            rule,
            Outcome.NOT_EVALUABLE,
            numerator,
            denominator,
            None,
            threshold,
            _not_evaluable_reason(rule.denominator),
        )
    # Compare without dividing, so that exactly-at-threshold is exact.
    scaled, bound = numerator * HUNDRED, threshold * denominator
    ok = scaled >= bound if rule.operator == FundingRule.Operator.AT_LEAST else scaled <= bound
    return RuleOutcome(
        rule,
        Outcome.MET if ok else Outcome.NOT_MET,
        numerator,
        denominator,
        percent(numerator, denominator),
        threshold,
    )


def check(plan: FundingPlan, rule_set: FundingRuleSet) -> list[RuleOutcome]:
    """Each rule of ``rule_set`` (prefetch ``rules`` to avoid a query) checked on ``plan``."""
    return [check_rule(plan, rule) for rule in rule_set.rules.all()]


# --- Reads for the funding tab ----------------------------------------------------------------


@dataclass
class BudgetCategory:
    label: str
    lines: list[BudgetLine] = field(default_factory=list)
    computed: Decimal = ZERO  # the valued agent-days, for the staff category

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), start=self.computed)


def rule_sets() -> list[FundingRuleSet]:
    """Every rule set with its rules (2 queries), for display: the texts of the shipped sets
    (``rule_texts.SHIPPED_TEXTS``) in the active language; a text edited in the admin has no
    translation and shows as typed. The instances are read-only copies for the page."""
    sets = list(FundingRuleSet.objects.prefetch_related("rules"))
    for rule_set in sets:
        rule_set.name = _(rule_set.name)
        rule_set.source = _(rule_set.source) if rule_set.source else ""
        for rule in rule_set.rules.all():
            rule.label = _(rule.label)
    return sets


def pick_rule_set(sets: list[FundingRuleSet], code: str | None) -> FundingRuleSet | None:
    by_code = {s.code: s for s in sets}
    return by_code.get(code or "") or by_code.get(DEFAULT_RULE_SET) or (sets[0] if sets else None)


def funding_page(
    project: Project,
    rule_set_code: str | None = None,
    *,
    user: User | None = None,
) -> dict[str, object]:
    """Everything the funding tab shows (10 queries): the plan and its execution (1), budget
    lines, contributions and their instalments, commitments and their payments (5), the
    mobilisations with their worked days (2), the rule sets and their rules (2).

    ``user`` marks the mobilisations to which one of the user's agent records belongs
    (``involves_user``), for the rule on who enters worked days.
    """
    annotations = {**plan_annotations(), **execution_annotations()}
    row = (
        Project.objects.filter(pk=project.pk)
        .annotate(**annotations)
        .values("agent_day_rate", *annotations)
        .get()
    )
    plan, moved = plan_from_row(row), execution_from_row(row)
    lines = list(BudgetLine.objects.filter(project=project).order_by("category", "label", "pk"))
    categories: dict[str, BudgetCategory] = {
        value: BudgetCategory(str(label)) for value, label in BudgetLine.Category.choices
    }
    for line in lines:
        categories[line.category].lines.append(line)
    categories[BudgetLine.Category.STAFF].computed = plan.agent_days_value
    contributions = list(
        Contribution.objects.filter(project=project).order_by("funder", "nature", "pk")
    )
    _attach(
        contributions,
        ContributionInstalment.objects.filter(contribution__project=project),
        "contribution_id",
        "instalment_list",
    )
    commitments = list(
        Commitment.objects.filter(project=project)
        .select_related("partner", "budget_line", "m57_function")
        .order_by("date", "pk")
    )
    payments = list(Payment.objects.filter(commitment__project=project).order_by("date", "pk"))
    _attach(commitments, payments, "commitment_id", "payment_list")
    mobilisations = list(_worked_mobilisations(project, user))
    _attach(
        mobilisations,
        WorkedDays.objects.filter(mobilisation__project=project).select_related("agent"),
        "mobilisation_id",
        "worked_list",
    )
    for contribution in contributions:
        contribution.received = sum((i.amount for i in contribution.instalment_list), ZERO)
        contribution.funding_state = funding_state(contribution, contribution.received)
    for commitment in commitments:
        commitment.paid = sum((p.amount for p in commitment.payment_list), ZERO)
        commitment.left = commitment.amount - commitment.paid
    for mobilisation in mobilisations:
        mobilisation.planned_value = days_value(mobilisation.days_planned, plan.day_rate)
        mobilisation.worked_value = worked_days_value(mobilisation.days_worked, plan.day_rate)
    sets = rule_sets()
    chosen = pick_rule_set(sets, rule_set_code)
    return {
        "plan": plan,
        "execution": moved,
        "budget_categories": [c for c in categories.values() if c.lines or c.computed],
        "budget_lines": lines,
        "contributions": contributions,
        "co_funding": [c for c in contributions if c.is_external],
        "commitments": commitments,
        "paid_by_year": by_year((p.date, p.amount) for p in payments),
        "mobilisations": mobilisations,
        "rule_sets": sets,
        "rule_set": chosen,
        "outcomes": check(plan, chosen) if chosen else [],
    }


def _attach(parents: list, children: Iterable, key: str, name: str) -> None:
    """Give each parent the list ``name`` of its children (read in one query)."""
    by_parent: dict[int, list] = {parent.pk: [] for parent in parents}
    for child in children:
        by_parent.setdefault(getattr(child, key), []).append(child)
    for parent in parents:
        setattr(parent, name, by_parent[parent.pk])


def _worked_mobilisations(project: Project, user: User | None) -> models.QuerySet:
    """The project's mobilisations that may hold worked days (declined ones aside), with the
    days worked (``days_worked``) and whether the user is one of its agents
    (``involves_user``)."""
    involves: Exists | Value = Value(False)
    if user is not None and user.is_authenticated:
        involves = Exists(
            Mobilisation.agents.through.objects.filter(
                mobilisation=OuterRef("pk"),
                agent__user=user,
                agent__authority=project.authority_id,
            )
        )
    worked = (
        WorkedDays.objects.filter(mobilisation=OuterRef("pk"))
        .order_by()
        .values("mobilisation")
        .annotate(total=Sum("days"))
        .values("total")
    )
    return (
        Mobilisation.objects.filter(project=project)
        .exclude(status=Mobilisation.Status.DECLINED)
        .select_related("service")
        .annotate(
            days_worked=Coalesce(
                Subquery(worked, output_field=DAYS_FIELD), Value(ZERO), output_field=DAYS_FIELD
            ),
            involves_user=involves,
        )
        .order_by("service__name", "pk")
    )


# --- Writes -----------------------------------------------------------------------------------

BUDGET_LINE_FIELDS = ("category", "label", "amount")
CONTRIBUTION_FIELDS = (
    "funder",
    "funder_name",
    "nature",
    "amount",
    "status",
    "decision_date",
    "granted_amount",
)


def _record(project: Project, by: User | None, verb: str, obj, changes=None) -> None:
    audit.record(
        authority=project.authority,
        user=by,
        kind=audit.kind_for(obj, verb),
        obj=obj,
        changes=changes or {},
    )


@write_service
def create_budget_line(project: Project, *, by: User | None, **data: object) -> BudgetLine:
    values = pick(data, BUDGET_LINE_FIELDS)
    return create_row(BudgetLine(project=project, **values), project, by, values)


@write_service
def update_budget_line(
    line: BudgetLine, *, by: User | None, version: int | None = None, **data: object
) -> BudgetLine:
    return update_row(line, line.project, by, pick(data, BUDGET_LINE_FIELDS), version)


@write_service
def delete_budget_line(line: BudgetLine, *, by: User | None) -> None:
    delete_row(line, line.project, by)


@write_service
def create_contribution(project: Project, *, by: User | None, **data: object) -> Contribution:
    values = pick(data, CONTRIBUTION_FIELDS)
    return create_row(Contribution(project=project, **values), project, by, values)


@write_service
def update_contribution(
    contribution: Contribution, *, by: User | None, version: int | None = None, **data: object
) -> Contribution:
    values = pick(data, CONTRIBUTION_FIELDS)
    check_granted_covers_received(contribution, values.get("granted_amount"))
    return update_row(contribution, contribution.project, by, values, version)


@write_service
def delete_contribution(contribution: Contribution, *, by: User | None) -> None:
    delete_row(contribution, contribution.project, by)


@write_service
def set_day_rate(
    project: Project, *, by: User | None, rate: Decimal, version: int | None = None
) -> Project:
    """Change the agent day rate; with ``version``, refuse if the project changed meanwhile."""
    if rate < 0:
        raise ValidationError({"agent_day_rate": _("Le coût d'une journée ne peut être négatif.")})
    old = Project.objects.values_list("agent_day_rate", flat=True).get(pk=project.pk)
    # The project page edits the same row under the same lock.
    claim_version(project, version)
    Project.objects.filter(pk=project.pk).update(agent_day_rate=rate, updated_at=timezone.now())
    project.refresh_from_db(fields=["agent_day_rate", "version", "updated_at"])
    _record(
        project,
        by,
        "day_rate_changed",
        project,
        {"agent_day_rate": [str(old), str(project.agent_day_rate)]} if old != rate else {},
    )
    return project
