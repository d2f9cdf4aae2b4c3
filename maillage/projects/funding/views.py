"""The funding and results tabs of a project, and the small forms that edit them.

The project comes through tenancy and every sub-object through the project, so another
authority's project, line or indicator answers 404. Writes go through funding.py / results.py.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404 as get_child_or_404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, check, require
from maillage.core.tenancy import get_object_or_404
from maillage.organisation.rules import own_agent_ids
from maillage.projects.funding import services as funding
from maillage.projects.funding.forms import (
    BudgetLineForm,
    ContributionForm,
    DayRateForm,
    IndicatorForm,
    IndicatorPeriodForm,
    ResultForm,
)
from maillage.projects.idempotency import create_and_redirect
from maillage.projects.missions.selectors import mission_benefits, mission_spending
from maillage.projects.models import (
    BudgetLine,
    Contribution,
    Indicator,
    IndicatorPeriod,
    Mobilisation,
    Project,
    Result,
)
from maillage.projects.results import services as results
from maillage.projects.rules import enters_for_anyone

FUNDING, RESULTS = "funding", "results"
FORM_TEMPLATE = "projects/funding/form.html"
CONFIRM_TEMPLATE = "projects/funding/confirm_delete.html"


# --- Access helpers ---------------------------------------------------------------------------


def _project(request: HttpRequest, pk: int) -> Project:
    # The lead service is shown by the project header of projects/project/_layout.html.
    return get_object_or_404(
        request, Project.objects.select_related("authority", "lead_service"), pk=pk
    )


def _child[M: models.Model](queryset: models.QuerySet[M], pk: int) -> M:
    """A row of the project (``queryset`` is already filtered on it), or 404."""
    return get_child_or_404(queryset, pk=pk)


def _tab_url(project: Project, tab: str, anchor: str = "") -> str:
    name = "project_funding" if tab == FUNDING else "project_results"
    return reverse(name, args=[project.pk]) + (f"#{anchor}" if anchor else "")


def _render(
    request: HttpRequest,
    project: Project,
    tab: str,
    template: str,
    context: dict[str, Any],
    title: str,
    status: int = 200,
) -> HttpResponse:
    tab_label = _("Financement") if tab == FUNDING else _("Résultats")
    breadcrumb: list[tuple[str, str | None]] = [
        (_("Projets"), reverse("project_list")),
        (project.title, reverse("project_detail", args=[project.pk])),
    ]
    if title != tab_label:
        breadcrumb.append((tab_label, _tab_url(project, tab)))
    breadcrumb.append((title, None))
    return render(
        request,
        template,
        {
            **context,
            "project": project,
            "active_tab": tab,
            "heading": title,
            "page_title": f"{title} — {project.title}",
            "breadcrumb": breadcrumb,
            "nav": "projects",
        },
        status=status,
    )


def _edit(
    request: HttpRequest,
    project: Project,
    tab: str,
    form: forms.Form,
    *,
    title: str,
    save: Callable[[dict[str, Any]], object],
    success: str,
    anchor: str = "",
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save(cleaned_data)`` and go back to the tab.

    A create form is saved once per rendering; an edit form built on an older version of the
    row answers 409 with both versions.
    """
    back = _tab_url(project, tab, anchor)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            if getattr(form, "instance", None) is not None and form.instance.pk is None:
                return create_and_redirect(
                    request,
                    form,
                    lambda: save(form.cleaned_data),
                    url=lambda _obj: back,
                    success=lambda _obj: success,
                )
            save(form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, success)
            return redirect(back)
    status = extra.pop("status", 200)
    return _render(
        request, project, tab, FORM_TEMPLATE, {"form": form, "back": back, **extra}, title, status
    )


def _delete(
    request: HttpRequest,
    project: Project,
    tab: str,
    *,
    title: str,
    question: str,
    delete: Callable[[], object],
    success: str,
    consequence: str = "",
) -> HttpResponse:
    """A confirmation page on GET; the deletion on POST."""
    back = _tab_url(project, tab)
    if request.method == "POST":
        delete()
        messages.success(request, success)
        return redirect(back)
    context = {"question": question, "consequence": consequence, "back": back}
    return _render(request, project, tab, CONFIRM_TEMPLATE, context, title)


def _data(request: HttpRequest) -> dict | None:
    return request.POST if request.method == "POST" else None


# --- Funding tab ------------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_funding(request: HttpRequest, pk: int) -> HttpResponse:
    """Budget, resources, balance and the co-financing rules checked against them."""
    project = _project(request, pk)
    context = funding.funding_page(project, request.GET.get("regles"), user=request.user)
    travel = [
        line for line in context["budget_lines"] if line.category == BudgetLine.Category.TRAVEL
    ]
    context["mission_spending"] = mission_spending(project, travel)
    _mark_worked_days_rights(request, context["mobilisations"])
    return _render(
        request, project, FUNDING, "projects/funding/funding.html", context, _("Financement")
    )


