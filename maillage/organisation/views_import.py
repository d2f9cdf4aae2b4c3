"""HR import page (upload, dry-run preview, confirm)."""

from __future__ import annotations

import datetime
import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from maillage.core.models import Authority
from maillage.core.permissions import Perm, require

from .forms import HrImportForm
from .hr_import import FORMATS, ImportResult, export_hr, import_hr, summary

PENDING_KEY = "hr_import_pending"
UPLOAD_DIR = "hr-imports"
# A checked file waits this long for its confirmation; later uploads then remove it.
PENDING_LIFETIME = datetime.timedelta(days=1)


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
        return _page(request, form)
    upload: UploadedFile = form.cleaned_data["file"]
    result = import_hr(request.authority, upload, upload.name, dry_run=True)
    token = _keep(request, upload) if result.valid else None
    return _page(request, HrImportForm(), result=result, token=token)


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
        "page_title": _("Import RH"),
        "breadcrumb": [(_("Import RH"), None)],
        "nav": "hr",
    }
    return render(request, "organisation/hr_import.html", context)


def _confirm(request: HttpRequest) -> HttpResponse:
    # The file checked earlier in this session, for this authority: a token alone is not enough.
    pending = request.session.get(PENDING_KEY) or {}
    token = request.POST.get("token", "")
    if (
        not token
        or not constant_time_compare(pending.get("token", ""), token)
        or pending.get("authority") != request.authority.pk
        or not default_storage.exists(pending.get("name", ""))
    ):
        messages.error(
            request,
            _(
                "Cet import n'est plus disponible pour cette collectivité : déposez à nouveau "
                "le fichier pour le vérifier."
            ),
        )
        return redirect("hr_import")
    with default_storage.open(pending["name"], "rb") as stored:
        result = import_hr(
            request.authority, stored, pending["filename"], dry_run=False, user=request.user
        )
    _discard(request)
    if not result.applied:  # the file was checked before: only a changed file gets here
        return _page(request, HrImportForm(), result=result)
    assert result.counts is not None  # an applied import always has counts
    messages.success(
        request, _("Import RH enregistré. %(summary)s") % {"summary": summary(result.counts)}
    )
    return redirect("org_chart")


def _keep(request: HttpRequest, upload: UploadedFile) -> str:
    """Store a valid upload until confirmation; returns the token the form sends back."""
    _discard(request)
    _purge_expired()
    token = secrets.token_urlsafe(32)
    name = default_storage.save(f"{UPLOAD_DIR}/{token}{Path(upload.name).suffix.lower()}", upload)
    request.session[PENDING_KEY] = {
        "token": token,
        "name": name,
        "filename": Path(upload.name).name,
        "authority": request.authority.pk,
    }
    return token


def _discard(request: HttpRequest) -> None:
    pending = request.session.pop(PENDING_KEY, None)
    if pending and pending.get("name"):
        default_storage.delete(pending["name"])


def _purge_expired() -> None:
    # Files checked but never confirmed hold personal data: do not keep them around.
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except FileNotFoundError:
        return
    limit = timezone.now() - PENDING_LIFETIME
    for filename in files:
        name = f"{UPLOAD_DIR}/{filename}"
        try:
            if default_storage.get_modified_time(name) < limit:
                default_storage.delete(name)
        except (FileNotFoundError, NotImplementedError):
            continue


def _export(authority: Authority, fmt: str) -> FileResponse:
    # A temporary file rather than memory: a large authority exports hundreds of thousands of rows.
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    export_hr(authority, stream, fmt)
    stream.seek(0)
    filename = f"organisation-{authority.slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    response = FileResponse(stream, as_attachment=True, filename=filename)
    add_never_cache_headers(response)
    return response
