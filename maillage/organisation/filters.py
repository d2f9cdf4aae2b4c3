"""The query strings of the organisation pages (see ``maillage/core/filters.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import (
    ExportFilter,
    FilterForm,
    FlagFilter,
    IdFilter,
    ListFilter,
    ListFilterSet,
    SortFilter,
    TextFilter,
)

from .selectors import AGENT_SORTS
from .selectors_referents import NETWORK_SORTS


class OrgChartFilters(FilterForm):
    sans_referent = FlagFilter()


class AgentFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher"))
    service = ListFilter(IdFilter, label=_("Direction"))
    tri = ListFilter(SortFilter, keys=AGENT_SORTS, default="nom")


class ReferentNetworkFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher"))
    sans_referent = ListFilter(FlagFilter, label=_("Services sans référent"))
    tri = ListFilter(SortFilter, keys=NETWORK_SORTS, default="service")
    format = ListFilter(ExportFilter)
