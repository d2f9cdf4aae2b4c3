"""Money as it moves on the funding tab: commitments and payments, co-funders' instalments,
worked days. Same shape as the tab's other forms (views.py): the project through tenancy, each
row through the project, writes in movements.py.
"""

from __future__ import annotations

import copy

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.permissions import Perm, check, request_has_perm, require
from maillage.organisation.rules import own_agent_ids, referent_service_ids
from maillage.projects.funding import movements
from maillage.projects.funding.forms import (
    CommitmentForm,
    InstalmentForm,
    PaymentForm,
    WorkedDaysForm,
)
from maillage.projects.funding.views import FUNDING, _child, _data, _delete, _edit, _project
from maillage.projects.models import (
    Commitment,
    Contribution,
    ContributionInstalment,
    Mobilisation,
    Payment,
    Project,
    WorkedDays,
)
from maillage.projects.rules import enters_for_anyone


def _euros(amount) -> str:
    return number_format(amount, 2, force_grouping=True)


def _commitment(project: Project, pk: int) -> Commitment:
    commitment = _child(Commitment.objects.filter(project=project), pk)
    commitment.project = project
    return commitment


def _payment(project: Project, pk: int) -> Payment:
    payment = _child(
        Payment.objects.filter(commitment__project=project).select_related("commitment"), pk
    )
    payment.commitment.project = project
    return payment


def _instalment(project: Project, pk: int) -> ContributionInstalment:
    instalment = _child(
        ContributionInstalment.objects.filter(contribution__project=project).select_related(
            "contribution"
        ),
        pk,
    )
    instalment.contribution.project = project
    return instalment


