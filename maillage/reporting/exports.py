"""The dashboard as files: the services × projects matrix (CSV, XLSX) and the key figures and
trends (XLSX sheets). The exports hold every project of the period, not only the page's columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from maillage.core.spreadsheets import decimal_text
from maillage.organisation.models import Service

from .selectors import KeyFigures, Matrix, MobilisationRow, TrendYear


def days(value: Decimal) -> str:
    """Agent-days as a French spreadsheet reads them: ``10``, ``2,5``."""
    return decimal_text(value)


def cell_text(m: MobilisationRow | None) -> str:
    if m is None:
        return ""
    if m.confirmed:
        return _("%(role)s — %(planned)s j prévus, %(actual)s j réalisés") % {
            "role": m.role_label,
            "planned": days(m.days_planned),
            "actual": days(m.days_actual),
        }
    return _("À confirmer (%(role)s, %(planned)s j prévus)") % {
        "role": m.role_label,
        "planned": days(m.days_planned),
    }


def matrix_rows(found: Matrix) -> Iterator[list[object]]:
    """Header, one row per service in org-chart order, then the services count per project."""
    yield [
        _("Direction"),
        _("Service"),
        _("Niveau"),
        *[p.title for p in found.columns],
        _("Projets (mobilisations confirmées)"),
        _("Jours-agent prévus"),
        _("Jours-agent réalisés"),
    ]
    names: dict[int, str] = {}
    for row in found.rows:
        node = row.node
        names.setdefault(node.root_id, node.name)
        yield [
            names[node.root_id],
            "" if node.is_directorate else node.name,
            str(Service.Kind(node.kind).label) if node.kind in Service.Kind.values else "",
            *[cell_text(m) for m in row.cells],
            row.projects,
            row.days_planned,
            row.days_actual,
        ]
    yield [_("Services mobilisés"), "", "", *found.column_services, "", "", ""]


def key_figure_rows(figures: KeyFigures) -> list[list[object]]:
    leverage = figures.leverage
    return [
        [_("Indicateur"), _("Valeur"), _("Sur")],
        [_("Projets de la période"), figures.projects, ""],
        [_("Services mobilisés"), figures.services_mobilised, figures.services_total],
        [_("Directions mobilisées"), figures.directorates_mobilised, figures.directorates_total],
        [_("Jours-agent prévus (mobilisations confirmées)"), figures.days_planned, ""],
        [_("Jours-agent réalisés (mobilisations confirmées)"), figures.days_actual, ""],
        [_("Services ayant un référent"), figures.services_covered, figures.services_total],
        [_("Profils internationaux publiés"), figures.published_profiles, ""],
        [_("Appels à compétences ouverts"), figures.open_calls, ""],
        [_("Cofinancements extérieurs (€)"), figures.external_funding, ""],
        [_("Fonds propres en numéraire (€)"), figures.own_cash, ""],
        [
            _("Effet de levier (€ extérieurs pour 1 € de fonds propres)"),
            leverage if leverage is not None else "",
            "",
        ],
        [_("Résultats sur notre territoire (retombées locales)"), figures.local_results, ""],
    ]


def trend_rows(years: Iterable[TrendYear]) -> Iterator[list[object]]:
    yield [
        _("Année"),
        _("Projets démarrés"),
        _("Mobilisations confirmées"),
        _("Services mobilisés"),
        _("Jours-agent prévus"),
        _("Jours-agent réalisés"),
    ]
    for y in years:
        yield [
            y.year,
            y.projects_started,
            y.mobilisations,
            y.services,
            y.days_planned,
            y.days_actual,
        ]
