"""The transversality dashboard and its exports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from maillage.core import spreadsheets
from maillage.core.filters import bad_filters
from maillage.core.permissions import Perm, require

from . import exports, selectors
from .filters import DashboardFilters
from .selectors import ALL_YEARS, Period


def _filters(request: HttpRequest) -> DashboardFilters:
    return DashboardFilters(request.GET)


def _query(period: Period) -> str:
    return urlencode(
        {"annee": period.year if period.year is not None else ALL_YEARS, "statut": period.status}
    )


def _filename(request: HttpRequest, period: Period, extension: str) -> str:
    year = period.year if period.year is not None else ALL_YEARS
    return f"tableau-de-bord-{request.authority.slug}-{year}-{period.status}.{extension}"


@require_GET
@require(Perm.VIEW_DASHBOARD)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Key figures, services × projects, policy areas, blind spots, trends, local benefits."""
    filters = _filters(request)
    today = timezone.localdate()
    period = filters.period(today)
    opened_elsewhere = no_projects = False
    if not filters.year_asked:
        # Open on a year that has something to show rather than on an empty page.
        opening = selectors.opening_year(request.authority, today, period.status)
        no_projects = opening is None
        if opening is not None and opening != period.year:
            period, opened_elsewhere = Period(opening, period.status), True
    context = selectors.dashboard(request.authority, period)
    query = _query(period)
    return render(
        request,
        "reporting/dashboard.html",
        {
            **context,
            "filters": filters,
            "this_year": today.year,
            "opened_elsewhere": opened_elsewhere,
            "no_projects": no_projects,
            "years": selectors.year_choices(timezone.localdate(), period.year),
            "all_years": ALL_YEARS,
            "status_active": selectors.STATUS_ACTIVE,
            "status_all": selectors.STATUS_ALL,
            "csv_url": f"{reverse('dashboard_export_csv')}?{query}",
            "xlsx_url": f"{reverse('dashboard_export_xlsx')}?{query}",
            "print_url": f"{reverse('dashboard_print')}?{query}",
            "page_title": _("Tableau de bord de la transversalité"),
            "breadcrumb": [(_("Tableau de bord"), None)],
            "nav": "dashboard",
        },
    )


@require_GET
@require(Perm.VIEW_DASHBOARD)
def export_csv(request: HttpRequest) -> HttpResponse:
    """The services × projects matrix of the period, every project, as CSV."""
    filters = _filters(request)
    if filters.errors:
        return bad_filters(filters)
    period = filters.period(timezone.localdate())
    data = selectors.period_data(request.authority, period)
    return spreadsheets.csv_response(
        _filename(request, period, "csv"),
        exports.matrix_rows(selectors.matrix(data, limit=None)),
    )


@require_GET
@require(Perm.VIEW_DASHBOARD)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    """The matrix, the key figures and the trends of the period, one sheet each."""
    filters = _filters(request)
    if filters.errors:
        return bad_filters(filters)
    period = filters.period(timezone.localdate())
    data = selectors.period_data(request.authority, period)
    figures = selectors.key_figures(data, len(selectors.local_benefits(request.authority, period)))
    return spreadsheets.xlsx_response(
        _filename(request, period, "xlsx"),
        [
            (_("Services × projets"), exports.matrix_rows(selectors.matrix(data, limit=None))),
            (_("Chiffres clés"), exports.key_figure_rows(figures)),
            (_("Tendances"), exports.trend_rows(selectors.trends(request.authority, period))),
        ],
    )


@require_GET
@require(Perm.VIEW_DASHBOARD)
def dashboard_print(request: HttpRequest) -> HttpResponse:
    """The dashboard on paper: the matrix folded by directorate, no filters nor buttons."""
    period = _filters(request).period(timezone.localdate())
    context = selectors.dashboard(request.authority, period)
    return render(
        request,
        "reporting/dashboard_print.html",
        {
            **context,
            "directorates": selectors.directorate_summary(context["data"]),
            "page_title": _("Tableau de bord de la transversalité"),
            "breadcrumb": [
                (_("Tableau de bord"), f"{reverse('dashboard')}?{_query(period)}"),
                (_("Version imprimable"), None),
            ],
            "nav": "dashboard",
        },
    )