# --- Commitments ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def commitment_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a commitment of the authority's money on the project."""
    project = _project(request, pk)
    return _edit(
        request,
        project,
        FUNDING,
        CommitmentForm(_data(request), project=project),
        title=_("Nouvel engagement"),
        save=lambda data: movements.create_commitment(project, by=request.user, **data),
        success=_("Engagement enregistré."),
        anchor="engagements",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def commitment_update(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    """Change a commitment."""
    project = _project(request, pk)
    commitment = _commitment(project, commitment_pk)
    return _edit(
        request,
        project,
        FUNDING,
        CommitmentForm(_data(request), instance=copy.copy(commitment), project=project),
        title=_("Modifier l'engagement"),
        save=lambda data: movements.update_commitment(commitment, by=request.user, **data),
        success=_("Engagement modifié."),
        anchor="engagements",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def commitment_delete(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    """Delete a commitment with its payments, after confirmation."""
    project = _project(request, pk)
    commitment = _commitment(project, commitment_pk)
    return _delete(
        request,
        project,
        FUNDING,
        title=_("Supprimer l'engagement"),
        question=_("Supprimer l'engagement « %(label)s » (%(amount)s €) ?")
        % {"label": commitment.label, "amount": _euros(commitment.amount)},
        consequence=_("Ses paiements seront supprimés aussi."),
        delete=lambda: movements.delete_commitment(commitment, by=request.user),
        success=_("Engagement supprimé."),
    )


# --- Payments ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def payment_create(request: HttpRequest, pk: int, commitment_pk: int) -> HttpResponse:
    """Record a payment (mandat) against a commitment."""
    project = _project(request, pk)
    commitment = _commitment(project, commitment_pk)
    return _edit(
        request,
        project,
        FUNDING,
        PaymentForm(_data(request)),
        title=_("Nouveau paiement — %(label)s") % {"label": commitment.label},
        save=lambda data: movements.record_payment(commitment, by=request.user, **data),
        success=_("Paiement enregistré."),
        anchor="engagements",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def payment_update(request: HttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    """Change a payment."""
    project = _project(request, pk)
    payment = _payment(project, payment_pk)
    return _edit(
        request,
        project,
        FUNDING,
        PaymentForm(_data(request), instance=copy.copy(payment)),
        title=_("Modifier le paiement — %(label)s") % {"label": payment.commitment.label},
        save=lambda data: movements.update_payment(payment, by=request.user, **data),
        success=_("Paiement modifié."),
        anchor="engagements",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def payment_delete(request: HttpRequest, pk: int, payment_pk: int) -> HttpResponse:
    """Delete a payment, after confirmation."""
    project = _project(request, pk)
    payment = _payment(project, payment_pk)
    return _delete(
        request,
        project,
        FUNDING,
        title=_("Supprimer le paiement"),
        question=_("Supprimer le paiement %(reference)s du %(date)s (%(amount)s €) ?")
        % {
            "reference": payment.reference,
            "date": date_format(payment.date, "SHORT_DATE_FORMAT"),
            "amount": _euros(payment.amount),
        },
        delete=lambda: movements.delete_payment(payment, by=request.user),
        success=_("Paiement supprimé."),
    )


# --- Co-funders' instalments ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def instalment_create(request: HttpRequest, pk: int, contribution_pk: int) -> HttpResponse:
    """Record money a co-funder paid in."""
    project = _project(request, pk)
    contribution = _child(Contribution.objects.filter(project=project), contribution_pk)
    contribution.project = project
    name = contribution.funder_name or contribution.get_funder_display()
    return _edit(
        request,
        project,
        FUNDING,
        InstalmentForm(_data(request)),
        title=_("Nouveau versement reçu — %(funder)s") % {"funder": name},
        save=lambda data: movements.record_instalment(contribution, by=request.user, **data),
        success=_("Versement enregistré."),
        anchor="cofinancements",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def instalment_update(request: HttpRequest, pk: int, instalment_pk: int) -> HttpResponse:
    """Change a co-funder's instalment."""
    project = _project(request, pk)
    instalment = _instalment(project, instalment_pk)
    return _edit(
        request,
        project,
        FUNDING,
        InstalmentForm(_data(request), instance=copy.copy(instalment)),
        title=_("Modifier le versement reçu"),
        save=lambda data: movements.update_instalment(instalment, by=request.user, **data),
        success=_("Versement modifié."),
        anchor="cofinancements",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def instalment_delete(request: HttpRequest, pk: int, instalment_pk: int) -> HttpResponse:
    """Delete a co-funder's instalment, after confirmation."""
    project = _project(request, pk)
    instalment = _instalment(project, instalment_pk)
    return _delete(
        request,
        project,
        FUNDING,
        title=_("Supprimer le versement reçu"),
        question=_("Supprimer le versement du %(date)s (%(amount)s €) ?")
        % {
            "date": date_format(instalment.date, "SHORT_DATE_FORMAT"),
            "amount": _euros(instalment.amount),
        },
        delete=lambda: movements.delete_instalment(instalment, by=request.user),
        success=_("Versement supprimé."),
    )


# --- Worked days ------------------------------------------------------------------------------


def _may_enter_some_days(request: HttpRequest) -> None:
    """Refuse (403) before any lookup those who can enter days on no mobilisation at all:
    neither editors of projects, nor référents of a service, nor agents of the authority."""
    if request_has_perm(request, Perm.EDIT_PROJECTS) or referent_service_ids(request):
        return
    if not own_agent_ids(request):
        raise PermissionDenied


def _worked(request: HttpRequest, project: Project, pk: int) -> WorkedDays:
    worked = _child(
        WorkedDays.objects.filter(mobilisation__project=project).select_related(
            "mobilisation__service", "agent"
        ),
        pk,
    )
    worked.mobilisation.project = project
    if not check(request, "projects.edit_worked_days", worked):
        raise PermissionDenied
    return worked


def _own_agents(request: HttpRequest, mobilisation: Mobilisation) -> frozenset[int] | None:
    """None when the user enters days for anyone; else the agent records they enter for."""
    return None if enters_for_anyone(request, mobilisation) else own_agent_ids(request)


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_PROJECTS)
def worked_days_create(request: HttpRequest, pk: int, mobilisation_pk: int) -> HttpResponse:
    """Enter the days a mobilised service worked in a month: DRI, the service's référent, or
    an agent working on it for their own days."""
    _may_enter_some_days(request)
    project = _project(request, pk)
    mobilisation = _child(
        Mobilisation.objects.filter(project=project).select_related("service"), mobilisation_pk
    )
    mobilisation.project = project
    if not check(request, "projects.enter_worked_days", mobilisation):
        raise PermissionDenied
    form = WorkedDaysForm(
        _data(request), mobilisation=mobilisation, own_agents=_own_agents(request, mobilisation)
    )
    return _edit(
        request,
        project,
        FUNDING,
        form,
        title=_("Jours travaillés — %(service)s") % {"service": mobilisation.service.name},
        save=lambda data: movements.record_worked_days(mobilisation, by=request.user, **data),
        success=_("Jours travaillés enregistrés."),
        anchor="jours",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_PROJECTS)
def worked_days_update(request: HttpRequest, pk: int, worked_pk: int) -> HttpResponse:
    """Change a month of worked days."""
    _may_enter_some_days(request)
    project = _project(request, pk)
    worked = _worked(request, project, worked_pk)
    form = WorkedDaysForm(
        _data(request),
        instance=copy.copy(worked),
        mobilisation=worked.mobilisation,
        own_agents=_own_agents(request, worked.mobilisation),
    )
    return _edit(
        request,
        project,
        FUNDING,
        form,
        title=_("Modifier les jours travaillés — %(service)s")
        % {"service": worked.mobilisation.service.name},
        save=lambda data: movements.update_worked_days(worked, by=request.user, **data),
        success=_("Jours travaillés modifiés."),
        anchor="jours",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_PROJECTS)
def worked_days_delete(request: HttpRequest, pk: int, worked_pk: int) -> HttpResponse:
    """Delete a month of worked days, after confirmation."""
    _may_enter_some_days(request)
    project = _project(request, pk)
    worked = _worked(request, project, worked_pk)
    return _delete(
        request,
        project,
        FUNDING,
        title=_("Supprimer les jours travaillés"),
        question=_("Supprimer les %(days)s jours travaillés de %(month)s par %(service)s ?")
        % {
            "days": number_format(worked.days, 1),
            "month": date_format(worked.month, "YEAR_MONTH_FORMAT"),
            "service": worked.mobilisation.service.name,
        },
        delete=lambda: movements.delete_worked_days(worked, by=request.user),
        success=_("Jours travaillés supprimés."),
    )
