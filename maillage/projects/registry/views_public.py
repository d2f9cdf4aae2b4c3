"""Public project pages, readable without logging in, for authorities that publish.

They never read ``request.authority``: the authority comes from the URL, and
:func:`selectors.public_projects` is the only place that decides what is public.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core.panels import panels_for
from maillage.projects.models import Project
from maillage.projects.registry import selectors

PAGE_SIZE = 25
# The slot of the public list where apps above add their blocks (``core.panels``): the
# partners map of the public projects (``portal.panels``).
PUBLIC_LIST_PANELS = "projects.public_list"


@require_GET
def public_project_list(request: HttpRequest, authority_slug: str) -> HttpResponse:
    """The public projects of an authority that publishes them."""
    authority = selectors.public_authority(authority_slug)
    if authority is None:
        raise Http404
    page = Paginator(selectors.public_projects(authority_slug), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_partners(page.object_list)
    title = _("Projets internationaux — %(authority)s") % {"authority": authority.name}
    return render(
        request,
        "projects/public/project_list.html",
        {
            "authority": authority,
            "page_obj": page,
            "panels": panels_for(PUBLIC_LIST_PANELS, request, authority),
            "page_title": title,
            "breadcrumb": [(title, None)],
        },
    )


@require_GET
def public_project_detail(request: HttpRequest, authority_slug: str, pk: int) -> HttpResponse:
    """One public project: what it is, with whom, where, for which SDGs."""
    try:
        project = selectors.public_projects(authority_slug).get(pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc
    authority = project.authority
    list_title = _("Projets internationaux — %(authority)s") % {"authority": authority.name}
    return render(
        request,
        "projects/public/project_detail.html",
        {
            "authority": authority,
            "project": project,
            **selectors.public_project_detail(project),
            "page_title": project.title,
            "breadcrumb": [
                (list_title, reverse("public_project_list", args=[authority.slug])),
                (project.title, None),
            ],
        },
    )
