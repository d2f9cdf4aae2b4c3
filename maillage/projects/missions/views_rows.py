"""The small forms that add, change and remove the rows of a mission: its companies, business
meetings, costs, and a delegation's visitors and programme.

The mission comes through tenancy and each row through the mission, so another authority's
mission or row answers 404. Writes go through ``missions/services.py``.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404 as get_child_or_404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.idempotency import create_and_redirect
from maillage.projects.missions import services as missions
from maillage.projects.missions.forms import (
    BusinessMeetingForm,
    MissionCompanyForm,
    MissionCostForm,
    MissionRowForm,
    MissionVisitorForm,
    ProgrammeItemForm,
)
from maillage.projects.models import (
    BusinessMeeting,
    Mission,
    MissionCompany,
    MissionCost,
    MissionVisitor,
    ProgrammeItem,
)


@dataclass(frozen=True)
class RowKind:
    name: str  # in the URL names: mission_<name>_create…
    slug: str  # in the paths
    model: type[models.Model]
    form: type[MissionRowForm]
    anchor: str  # the section of the mission page
    new_title: Promise
    edit_title: Promise
    delete_title: Promise
    added: Promise
    changed: Promise
    removed: Promise


KINDS = (
    RowKind(
        "company",
        "entreprises",
        MissionCompany,
        MissionCompanyForm,
        "entreprises",
        gettext_lazy("Ajouter une entreprise à la mission"),
        gettext_lazy("Modifier l'entreprise de la mission"),
        gettext_lazy("Retirer l'entreprise de la mission"),
        gettext_lazy("Entreprise ajoutée à la mission."),
        gettext_lazy("Entreprise de la mission modifiée."),
        gettext_lazy("Entreprise retirée de la mission."),
    ),
    RowKind(
        "meeting",
        "rendez-vous",
        BusinessMeeting,
        BusinessMeetingForm,
        "rendez-vous",
        gettext_lazy("Nouveau rendez-vous d'affaires"),
        gettext_lazy("Modifier le rendez-vous d'affaires"),
        gettext_lazy("Supprimer le rendez-vous d'affaires"),
        gettext_lazy("Rendez-vous d'affaires enregistré."),
        gettext_lazy("Rendez-vous d'affaires modifié."),
        gettext_lazy("Rendez-vous d'affaires supprimé."),
    ),
    RowKind(
        "cost",
        "couts",
        MissionCost,
        MissionCostForm,
        "couts",
        gettext_lazy("Nouveau coût de la mission"),
        gettext_lazy("Modifier le coût de la mission"),
        gettext_lazy("Supprimer le coût de la mission"),
        gettext_lazy("Coût ajouté."),
        gettext_lazy("Coût modifié."),
        gettext_lazy("Coût supprimé."),
    ),
    RowKind(
        "visitor",
        "visiteurs",
        MissionVisitor,
        MissionVisitorForm,
        "visiteurs",
        gettext_lazy("Ajouter un membre de la délégation"),
        gettext_lazy("Modifier le membre de la délégation"),
        gettext_lazy("Retirer le membre de la délégation"),
        gettext_lazy("Membre de la délégation ajouté."),
        gettext_lazy("Membre de la délégation modifié."),
        gettext_lazy("Membre de la délégation retiré."),
    ),
    RowKind(
        "programme",
        "programme",
        ProgrammeItem,
        ProgrammeItemForm,
        "programme",
        gettext_lazy("Ajouter un temps au programme"),
        gettext_lazy("Modifier le temps du programme"),
        gettext_lazy("Retirer le temps du programme"),
        gettext_lazy("Temps du programme ajouté."),
        gettext_lazy("Temps du programme modifié."),
        gettext_lazy("Temps du programme retiré."),
    ),
)


def _mission(request: HttpRequest, pk: int) -> Mission:
    return get_object_or_404(request, Mission.objects.select_related("authority"), pk=pk)


def _row(kind: RowKind, mission: Mission, row_pk: int) -> models.Model:
    row = get_child_or_404(kind.model.objects.filter(mission=mission), pk=row_pk)
    row.mission = mission
    return row


def _back(mission: Mission, kind: RowKind) -> str:
    return reverse("mission_detail", args=[mission.pk]) + f"#{kind.anchor}"


def _page(
    request: HttpRequest,
    mission: Mission,
    template: str,
    title: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            **context,
            "mission": mission,
            "page_title": f"{title} — {mission.title}",
            "heading": title,
            "breadcrumb": [
                (_("Missions et délégations"), reverse("mission_list")),
                (mission.title, reverse("mission_detail", args=[mission.pk])),
                (title, None),
            ],
            "nav": "missions",
        },
        status=status,
    )


def _edit(
    request: HttpRequest,
    mission: Mission,
    kind: RowKind,
    form: MissionRowForm,
    title: str,
    save: Callable[[dict[str, Any]], object],
    success: str,
) -> HttpResponse:
    back = _back(mission, kind)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            if form.instance.pk is None:
                return create_and_redirect(
                    request,
                    form,
                    lambda: save(form.cleaned_data),
                    url=lambda _row: back,
                    success=lambda _row: success,
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
    context = {"form": form, "back": back, **extra}
    return _page(request, mission, "projects/missions/row_form.html", title, context, status)


def _create_view(kind: RowKind) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @require(Perm.EDIT_PROJECTS)
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        mission = _mission(request, pk)
        data = request.POST if request.method == "POST" else None
        return _edit(
            request,
            mission,
            kind,
            kind.form(data, mission=mission),
            str(kind.new_title),
            lambda values: missions.create_mission_row(
                mission, by=request.user, model=kind.model, data=values
            ),
            str(kind.added),
        )

    view.__name__ = view.__qualname__ = f"mission_{kind.name}_create"
    view.__doc__ = f"Add a {kind.model._meta.model_name} to a mission."
    return view


def _update_view(kind: RowKind) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @require(Perm.EDIT_PROJECTS)
    def view(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
        mission = _mission(request, pk)
        row = _row(kind, mission, row_pk)
        data = request.POST if request.method == "POST" else None
        form = kind.form(data, instance=copy.copy(row), mission=mission)
        return _edit(
            request,
            mission,
            kind,
            form,
            str(kind.edit_title),
            lambda values: missions.update_mission_row(
                row, by=request.user, data=values, version=form.version
            ),
            str(kind.changed),
        )

    view.__name__ = view.__qualname__ = f"mission_{kind.name}_update"
    view.__doc__ = f"Change a {kind.model._meta.model_name} of a mission."
    return view


def _delete_view(kind: RowKind) -> Callable[..., HttpResponse]:
    @require_http_methods(["GET", "POST"])
    @require(Perm.EDIT_PROJECTS)
    def view(request: HttpRequest, pk: int, row_pk: int) -> HttpResponse:
        mission = _mission(request, pk)
        row = _row(kind, mission, row_pk)
        back = _back(mission, kind)
        if request.method == "POST":
            try:
                missions.delete_mission_row(row, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, str(kind.removed))
            return redirect(back)
        context = {"row": row, "back": back}
        return _page(
            request, mission, "projects/missions/row_delete.html", str(kind.delete_title), context
        )

    view.__name__ = view.__qualname__ = f"mission_{kind.name}_delete"
    view.__doc__ = f"Confirm, then remove a {kind.model._meta.model_name} of a mission."
    return view


def urlpatterns_for_rows() -> list:
    patterns = []
    for kind in KINDS:
        base = f"missions/<int:pk>/{kind.slug}/"
        patterns += [
            path(f"{base}nouveau/", _create_view(kind), name=f"mission_{kind.name}_create"),
            path(
                f"{base}<int:row_pk>/modifier/",
                _update_view(kind),
                name=f"mission_{kind.name}_update",
            ),
            path(
                f"{base}<int:row_pk>/supprimer/",
                _delete_view(kind),
                name=f"mission_{kind.name}_delete",
            ),
        ]
    return patterns
