"""Pages of the exports to the State's channels: IATI file, e-APD declaration, Atlas sheets."""

from __future__ import annotations

import tempfile
from typing import IO

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maillage.core import spreadsheets
from maillage.core.filters import bad_filters
from maillage.core.models import Authority
from maillage.core.permissions import Perm, request_has_perm, require
from maillage.core.tenancy import get_object_or_404
from maillage.projects.models import Project
from maillage.projects.registry.selectors import public_authority

from . import atlas, eapd, iati, opendata, selectors
from .filters import FIRST_YEAR, EapdFilters, IatiFilters

EAPD_PAGE_SIZE = 50
XML = "application/xml"


def _exports_crumb() -> tuple[str, str]:
    return (_("Exports"), reverse("exports"))


@require_GET
@require(Perm.EXPORT_DATA)
def exports(request: HttpRequest) -> HttpResponse:
    """The exports to the State's channels, explained."""
    return render(
        request,
        "interop/index.html",
        {
            "counts": selectors.project_counts(request.authority),
            "eapd_year": timezone.localdate().year - 1,
            "page_title": _("Exports"),
            "breadcrumb": [(_("Exports"), None)],
            "nav": "exports",
        },
    )


def _include_internal(request: HttpRequest) -> bool:
    """``?internes=1``: the full file, for those who edit projects (else 403)."""
    wanted = IatiFilters(request.GET).values["internes"]
    if wanted and not request_has_perm(request, Perm.EDIT_PROJECTS):
        raise PermissionDenied
    return wanted


def _iati_page(request: HttpRequest, **extra: object) -> HttpResponse:
    title = _("Fichier IATI")
    return render(
        request,
        "interop/iati.html",
        {
            "counts": selectors.project_counts(request.authority),
            "identifier": iati.organisation_identifier(request.authority),
            "may_include_internal": request_has_perm(request, Perm.EDIT_PROJECTS),
            "page_title": title,
            "breadcrumb": [_exports_crumb(), (title, None)],
            "nav": "exports",
            **extra,
        },
    )


@require_GET
@require(Perm.EXPORT_DATA)
def iati_page(request: HttpRequest) -> HttpResponse:
    """What the IATI file is, how many activities it holds, download and check."""
    return _iati_page(request, include_internal=_include_internal(request))


def _iati_file(authority, include_internal: bool) -> IO[bytes]:
    """The file written to disk, not memory, whatever its size; FileResponse closes it."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the FileResponse
    iati.write_activities(authority, handle, include_internal=include_internal)
    handle.seek(0)
    return handle


@never_cache
@require_GET
@require(Perm.EXPORT_DATA)
def iati_download(request: HttpRequest) -> FileResponse:
    """The IATI 2.03 activity file, written to a temporary file then streamed."""
    include_internal = _include_internal(request)
    handle = _iati_file(request.authority, include_internal)
    suffix = "-complet" if include_internal else ""
    stamp = timezone.localdate().isoformat()
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"iati-{request.authority.slug}{suffix}-{stamp}.xml",
        content_type=XML,
    )


@require_GET
@require(Perm.EXPORT_DATA)
def iati_check(request: HttpRequest) -> HttpResponse:
    """Write the file and validate it against the official IATI 2.03 schema."""
    include_internal = _include_internal(request)
    with tempfile.TemporaryFile() as handle:
        written = iati.write_activities(
            request.authority, handle, include_internal=include_internal
        )
        handle.seek(0)
        report = iati.validate(handle)
    return _iati_page(request, include_internal=include_internal, report=report, written=written)


@require_GET
def public_iati(request: HttpRequest, authority_slug: str) -> FileResponse:
    """The public IATI file of an authority that publishes its projects (no login)."""
    authority = public_authority(authority_slug)
    if authority is None:
        raise Http404
    handle = _iati_file(authority, include_internal=False)
    return FileResponse(handle, filename=f"iati-{authority.slug}.xml", content_type=XML)


# --- Open data ---------------------------------------------------------------------------------


def _open_data(request: HttpRequest, authority_slug: str) -> tuple[Authority, list[dict]]:
    authority = public_authority(authority_slug)
    if authority is None:
        raise Http404
    base_url = request.build_absolute_uri("/").rstrip("/")
    return authority, opendata.rows(authority, base_url)


def _open(response: HttpResponse) -> HttpResponse:
    # Public data without credentials: any site may read it (a portal, a map, a notebook).
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def public_opendata_csv(request: HttpRequest, authority_slug: str) -> HttpResponse:
    """The public projects of an authority that publishes, as open-data CSV (no login)."""
    authority, found = _open_data(request, authority_slug)
    response = HttpResponse(
        "".join(opendata.csv_lines(found)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="projets-{authority.slug}.csv"'
    return _open(response)


@require_GET
def public_opendata_json(request: HttpRequest, authority_slug: str) -> HttpResponse:
    """The same rows as JSON, with the producer, the licence and the schema's version."""
    authority, found = _open_data(request, authority_slug)
    return _open(
        JsonResponse(
            opendata.json_document(authority, found), json_dumps_params={"ensure_ascii": False}
        )
    )


