"""The activities the DRI declares outside a partner project for the e-APD declaration:
list by year, create, edit, delete (writes in ``activities.py``)."""

from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.lists import render_list
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.filters import DeclaredActivityFilterSet
from maillage.projects.funding import activities
from maillage.projects.funding.forms import DeclaredActivityForm
from maillage.projects.idempotency import create_and_redirect
from maillage.projects.models import DeclaredActivity


def _parents() -> list[tuple[str, str | None]]:
    return [(_("Exports"), reverse("exports")), (_("Déclaration e-APD"), reverse("export_eapd"))]


def _list_url(year: int | None = None) -> str:
    url = reverse("declared_activity_list")
    return f"{url}?annee={year}" if year else url


@require_GET
@require(Perm.EDIT_PROJECTS)
def declared_activity_list(request: HttpRequest) -> HttpResponse:
    """The activities declared outside a project, by year, with their codes and totals."""
    filters = DeclaredActivityFilterSet(request.GET)
    year = filters.values["annee"]
    rows = list(activities.declared_activities(request.authority, year))
    return render_list(
        request,
        "projects/funding/activity_list.html",
        {
            "filters": filters,
            "year": year,
            "activities": rows,
            "total": sum((row.amount for row in rows), start=0),
        },
        title=_("Activités déclarées hors projet"),
        nav="exports",
        parents=_parents(),
    )


def _form_page(
    request: HttpRequest, form: DeclaredActivityForm, title: str, status: int = 200, **extra
) -> HttpResponse:
    return render(
        request,
        "projects/funding/activity_form.html",
        {
            "form": form,
            "back": _list_url(),
            "heading": title,
            "page_title": title,
            "breadcrumb": [
                *_parents(),
                (_("Activités hors projet"), _list_url()),
                (title, None),
            ],
            "nav": "exports",
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def declared_activity_create(request: HttpRequest) -> HttpResponse:
    """Record an activity outside a partner project."""
    data = request.POST if request.method == "POST" else None
    # The year of the list it was opened from, else last year (the one declared this spring).
    year = DeclaredActivityFilterSet(request.GET).values["annee"]
    form = DeclaredActivityForm(data, initial={"year": year or timezone.localdate().year - 1})
    if data is not None and form.is_valid():
        try:
            return create_and_redirect(
                request,
                form,
                lambda: activities.create_declared_activity(
                    request.authority, by=request.user, **form.cleaned_data
                ),
                url=lambda activity: _list_url(activity.year),
                success=lambda activity: (
                    _("Activité « %(title)s » enregistrée.") % {"title": activity.title}
                ),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return _form_page(request, form, _("Nouvelle activité hors projet"))


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def declared_activity_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an activity."""
    activity = get_object_or_404(
        request, DeclaredActivity.objects.select_related("authority"), pk=pk
    )
    data = request.POST if request.method == "POST" else None
    form = DeclaredActivityForm(data, instance=copy.copy(activity))
    extra: dict = {}
    if data is not None and form.is_valid():
        try:
            activities.update_declared_activity(activity, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Activité « %(title)s » modifiée.") % {"title": activity.title}
            )
            return redirect(_list_url(activity.year))
    status = extra.pop("status", 200)
    return _form_page(request, form, _("Modifier l'activité"), status, **extra)


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def declared_activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete an activity."""
    activity = get_object_or_404(
        request, DeclaredActivity.objects.select_related("authority"), pk=pk
    )
    if request.method == "POST":
        activities.delete_declared_activity(activity, by=request.user)
        messages.success(
            request, _("Activité « %(title)s » supprimée.") % {"title": activity.title}
        )
        return redirect(_list_url(activity.year))
    title = _("Supprimer l'activité")
    return render(
        request,
        "projects/funding/activity_confirm_delete.html",
        {
            "question": _("Supprimer l'activité « %(title)s » (%(year)s, %(amount)s €) ?")
            % {
                "title": activity.title,
                "year": activity.year,
                "amount": number_format(activity.amount, 2, force_grouping=True),
            },
            "back": _list_url(activity.year),
            "heading": title,
            "page_title": title,
            "breadcrumb": [*_parents(), (_("Activités hors projet"), _list_url()), (title, None)],
            "nav": "exports",
        },
    )
