"""Money as it moves: the authority's commitments and their payments, the co-funders'
instalments, the days the mobilised services actually worked.

Every write goes through ``project_rows`` (validated, saved, recorded in the audit trail).
The totals that must hold (paid within committed, received within granted) are checked with
the parent row locked, so two payments entered at once cannot both slip under the limit.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from maillage.core.models import User
from maillage.core.services import write_service
from maillage.projects.models import (
    Commitment,
    Contribution,
    ContributionInstalment,
    FundingStatus,
    Mobilisation,
    Payment,
    Project,
    WorkedDays,
)
from maillage.projects.project_rows import create_row, delete_row, pick, update_row

ZERO = Decimal("0")

COMMITMENT_FIELDS = (
    "date",
    "amount",
    "beneficiary_kind",
    "partner",
    "beneficiary_name",
    "budget_line",
    "m57_function",
    "m57_nature",
    "label",
)
PAYMENT_FIELDS = ("date", "amount", "reference", "note")
INSTALMENT_FIELDS = ("date", "amount", "note")
WORKED_DAYS_FIELDS = ("agent", "month", "days", "note")


def euros(amount: Decimal) -> str:
    return number_format(amount, 2, force_grouping=True)


def _lock[M: Commitment | Contribution](obj: M) -> M:
    """The row, locked until the end of the transaction, as the database holds it now."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _check_belongs(project: Project, **objects: object) -> None:
    """Refuse a partner or budget line that is not the project's (forms already limit them;
    services are called by commands and tests too)."""
    errors = {}
    partner, line = objects.get("partner"), objects.get("budget_line")
    if partner is not None and not project.project_partners.filter(partner=partner).exists():
        errors["partner"] = _("Ce partenaire n'est pas un partenaire du projet.")
    if line is not None and line.project_id != project.pk:
        errors["budget_line"] = _("Cette ligne budgétaire n'est pas celle du projet.")
    if errors:
        raise ValidationError(errors)


# --- Commitments and payments -----------------------------------------------------------------


def paid_total(commitment: Commitment, *, excluding: Payment | None = None) -> Decimal:
    payments = commitment.payments.all()
    if excluding is not None:
        payments = payments.exclude(pk=excluding.pk)
    return payments.aggregate(total=Sum("amount"))["total"] or ZERO


@write_service
def create_commitment(project: Project, *, by: User | None, **data: object) -> Commitment:
    values = pick(data, COMMITMENT_FIELDS)
    _check_belongs(project, **values)
    return create_row(Commitment(project=project, **values), project, by, values)


@write_service
def update_commitment(
    commitment: Commitment, *, by: User | None, version: int | None = None, **data: object
) -> Commitment:
    values = pick(data, COMMITMENT_FIELDS)
    _check_belongs(commitment.project, **values)
    _lock(commitment)
    paid = paid_total(commitment)
    if "amount" in values and values["amount"] is not None and values["amount"] < paid:
        raise ValidationError(
            {
                "amount": _(
                    "%(paid)s € sont déjà payés sur cet engagement : le montant engagé ne peut "
                    "être inférieur. Corrigez d'abord les paiements."
                )
                % {"paid": euros(paid)}
            }
        )
    return update_row(commitment, commitment.project, by, values, version)


@write_service
def delete_commitment(commitment: Commitment, *, by: User | None) -> None:
    delete_row(commitment, commitment.project, by)


def _check_payment(commitment: Commitment, amount: object, excluding: Payment | None) -> None:
    locked = _lock(commitment)
    if amount is None:
        return
    paid = paid_total(locked, excluding=excluding)
    if paid + amount > locked.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Ce paiement dépasserait l'engagement : %(committed)s € engagés, "
                    "%(paid)s € déjà payés, il reste %(left)s € à payer. Réduisez le montant "
                    "ou augmentez d'abord l'engagement."
                )
                % {
                    "committed": euros(locked.amount),
                    "paid": euros(paid),
                    "left": euros(max(locked.amount - paid, ZERO)),
                }
            }
        )


@write_service
def record_payment(commitment: Commitment, *, by: User | None, **data: object) -> Payment:
    values = pick(data, PAYMENT_FIELDS)
    _check_payment(commitment, values.get("amount"), None)
    return create_row(Payment(commitment=commitment, **values), commitment.project, by, values)


@write_service
def update_payment(
    payment: Payment, *, by: User | None, version: int | None = None, **data: object
) -> Payment:
    values = pick(data, PAYMENT_FIELDS)
    _check_payment(payment.commitment, values.get("amount", payment.amount), payment)
    return update_row(payment, payment.commitment.project, by, values, version)


