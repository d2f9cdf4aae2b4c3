"""The payments import page: upload the finance software's mandats, see the dry run (each
row's project, the errors by line and column), assign the rows left, then apply.

The same shape as the HR import page (organisation/views_import.py): a valid file is kept
under an unguessable name until the same session confirms it for the same authority, then
read again and applied all or nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from maillage.core.pending_uploads import PendingUploads
from maillage.core.permissions import Perm, require

from .forms import PaymentsAssignmentForm, PaymentsFileForm, assignment_field
from .payments.apply import apply_parsed, import_payments
from .payments.format import (
    AMBIGUOUS,
    BY_CHOICE,
    BY_COLUMN,
    BY_TEXT,
    EXCLUDED,
    MAX_ASSIGNABLE,
    SHOWN_ROWS,
    UNASSIGNED,
    ImportPlan,
    ImportResult,
    ParsedFile,
    PlannedRow,
    result_of,
)
from .payments.plan import euros, plan_import
from .payments.read import parse_payments_file

PENDING = PendingUploads(session_key="payments_import_pending", directory="payments-imports")


@never_cache
@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_PROJECTS)
def payments_import(request: HttpRequest) -> HttpResponse:
    """Upload a payments file, preview each row's project and the errors, then apply."""
    if request.method == "GET":
        return _page(request, PaymentsFileForm())
    if request.POST.get("action") == "confirm":
        return _confirm(request)
    form = PaymentsFileForm(request.POST, request.FILES)
    if not form.is_valid():
        if getattr(request, "upload_too_large", False):
            form.errors["file"] = form.error_class([_too_large()])
        return _page(request, form)
    upload: UploadedFile = form.cleaned_data["file"]
    result = import_payments(
        request.authority, by=request.user, source=upload, filename=upload.name, dry_run=True
    )
    token = PENDING.keep(request, upload) if result.valid else None
    return _page(request, PaymentsFileForm(), result=result, token=token)


def _assignment_form(result: ImportResult, data: Any = None) -> PaymentsAssignmentForm | None:
    plan = result.plan
    if plan is None or not result.valid:
        return None
    lines = [r.row.line for r in plan.unassigned[:MAX_ASSIGNABLE]]
    return PaymentsAssignmentForm(data, lines=lines, projects=plan.projects)


def _page(
    request: HttpRequest,
    form: PaymentsFileForm,
    *,
    result: ImportResult | None = None,
    token: str | None = None,
    assignment: PaymentsAssignmentForm | None = None,
) -> HttpResponse:
    plan = result.plan if result is not None else None
    if assignment is None and result is not None and token:
        assignment = _assignment_form(result)
    context: dict[str, Any] = {
        "form": form,
        "result": result,
        "token": token,
        "assignment": assignment,
        "shown": _shown(plan),
        "shown_max": SHOWN_ROWS,
        "to_assign": _to_assign_rows(plan, assignment),
        "assignable_max": MAX_ASSIGNABLE,
        "amount": euros(plan.counts.amount) if plan is not None else "",
        "page_title": _("Import des paiements"),
        "breadcrumb": [(_("Projets"), reverse("project_list")), (_("Import des paiements"), None)],
        "nav": "projects",
    }
    return render(request, "projects/payments_import.html", context)


def _how_labels() -> dict[str, str]:
    return {
        BY_COLUMN: _("colonne code_analytique"),
        BY_TEXT: _("code cité dans l'objet ou l'imputation"),
        BY_CHOICE: _("choisi"),
        UNASSIGNED: _("à affecter"),
        AMBIGUOUS: _("à affecter : plusieurs codes cités"),
        EXCLUDED: _("exclue"),
    }


def _shown(plan: ImportPlan | None) -> list[tuple[PlannedRow, str, str]]:
    """The first rows of the dry run: each with its project's title and why."""
    if plan is None:
        return []
    labels = _how_labels()
    already = _("déjà enregistré")
    return [
        (
            planned,
            plan.titles.get(planned.project_id, "") if planned.project_id else "",
            already if planned.already else labels[planned.how],
        )
        for planned in plan.rows[:SHOWN_ROWS]
    ]


def _to_assign_rows(
    plan: ImportPlan | None, assignment: PaymentsAssignmentForm | None
) -> list[tuple[Any, Any]]:
    if plan is None or assignment is None:
        return []
    rows = {r.row.line: r for r in plan.unassigned[:MAX_ASSIGNABLE]}
    return [(rows[line], assignment[assignment_field(line)]) for line in assignment.lines]


def _too_large() -> str:
    return _(
        "Le fichier dépasse le maximum de %(max)s : exportez les mandats en plusieurs "
        "fichiers, ou demandez à l'administrateur de relever la limite."
    ) % {"max": filesizeformat(settings.FILE_UPLOAD_MAX_BYTES)}


def _unavailable() -> str:
    return _(
        "Cet import n'est plus disponible pour cette collectivité : déposez à nouveau "
        "le fichier pour le vérifier."
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    # The file checked earlier in this session, for this authority: a token alone is not enough.
    pending = PENDING.confirmed(request)
    if pending is None:
        messages.error(request, _unavailable())
        return redirect("payments_import")
    token = pending["token"]
    with default_storage.open(pending["name"], "rb") as stored:
        parsed = parse_payments_file(stored, pending["filename"])
    dry = _dry(request, parsed)
    if not dry.valid:
        # Checked before: only a changed file, or a mandat recorded meanwhile, gets here.
        PENDING.discard(request)
        return _page(request, PaymentsFileForm(), result=dry)
    assignment = _assignment_form(dry, request.POST)
    assert assignment is not None  # a valid dry run has its form
    if not assignment.is_valid():
        # A posted project of another authority is refused here: nothing is written.
        return _page(request, PaymentsFileForm(), result=dry, token=token, assignment=assignment)
    # The dry run added no error to ``parsed``: it is planned again, under lock, and written.
    result = apply_parsed(
        request.authority,
        by=request.user,
        parsed=parsed,
        assignments=assignment.assignments(),
        exclude_rest=assignment.cleaned_data.get("exclude_rest", False),
    )
    if not result.applied:
        # Rows still to assign, or a mandat recorded meanwhile: nothing written, same file.
        return _page(request, PaymentsFileForm(), result=result, token=token, assignment=assignment)
    PENDING.discard(request)
    counts = result.counts
    assert counts is not None  # an applied import always has counts
    if counts.created:
        messages.success(request, _summary(counts))
    else:
        messages.info(
            request,
            _(
                "Aucun nouveau mandat : ceux du fichier sont déjà enregistrés (%(already)s). "
                "Rien n'a été modifié."
            )
            % {"already": counts.already},
        )
    return redirect("payments_import")


def _dry(request: HttpRequest, parsed: ParsedFile) -> ImportResult:
    plan = plan_import(request.authority, parsed) if not parsed.fatal else None
    return result_of(parsed, plan, dry_run=True)


def _summary(counts) -> str:
    text = ngettext(
        "%(count)s paiement importé (%(amount)s €) sur %(projects)s projet.",
        "%(count)s paiements importés (%(amount)s €) sur %(projects)s projets.",
        counts.created,
    ) % {"count": counts.created, "amount": euros(counts.amount), "projects": counts.projects}
    if counts.already:
        text += " " + _("%(already)s mandats déjà enregistrés laissés tels quels.") % {
            "already": counts.already
        }
    if counts.excluded:
        text += " " + _("%(excluded)s lignes exclues.") % {"excluded": counts.excluded}
    return text
