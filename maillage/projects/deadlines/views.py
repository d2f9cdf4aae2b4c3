"""A project's deadlines: add, change, delete (those who edit projects). They are listed on
the project's overview tab; the project comes through tenancy and the deadline through the
project, so another authority's ids answer 404."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404 as get_child_or_404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, require
from maillage.projects.deadlines import services
from maillage.projects.deadlines.forms import DeadlineForm
from maillage.projects.idempotency import create_and_redirect
from maillage.projects.models import Deadline, Project
from maillage.projects.registry.views import get_project, render_tab

FORM_TEMPLATE = "projects/funding/form.html"
CONFIRM_TEMPLATE = "projects/funding/confirm_delete.html"


def _back(project: Project) -> str:
    return reverse("project_detail", args=[project.pk]) + "#echeances"


def _deadline(project: Project, pk: int) -> Deadline:
    return get_child_or_404(project.deadlines.select_related("project"), pk=pk)


def _page(
    request: HttpRequest, project: Project, template: str, title: str, context: dict[str, Any]
) -> HttpResponse:
    status = context.pop("status", 200)
    response = render_tab(
        request,
        project,
        "overview",
        template,
        {"heading": title, "back": _back(project), **context},
        status=status,
    )
    return response


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def deadline_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a deadline to a project."""
    project = get_project(request, pk)
    form = DeadlineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            return create_and_redirect(
                request,
                form,
                lambda: services.create_deadline(project, by=request.user, **form.cleaned_data),
                url=lambda _obj: _back(project),
                success=lambda _obj: _("Échéance ajoutée."),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return _page(request, project, FORM_TEMPLATE, _("Nouvelle échéance"), {"form": form})


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def deadline_update(request: HttpRequest, pk: int, deadline_pk: int) -> HttpResponse:
    """Change a deadline."""
    project = get_project(request, pk)
    deadline = _deadline(project, deadline_pk)
    form = DeadlineForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(deadline)
    )
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.update_deadline(deadline, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(request, _("Échéance modifiée."))
            return redirect(_back(project))
    return _page(request, project, FORM_TEMPLATE, _("Modifier l'échéance"), {"form": form, **extra})


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def deadline_delete(request: HttpRequest, pk: int, deadline_pk: int) -> HttpResponse:
    """Delete a deadline, after confirmation."""
    project = get_project(request, pk)
    deadline = _deadline(project, deadline_pk)
    if request.method == "POST":
        services.delete_deadline(deadline, by=request.user)
        messages.success(request, _("Échéance supprimée."))
        return redirect(_back(project))
    question = _("Supprimer l'échéance « %(title)s » ?") % {"title": deadline.title}
    return _page(
        request, project, CONFIRM_TEMPLATE, _("Supprimer l'échéance"), {"question": question}
    )
