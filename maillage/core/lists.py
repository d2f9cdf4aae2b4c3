"""What every list page shares: its title, breadcrumb and menu entry, sort links, rendering.

A list template keeps its results (errors of the filters, count, table, pagination) in a
``{% partialdef results inline %}`` whose outer element has ``id="list-results"``. The filter
form asks for that partial alone through htmx (``hx-get``, ``hx-target="#list-results"``,
``hx-push-url``); without JavaScript the same form loads the whole page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from maillage.core import spreadsheets

RESULTS_ID = "list-results"  # the id of the results region, the filter form's hx-target
Crumbs = Sequence[tuple[str, str | None]]


def page_context(
    title: str, *, nav: str, crumb: str | None = None, parents: Crumbs = ()
) -> dict[str, Any]:
    """``page_title``, ``breadcrumb`` (``parents`` then the page, as ``crumb`` or the title)
    and ``nav``, the menu entry shown as current."""
    return {
        "page_title": title,
        "breadcrumb": [*parents, (crumb or title, None)],
        "nav": nav,
    }


def render_list(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    title: str,
    nav: str,
    crumb: str | None = None,
    parents: Crumbs = (),
    has_results_partial: bool = True,
) -> HttpResponse:
    """The list page, or only its ``results`` partial when its filter form asks through htmx.

    ``has_results_partial=False`` for a list without a filter form (links only).
    """
    htmx = getattr(request, "htmx", None)
    # A boosted link or a history restore wants the whole page, as without htmx.
    if (
        has_results_partial
        and htmx
        and htmx.target == RESULTS_ID
        and not htmx.boosted
        and not htmx.history_restore_request
    ):
        template = f"{template}#results"
    response = render(
        request,
        template,
        {**context, **page_context(title, nav=nav, crumb=crumb, parents=parents)},
    )
    # The same address answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


def export_list(
    request: HttpRequest,
    fmt: str,
    name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    sheet: str,
) -> HttpResponse:
    """The filtered list as ``fmt`` (``csv`` or ``xlsx``), named after the list, the authority
    and the day: ``projets-bellerive-2026-12-03.xlsx``.

    CSV is UTF-8 with a BOM and ``;``, which a French spreadsheet opens as is; XLSX has one
    sheet titled ``sheet`` whose first row is the header.
    """
    filename = f"{name}-{request.authority.slug}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "xlsx":
        return spreadsheets.xlsx_response(filename, [(sheet, [header, *rows])])
    return spreadsheets.csv_response(filename, rows, header)


def sort_links(
    sort: str, columns: Iterable[str], *, descending_first: Iterable[str] = ()
) -> dict[str, dict[str, str]]:
    """Per sortable column: ``tri``, the key its link sorts by, and ``aria``, its aria-sort.

    A sorted column's link reverses it; another column's link sorts by it, ascending unless
    it is in ``descending_first`` (dates where the latest matters). The templates build the
    link with ``{% querystring tri=… page=None %}``.
    """
    first_descending = set(descending_first)
    links = {}
    for column in columns:
        if sort == column:
            links[column] = {"tri": f"-{column}", "aria": "ascending"}
        elif sort == f"-{column}":
            links[column] = {"tri": column, "aria": "descending"}
        else:
            first = f"-{column}" if column in first_descending else column
            links[column] = {"tri": first, "aria": ""}
    return links
