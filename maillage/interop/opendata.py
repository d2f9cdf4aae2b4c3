"""The open-data file of an authority's public projects, as CSV and as JSON.

One row per public project of an authority that publishes (``public_projects`` decides which:
the same projects as the public pages and the public IATI file). The fields, their types and
code lists are documented in ``docs/opendata-schema.md`` and described for machines by the
Table Schema ``docs/opendata-schema.json`` (frictionless), which :data:`FIELDS` follows.

The CSV is the plain kind that open-data portals read (RFC 4180, UTF-8 without byte-order
mark, ``,`` between cells, a point in decimals, ISO 8601 dates), not the French-spreadsheet
kind of the list files (``core.spreadsheets``). Text is given as written, so that the JSON
and the CSV carry the same values; only a ``|`` inside a name becomes ``/``, as ``|``
separates the items of a list cell. In JSON, list fields are arrays and empty values null.

Nothing internal is written: no service, agent, elected official, objective, mobilisation or
money that moved. The one amount is the funding plan's total, which the public IATI file of
the same projects already publishes.

Licence: Licence Ouverte / Open Licence 2.0 (Etalab).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from maillage.core.models import Authority
from maillage.projects.funding.services import budget_annotations, budget_total
from maillage.projects.models import Project, ProjectPartner
from maillage.projects.registry.selectors import public_projects

from .iati import organisation_identifier

SCHEMA_NAME = "maillage-projets-publics"
SCHEMA_VERSION = "1.0.0"
LICENCE = {
    "nom": "Licence Ouverte / Open Licence version 2.0",
    "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
SEPARATOR = "|"
# Number of queries of a file, whatever the number of projects: projects with their budget;
# partners with their countries; SDG targets; DAC sectors.
QUERIES = 4


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # Table Schema type: string, date, number
    is_list: bool = False


FIELDS: tuple[Field, ...] = (
    Field("identifiant", "string"),
    Field("collectivite", "string"),
    Field("collectivite_siren", "string"),
    Field("intitule", "string"),
    Field("resume", "string"),
    Field("type", "string"),
    Field("statut", "string"),
    Field("date_debut", "date"),
    Field("date_fin", "date"),
    Field("pays", "string", is_list=True),
    Field("pays_noms", "string", is_list=True),
    Field("partenaires", "string", is_list=True),
    Field("cibles_odd", "string", is_list=True),
    Field("odd", "string", is_list=True),
    Field("secteurs_cad", "string", is_list=True),
    Field("budget_previsionnel_eur", "number"),
    Field("url", "string"),
    Field("date_mise_a_jour", "date"),
)
HEADER = tuple(field.name for field in FIELDS)


def _item(text: str) -> str:
    return text.replace(SEPARATOR, "/")


def rows(authority: Authority, base_url: str) -> list[dict[str, Any]]:
    """The public projects of ``authority`` as rows of :data:`FIELDS` (:data:`QUERIES` queries).

    Values are Python values: ``str``, ``datetime.date``, ``Decimal``, lists for list fields,
    ``None`` when empty. ``base_url`` (scheme and host) makes each public page's address.
    """
    projects = list(
        public_projects(authority.slug)
        .annotate(**budget_annotations())
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "summary",
            "kind",
            "status",
            "start_date",
            "end_date",
            "agent_day_rate",
            "updated_at",
            "fp_lines",
            "fp_days_planned",
        )
    )
    ids = [row[0] for row in projects]
    partners: dict[int, dict[str, None]] = defaultdict(dict)
    countries: dict[int, dict[str, str]] = defaultdict(dict)
    links = (
        ProjectPartner.objects.filter(project_id__in=ids, partner__authority=authority)
        .order_by("partner__name", "partner_id")
        .values_list(
            "project_id", "partner__name", "partner__country_id", "partner__country__name_fr"
        )
    )
    for project_id, name, iso2, country_name in links:
        partners[project_id][_item(name)] = None
        countries[project_id][iso2] = country_name
    targets: dict[int, list[str]] = defaultdict(list)
    for project_id, code in (
        Project.sdg_targets.through.objects.filter(project_id__in=ids)
        .order_by("sdgtarget__goal_id", "sdgtarget__position")
        .values_list("project_id", "sdgtarget_id")
    ):
        targets[project_id].append(code)
    sectors: dict[int, list[str]] = defaultdict(list)
    for project_id, code in (
        Project.dac_sectors.through.objects.filter(project_id__in=ids)
        .order_by("codelistitem__code")
        .values_list("project_id", "codelistitem__code")
    ):
        sectors[project_id].append(code)
    prefix = organisation_identifier(authority)
    found = []
    for pk, title, summary, kind, status, start, end, rate, updated, lines, days in projects:
        project_countries = countries[pk]
        codes = targets[pk]
        budget = budget_total(lines, days, rate)
        found.append(
            {
                "identifiant": f"{prefix}-{pk}",
                "collectivite": authority.name,
                "collectivite_siren": authority.siren,
                "intitule": title,
                "resume": summary or None,
                "type": kind,
                "statut": status,
                "date_debut": start,
                "date_fin": end,
                "pays": sorted(project_countries),
                "pays_noms": [project_countries[iso2] for iso2 in sorted(project_countries)],
                "partenaires": list(partners[pk]),
                "cibles_odd": codes,
                "odd": list(dict.fromkeys(code.split(".")[0] for code in codes)),
                "secteurs_cad": sectors[pk],
                "budget_previsionnel_eur": budget.quantize(Decimal("0.01")) if budget else None,
                "url": base_url + reverse("public_project_detail", args=[authority.slug, pk]),
                "date_mise_a_jour": timezone.localtime(updated).date(),
            }
        )
    return found


def _text(field: Field, value: Any) -> str:
    """A value as the CSV writes it."""
    if value is None:
        return ""
    if field.is_list:
        return SEPARATOR.join(value)
    if isinstance(value, Decimal):
        return f"{value:f}"
    if field.kind == "date":
        return value.isoformat()
    return str(value)


def csv_lines(found: list[dict[str, Any]]) -> Iterator[str]:
    """The CSV file, line by line: the header, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    yield buffer.getvalue()
    for row in found:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_text(field, row[field.name]) for field in FIELDS])
        yield buffer.getvalue()


def _json_value(field: Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return float(value)
    if field.kind == "date":
        return value.isoformat()
    return value


def json_document(authority: Authority, found: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON file: who publishes, under which licence and schema, and the same rows."""
    return {
        "schema": {"nom": SCHEMA_NAME, "version": SCHEMA_VERSION},
        "licence": LICENCE,
        "producteur": {
            "nom": authority.name,
            "siren": authority.siren,
            "identifiant_iati": organisation_identifier(authority),
        },
        "date_production": timezone.localtime().replace(microsecond=0).isoformat(),
        "projets": [
            {field.name: _json_value(field, row[field.name]) for field in FIELDS} for row in found
        ],
    }
