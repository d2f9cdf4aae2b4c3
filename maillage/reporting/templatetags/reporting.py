"""The body of the services × projects matrix, built in Python.

80 services × 30 projects are 2,400 cells: through template tags they would cost most of the
page's time, so the rows are joined here, every value escaped.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from maillage.organisation.urls import service_url_prefix
from maillage.projects.models import Mobilisation

from ..selectors import Matrix, MobilisationRow, ServiceNode

register = template.Library()

ROLE_BADGES = {
    Mobilisation.Role.LEAD: "text-bg-primary",
    Mobilisation.Role.CONTRIBUTOR: "text-bg-success",
    Mobilisation.Role.CONSULTED: "text-bg-light",
}


def _days(value: Decimal, separator: str) -> str:
    """Like ``floatformat:"-1"`` without its cost: ``10``, ``2,5`` (one decimal at most)."""
    text = f"{value:.1f}"
    return text.removesuffix(".0").replace(".", separator)


def _cell(m: MobilisationRow | None, labels: dict[str, str], pending: str, sep: str) -> str:
    if m is None:
        return "<td></td>"
    if not m.confirmed:
        return f'<td class="reporting-cell"><p class="badge text-bg-warning">{pending}</p></td>'
    return (
        f'<td class="reporting-cell"><p class="badge '
        f'{ROLE_BADGES.get(m.role, "")}">{labels[m.role]}</p>'
        f'<span class="reporting-days">{_days(m.days_actual, sep)} / {_days(m.days_planned, sep)} j'
        "</span></td>"
    )


@register.simple_tag
def matrix_body(found: Matrix) -> SafeString:
    """The ``<tr>`` rows of the matrix: service header, one cell per column, totals."""
    labels = {value: escape(label) for value, label in Mobilisation.Role.choices}
    pending = escape(gettext("À confirmer"))
    closed = escape(gettext("service fermé"))
    sep = escape(get_format("DECIMAL_SEPARATOR"))
    url = service_url_prefix()
    parts = []
    for row in found.rows:
        node = row.node
        depth = min(node.depth, 3)
        flag = "" if node.active else f' <span class="small">({closed})</span>'
        parts.append(
            f'<tr data-service="{node.id}"><th scope="row" class="reporting-depth-{depth}">'
            f'<a href="{url}{node.id}/">{escape(node.name)}</a>{flag}</th>'
        )
        parts.extend(_cell(m, labels, pending, sep) for m in row.cells)
        parts.append(
            f'<td class="text-end">{row.projects}</td>'
            f'<td class="text-end">{_days(row.days_actual, sep)} / '
            f"{_days(row.days_planned, sep)}</td></tr>"
        )
    return mark_safe("".join(parts))  # noqa: S308 — every value above is escaped or a number


@register.simple_tag
def service_tags(nodes: list[ServiceNode]) -> SafeString:
    """A blind spot's services as tags linking to their pages: up to every service of
    the authority, each through the template engine cost about 30 µs."""
    url = service_url_prefix()
    items = "".join(
        f'<li><a class="tag" href="{url}{node.id}/">{escape(node.name)}</a></li>' for node in nodes
    )
    return mark_safe(f'<ul class="tag-list">{items}</ul>')  # noqa: S308 — names escaped
