"""The results framework of a project: results, their indicators and the periods measured.

Results sit on the partner territory or on the authority's own (local benefits, "retombées
locales"). Progress of an indicator compares the actual value of its latest measured period
with its target, from its baseline: (actual − baseline) / (target − baseline), clamped to
0–100 %. An indicator without a target has no progress and stays out of every mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from maillage.core.models import User
from maillage.core.services import write_service
from maillage.projects.models import Indicator, IndicatorPeriod, Project, Result
from maillage.projects.project_rows import create_row, delete_row, pick, update_row

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def progress(baseline: Decimal, target: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """Progress in %, 0 to 100; None without a target; 0 while nothing is measured."""
    if target is None:
        return None
    if actual is None:
        return ZERO
    span = target - baseline
    if span == 0:
        return HUNDRED if actual == target else ZERO
    return min(HUNDRED, max(ZERO, (actual - baseline) * HUNDRED / span))


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the values that are not None; None if there are none."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return sum(present, start=ZERO) / len(present)


def as_percent(value: Decimal | None) -> int | None:
    """A progress rounded to a whole percent, for display."""
    if value is None:
        return None
    return int(value.quantize(Decimal(1), ROUND_HALF_UP))


@dataclass
class IndicatorProgress:
    indicator: Indicator
    periods: list[IndicatorPeriod]

    @property
    def latest(self) -> IndicatorPeriod | None:
        """The latest period with an actual value."""
        measured = [p for p in self.periods if p.actual is not None]
        return max(measured, key=lambda p: (p.end, p.start, p.pk or 0), default=None)

    @property
    def actual(self) -> Decimal | None:
        latest = self.latest
        return latest.actual if latest else None

    @property
    def progress(self) -> Decimal | None:
        return progress(self.indicator.baseline, self.indicator.target, self.actual)

    @property
    def percent(self) -> int | None:
        return as_percent(self.progress)


@dataclass
class ResultProgress:
    result: Result
    indicators: list[IndicatorProgress] = field(default_factory=list)

    @property
    def progress(self) -> Decimal | None:
        return mean(i.progress for i in self.indicators)

    @property
    def percent(self) -> int | None:
        return as_percent(self.progress)


@dataclass
class ResultsFramework:
    results: list[ResultProgress]

    def on(self, territory: str) -> list[ResultProgress]:
        return [r for r in self.results if r.result.territory == territory]

    @property
    def partner(self) -> list[ResultProgress]:
        return self.on(Result.Territory.PARTNER)

    @property
    def home(self) -> list[ResultProgress]:
        return self.on(Result.Territory.HOME)

    @staticmethod
    def _rollup(results: list[ResultProgress]) -> Decimal | None:
        # Over indicators, not results: a result with many indicators weighs more.
        return mean(i.progress for r in results for i in r.indicators)

    @property
    def progress(self) -> Decimal | None:
        return self._rollup(self.results)

    @property
    def partner_progress(self) -> Decimal | None:
        return self._rollup(self.partner)

    @property
    def home_progress(self) -> Decimal | None:
        return self._rollup(self.home)

    @property
    def percent(self) -> int | None:
        return as_percent(self.progress)

    @property
    def partner_percent(self) -> int | None:
        return as_percent(self.partner_progress)

    @property
    def home_percent(self) -> int | None:
        return as_percent(self.home_progress)

    @property
    def indicator_count(self) -> int:
        return sum(len(r.indicators) for r in self.results)


def results_framework(project: Project) -> ResultsFramework:
    """The project's results, indicators and periods with their progress (3 queries)."""
    results = Result.objects.filter(project=project).prefetch_related(
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("pk").prefetch_related(
                Prefetch("periods", queryset=IndicatorPeriod.objects.order_by("start", "pk"))
            ),
        )
    )
    return ResultsFramework(
        [
            ResultProgress(
                result,
                [IndicatorProgress(i, list(i.periods.all())) for i in result.indicators.all()],
            )
            for result in results.order_by("territory", "pk")
        ]
    )


# --- Writes -----------------------------------------------------------------------------------

RESULT_FIELDS = ("title", "description", "territory", "result_type")
INDICATOR_FIELDS = ("title", "unit", "baseline", "baseline_year", "target")
PERIOD_FIELDS = ("start", "end", "target", "actual", "comment")


@write_service
def create_result(project: Project, *, by: User | None, **data: object) -> Result:
    values = pick(data, RESULT_FIELDS)
    return create_row(Result(project=project, **values), project, by, values)


@write_service
def update_result(
    result: Result, *, by: User | None, version: int | None = None, **data: object
) -> Result:
    return update_row(result, result.project, by, pick(data, RESULT_FIELDS), version)


@write_service
def delete_result(result: Result, *, by: User | None) -> None:
    """Delete a result with its indicators and their periods."""
    delete_row(result, result.project, by)


@write_service
def add_indicator(result: Result, *, by: User | None, **data: object) -> Indicator:
    values = pick(data, INDICATOR_FIELDS)
    return create_row(Indicator(result=result, **values), result.project, by, values)


@write_service
def update_indicator(
    indicator: Indicator, *, by: User | None, version: int | None = None, **data: object
) -> Indicator:
    values = pick(data, INDICATOR_FIELDS)
    return update_row(indicator, indicator.result.project, by, values, version)


@write_service
def delete_indicator(indicator: Indicator, *, by: User | None) -> None:
    delete_row(indicator, indicator.result.project, by)


@write_service
def record_period(indicator: Indicator, *, by: User | None, **data: object) -> IndicatorPeriod:
    """Add a measured (or planned) period to an indicator."""
    values = pick(data, PERIOD_FIELDS)
    return create_row(
        IndicatorPeriod(indicator=indicator, **values), indicator.result.project, by, values
    )


@write_service
def update_period(
    period: IndicatorPeriod, *, by: User | None, version: int | None = None, **data: object
) -> IndicatorPeriod:
    values = pick(data, PERIOD_FIELDS)
    return update_row(period, period.indicator.result.project, by, values, version)


@write_service
def delete_period(period: IndicatorPeriod, *, by: User | None) -> None:
    delete_row(period, period.indicator.result.project, by)
