"""The dashboard's money block: planned beside committed, paid and received, summed over the
period's projects, with what moved in the year and the co-funders' share. Hand-made world,
hand-computed figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from maillage.core.models import Role
from maillage.projects.models import Contribution, FundingStatus
from maillage.reporting import selectors
from maillage.reporting.selectors import Period

from ..factories import (
    BudgetLineFactory,
    CommitmentFactory,
    ContributionFactory,
    InstalmentFactory,
    MobilisationFactory,
    PaymentFactory,
    ProjectFactory,
    WorkedDaysFactory,
)

pytestmark = pytest.mark.django_db
D = Decimal
d = datetime.date


@pytest.fixture
def money_world(authority, other_authority):
    """A (2024-2026, 300 €/day) and B (2025, 200 €/day), and another authority's project."""
    a = ProjectFactory(
        authority=authority,
        title="Projet A",
        start_date=d(2024, 1, 1),
        end_date=d(2026, 12, 31),
        agent_day_rate=D(300),
    )
    BudgetLineFactory(project=a, amount=D(10000))
    mobilised = MobilisationFactory(project=a, days_planned=D(10))
    WorkedDaysFactory(mobilisation=mobilised, month=d(2024, 11, 1), days=D(1))
    WorkedDaysFactory(mobilisation=mobilised, month=d(2025, 3, 1), days=D(2))
    ContributionFactory(project=a, funder=Contribution.Funder.OWN, amount=D(4000))
    region = ContributionFactory(
        project=a,
        funder=Contribution.Funder.REGION,
        amount=D(6000),
        status=FundingStatus.GRANTED,
        decision_date=d(2024, 6, 1),
        granted_amount=D(5000),
    )
    InstalmentFactory(contribution=region, date=d(2024, 9, 1), amount=D(2000))
    InstalmentFactory(contribution=region, date=d(2025, 2, 1), amount=D(1500))
    ContributionFactory(project=a, funder=Contribution.Funder.EU, amount=D(3000))  # requested
    ContributionFactory(
        project=a,
        funder=Contribution.Funder.MINISTRY,
        amount=D(1000),
        status=FundingStatus.REFUSED,
        decision_date=d(2024, 5, 1),
    )
    commitment = CommitmentFactory(project=a, date=d(2024, 11, 15), amount=D(5000))
    PaymentFactory(commitment=commitment, date=d(2024, 12, 10), amount=D(1000))
    PaymentFactory(commitment=commitment, date=d(2025, 1, 10), amount=D(1500))

    b = ProjectFactory(
        authority=authority,
        title="Projet B",
        start_date=d(2025, 1, 1),
        end_date=d(2025, 12, 31),
        agent_day_rate=D(200),
    )
    BudgetLineFactory(project=b, amount=D(2000))
    mobilised = MobilisationFactory(project=b, days_planned=D(5))
    WorkedDaysFactory(mobilisation=mobilised, month=d(2025, 6, 1), days=D(3))
    commitment = CommitmentFactory(project=b, date=d(2025, 2, 1), amount=D(2000))
    PaymentFactory(commitment=commitment, date=d(2025, 3, 1), amount=D(2000))

    elsewhere = ProjectFactory(authority=other_authority, start_date=d(2025, 1, 1))
    commitment = CommitmentFactory(project=elsewhere, date=d(2025, 1, 1), amount=D(9999))
    PaymentFactory(commitment=commitment, date=d(2025, 1, 2), amount=D(9999))
    return a, b


def test_money_of_the_year_side_by_side(authority, money_world):
    """Planned: lines 10,000 + 2,000 = 12,000; days 10 × 300 + 5 × 200 = 4,000; budget 16,000.
    Committed 5,000 + 2,000 = 7,000 (2,000 dated 2025); paid 1,000 + 1,500 + 2,000 = 4,500
    (1,500 + 2,000 = 3,500 in 2025). Co-funders: planned 6,000 + 3,000 + 1,000 = 10,000, of
    which 3,000 requested and 1,000 refused; granted 5,000; received 2,000 + 1,500 = 3,500
    (1,500 in 2025). Worked: (1 + 2) × 300 + 3 × 200 = 1,500 (2 × 300 + 3 × 200 = 1,200 in
    2025). Shares: 10,000 / 16,000 = 62.5 %, 5,000 / 16,000 = 31.25 → 31.3 %,
    3,500 / 16,000 = 21.875 → 21.9 %; in 2025, 1,500 / (3,500 + 1,500) = 30 %. The other
    authority's 9,999 € are not counted."""
    money = selectors.period_data(authority, Period(2025), money=True).money
    t = money.total
    assert (t.budget_lines_total, money.planned_days_value, money.budget_total) == (
        D(12000),
        D(4000),
        D(16000),
    )
    assert (t.committed, t.paid) == (D(7000), D(4500))
    assert (t.external_planned, t.requested, t.refused, t.granted, t.received) == (
        D(10000),
        D(3000),
        D(1000),
        D(5000),
        D(3500),
    )
    assert (t.days_planned, t.days_worked, money.worked_days_value) == (D(15), D(6), D(1500))
    assert (
        money.committed_in_year,
        money.paid_in_year,
        money.received_in_year,
        money.worked_value_in_year,
    ) == (D(2000), D(3500), D(1500), D(1200))
    assert (
        money.external_share_planned,
        money.external_share_granted,
        money.external_share_received,
        money.external_share_in_year,
    ) == (D("62.5"), D("31.3"), D("21.9"), D("30.0"))


def test_a_year_keeps_the_period_s_projects_only(authority, money_world):
    """In 2024 only A runs: paid 2,500 in all, 1,000 of it in 2024; received 2,000 in 2024;
    worked 1 day × 300 in 2024."""
    money = selectors.period_data(authority, Period(2024), money=True).money
    assert (money.total.paid, money.budget_total) == (D(2500), D(13000))
    assert (money.paid_in_year, money.received_in_year, money.worked_value_in_year) == (
        D(1000),
        D(2000),
        D(300),
    )


def test_all_years_has_no_column_of_the_year(authority, money_world, users, client_for):
    money = selectors.period_data(authority, Period(None), money=True).money
    assert money.year is None and money.total.paid == D(4500)
    html = client_for(users[Role.ELECTED]).get(reverse("dashboard") + "?annee=toutes").text
    assert 'id="dashboard-money"' in html and "Dont en" not in html


def test_the_page_shows_the_block(authority, money_world, users, client_for):
    html = client_for(users[Role.ELECTED]).get(reverse("dashboard") + "?annee=2025").text
    block = html[html.index('id="dashboard-money"') :]
    block = block[: block.index("</table>")]
    for figure in ("12\u00a0000 €", "7\u00a0000 €", "4\u00a0500 €", "3\u00a0500 € payés"):
        assert figure in block, figure
    assert "62,5 %" in block and "30 %" in block
    assert "9\u00a0999" not in html