@write_service
def delete_payment(payment: Payment, *, by: User | None) -> None:
    delete_row(payment, payment.commitment.project, by)


# --- Co-funders' instalments ------------------------------------------------------------------


def received_total(
    contribution: Contribution, *, excluding: ContributionInstalment | None = None
) -> Decimal:
    instalments = contribution.instalments.all()
    if excluding is not None:
        instalments = instalments.exclude(pk=excluding.pk)
    return instalments.aggregate(total=Sum("amount"))["total"] or ZERO


def check_granted_covers_received(contribution: Contribution, granted: object) -> None:
    """A granted amount below what the funder already paid in is refused."""
    if not contribution.pk or granted is None:
        return
    received = received_total(contribution)
    if granted < received:
        raise ValidationError(
            {
                "granted_amount": _(
                    "%(received)s € ont déjà été reçus de ce financeur : le montant accordé ne "
                    "peut être inférieur."
                )
                % {"received": euros(received)}
            }
        )


def _check_instalment(
    contribution: Contribution, amount: object, excluding: ContributionInstalment | None
) -> None:
    locked = _lock(contribution)
    if locked.funder == Contribution.Funder.OWN:
        raise ValidationError(
            _("Les fonds propres de la collectivité ne sont pas reçus d'un financeur.")
        )
    if locked.status != FundingStatus.GRANTED:
        raise ValidationError(
            _(
                "Cette demande n'est pas accordée : enregistrez d'abord la décision du "
                "financeur (état « accordée », date et montant accordé)."
            )
        )
    if amount is None:
        return
    received = received_total(locked, excluding=excluding)
    if received + amount > locked.granted_amount:
        raise ValidationError(
            {
                "amount": _(
                    "Ce versement dépasserait le montant accordé : %(granted)s € accordés, "
                    "%(received)s € déjà reçus, il reste %(left)s € à recevoir."
                )
                % {
                    "granted": euros(locked.granted_amount),
                    "received": euros(received),
                    "left": euros(max(locked.granted_amount - received, ZERO)),
                }
            }
        )


@write_service
def record_instalment(
    contribution: Contribution, *, by: User | None, **data: object
) -> ContributionInstalment:
    values = pick(data, INSTALMENT_FIELDS)
    _check_instalment(contribution, values.get("amount"), None)
    instalment = ContributionInstalment(contribution=contribution, **values)
    return create_row(instalment, contribution.project, by, values)


@write_service
def update_instalment(
    instalment: ContributionInstalment,
    *,
    by: User | None,
    version: int | None = None,
    **data: object,
) -> ContributionInstalment:
    values = pick(data, INSTALMENT_FIELDS)
    _check_instalment(instalment.contribution, values.get("amount", instalment.amount), instalment)
    return update_row(instalment, instalment.contribution.project, by, values, version)


@write_service
def delete_instalment(instalment: ContributionInstalment, *, by: User | None) -> None:
    delete_row(instalment, instalment.contribution.project, by)


# --- Worked days ------------------------------------------------------------------------------


def _check_worked_days(mobilisation: Mobilisation, values: dict[str, object]) -> None:
    agent = values.get("agent")
    if agent is not None and agent.authority_id != mobilisation.project.authority_id:
        raise ValidationError({"agent": _("Cet agent n'est pas un agent de la collectivité.")})
    if mobilisation.status == Mobilisation.Status.DECLINED:
        raise ValidationError(
            _("Le service a décliné cette mobilisation : aucun jour ne peut y être saisi.")
        )
    month = values.get("month")
    if month is not None:
        values["month"] = month.replace(day=1)


@write_service
def record_worked_days(
    mobilisation: Mobilisation, *, by: User | None, **data: object
) -> WorkedDays:
    values = pick(data, WORKED_DAYS_FIELDS)
    _check_worked_days(mobilisation, values)
    row = WorkedDays(
        authority_id=mobilisation.project.authority_id,
        mobilisation=mobilisation,
        entered_by=by,
        **values,
    )
    return create_row(row, mobilisation.project, by, values)


@write_service
def update_worked_days(
    worked: WorkedDays, *, by: User | None, version: int | None = None, **data: object
) -> WorkedDays:
    values = pick(data, WORKED_DAYS_FIELDS)
    _check_worked_days(worked.mobilisation, values)
    return update_row(worked, worked.mobilisation.project, by, values, version)


@write_service
def delete_worked_days(worked: WorkedDays, *, by: User | None) -> None:
    delete_row(worked, worked.mobilisation.project, by)
