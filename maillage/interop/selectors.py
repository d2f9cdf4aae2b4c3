"""Reads of the export pages, each in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from maillage.core.models import Authority, CodeListItem, Country
from maillage.projects.models import Payment, Project

from . import eapd


def project_counts(authority: Authority) -> dict[str, int]:
    """Projects of the authority, all and public (1 query)."""
    return Project.objects.filter(authority=authority).aggregate(
        total=Count("pk"), public=Count("pk", filter=Q(visibility=Project.Visibility.PUBLIC))
    )


def _named(
    totals: list[tuple[str, Decimal]], names: dict[str, str]
) -> list[tuple[str, str, Decimal]]:
    return [(code, names.get(code, ""), amount) for code, amount in totals]


def eapd_page(authority: Authority, year: int) -> dict[str, Any]:
    """The declaration of ``year`` with named totals, exclusions and the reconciliation with
    the payments of the year (11 queries)."""
    declaration = eapd.declaration(authority, year)
    by_country = declaration.totals_by("recipient_code")
    by_sector = declaration.totals_by("purpose_code")
    by_channel = declaration.totals_by("channel")
    names = {row.recipient_code: row.recipient_name for row in declaration.rows}
    wanted = {e.country_iso for e in declaration.exclusions}
    for exclusion in declaration.exclusions:
        wanted.update(exclusion.moved_to)
    countries = {
        **{c.iso2: c.name for c in Country.objects.filter(iso2__in=wanted - set(names))},
        **names,
    }
    codes = CodeListItem.objects.filter(
        Q(codelist="Sector", code__in=[c for c, _a in by_sector])
        | Q(codelist="CRSChannelCode", code__in=[c for c, _a in by_channel])
    ).only("codelist", "code", "name_fr", "name_en")
    sectors: dict[str, str] = {}
    channels: dict[str, str] = {}
    for item in codes:
        (sectors if item.codelist == "Sector" else channels)[item.code] = item.name
    for code, precision in eapd.CHANNEL_PRECISIONS.items():
        if code in channels:
            channels[code] = f"{channels[code]} {precision}"
    # The payments list's own sum, read apart from the declaration: the page shows both agree.
    payments_total = Payment.objects.filter(
        commitment__project__authority=authority, date__year=year
    ).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return {
        "declaration": declaration,
        "by_country": _named(by_country, countries),
        "by_sector": _named(by_sector, sectors),
        "by_channel": _named(by_channel, channels),
        "by_legal_basis": [
            (code, Project.LegalBasis(code).label, amount)
            for code, amount in declaration.totals_by("legal_basis")
        ],
        "payments_total": payments_total,
        "reconciled": declaration.reconciled and payments_total == declaration.paid,
        "countries": countries,
        "sectors": sectors,
        "exclusions": [
            {
                "exclusion": exclusion,
                "country": countries.get(exclusion.country_iso, exclusion.country_iso),
                "moved_to": ", ".join(f"{countries.get(c, c)} ({c})" for c in exclusion.moved_to),
            }
            for exclusion in declaration.exclusions
        ],
    }
