"""An elected official's brief: one printable page to read before a council meeting."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.core.models import Role
from maillage.core.permissions import Perm, check, require
from maillage.core.tenancy import get_object_or_404
from maillage.organisation.rules import BRIEF_READERS
from maillage.organisation.selectors import elected_officials_with_delegations

from .selectors_elected import elected_context


@never_cache
@require_GET
@require(Perm.VIEW_ELECTED)
def elected_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """The official's brief: her projects, committees, open actions, missions and figures."""
    officials = elected_officials_with_delegations(request.authority)
    if BRIEF_READERS.isdisjoint(request.roles):
        # Her own brief only: any other id answers 403, whether it exists or not.
        official = None
        if Role.ELECTED in request.roles:
            official = officials.filter(user=request.user, pk=pk).first()
    else:
        official = get_object_or_404(request, officials, pk=pk)
    if official is None or not check(request, "organisation.see_brief", official):
        raise PermissionDenied
    return render(
        request,
        "portal/elected_brief.html",
        {
            "official": official,
            **elected_context(request.authority, [official], printing=True),
            "printing": True,
            "today": timezone.localdate(),
            "page_title": _("Fiche de %(name)s") % {"name": official},
            "breadcrumb": [
                (_("Élus et délégations"), reverse("elected_list")),
                (str(official), reverse("elected_detail", args=[official.pk])),
                (_("Fiche"), None),
            ],
            "nav": "elected",
        },
    )
