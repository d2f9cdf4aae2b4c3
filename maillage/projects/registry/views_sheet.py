"""The project sheet: one page in plain words, on screen to print and as a PDF."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.core import pdf
from maillage.core.permissions import Perm, require
from maillage.core.print_identity import print_identity
from maillage.core.tenancy import get_object_or_404
from maillage.core.theme import safe_palette
from maillage.projects.models import Project
from maillage.projects.registry.selectors_sheet import project_sheet

STYLESHEET = Path(settings.BASE_DIR) / "static" / "maillage" / "project-sheet.css"


def _project(request: HttpRequest, pk: int) -> Project:
    """A project of the current authority (404 otherwise), with its lead service's head."""
    return get_object_or_404(request, Project.objects.select_related("lead_service__head"), pk=pk)


def _context(request: HttpRequest, project: Project) -> dict[str, object]:
    return {
        "sheet": project_sheet(project),
        "authority": request.authority,
        "generated_on": timezone.localdate(),
    }


@require_GET
@require(Perm.VIEW_PROJECTS)
@never_cache
def sheet_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet on screen, laid out to print on one A4 page."""
    project = _project(request, pk)
    return render(
        request,
        "projects/sheet/page.html",
        {
            **_context(request, project),
            "project": project,
            "page_title": _("Fiche projet — %(title)s") % {"title": project.title},
            "breadcrumb": [
                (_("Projets"), reverse("project_list")),
                (project.title, reverse("project_detail", args=[project.pk])),
                (_("Fiche projet"), None),
            ],
            "nav": "projects",
        },
    )


@require_GET
@require(Perm.VIEW_PROJECTS)
@never_cache
def sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet as a one-page A4 PDF; where the PDF renderer is missing, the same document as
    HTML, to print from the browser."""
    project = _project(request, pk)
    authority = request.authority
    identity = print_identity(authority)
    context = {**_context(request, project), "identity": identity}
    html = render_to_string("projects/sheet/document.html", context, request=request)
    colour = safe_palette(authority.primary_colour).primary
    stylesheet = "\n".join(
        (
            identity["stylesheet"],
            STYLESHEET.read_text(encoding="utf-8"),
            f".sheet-band {{ background: {colour}; }} .sheet-figure, .project-sheet h1,"
            f" .project-sheet h2 {{ color: {colour}; }}",
        )
    )
    content = pdf.render_pdf(html, stylesheet)
    if content is None:
        return render(request, "projects/sheet/document.html", {**context, "in_browser": True})
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"fiche-projet-{project.pk}-{slugify(project.title)[:60]}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
