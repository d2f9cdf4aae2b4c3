"""The trash: deleted projects, partners, agreements, committees and meetings, restorable."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from . import trash
from .models import TrashEntry
from .permissions import Perm, require
from .tenancy import get_object_or_404


@require_GET
@require(Perm.MANAGE_TRASH)
def trash_list(request: HttpRequest) -> HttpResponse:
    """The authority's trash, latest deletion first."""
    return render(
        request,
        "core/trash_list.html",
        {
            "entries": trash.entries_of(request.authority),
            "retention_days": trash.retention_days(),
            "page_title": _("Corbeille"),
            "breadcrumb": [(_("Corbeille"), None)],
            "nav": "trash",
        },
    )


@require_http_methods(["GET", "POST"])
@require(Perm.MANAGE_TRASH)
def trash_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then put a trashed object back with everything that went with it."""
    entry = get_object_or_404(request, TrashEntry.objects.select_related("deleted_by"), pk=pk)
    error = ""
    if request.method == "POST":
        try:
            restored = trash.restore(entry, by=request.user)
        except trash.RestoreError as exc:
            error = exc.message
        else:
            message = _("« %(label)s » restauré.") % {"label": entry.label}
            if restored.emptied:
                message += " " + ngettext(
                    "%(count)d lien vers un élément supprimé depuis a été laissé vide.",
                    "%(count)d liens vers des éléments supprimés depuis ont été laissés vides.",
                    restored.emptied,
                ) % {"count": restored.emptied}
            messages.success(request, message)
            return redirect("trash_list")
    return render(
        request,
        "core/trash_restore.html",
        {
            "entry": entry,
            "kind": trash.kind_label(entry.kind),
            "preview": trash.groups(entry.contents),
            "error": error,
            "page_title": _("Restaurer « %(label)s »") % {"label": entry.label},
            "breadcrumb": [(_("Corbeille"), reverse("trash_list")), (_("Restaurer"), None)],
            "nav": "trash",
        },
        status=409 if error else 200,
    )
