"""The query strings of the committee, decision and action lists (see ``core/filters.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import (
    ChoiceFilter,
    ExportFilter,
    FlagFilter,
    IdFilter,
    ListFilter,
    ListFilterSet,
    SortFilter,
    TextFilter,
    YearFilter,
)

from .selectors import ACTION_STATUS_FILTERS, COMMITTEE_SORTS


class CommitteeFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher"))
    actif = ListFilter(ChoiceFilter, label=_("Actif"), choices=[("", ""), ("oui", ""), ("non", "")])
    tri = ListFilter(SortFilter, keys=COMMITTEE_SORTS, default="nom")


class DecisionFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher dans les décisions"))
    comite = ListFilter(IdFilter, label=_("Comité"))
    projet = ListFilter(IdFilter, label=_("Projet"))
    annee = ListFilter(YearFilter, label=_("Année"))
    format = ListFilter(ExportFilter)


class ActionFilterSet(ListFilterSet):
    # An unknown state falls back to the open actions, as the list's own default.
    etat = ListFilter(SortFilter, keys=ACTION_STATUS_FILTERS, default="ouvertes")
    q = ListFilter(TextFilter, label=_("Rechercher"))
    comite = ListFilter(IdFilter, label=_("Comité"))
    responsable = ListFilter(IdFilter, label=_("Responsable"))
    mes = ListFilter(FlagFilter)
    retard = ListFilter(FlagFilter)
    format = ListFilter(ExportFilter)