# --- e-APD ------------------------------------------------------------------------------------


def _filters(request: HttpRequest) -> EapdFilters:
    return EapdFilters(request.GET, current_year=timezone.localdate().year)


def _eapd_render(
    request: HttpRequest, filters: EapdFilters, *, blocked: bool = False, data=None
) -> HttpResponse:
    year = filters.year
    data = data or selectors.eapd_page(request.authority, year)
    page = Paginator(data["declaration"].rows, EAPD_PAGE_SIZE).get_page(request.GET.get("page"))
    title = _("Déclaration e-APD")
    current = timezone.localdate().year
    return render(
        request,
        "interop/eapd.html",
        {
            **data,
            "year": year,
            "filters": filters,
            "years": list(range(current, FIRST_YEAR - 1, -1))[:12],
            "page_obj": page,
            "page_params": {"annee": year},
            "rule": eapd.AMOUNT_RULE,
            "blocked": blocked,
            "page_title": title,
            "breadcrumb": [_exports_crumb(), (title, None)],
            "nav": "exports",
        },
        # A file asked for while lines lack cells: the page says what to complete instead.
        status=409 if blocked else 200,
    )


@require_GET
@require(Perm.EXPORT_DATA)
def eapd_page(request: HttpRequest) -> HttpResponse:
    """Preview of the e-APD declaration of a year: totals, what to complete, lines; files."""
    return _eapd_render(request, _filters(request))


def _eapd_file(request: HttpRequest, write) -> HttpResponse:
    """The declaration of the year as a file, or the page listing what to complete first."""
    filters = _filters(request)
    if filters.errors:
        return bad_filters(filters)
    declaration = eapd.declaration(request.authority, filters.year)
    if not declaration.ready:
        return _eapd_render(request, filters, blocked=True)
    return write(declaration)


@require_GET
@require(Perm.EXPORT_DATA)
def eapd_csv(request: HttpRequest) -> HttpResponse:
    """The declaration of the year as CSV (French headers)."""

    def write(declaration: eapd.Declaration) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        eapd.write_csv(declaration.rows, response)
        name = f"e-apd-{request.authority.slug}-{declaration.year}.csv"
        return spreadsheets.attachment(response, name)

    return _eapd_file(request, write)


@require_GET
@require(Perm.EXPORT_DATA)
def eapd_xlsx(request: HttpRequest) -> HttpResponse:
    """The declaration of the year as an Excel workbook, with its exclusions sheet."""

    def write(declaration: eapd.Declaration) -> HttpResponse:
        response = HttpResponse(
            eapd.xlsx_bytes(declaration.rows, declaration.year, declaration.exclusions),
            content_type=spreadsheets.XLSX_TYPE,
        )
        name = f"e-apd-{request.authority.slug}-{declaration.year}.xlsx"
        return spreadsheets.attachment(response, name)

    return _eapd_file(request, write)


# --- Atlas ------------------------------------------------------------------------------------


@require_GET
@require(Perm.VIEW_PROJECTS)
def atlas_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable sheet of a project for the Atlas of decentralised cooperation."""
    project = get_object_or_404(request, atlas.with_sheet_data(Project.objects.all()), pk=pk)
    title = _("Fiche Atlas — %(title)s") % {"title": project.title}
    return render(
        request,
        "interop/atlas_sheet.html",
        {
            **atlas.atlas_sheet(project),
            "page_title": title,
            "breadcrumb": [
                (_("Projets"), reverse("project_list")),
                (project.title, reverse("project_detail", args=[project.pk])),
                (_("Fiche Atlas"), None),
            ],
            "nav": "projects",
        },
    )


@require_GET
@require(Perm.EXPORT_DATA)
def atlas_csv(request: HttpRequest) -> HttpResponse:
    """Every project's Atlas sheet, one line each (UTF-8 with a BOM and ``;``)."""
    stamp = timezone.localdate().isoformat()
    return spreadsheets.csv_response(
        f"atlas-{request.authority.slug}-{stamp}.csv", atlas.atlas_lines(request.authority)
    )
