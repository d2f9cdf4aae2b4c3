"""A co-funder's contribution: requested, granted, received in instalments, or refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.funding import movements
from maillage.projects.funding import services as funding
from maillage.projects.funding.services import FundingState
from maillage.projects.models import Contribution, ContributionInstalment, FundingStatus

from ..factories import (
    BudgetLineFactory,
    ContributionFactory,
    InstalmentFactory,
    ProjectFactory,
)

D = Decimal


@pytest.fixture
def project(authority):
    project = ProjectFactory(authority=authority, title="Caen – Thiès")
    BudgetLineFactory(project=project, amount=D("20000"))
    return project


@pytest.fixture
def region(project):
    return ContributionFactory(
        project=project,
        funder="region",
        funder_name="Région Normandie",
        amount=D("6000"),
        status=FundingStatus.GRANTED,
        decision_date=datetime.date(2024, 5, 2),
        granted_amount=D("5000"),
    )


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


def funding_page(client, project):
    return client.get(reverse("project_funding", args=[project.pk]))


def test_a_new_contribution_is_requested(project):
    contribution = ContributionFactory(project=project, funder="ministry")
    assert contribution.status == FundingStatus.REQUESTED
    assert contribution.granted_amount is None


def test_partly_received_co_funding_shows_its_state_and_amounts(project, region, users):
    by = users[Role.DRI]
    movements.record_instalment(region, by=by, date=datetime.date(2024, 9, 1), amount=D("2000"))
    movements.record_instalment(region, by=by, date=datetime.date(2025, 2, 1), amount=D("1000"))
    moved = funding.execution(project)
    assert (moved.external_planned, moved.granted, moved.received) == (
        D("6000"),
        D("5000"),
        D("3000"),
    )
    assert moved.left_to_receive == D("2000")
    assert moved.external_share_received == D("15.0")  # 3,000 of a 20,000 budget
    page = funding.funding_page(project)
    row = next(c for c in page["co_funding"] if c.pk == region.pk)
    assert row.funding_state is FundingState.PARTLY_RECEIVED
    assert row.received == D("3000")
    movements.record_instalment(region, by=by, date=datetime.date(2025, 6, 1), amount=D("2000"))
    row = next(c for c in funding.funding_page(project)["co_funding"] if c.pk == region.pk)
    assert row.funding_state is FundingState.RECEIVED


def test_requested_is_never_shown_as_granted(project, users, client_for):
    ContributionFactory(project=project, funder="ministry", funder_name="MEAE", amount=D("9000"))
    moved = funding.execution(project)
    assert (moved.requested, moved.granted, moved.received) == (D("9000"), D("0"), D("0"))
    response = funding_page(client_for(users[Role.AGENT]), project)
    html = response.content.decode()
    row = response.context["co_funding"][0]
    assert row.funding_state is FundingState.REQUESTED
    assert 'data-state="requested"' in html
    assert "Demandée, en attente de décision" in html
    assert 'data-state="granted"' not in html
    assert "dont 9\xa0000 € demandés en attente de décision" in html
    assert "refusés" not in html  # nothing refused: not "0 € refusés"


def test_refused_co_funding(project):
    ContributionFactory(
        project=project,
        funder="eu",
        amount=D("4000"),
        status=FundingStatus.REFUSED,
        decision_date=datetime.date(2025, 3, 1),
    )
    moved = funding.execution(project)
    assert (moved.refused, moved.granted, moved.requested) == (D("4000"), D("0"), D("0"))
    assert funding.funding_page(project)["co_funding"][0].funding_state is FundingState.REFUSED


def test_refused_only_does_not_say_zero_requested(project, users, client_for):
    ContributionFactory(
        project=project,
        funder="eu",
        amount=D("4000"),
        status=FundingStatus.REFUSED,
        decision_date=datetime.date(2025, 3, 1),
    )
    html = funding_page(client_for(users[Role.AGENT]), project).content.decode()
    assert "dont 4\xa0000 € refusés" in html
    assert "0 € demandés" not in html


def test_no_instalment_on_a_requested_or_refused_contribution(project, users):
    requested = ContributionFactory(project=project, funder="afd", amount=D("1000"))
    with pytest.raises(ValidationError, match="n'est pas accordée"):
        movements.record_instalment(
            requested, by=users[Role.DRI], date=datetime.date(2025, 1, 1), amount=D("10")
        )
    assert not ContributionInstalment.objects.exists()


def test_received_may_not_exceed_granted(region, users):
    InstalmentFactory(contribution=region, amount=D("4500"))
    with pytest.raises(ValidationError) as refused:
        movements.record_instalment(
            region, by=users[Role.DRI], date=datetime.date(2025, 1, 1), amount=D("600")
        )
    assert "il reste 500,00 € à recevoir" in refused.value.message_dict["amount"][0]


def test_granting_needs_a_date_and_an_amount(project, dri):
    contribution = ContributionFactory(project=project, funder="ministry", amount=D("9000"))
    url = reverse("funding_contribution_update", args=[project.pk, contribution.pk])
    data = {"funder": "ministry", "nature": "cash", "amount": "9000", "version": "1"}
    response = dri.post(url, {**data, "status": "granted"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"granted_amount", "decision_date"}
    response = dri.post(
        url,
        {**data, "status": "granted", "decision_date": "2024-07-01", "granted_amount": "8000"},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.status, contribution.granted_amount) == ("granted", D("8000"))
    event = AuditEvent.objects.get(kind="contribution.updated")
    assert event.changes["status"] == ["requested", "granted"]


def test_a_decision_cannot_be_undone_under_received_money(project, region, dri):
    InstalmentFactory(contribution=region, amount=D("3000"))
    url = reverse("funding_contribution_update", args=[project.pk, region.pk])
    data = {"funder": "region", "nature": "cash", "amount": "6000", "version": "1"}
    response = dri.post(url, {**data, "status": "requested"})
    assert "status" in response.context["form"].errors
    response = dri.post(
        url,
        {**data, "status": "granted", "decision_date": "2024-05-02", "granted_amount": "2000"},
    )
    assert (
        "3\xa0000,00 € ont déjà été reçus" in response.context["form"].errors["granted_amount"][0]
    )
    region.refresh_from_db()
    assert (region.status, region.granted_amount) == ("granted", D("5000"))


def test_instalments_through_the_pages(project, region, dri):
    response = dri.post(
        reverse("instalment_create", args=[project.pk, region.pk]),
        {"date": "2024-10-01", "amount": "2500", "note": "Avance 50 %"},
    )
    assert response.status_code == 302
    instalment = region.instalments.get()
    html = funding_page(dri, project).content.decode()
    assert "Avance 50 %" in html and 'data-state="partly_received"' in html
    url = reverse("instalment_delete", args=[project.pk, instalment.pk])
    assert dri.get(url).status_code == 200
    assert ContributionInstalment.objects.exists()
    assert dri.post(url).status_code == 302
    assert not ContributionInstalment.objects.exists()
    assert list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True)) == [
        "contribution_instalment.created",
        "contribution_instalment.deleted",
    ]


def test_the_authoritys_own_funds_have_no_status_and_receive_nothing(project, users, client_for):
    own = ContributionFactory(project=project, funder=Contribution.Funder.OWN, amount=D("3000"))
    response = funding_page(client_for(users[Role.DRI]), project)
    assert own not in response.context["co_funding"]
    assert reverse("instalment_create", args=[project.pk, own.pk]) not in (
        response.content.decode()
    )
    own.status = FundingStatus.GRANTED  # even if someone marks it granted
    own.decision_date, own.granted_amount = datetime.date(2025, 1, 1), D("3000")
    own.save()
    with pytest.raises(ValidationError, match="fonds propres"):
        movements.record_instalment(
            own, by=users[Role.DRI], date=datetime.date(2025, 1, 1), amount=D("10")
        )