def _mark_worked_days_rights(request: HttpRequest, mobilisations: list[Mobilisation]) -> None:
    """``can_enter`` on each mobilisation, ``can_edit`` on each of its months of worked days,
    by the object rules (no query: the funding tab's reads carry what they need)."""
    own: frozenset[int] | None = None
    for mobilisation in mobilisations:
        mobilisation.can_enter = check(request, "projects.enter_worked_days", mobilisation)
        anyone = mobilisation.can_enter and enters_for_anyone(request, mobilisation)
        if mobilisation.can_enter and not anyone and own is None:
            own = own_agent_ids(request)
        for worked in mobilisation.worked_list:
            worked.can_edit = anyone or (mobilisation.can_enter and worked.agent_id in own)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def funding_line_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a budget line."""
    project = _project(request, pk)
    return _edit(
        request,
        project,
        FUNDING,
        BudgetLineForm(_data(request)),
        title=_("Nouvelle ligne budgétaire"),
        save=lambda data: funding.create_budget_line(project, by=request.user, **data),
        success=_("Ligne budgétaire ajoutée."),
        anchor="budget",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def funding_line_update(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    """Change a budget line."""
    project = _project(request, pk)
    line = _child(BudgetLine.objects.filter(project=project), line_pk)
    line.project = project
    return _edit(
        request,
        project,
        FUNDING,
        BudgetLineForm(_data(request), instance=copy.copy(line)),
        title=_("Modifier la ligne budgétaire"),
        save=lambda data: funding.update_budget_line(line, by=request.user, **data),
        success=_("Ligne budgétaire modifiée."),
        anchor="budget",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def funding_line_delete(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    """Delete a budget line, after confirmation."""
    project = _project(request, pk)
    line = _child(BudgetLine.objects.filter(project=project), line_pk)
    line.project = project
    return _delete(
        request,
        project,
        FUNDING,
        title=_("Supprimer la ligne budgétaire"),
        question=_("Supprimer la ligne budgétaire « %(label)s » (%(amount)s €) ?")
        % {"label": line.label, "amount": number_format(line.amount, 2, force_grouping=True)},
        delete=lambda: funding.delete_budget_line(line, by=request.user),
        success=_("Ligne budgétaire supprimée."),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def funding_contribution_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contribution of a funder."""
    project = _project(request, pk)
    return _edit(
        request,
        project,
        FUNDING,
        ContributionForm(_data(request)),
        title=_("Nouvelle contribution"),
        save=lambda data: funding.create_contribution(project, by=request.user, **data),
        success=_("Contribution ajoutée."),
        anchor="ressources",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def funding_contribution_update(
    request: HttpRequest, pk: int, contribution_pk: int
) -> HttpResponse:
    """Change a contribution."""
    project = _project(request, pk)
    contribution = _child(Contribution.objects.filter(project=project), contribution_pk)
    contribution.project = project
    return _edit(
        request,
        project,
        FUNDING,
        ContributionForm(_data(request), instance=copy.copy(contribution)),
        title=_("Modifier la contribution"),
        save=lambda data: funding.update_contribution(contribution, by=request.user, **data),
        success=_("Contribution modifiée."),
        anchor="ressources",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def funding_contribution_delete(
    request: HttpRequest, pk: int, contribution_pk: int
) -> HttpResponse:
    """Delete a contribution, after confirmation."""
    project = _project(request, pk)
    contribution = _child(Contribution.objects.filter(project=project), contribution_pk)
    contribution.project = project
    return _delete(
        request,
        project,
        FUNDING,
        title=_("Supprimer la contribution"),
        question=_("Supprimer la contribution « %(funder)s » (%(nature)s, %(amount)s €) ?")
        % {
            "funder": contribution.funder_name or contribution.get_funder_display(),
            "nature": contribution.get_nature_display().lower(),
            "amount": number_format(contribution.amount, 2, force_grouping=True),
        },
        delete=lambda: funding.delete_contribution(contribution, by=request.user),
        success=_("Contribution supprimée."),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def funding_day_rate(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the cost of an agent day, which values the days of the services mobilised."""
    project = _project(request, pk)
    return _edit(
        request,
        project,
        FUNDING,
        DayRateForm(_data(request), instance=copy.copy(project)),
        title=_("Coût d'une journée d'agent"),
        save=lambda data: funding.set_day_rate(
            project, by=request.user, rate=data["agent_day_rate"], version=data["version"]
        ),
        success=_("Coût d'une journée d'agent enregistré."),
        anchor="ressources",
    )


# --- Results tab ------------------------------------------------------------------------------


def _result(project: Project, pk: int) -> Result:
    result = _child(Result.objects.filter(project=project), pk)
    result.project = project
    return result


def _indicator(project: Project, pk: int) -> Indicator:
    indicator = _child(
        Indicator.objects.filter(result__project=project).select_related("result"), pk
    )
    indicator.result.project = project
    return indicator


def _period(project: Project, pk: int) -> IndicatorPeriod:
    period = _child(
        IndicatorPeriod.objects.filter(indicator__result__project=project).select_related(
            "indicator__result"
        ),
        pk,
    )
    period.indicator.result.project = project
    return period


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Results on both territories, their indicators, periods and progress."""
    project = _project(request, pk)
    context = {
        "framework": results.results_framework(project),
        "Territory": Result.Territory,
        "mission_benefits": mission_benefits(project),
    }
    return _render(
        request, project, RESULTS, "projects/results/results.html", context, _("Résultats")
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def result_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a result, on the partner territory or ours."""
    project = _project(request, pk)
    territory = request.GET.get("territoire")
    initial = {"territory": territory} if territory in Result.Territory.values else None
    return _edit(
        request,
        project,
        RESULTS,
        ResultForm(_data(request), initial=initial),
        title=_("Nouveau résultat"),
        save=lambda data: results.create_result(project, by=request.user, **data),
        success=_("Résultat ajouté."),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def result_update(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    """Change a result."""
    project = _project(request, pk)
    result = _result(project, result_pk)
    return _edit(
        request,
        project,
        RESULTS,
        ResultForm(_data(request), instance=copy.copy(result)),
        title=_("Modifier le résultat"),
        save=lambda data: results.update_result(result, by=request.user, **data),
        success=_("Résultat modifié."),
        anchor=f"resultat-{result.pk}",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def result_delete(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    """Delete a result with its indicators, after confirmation."""
    project = _project(request, pk)
    result = _result(project, result_pk)
    return _delete(
        request,
        project,
        RESULTS,
        title=_("Supprimer le résultat"),
        question=_("Supprimer le résultat « %(title)s » ?") % {"title": result.title},
        consequence=_("Ses indicateurs et leurs mesures seront supprimés aussi."),
        delete=lambda: results.delete_result(result, by=request.user),
        success=_("Résultat supprimé."),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def indicator_create(request: HttpRequest, pk: int, result_pk: int) -> HttpResponse:
    """Add an indicator to a result."""
    project = _project(request, pk)
    result = _result(project, result_pk)
    return _edit(
        request,
        project,
        RESULTS,
        IndicatorForm(_data(request)),
        title=_("Nouvel indicateur — %(result)s") % {"result": result.title},
        save=lambda data: results.add_indicator(result, by=request.user, **data),
        success=_("Indicateur ajouté."),
        anchor=f"resultat-{result.pk}",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def indicator_update(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Change an indicator."""
    project = _project(request, pk)
    indicator = _indicator(project, indicator_pk)
    return _edit(
        request,
        project,
        RESULTS,
        IndicatorForm(_data(request), instance=copy.copy(indicator)),
        title=_("Modifier l'indicateur"),
        save=lambda data: results.update_indicator(indicator, by=request.user, **data),
        success=_("Indicateur modifié."),
        anchor=f"indicateur-{indicator.pk}",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def indicator_delete(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Delete an indicator with its periods, after confirmation."""
    project = _project(request, pk)
    indicator = _indicator(project, indicator_pk)
    return _delete(
        request,
        project,
        RESULTS,
        title=_("Supprimer l'indicateur"),
        question=_("Supprimer l'indicateur « %(title)s » ?") % {"title": indicator.title},
        consequence=_("Ses mesures par période seront supprimées aussi."),
        delete=lambda: results.delete_indicator(indicator, by=request.user),
        success=_("Indicateur supprimé."),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def period_create(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Record a period of an indicator: its target and the value reached."""
    project = _project(request, pk)
    indicator = _indicator(project, indicator_pk)
    return _edit(
        request,
        project,
        RESULTS,
        IndicatorPeriodForm(_data(request)),
        title=_("Nouvelle mesure — %(indicator)s") % {"indicator": indicator.title},
        save=lambda data: results.record_period(indicator, by=request.user, **data),
        success=_("Mesure enregistrée."),
        anchor=f"indicateur-{indicator.pk}",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def period_update(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """Change a period of an indicator."""
    project = _project(request, pk)
    period = _period(project, period_pk)
    return _edit(
        request,
        project,
        RESULTS,
        IndicatorPeriodForm(_data(request), instance=copy.copy(period)),
        title=_("Modifier la mesure — %(indicator)s") % {"indicator": period.indicator.title},
        save=lambda data: results.update_period(period, by=request.user, **data),
        success=_("Mesure modifiée."),
        anchor=f"indicateur-{period.indicator_id}",
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def period_delete(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """Delete a period of an indicator, after confirmation."""
    project = _project(request, pk)
    period = _period(project, period_pk)
    return _delete(
        request,
        project,
        RESULTS,
        title=_("Supprimer la mesure"),
        question=_("Supprimer la mesure du %(start)s au %(end)s de l'indicateur « %(title)s » ?")
        % {
            "start": period.start.strftime("%d/%m/%Y"),
            "end": period.end.strftime("%d/%m/%Y"),
            "title": period.indicator.title,
        },
        delete=lambda: results.delete_period(period, by=request.user),
        success=_("Mesure supprimée."),
    )
