"""The general management's watch page, and the relaunches of late items sent from it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core import tenancy
from maillage.core.permissions import Perm, require
from maillage.core.wording import long_date
from maillage.governance.models import ActionItem
from maillage.projects.models import Mobilisation

from . import selectors_watch, services_watch


def _crumb() -> tuple[str, str]:
    return (_("Veille de la direction générale"), reverse("watch"))


@require_GET
@require(Perm.VIEW_WATCH)
def watch(request: HttpRequest) -> HttpResponse:
    """What is late, what falls due, where the network has holes: each line links to act."""
    page = selectors_watch.watch_page(request.authority)
    title, _url = _crumb()
    return render(
        request,
        "portal/watch.html",
        {
            "page": page,
            "deadline_days": selectors_watch.DEADLINE_DAYS,
            "page_title": title,
            "breadcrumb": [(title, None)],
            "nav": "watch",
        },
    )


def _relaunch(request: HttpRequest, relaunch, item, anchor: str, describe: str) -> HttpResponse:
    """GET: what the relaunch sends and to whom; POST: send it, say so, back to the page."""
    if request.method == "POST":
        try:
            sent_to = relaunch(item, by=request.user, base_url=request.build_absolute_uri("/"))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Relance envoyée à %(names)s le %(date)s.")
                % {
                    "names": ", ".join(person.name for person in sent_to),
                    "date": long_date(timezone.localdate()),
                },
            )
        return redirect(f"{reverse('watch')}#{anchor}")
    title = _("Relancer")
    return render(
        request,
        "portal/watch_relaunch.html",
        {
            "describe": describe,
            "back": f"{reverse('watch')}#{anchor}",
            "page_title": f"{title} — {describe}",
            "breadcrumb": [_crumb(), (title, None)],
            "nav": "watch",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_WATCH)
def relaunch_mobilisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Relaunch the référents of a service that has not answered a mobilisation."""
    mobilisation = tenancy.get_object_or_404(
        request,
        Mobilisation.objects.select_related("project", "service"),
        field="project__authority",
        pk=pk,
    )
    describe = _("Mobilisation du service « %(service)s » sur le projet « %(project)s »") % {
        "service": mobilisation.service.name,
        "project": mobilisation.project.title,
    }
    return _relaunch(
        request, services_watch.relaunch_mobilisation, mobilisation, "mobilisations", describe
    )


@require_http_methods(["GET", "POST"])
@require(Perm.VIEW_WATCH)
def relaunch_action(request: HttpRequest, pk: int) -> HttpResponse:
    """Relaunch the owner of an overdue action."""
    action = tenancy.get_object_or_404(request, ActionItem, pk=pk)
    describe = _("Action « %(title)s »") % {"title": action.title}
    return _relaunch(request, services_watch.relaunch_action, action, "actions", describe)
