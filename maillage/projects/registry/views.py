"""Project pages: the list (and its CSV), the project page and its tabs, create, edit, status."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import trash
from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.filters import bad_filters
from maillage.core.lists import export_list, render_list, sort_links
from maillage.core.panels import panels_for
from maillage.core.permissions import Perm, check, request_has_perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects import idempotency
from maillage.projects.filters import ProjectFilterSet
from maillage.projects.models import Project
from maillage.projects.registry import selectors, services
from maillage.projects.registry.forms import ProjectForm, ProposeMobilisationForm, StatusChangeForm

PAGE_SIZE = 25
# The slot of the project's overview tab where apps above add their blocks (``core.panels``).
PROJECT_OVERVIEW_PANELS = "projects.project_overview"
SORT_COLUMNS = ("titre", "debut", "statut", "maj")


def get_project(request: HttpRequest, pk: int) -> Project:
    """A project of the current authority (404 otherwise), with what the page header shows."""
    return get_object_or_404(request, Project.objects.select_related("lead_service"), pk=pk)


def render_tab(
    request: HttpRequest,
    project: Project,
    tab: str,
    template: str,
    context: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """A page of the project, inside the shared header and tab navigation."""
    titles = {
        "overview": _("Vue d'ensemble"),
        "services": _("Services mobilisés"),
        "missions": _("Missions"),
        "history": _("Historique"),
    }
    breadcrumb = [(_("Projets"), reverse("project_list"))]
    if tab == "overview":
        breadcrumb.append((project.title, None))
    else:
        breadcrumb += [
            (project.title, reverse("project_detail", args=[project.pk])),
            (titles.get(tab, ""), None),
        ]
    return render(
        request,
        template,
        {
            "project": project,
            "active_tab": tab,
            "page_title": project.title
            if tab == "overview"
            else f"{titles.get(tab, '')} — {project.title}",
            "breadcrumb": breadcrumb,
            "nav": "projects",
            **(context or {}),
        },
        status=status,
    )


# --- List -------------------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_list(request: HttpRequest) -> HttpResponse:
    """The authority's projects with filters, sort and pagination; ``?format=csv`` or
    ``?format=xlsx`` exports them."""
    filters = ProjectFilterSet(request.GET, choices=selectors.filter_choices(request.authority))
    selection = filters.selection()
    sort, fmt = filters.values["tri"], filters.values["format"]
    if fmt and filters.errors:
        return bad_filters(filters)
    projects = selectors.project_list(request.authority, selection, sort)
    if fmt and filters.values["lignes"]:
        return _export_mobilisations(request, fmt, projects, service=selection.service)
    if fmt:
        return _export(request, fmt, projects)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_partners(page.object_list, carriers=True)
    return render_list(
        request,
        "projects/project_list.html",
        {
            "form": filters.form,
            "filters": filters,
            "page_obj": page,
            "sort": sort,
            "sort_links": sort_links(sort, SORT_COLUMNS, descending_first=["maj"]),
            "filtered": any(v not in (None, "") for v in vars(selection).values()),
        },
        title=_("Projets"),
        nav="projects",
    )


EXPORT_HEADER = (
    "id",
    "intitule",
    "type",
    "statut",
    "debut",
    "fin",
    "service_pilote",
    "elus_porteurs",
    "partenaires",
    "pays",
    "services_mobilises",
    "visibilite",
    "mise_a_jour",
)


def _export(request: HttpRequest, fmt: str, projects) -> HttpResponse:
    """The filtered list, every page of it, as CSV or XLSX."""
    rows = (
        [
            project.pk,
            project.title,
            project.get_kind_display(),
            project.get_status_display(),
            project.start_date.isoformat() if project.start_date else "",
            project.end_date.isoformat() if project.end_date else "",
            project.lead_service.name if project.lead_service else "",
            ", ".join(project.carrier_labels),
            ", ".join(project.partner_names),
            ", ".join(project.country_names),
            project.n_services,
            project.get_visibility_display(),
            timezone.localtime(project.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for project in selectors.with_partners(projects, carriers=True)
    )
    return export_list(request, fmt, "projets", EXPORT_HEADER, rows, sheet=_("Projets"))


MOBILISATION_HEADER = (
    "projet_id",
    "projet",
    "statut_projet",
    "direction",
    "service",
    "role",
    "statut",
    "jours_prevus",
    "jours_realises",
    "apport",
    "proposee_le",
    "reponse_le",
)


def _export_mobilisations(
    request: HttpRequest, fmt: str, projects, *, service: int | None
) -> HttpResponse:
    """The mobilisations of the filtered projects, one per line; with the service filter, that
    service's only."""
    mobilisations = selectors.mobilisations_of(request.authority, projects, service=service)

    def day(moment) -> str:
        return timezone.localtime(moment).date().isoformat() if moment else ""

    rows = (
        [
            m.project_id,
            m.project.title,
            m.project.get_status_display(),
            m.service.parent.name if m.service.parent else "",
            m.service.name,
            m.get_role_display(),
            m.get_status_display(),
            m.days_planned,
            m.days_actual,
            m.contribution,
            day(m.proposed_at),
            day(m.answered_at),
        ]
        for m in mobilisations
    )
    return export_list(
        request, fmt, "mobilisations", MOBILISATION_HEADER, rows, sheet=_("Mobilisations")
    )


