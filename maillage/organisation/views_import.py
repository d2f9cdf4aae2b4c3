"""HR import page (upload, dry-run preview, confirm) and the progress page of large files."""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from maillage.core import tenancy
from maillage.core.models import Authority
from maillage.core.pending_uploads import PendingUploads
from maillage.core.permissions import Perm, require

from . import hr_runs
from .forms import HrImportForm
from .hr.apply import import_hr
from .hr.export import export_hr
from .hr.format import FORMATS, ImportResult, summary
from .hr.read import estimate_rows
from .models import HrImportRun

PENDING = PendingUploads(
    session_key="hr_import_pending",
    directory=hr_runs.UPLOAD_DIR,
    purge_with=hr_runs.purge_pending_uploads,
)
CONFIRM_FIELD = "confirmed_deactivations"


# never_cache: the pages and the export hold the staff list; no browser or proxy keeps them.
@never_cache
@require_http_methods(["GET", "POST"])
@require(Perm.IMPORT_HR)
def hr_import(request: HttpRequest) -> HttpResponse:
    """Upload an HR file, preview the changes and errors, then apply."""
    if request.method == "GET":
        fmt = request.GET.get("modele")
        if fmt in FORMATS:
            return _export(request.authority, fmt)
        return _page(request, HrImportForm())
    if request.POST.get("action") == "confirm":
        return _confirm(request)
    form = HrImportForm(request.POST, request.FILES)
    if not form.is_valid():
        if getattr(request, "upload_too_large", False):
            form.errors["file"] = form.error_class([_too_large()])
        return _page(request, form)
    upload: UploadedFile = form.cleaned_data["file"]
    rows = estimate_rows(upload, upload.name or "")
    if rows is not None and rows > settings.HR_IMPORT_BACKGROUND_ROWS:
        PENDING.discard(request)
        run = hr_runs.start_check(request.authority, by=request.user, upload=upload)
        return redirect("hr_import_run", pk=run.pk)
    result = import_hr(
        request.authority, by=request.user, source=upload, filename=upload.name, dry_run=True
    )
    token = PENDING.keep(request, upload) if result.valid else None
    return _page(request, HrImportForm(), result=result, token=token)


@never_cache
@require_http_methods(["GET", "POST"])
@require(Perm.IMPORT_HR)
def hr_import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress of a large file checked or applied in the background; confirm when checked."""
    run = tenancy.get_object_or_404(request, HrImportRun, pk=pk)
    mine = run.user_id == request.user.pk
    if request.method == "POST":
        if not mine or not hr_runs.confirm(run, _confirmed_number(request)):
            messages.error(request, _unavailable())
        return redirect("hr_import_run", pk=run.pk)
    context: dict[str, Any] = {
        "run": run,
        "result": hr_runs.result_from_json(run.result),
        "can_confirm": mine and run.status == HrImportRun.Status.CHECKED and run.stored_name,
        "percent": _percent(run),
        "confirm_field": CONFIRM_FIELD,
        "grace_days": settings.HR_DEPARTURE_GRACE_DAYS,
        "page_title": _("Import RH en cours"),
        "breadcrumb": [(_("Import RH"), reverse("hr_import")), (run.filename, None)],
        "nav": "hr",
    }
    return render(request, "organisation/hr_import_run.html", context)


def _percent(run: HrImportRun) -> int | None:
    if not run.rows_total:
        return None
    return min(100, round(100 * run.rows_done / run.rows_total))


def _page(
    request: HttpRequest,
    form: HrImportForm,
    *,
    result: ImportResult | None = None,
    token: str | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "result": result,
        "token": token,
        "confirm_field": CONFIRM_FIELD,
        "grace_days": settings.HR_DEPARTURE_GRACE_DAYS,
        "share": settings.HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT,
        "page_title": _("Import RH"),
        "breadcrumb": [(_("Import RH"), None)],
        "nav": "hr",
    }
    return render(request, "organisation/hr_import.html", context)


def _too_large() -> str:
    return _(
        "Le fichier dépasse le maximum de %(max)s : importez-le avec la commande import_hr "
        "ou demandez à l'administrateur de relever la limite."
    ) % {"max": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES)}


def _unavailable() -> str:
    return _(
        "Cet import n'est plus disponible pour cette collectivité : déposez à nouveau "
        "le fichier pour le vérifier."
    )


def _confirmed_number(request: HttpRequest) -> int | None:
    value = request.POST.get(CONFIRM_FIELD, "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


def _confirm(request: HttpRequest) -> HttpResponse:
    # The file checked earlier in this session, for this authority: a token alone is not enough.
    pending = PENDING.confirmed(request)
    if pending is None:
        messages.error(request, _unavailable())
        return redirect("hr_import")
    token = pending["token"]
    with default_storage.open(pending["name"], "rb") as stored:
        result = import_hr(
            request.authority,
            by=request.user,
            source=stored,
            filename=pending["filename"],
            dry_run=False,
            confirmed_deactivations=_confirmed_number(request),
        )
    if result.confirmation_missing:
        # Nothing written; the same file waits for the number to be confirmed.
        return _page(request, HrImportForm(), result=result, token=token)
    PENDING.discard(request)
    if not result.applied:  # the file was checked before: only a changed file gets here
        return _page(request, HrImportForm(), result=result)
    assert result.counts is not None  # an applied import always has counts
    messages.success(
        request, _("Import RH enregistré. %(summary)s") % {"summary": summary(result.counts)}
    )
    return redirect("org_chart")


def _export(authority: Authority, fmt: str) -> FileResponse:
    # A temporary file rather than memory: a large authority exports hundreds of thousands of rows.
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export_hr(authority, stream, fmt)
    stream.seek(0)
    filename = f"organisation-{authority.slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response = FileResponse(stream, as_attachment=True, filename=filename)
    add_never_cache_headers(response)
    return response
