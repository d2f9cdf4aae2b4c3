"""HR import page (upload, dry-run preview, confirm)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.permissions import Perm, require


@require_http_methods(["GET", "POST"])
@require(Perm.IMPORT_HR)
def hr_import(request: HttpRequest) -> HttpResponse:
    """Upload an HR file, preview the changes and errors, then apply."""
    return render(
        request,
        "organisation/hr_import.html",
        {"page_title": _("Import RH"), "breadcrumb": [(_("Import RH"), None)], "nav": "hr"},
    )
