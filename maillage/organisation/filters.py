"""The query strings of the organisation pages (see ``maillage/core/filters.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import FilterForm, FlagFilter, IdFilter, SortFilter, TextFilter

from .selectors import AGENT_SORTS


class OrgChartFilters(FilterForm):
    sans_referent = FlagFilter()


class AgentFilters(FilterForm):
    q = TextFilter(label=_("Rechercher"))
    service = IdFilter(label=_("Direction"))
    tri = SortFilter(keys=AGENT_SORTS, default="nom")
