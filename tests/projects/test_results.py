"""Progress of indicators, results and the project; the results services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maillage.core.models import AuditEvent
from maillage.projects.models import Indicator, IndicatorPeriod, Result
from maillage.projects.results import services as results

from ..factories import (
    IndicatorFactory,
    IndicatorPeriodFactory,
    ProjectFactory,
    ResultFactory,
    member,
)

D = Decimal
HOME, PARTNER = Result.Territory.HOME, Result.Territory.PARTNER


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "expected"),
    [
        ("0", None, "5", None),  # no target, no progress
        ("0", "6", None, D(0)),  # nothing measured yet
        ("0", "6", "6", D(100)),
        ("0", "6", "9", D(100)),  # clamped
        ("2", "6", "1", D(0)),  # below the baseline, clamped
        ("2", "6", "4", D(50)),  # from the baseline
        ("20", "10", "15", D(50)),  # a decreasing indicator
        ("3", "3", "3", D(100)),
        ("3", "3", "2", D(0)),
    ],
)
def test_progress(baseline, target, actual, expected):
    value = results.progress(
        D(baseline), D(target) if target else None, D(actual) if actual else None
    )
    assert value == expected


def test_progress_is_decimal_and_rounds_for_display():
    value = results.progress(D(0), D(6), D(5))
    assert isinstance(value, Decimal)
    assert results.as_percent(value) == 83
    assert results.as_percent(D("66.5")) == 67
    assert results.as_percent(None) is None


@pytest.mark.django_db
def test_caen_thies_five_of_six_youths(authority):
    user = member(authority, "dri")
    project = ProjectFactory(authority=authority, title="Caen – Thiès")
    result = results.create_result(
        project,
        by=user,
        title="Insertion professionnelle des jeunes du quartier",
        territory=HOME,
        result_type=Result.Type.OUTCOME,
    )
    indicator = results.add_indicator(
        result,
        by=user,
        title="Jeunes du territoire recrutés par la ville",
        unit="jeunes",
        target=D(6),
    )
    results.record_period(
        indicator,
        by=user,
        start=datetime.date(2024, 9, 1),
        end=datetime.date(2025, 8, 31),
        actual=D(5),
        comment="5 des 6 jeunes accueillis recrutés",
    )

    framework = results.results_framework(project)
    [rp] = framework.home
    [ip] = rp.indicators
    assert ip.actual == D(5)
    assert ip.percent == 83
    assert rp.percent == 83
    assert framework.percent == 83
    assert framework.home_percent == 83
    assert framework.partner_percent is None
    assert framework.partner == []


@pytest.mark.django_db
def test_rollups_skip_indicators_without_target_and_weigh_indicators(authority):
    project = ProjectFactory(authority=authority)
    home = ResultFactory(project=project, territory=HOME)
    partner = ResultFactory(project=project, territory=PARTNER)
    ResultFactory(project=project, territory=PARTNER)  # a result without indicators
    # Home: 100 % and 50 %; an indicator without target is followed but not averaged.
    IndicatorPeriodFactory(indicator=IndicatorFactory(result=home, target=D(4)), actual=D(4))
    IndicatorPeriodFactory(indicator=IndicatorFactory(result=home, target=D(10)), actual=D(5))
    IndicatorPeriodFactory(indicator=IndicatorFactory(result=home, target=None), actual=D(99))
    # Partner: one indicator at 20 %.
    IndicatorPeriodFactory(indicator=IndicatorFactory(result=partner, target=D(10)), actual=D(2))

    framework = results.results_framework(project)
    assert framework.indicator_count == 4
    home_progress = framework.home[0]
    assert [i.percent for i in home_progress.indicators] == [100, 50, None]
    assert home_progress.percent == 75
    assert framework.home_percent == 75
    assert framework.partner_percent == 20
    assert [r.percent for r in framework.partner] == [20, None]
    # Over the three indicators with a target, not over the two results: (100 + 50 + 20) / 3.
    assert framework.percent == 57


@pytest.mark.django_db
def test_project_without_indicators_has_no_progress(authority):
    project = ProjectFactory(authority=authority)
    ResultFactory(project=project)
    framework = results.results_framework(project)
    assert framework.percent is None
    assert framework.home_percent is None


@pytest.mark.django_db
def test_latest_measured_period_counts(authority):
    indicator = IndicatorFactory(result__project__authority=authority, target=D(10))
    IndicatorPeriodFactory(
        indicator=indicator,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        actual=D(6),
    )
    IndicatorPeriodFactory(
        indicator=indicator,
        start=datetime.date(2024, 1, 1),
        end=datetime.date(2024, 12, 31),
        actual=D(9),
    )
    # A planned period, not measured yet, does not hide the last measure.
    IndicatorPeriodFactory(
        indicator=indicator,
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
        actual=None,
    )
    framework = results.results_framework(indicator.result.project)
    [ip] = framework.results[0].indicators
    assert ip.latest.start == datetime.date(2025, 1, 1)
    assert ip.percent == 60
    assert [p.start.year for p in ip.periods] == [2024, 2025, 2026]


@pytest.mark.django_db
def test_results_framework_runs_three_queries_whatever_the_size(authority):
    project = ProjectFactory(authority=authority)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            framework = results.results_framework(project)
            _ = [i.percent for r in framework.results for i in r.indicators]
        return len(ctx.captured_queries)

    IndicatorPeriodFactory(indicator__result__project=project)
    small = count()
    for _ in range(5):
        indicator = IndicatorFactory(result__project=project)
        IndicatorPeriodFactory.create_batch(3, indicator=indicator)
    assert small == count() == 3


@pytest.mark.django_db
def test_result_services_write_and_audit(authority):
    user = member(authority, "admin")
    project = ProjectFactory(authority=authority)
    result = results.create_result(project, by=user, title="Échanges scolaires", territory=HOME)
    results.update_result(result, by=user, territory=PARTNER)
    indicator = results.add_indicator(result, by=user, title="Élèves", unit="élèves")
    results.update_indicator(indicator, by=user, target=D(30), baseline_year=2024)
    period = results.record_period(
        indicator,
        by=user,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 6, 30),
        actual=D(12),
    )
    results.update_period(period, by=user, actual=D(15))

    result.refresh_from_db()
    indicator.refresh_from_db()
    period.refresh_from_db()
    assert result.territory == PARTNER
    assert (indicator.target, indicator.baseline_year) == (D(30), 2024)
    assert period.actual == D(15)

    results.delete_period(period, by=user)
    assert not IndicatorPeriod.objects.exists()
    results.delete_indicator(indicator, by=user)
    assert not Indicator.objects.exists()
    results.delete_result(result, by=user)
    assert not Result.objects.exists()

    events = AuditEvent.objects.order_by("pk")
    assert [(e.object_type, e.action) for e in events] == [
        ("projects.Result", "create"),
        ("projects.Result", "update"),
        ("projects.Indicator", "create"),
        ("projects.Indicator", "update"),
        ("projects.IndicatorPeriod", "create"),
        ("projects.IndicatorPeriod", "update"),
        ("projects.IndicatorPeriod", "delete"),
        ("projects.Indicator", "delete"),
        ("projects.Result", "delete"),
    ]
    assert {e.authority for e in events} == {authority}
    assert events[1].changes == {"territory": ["home", "partner"]}


@pytest.mark.django_db
def test_delete_result_removes_its_indicators_and_periods(authority):
    period = IndicatorPeriodFactory(indicator__result__project__authority=authority)
    results.delete_result(period.indicator.result, by=None)
    assert not Indicator.objects.exists()
    assert not IndicatorPeriod.objects.exists()


@pytest.mark.django_db
def test_period_ending_before_it_starts_is_refused(authority):
    indicator = IndicatorFactory(result__project__authority=authority)
    with pytest.raises(ValidationError):
        results.record_period(
            indicator, by=None, start=datetime.date(2025, 6, 1), end=datetime.date(2025, 1, 1)
        )
    assert not IndicatorPeriod.objects.exists()
