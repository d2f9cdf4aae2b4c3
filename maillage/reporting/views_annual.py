"""The annual report to the council: choose a year, read it, download it as PDF, arrange it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from maillage.core.concurrency import ConcurrentEditError, conflict
from maillage.core.permissions import Perm, request_has_perm, require
from maillage.core.print_identity import print_identity

from . import pdf, selectors_annual, services
from .filters import AnnualReportYear
from .forms import AnnualReportForm

FIRST_YEAR = 2000


def _year(year: int) -> int:
    """The year of the address, from 2000 to next year; any other is not found."""
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404(_("Il n'y a pas de rapport annuel pour cette année."))
    return year


def _title(year: int) -> str:
    return _("Rapport annuel de l'action internationale %(year)s") % {"year": year}


def _index_crumb() -> tuple[str, str]:
    return (_("Rapport annuel"), reverse("annual_report_index"))


@require_GET
@require(Perm.VIEW_DASHBOARD)
def annual_report_index(request: HttpRequest) -> HttpResponse:
    """Choose the year of the report (last year by default)."""
    today = timezone.localdate()
    filters = AnnualReportYear(request.GET)
    year = filters.values["annee"]
    if year is not None and FIRST_YEAR <= year <= today.year + 1:
        return redirect("annual_report", year=year)
    title = _("Rapport annuel de l'action internationale")
    return render(
        request,
        "reporting/annual/index.html",
        {
            "filters": filters,
            "years": selectors_annual.year_choices(today),
            "default_year": today.year - 1,
            "page_title": title,
            "breadcrumb": [(_("Rapport annuel"), None)],
            "nav": "dashboard",
        },
    )


@require_GET
@require(Perm.VIEW_DASHBOARD)
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    """The report of the year, on screen."""
    year = _year(year)
    context = selectors_annual.annual_report(request.authority, year)
    title = _title(year)
    return render(
        request,
        "reporting/annual/report.html",
        {
            **context,
            "can_edit": request_has_perm(request, Perm.EDIT_ANNUAL_REPORT),
            "page_title": title,
            "breadcrumb": [_index_crumb(), (str(year), None)],
            "nav": "dashboard",
        },
    )


@require_GET
@require(Perm.VIEW_DASHBOARD)
@never_cache
def annual_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The report of the year as a PDF (A4, cover, contents, one page per project); where the
    PDF renderer is missing, the same document as HTML, to print from the browser."""
    year = _year(year)
    authority = request.authority
    context = {
        **selectors_annual.annual_report(authority, year),
        "identity": print_identity(authority),
        "title": _title(year),
        "generated_on": timezone.localdate(),
    }
    html = render_to_string("reporting/annual/document.html", context, request=request)
    content = pdf.render_pdf(html, authority)
    if content is None:
        return render(request, "reporting/annual/document.html", {**context, "in_browser": True})
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"rapport-annuel-{authority.slug}-{year}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@require(Perm.EDIT_ANNUAL_REPORT)
def annual_report_edit(request: HttpRequest, year: int) -> HttpResponse:
    """The introduction of the year's report, and the place of each section and whether it
    is shown."""
    year = _year(year)
    report = selectors_annual.arrangement(request.authority, year)
    form = AnnualReportForm(request.POST if request.method == "POST" else None, instance=report)
    extra: dict[str, object] = {}
    if form.is_bound and form.is_valid():
        try:
            services.update_annual_report(
                request.authority,
                by=request.user,
                year=year,
                introduction=form.cleaned_data["introduction"],
                layout=form.layout(),
                version=form.version,
            )
        except ConcurrentEditError as exc:
            if exc.obj.pk is None:
                form.add_error(None, exc.message)
                extra["status"] = 409
            else:
                form, extra = conflict(request, exc, form)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Le rapport annuel %(year)s est enregistré.") % {"year": year}
            )
            return redirect("annual_report", year=year)
    status = extra.pop("status", 200)
    title = _("Présenter le rapport annuel %(year)s") % {"year": year}
    return render(
        request,
        "reporting/annual/edit.html",
        {
            "form": form,
            "year": year,
            "page_title": title,
            "breadcrumb": [
                _index_crumb(),
                (str(year), reverse("annual_report", kwargs={"year": year})),
                (_("Présenter"), None),
            ],
            "nav": "dashboard",
            **extra,
        },
        status=status,
    )
