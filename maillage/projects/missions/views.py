"""Pages of missions abroad and incoming delegations."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.lists import export_list, render_list, sort_links
from maillage.core.permissions import Perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.filters import MissionFilterSet
from maillage.projects.idempotency import create_and_redirect
from maillage.projects.missions import services as missions
from maillage.projects.missions.selectors import mission_rows
from maillage.projects.models import Mission
from maillage.projects.partners import selectors
from maillage.projects.partners.forms import MissionForm
from maillage.projects.partners.views import PAGE_SIZE


def _int(value: str | None) -> int | None:
    try:
        return int(value or "") or None
    except ValueError:
        return None


@require_GET
@require(Perm.VIEW_PROJECTS)
def mission_list(request: HttpRequest) -> HttpResponse:
    """Missions and delegations, filtered by direction, year and project, sorted and paginated;
    ``?format=csv`` or ``xlsx`` exports them."""
    filters = MissionFilterSet(request.GET)
    values = filters.values
    direction, year, project_id = values["sens"], values["annee"], values["projet"]
    sort = values["tri"]
    found = selectors.mission_list(
        request.authority, direction=direction, year=year, project_id=project_id, sort=sort
    )
    if values["format"]:
        return _export(request, values["format"], found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_list(
        request,
        "projects/missions/list.html",
        {
            "page_obj": page,
            "filters": filters,
            "direction": direction,
            "year": year,
            "project_id": project_id,
            "directions": Mission.Direction.choices,
            "years": selectors.mission_years(request.authority),
            "projects": selectors.project_choices(request.authority),
            "filtered": bool(direction or year or project_id),
            "sort": sort,
            "sorting": sort_links(sort, ["debut", "objet", "cout"]),
        },
        title=_("Missions et délégations"),
        nav="missions",
    )


EXPORT_HEADER = (
    "id",
    "objet",
    "sens",
    "debut",
    "fin",
    "pays",
    "lieux",
    "projet",
    "agents",
    "elus",
    "cout",
)


def _export(request: HttpRequest, fmt: str, missions) -> HttpResponse:
    rows = (
        (
            mission.pk,
            mission.title,
            mission.get_direction_display(),
            mission.start_date.isoformat(),
            mission.end_date.isoformat(),
            mission.country.name if mission.country_id else "",
            mission.places,
            mission.project.title if mission.project_id else "",
            mission.n_agents,
            mission.n_officials,
            mission.cost,
        )
        for mission in missions.iterator(chunk_size=2000)
    )
    return export_list(request, fmt, "missions", EXPORT_HEADER, rows, sheet=_("Missions"))


@require_GET
@require(Perm.VIEW_PROJECTS)
def mission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A mission or delegation: dates, places, participants, companies and business meetings,
    a delegation's visitors and programme, costs and report."""
    mission = get_object_or_404(
        request, Mission.objects.select_related("country", "project"), pk=pk
    )
    return render(
        request,
        "projects/missions/detail.html",
        {
            "mission": mission,
            **selectors.mission_detail(mission),
            "rows": mission_rows(mission),
            "incoming": mission.direction == Mission.Direction.INCOMING,
            "page_title": mission.title,
            "breadcrumb": [
                (_("Missions et délégations"), reverse("mission_list")),
                (mission.title, None),
            ],
            "nav": "missions",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def mission_create(request: HttpRequest) -> HttpResponse:
    """Record a mission abroad or an incoming delegation; ``?projet=<id>`` links a project."""
    data = request.POST if request.method == "POST" else None
    initial = {"direction": request.GET.get("sens", Mission.Direction.OUTGOING)}
    project_id = _int(request.GET.get("projet"))
    form = MissionForm(data, authority=request.authority, initial=initial)
    if project_id and form.fields["project"].queryset.filter(pk=project_id).exists():
        form.initial["project"] = project_id
    if data is not None and form.is_valid():
        return create_and_redirect(
            request,
            form,
            lambda: missions.create_mission(
                request.authority, by=request.user, data=_mission_data(form)
            ),
            url=lambda mission: reverse("mission_detail", args=[mission.pk]),
            success=lambda mission: (
                _("Mission « %(title)s » enregistrée.") % {"title": mission.title}
            ),
        )
    title = _("Nouvelle mission ou délégation")
    return _form_page(
        request,
        form,
        title,
        [(_("Missions et délégations"), reverse("mission_list")), (title, None)],
        reverse("mission_list"),
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def mission_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a mission or delegation."""
    mission = get_object_or_404(request, Mission, pk=pk)
    stored_title = mission.title
    data = request.POST if request.method == "POST" else None
    form = MissionForm(data, instance=mission, authority=request.authority)
    extra = None
    if data is not None and form.is_valid():
        try:
            missions.update_mission(
                mission, by=request.user, data=_mission_data(form), version=form.version
            )
        except ConcurrentEditError as exc:
            form, extra = conflict(request, exc, form)
        else:
            messages.success(
                request, _("Mission « %(title)s » enregistrée.") % {"title": mission.title}
            )
            return redirect("mission_detail", pk=pk)
    return _form_page(
        request,
        form,
        _("Modifier « %(title)s »") % {"title": stored_title},
        [
            (_("Missions et délégations"), reverse("mission_list")),
            (stored_title, reverse("mission_detail", args=[pk])),
            (_("Modifier"), None),
        ],
        reverse("mission_detail", args=[pk]),
        extra,
    )


def _mission_data(form: MissionForm) -> dict[str, object]:
    names = [*missions.MISSION_FIELDS, *missions.PEOPLE_FIELDS, missions.NEW_COMPANIES]
    return {name: form.cleaned_data[name] for name in names}


def _form_page(request, form, title, breadcrumb, cancel_url, extra=None) -> HttpResponse:
    extra = dict(extra or {})
    status = extra.pop("status", 200)
    return render(
        request,
        "projects/missions/form.html",
        {
            "form": form,
            "cancel_url": cancel_url,
            "page_title": title,
            "breadcrumb": breadcrumb,
            "nav": "missions",
            **extra,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def mission_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete a mission or delegation."""
    mission = get_object_or_404(request, Mission, pk=pk)
    if request.method == "POST":
        missions.delete_mission(mission, by=request.user)
        messages.success(request, _("Mission « %(title)s » supprimée.") % {"title": mission.title})
        return redirect("mission_list")
    return render(
        request,
        "projects/missions/delete.html",
        {
            "mission": mission,
            "page_title": _("Supprimer « %(title)s »") % {"title": mission.title},
            "breadcrumb": [
                (_("Missions et délégations"), reverse("mission_list")),
                (mission.title, reverse("mission_detail", args=[pk])),
                (_("Supprimer"), None),
            ],
            "nav": "missions",
        },
    )
