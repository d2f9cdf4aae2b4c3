"""Which countries may receive official development assistance in a year (OECD DAC list).

The DAC List of ODA Recipients is reference data (``DacRecipientList``, ``DacRecipient``),
one version per period of flows, shipped in ``reference/`` and loaded by the reference-data
loader; ``manage.py load_dac_list`` loads a new version. :func:`dac_recipient_codes` reads the
countries of a year in one query; :func:`eligibility` says whether a country is eligible and,
when it is not, why, in words a user can act upon.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext as _

from . import audit, reference_data
from .models import Country, DacRecipient, DacRecipientList, User
from .services import write_service

# French overseas departments, collectivities and territories: France itself, whatever the
# OECD list says of some of them. A French authority's spending there is domestic, never aid.
FRENCH_OVERSEAS = frozenset(
    {"GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC", "TF"}
)


def dac_recipient_codes(year: int) -> frozenset[str]:
    """ISO codes of the countries on the DAC list that applies to the flows of ``year``
    (1 query). Empty when no list covers the year: a loaded list is never empty."""
    return frozenset(
        DacRecipient.objects.filter(
            list__period_start_year__lte=year, list__period_end_year__gte=year
        ).values_list("country_id", flat=True)
    )


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str = ""


def eligibility(country_code: str, year: int, codes: frozenset[str] | None = None) -> Eligibility:
    """Whether aid to ``country_code`` counts as ODA in ``year``, with the reason when not.

    ``codes`` is :func:`dac_recipient_codes` of the year, read once by callers that ask for many
    countries; without it, it is read here.
    """
    if country_code in FRENCH_OVERSEAS:
        return Eligibility(False, _("territoire français d'outre-mer : c'est la France"))
    if codes is None:
        codes = dac_recipient_codes(year)
    if not codes:
        return Eligibility(False, _("aucune liste du CAD chargée pour %(year)s") % {"year": year})
    if country_code in codes:
        return Eligibility(True)
    return Eligibility(
        False, _("pays à revenu élevé, absent de la liste du CAD pour %(year)s") % {"year": year}
    )


@write_service
def load_dac_list_file(
    data: bytes, *, by: User | None, first_year: int, last_year: int, source: str
) -> tuple[DacRecipientList, int, int]:
    """Validate ``data`` (a DAC list CSV) then store it as the version of the period, all or
    nothing; returns the list and the recipients (created, updated).

    Raises ``reference_data.DacListError`` naming each bad line and column; nothing is written
    then.
    """
    known = set(Country.objects.values_list("iso2", flat=True))
    rows = reference_data.parse_dac_list(data, known)
    created, updated = reference_data.load_dac_list(apps, rows, first_year, last_year, source)
    dac_list = DacRecipientList.objects.get(period_start_year=first_year)
    audit.record(
        authority=None,
        user=by,
        kind="dac_recipient_list.imported",
        obj=dac_list,
        changes={"recipients": len(rows), "created": created, "updated": updated, "source": source},
    )
    return dac_list, created, updated