# --- Project page tabs ------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Overview tab: summary, objectives, partners, sponsors, committees and classifications."""
    project = get_project(request, pk)
    context = selectors.project_overview(project)
    # Blocks registered from above (the committees that follow the project).
    context["panels"] = panels_for(PROJECT_OVERVIEW_PANELS, request, project)
    return render_tab(request, project, "overview", "projects/project/overview.html", context)


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_services(request: HttpRequest, pk: int) -> HttpResponse:
    """Services tab: mobilisations, transversality, propose and answer."""
    project = get_project(request, pk)
    context = selectors.project_mobilisations(project)
    for mobilisation in context["mobilisations"]:
        mobilisation.can_edit = check(request, "projects.edit_mobilisation", mobilisation)
    if request_has_perm(request, Perm.EDIT_PROJECTS):
        context["propose_form"] = ProposeMobilisationForm(project=project)
    return render_tab(request, project, "services", "projects/project/services.html", context)


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_missions(request: HttpRequest, pk: int) -> HttpResponse:
    """Missions tab: the project's outgoing missions and incoming delegations."""
    project = get_project(request, pk)
    return render_tab(
        request,
        project,
        "missions",
        "projects/project/missions.html",
        {"missions": selectors.project_missions(project)},
    )


@require_GET
@require(Perm.VIEW_PROJECTS)
def project_history(request: HttpRequest, pk: int) -> HttpResponse:
    """History tab: dated status steps and the audit trail."""
    project = get_project(request, pk)
    return render_tab(
        request,
        project,
        "history",
        "projects/project/history.html",
        selectors.project_history(project),
    )


# --- Writes -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def project_create(request: HttpRequest) -> HttpResponse:
    """Create a project."""
    form = ProjectForm(request.POST or None, authority=request.authority)
    if request.method == "POST" and form.is_valid():
        try:
            return idempotency.create_and_redirect(
                request,
                form,
                lambda: services.create_project(
                    request.authority,
                    by=request.user,
                    data=form.project_data(),
                    partners=form.partner_roles(),
                    carriers=form.carrier_roles(),
                    status=form.cleaned_data["initial_status"],
                ),
                url=lambda project: reverse("project_detail", args=[project.pk]),
                success=lambda _project: _("Projet créé."),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "page_title": _("Nouveau projet"),
            "breadcrumb": [(_("Projets"), reverse("project_list")), (_("Nouveau projet"), None)],
            "nav": "projects",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a project; a concurrent edit is refused and the user's input shown again."""
    project = get_project(request, pk)
    context: dict[str, Any] = {}
    status = 200
    if request.method == "GET":
        form = ProjectForm(instance=project, authority=request.authority)
    else:
        form = ProjectForm(request.POST, instance=project, authority=request.authority)
        if form.is_valid():
            try:
                services.update_project(
                    project,
                    by=request.user,
                    data=form.project_data(),
                    version=form.version,
                    partners=form.partner_roles(),
                    carriers=form.carrier_roles(),
                )
            except ConcurrentEditError as exc:
                form, context = conflict(request, exc, form)
                status = context.pop("status")
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Projet enregistré."))
                return redirect("project_detail", project.pk)
    return render(
        request,
        "projects/project_form.html",
        {
            "form": form,
            "project": project,
            "page_title": _("Modifier le projet"),
            "breadcrumb": [
                (_("Projets"), reverse("project_list")),
                (project.title, reverse("project_detail", args=[project.pk])),
                (_("Modifier"), None),
            ],
            "nav": "projects",
            **context,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def project_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare the next dated step of the project's life cycle."""
    project = get_project(request, pk)
    form = StatusChangeForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                project,
                by=request.user,
                to_status=form.cleaned_data["to_status"],
                on=form.cleaned_data["on"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Statut du projet : %(status)s.") % {"status": project.get_status_display()},
            )
            return redirect("project_detail", project.pk)
    return render(
        request,
        "projects/project_status.html",
        {
            "form": form,
            "project": project,
            "page_title": _("Changer le statut"),
            "breadcrumb": [
                (_("Projets"), reverse("project_list")),
                (project.title, reverse("project_detail", args=[project.pk])),
                (_("Changer le statut"), None),
            ],
            "nav": "projects",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a project to the trash, after a confirmation listing what goes with it."""
    project = get_project(request, pk)
    if request.method == "POST":
        services.delete_project(project, by=request.user)
        messages.success(
            request,
            _("Projet « %(title)s » placé dans la corbeille.") % {"title": project.title},
        )
        return redirect("project_list")
    return render(
        request,
        "projects/project_confirm_delete.html",
        {
            "project": project,
            "preview": trash.preview(project),
            "page_title": _("Supprimer le projet"),
            "breadcrumb": [
                (_("Projets"), reverse("project_list")),
                (project.title, reverse("project_detail", args=[project.pk])),
                (_("Supprimer"), None),
            ],
            "nav": "projects",
        },
    )
