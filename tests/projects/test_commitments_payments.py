"""Commitments of the authority's money on a project and the payments that settle them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from maillage.core.models import AuditEvent, Role
from maillage.projects.funding import movements
from maillage.projects.funding import services as funding
from maillage.projects.models import Commitment, Payment

from ..factories import (
    BudgetLineFactory,
    CommitmentFactory,
    PartnerFactory,
    PaymentFactory,
    ProjectFactory,
    ProjectPartnerFactory,
)

D = Decimal


@pytest.fixture
def project(authority):
    return ProjectFactory(authority=authority, title="Caen – Thiès")


@pytest.fixture
def commitment(project):
    return CommitmentFactory(
        project=project, date=datetime.date(2024, 11, 20), amount=D("10000"), label="Chantiers"
    )


@pytest.fixture
def dri(users, client_for):
    return client_for(users[Role.DRI])


def test_paid_total_goes_to_the_year_of_each_payment(project, commitment, users):
    # One commitment, paid in December 2024 and in January 2025: each year keeps its part.
    movements.record_payment(
        commitment,
        by=users[Role.DRI],
        date=datetime.date(2024, 12, 30),
        amount=D("4000"),
        reference="M-2024-981",
    )
    movements.record_payment(
        commitment,
        by=users[Role.DRI],
        date=datetime.date(2025, 1, 3),
        amount=D("2500"),
        reference="M-2025-004",
    )
    assert funding.paid_by_year(project) == {2024: D("4000"), 2025: D("2500")}
    moved = funding.execution(project)
    assert (moved.committed, moved.paid, moved.left_to_pay) == (D("10000"), D("6500"), D("3500"))


def test_payments_are_summed_per_commitment_and_never_exceed_it(commitment, users):
    by = users[Role.DRI]
    movements.record_payment(
        commitment, by=by, date=datetime.date(2025, 2, 1), amount=D("6000"), reference="M-1"
    )
    movements.record_payment(
        commitment, by=by, date=datetime.date(2025, 3, 1), amount=D("4000"), reference="M-2"
    )
    with pytest.raises(ValidationError) as refused:
        movements.record_payment(
            commitment, by=by, date=datetime.date(2025, 4, 1), amount=D("0.01"), reference="M-3"
        )
    message = refused.value.message_dict["amount"][0]
    assert "dépasserait l'engagement" in message
    assert "il reste 0,00 € à payer" in message
    assert commitment.payments.count() == 2


def test_a_payment_changed_beyond_the_commitment_is_refused(commitment, users):
    first = PaymentFactory(commitment=commitment, amount=D("6000"))
    PaymentFactory(commitment=commitment, amount=D("3000"))
    movements.update_payment(first, by=users[Role.DRI], amount=D("7000"))  # 10,000 in all
    with pytest.raises(ValidationError):
        movements.update_payment(first, by=users[Role.DRI], amount=D("7000.01"))
    first.refresh_from_db()
    assert first.amount == D("7000")


def test_a_commitment_cut_below_what_is_paid_is_refused(commitment, users):
    PaymentFactory(commitment=commitment, amount=D("6000"))
    with pytest.raises(ValidationError) as refused:
        movements.update_commitment(commitment, by=users[Role.DRI], amount=D("5000"))
    assert "6\xa0000,00 € sont déjà payés" in refused.value.message_dict["amount"][0]
    commitment.refresh_from_db()
    assert commitment.amount == D("10000")


def test_over_payment_through_the_form_shows_a_french_error_and_writes_nothing(
    project, commitment, dri
):
    PaymentFactory(commitment=commitment, amount=D("9000"))
    url = reverse("payment_create", args=[project.pk, commitment.pk])
    response = dri.post(url, {"date": "2025-01-15", "amount": "1500", "reference": "M-77"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "il reste 1\xa0000,00 € à payer" in errors["amount"][0]
    assert commitment.payments.count() == 1
    assert not AuditEvent.objects.filter(kind="payment.created").exists()


@pytest.mark.parametrize("amount", ["0", "-10"])
def test_amounts_must_be_positive(project, commitment, dri, amount):
    response = dri.post(
        reverse("payment_create", args=[project.pk, commitment.pk]),
        {"date": "2025-01-15", "amount": amount, "reference": "M-1"},
    )
    assert response.status_code == 200
    assert "amount" in response.context["form"].errors
    response = dri.post(
        reverse("commitment_create", args=[project.pk]),
        {"date": "2025-01-15", "label": "x", "amount": amount, "beneficiary_kind": "staff"},
    )
    assert "amount" in response.context["form"].errors
    assert not Payment.objects.exists()


def test_commitment_and_payment_through_the_pages(project, dri, authority):
    partner = PartnerFactory(authority=authority, name="Ville de Thiès")
    ProjectPartnerFactory(project=project, partner=partner)
    line = BudgetLineFactory(project=project, label="Chantiers jeunes")
    response = dri.post(
        reverse("commitment_create", args=[project.pk]),
        {
            "date": "2024-11-20",
            "label": "Subvention chantiers",
            "amount": "8000",
            "beneficiary_kind": "partner",
            "partner": partner.pk,
            "budget_line": line.pk,
            "m57_function": "044",
            "m57_nature": "6574",
        },
    )
    assert response.status_code == 302
    commitment = Commitment.objects.get()
    assert (commitment.partner, commitment.budget_line, commitment.m57_function_id) == (
        partner,
        line,
        "044",
    )
    response = dri.post(
        reverse("payment_create", args=[project.pk, commitment.pk]),
        {"date": "2024-12-18", "amount": "5000", "reference": "M-2024-1203", "note": "1er"},
    )
    assert response.status_code == 302
    html = dri.get(reverse("project_funding", args=[project.pk])).content.decode()
    assert "Subvention chantiers" in html and "M-2024-1203" in html
    assert reverse("payment_update", args=[project.pk, commitment.payments.get().pk]) in html
    assert list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True)) == [
        "commitment.created",
        "payment.created",
    ]


def test_commitment_form_refuses_a_partner_outside_the_project(project, dri, authority):
    stranger = PartnerFactory(authority=authority)  # same authority, not a project partner
    response = dri.post(
        reverse("commitment_create", args=[project.pk]),
        {
            "date": "2024-11-20",
            "label": "x",
            "amount": "10",
            "beneficiary_kind": "partner",
            "partner": stranger.pk,
        },
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not Commitment.objects.exists()


def test_commitment_form_refuses_another_authoritys_partner_and_budget_line(
    project, dri, other_authority
):
    other_project = ProjectFactory(authority=other_authority)
    other_partner = PartnerFactory(authority=other_authority)
    ProjectPartnerFactory(project=other_project, partner=other_partner)
    other_line = BudgetLineFactory(project=other_project)
    data = {"date": "2024-11-20", "label": "x", "amount": "10", "beneficiary_kind": "partner"}
    url = reverse("commitment_create", args=[project.pk])
    response = dri.post(url, {**data, "partner": other_partner.pk})
    assert "partner" in response.context["form"].errors
    response = dri.post(url, {**data, "budget_line": other_line.pk})
    assert "budget_line" in response.context["form"].errors
    assert not Commitment.objects.exists()


def test_service_refuses_a_budget_line_of_another_project(project, users):
    line = BudgetLineFactory(project=ProjectFactory(authority=project.authority))
    with pytest.raises(ValidationError) as refused:
        movements.create_commitment(
            project,
            by=users[Role.DRI],
            date=datetime.date(2025, 1, 1),
            amount=D("10"),
            beneficiary_kind="staff",
            label="x",
            budget_line=line,
        )
    assert "budget_line" in refused.value.message_dict


def test_a_payment_form_built_on_an_old_version_is_refused(project, commitment, dri):
    payment = PaymentFactory(commitment=commitment, amount=D("100"))
    Payment.objects.filter(pk=payment.pk).update(version=payment.version + 1)
    response = dri.post(
        reverse("payment_update", args=[project.pk, payment.pk]),
        {"date": "2025-01-15", "amount": "200", "reference": "M-1", "version": payment.version},
    )
    assert response.status_code == 409
    payment.refresh_from_db()
    assert payment.amount == D("100")


def test_deleting_a_commitment_asks_first_then_takes_its_payments(project, commitment, dri):
    PaymentFactory(commitment=commitment)
    url = reverse("commitment_delete", args=[project.pk, commitment.pk])
    response = dri.get(url)
    assert response.status_code == 200
    assert "Ses paiements seront supprimés aussi." in response.content.decode()
    assert Commitment.objects.exists()
    assert dri.post(url).status_code == 302
    assert not Commitment.objects.exists() and not Payment.objects.exists()
    assert AuditEvent.objects.filter(kind="commitment.deleted").count() == 1


@pytest.mark.parametrize("role", [Role.ELECTED, Role.DIRECTION, Role.AGENT, Role.REFERENT])
def test_readers_see_the_money_but_cannot_touch_it(project, commitment, users, client_for, role):
    payment = PaymentFactory(commitment=commitment, reference="M-lecture")
    client = client_for(users[role])
    html = client.get(reverse("project_funding", args=[project.pk])).content.decode()
    assert "M-lecture" in html
    assert reverse("payment_update", args=[project.pk, payment.pk]) not in html
    assert reverse("commitment_create", args=[project.pk]) not in html
    url = reverse("payment_create", args=[project.pk, commitment.pk])
    response = client.post(url, {"date": "2025-01-15", "amount": "1", "reference": "M-2"})
    assert response.status_code == 403
    assert commitment.payments.count() == 1


def test_another_authoritys_commitment_is_not_found(project, dri, other_authority):
    foreign = CommitmentFactory(project=ProjectFactory(authority=other_authority))
    # Through our project's URL, and through theirs.
    assert dri.get(reverse("payment_create", args=[project.pk, foreign.pk])).status_code == 404
    url = reverse("commitment_update", args=[foreign.project_id, foreign.pk])
    assert dri.get(url).status_code == 404
