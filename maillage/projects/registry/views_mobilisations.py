"""Mobilisations: the DRI proposes, the service's référent confirms or declines."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, check, request_has_perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.organisation.rules import referent_service_ids
from maillage.projects import idempotency
from maillage.projects.models import Mobilisation
from maillage.projects.registry import services
from maillage.projects.registry.forms import (
    AnswerMobilisationForm,
    MobilisationForm,
    ProposeMobilisationForm,
)
from maillage.projects.registry.views import get_project


def get_mobilisation(request: HttpRequest, pk: int) -> Mobilisation:
    """A mobilisation of a project of the current authority (404 otherwise).

    A référent who refers no service may edit none: refused (403) before the lookup.
    """
    if not request_has_perm(request, Perm.EDIT_PROJECTS) and not referent_service_ids(request):
        raise PermissionDenied
    return get_object_or_404(
        request,
        Mobilisation.objects.select_related("project__authority", "service"),
        field="project__authority",
        pk=pk,
    )


def require_mobilisation_edit(request: HttpRequest, mobilisation: Mobilisation) -> None:
    """DRI and admin: every mobilisation; a référent: those of their current services."""
    if not check(request, "projects.edit_mobilisation", mobilisation):
        raise PermissionDenied


def _back(request: HttpRequest, mobilisation: Mobilisation) -> str:
    """Where to go after an answer: the page the user came from (home), else the services tab."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("project_services", args=[mobilisation.project_id])


def _crumbs(mobilisation_or_project, label: str) -> list[tuple[str, str | None]]:
    project = getattr(mobilisation_or_project, "project", mobilisation_or_project)
    return [
        (_("Projets"), reverse("project_list")),
        (project.title, reverse("project_detail", args=[project.pk])),
        (_("Services mobilisés"), reverse("project_services", args=[project.pk])),
        (label, None),
    ]


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def mobilisation_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose to a service to take part in the project."""
    project = get_project(request, pk)
    form = ProposeMobilisationForm(request.POST or None, project=project)
    if request.method == "POST" and (repeated := idempotency.already_saved(request)):
        return repeated
    if request.method == "POST" and form.is_valid():
        service = get_object_or_404(
            request, project.authority.services.all(), pk=form.cleaned_data["service"]
        )
        try:
            return idempotency.create_and_redirect(
                request,
                form,
                lambda: services.propose_mobilisation(
                    project,
                    service=service,
                    by=request.user,
                    role=form.cleaned_data["role"],
                    contribution=form.cleaned_data["contribution"],
                    days_planned=form.cleaned_data["days_planned"],
                ),
                url=lambda _mobilisation: reverse("project_services", args=[project.pk]),
                success=lambda _mobilisation: (
                    _("Mobilisation proposée à « %(service)s » : son référent va y répondre.")
                    % {"service": service.name}
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "projects/mobilisation_propose.html",
        {
            "form": form,
            "project": project,
            "page_title": _("Mobiliser un service"),
            "breadcrumb": _crumbs(project, _("Mobiliser un service")),
            "nav": "projects",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.ANSWER_MOBILISATIONS)
def mobilisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a mobilisation: the DRI all of it, the référent what the service reports."""
    mobilisation = get_mobilisation(request, pk)
    require_mobilisation_edit(request, mobilisation)
    referent_only = not request_has_perm(request, Perm.EDIT_PROJECTS)
    form = MobilisationForm(
        request.POST or None, instance=mobilisation, referent_only=referent_only
    )
    extra: dict = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.update_mobilisation(
                mobilisation, by=request.user, data=form.mobilisation_data(), version=form.version
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, _("Mobilisation enregistrée."))
            return redirect("project_services", mobilisation.project_id)
    status = extra.pop("status", 200)
    return render(
        request,
        "projects/mobilisation_form.html",
        {
            "form": form,
            "mobilisation": mobilisation,
            "project": mobilisation.project,
            "referent_only": referent_only,
            "page_title": _("Modifier la mobilisation"),
            "breadcrumb": _crumbs(mobilisation, mobilisation.service.name),
            "nav": "projects",
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.ANSWER_MOBILISATIONS)
def mobilisation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The référent of the service confirms or declines the mobilisation."""
    mobilisation = get_mobilisation(request, pk)
    require_mobilisation_edit(request, mobilisation)
    form = AnswerMobilisationForm(request.POST or None, initial={"version": mobilisation.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        confirm = form.cleaned_data["decision"] == "confirm"
        try:
            services.answer_mobilisation(
                mobilisation,
                by=request.user,
                confirm=confirm,
                comment=form.cleaned_data["comment"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except ConcurrentEditError as exc:
            # Shown again as it is now, the answer kept, to be sent again knowingly.
            mobilisation.refresh_from_db()
            data = request.POST.copy()
            data["version"] = str(mobilisation.version)
            form = AnswerMobilisationForm(data)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Cette mobilisation a été modifiée par %(who)s pendant votre réponse : "
                    "votre réponse n'a pas été enregistrée. Vérifiez ce qui est demandé "
                    "ci-dessus, puis envoyez-la à nouveau."
                )
                % {"who": exc.by or _("un autre utilisateur")},
            )
            status = 409
        else:
            text = (
                _("Participation de « %(service)s » confirmée pour « %(project)s ».")
                if confirm
                else _("Mobilisation de « %(service)s » déclinée pour « %(project)s ».")
            )
            messages.success(
                request,
                text % {"service": mobilisation.service.name, "project": mobilisation.project},
            )
            return redirect(_back(request, mobilisation))
    return render(
        request,
        "projects/mobilisation_answer.html",
        {
            "form": form,
            "mobilisation": mobilisation,
            "project": mobilisation.project,
            "next": _back(request, mobilisation),
            "page_title": _("Répondre à la mobilisation"),
            "breadcrumb": _crumbs(mobilisation, _("Répondre")),
            "nav": "projects",
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def mobilisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw a service from the project, after confirmation."""
    mobilisation = get_mobilisation(request, pk)
    if request.method == "POST":
        services.delete_mobilisation(mobilisation, by=request.user)
        messages.success(
            request,
            _("« %(service)s » n'est plus mobilisé sur ce projet.")
            % {"service": mobilisation.service.name},
        )
        return redirect("project_services", mobilisation.project_id)
    return render(
        request,
        "projects/mobilisation_confirm_delete.html",
        {
            "mobilisation": mobilisation,
            "project": mobilisation.project,
            "page_title": _("Retirer le service"),
            "breadcrumb": _crumbs(mobilisation, _("Retirer")),
            "nav": "projects",
        },
    )
