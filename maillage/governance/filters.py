"""The query strings of the committee, decision and action lists (see ``core/filters.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import (
    ChoiceFilter,
    FilterForm,
    FlagFilter,
    IdFilter,
    SortFilter,
    TextFilter,
    YearFilter,
)

from .selectors import ACTION_STATUS_FILTERS, COMMITTEE_SORTS


class CommitteeFilters(FilterForm):
    q = TextFilter(label=_("Rechercher"))
    actif = ChoiceFilter(label=_("Actif"), choices=[("", ""), ("oui", ""), ("non", "")])
    tri = SortFilter(keys=COMMITTEE_SORTS, default="nom")


class DecisionFilters(FilterForm):
    q = TextFilter(label=_("Rechercher dans les décisions"))
    comite = IdFilter(label=_("Comité"))
    projet = IdFilter(label=_("Projet"))
    annee = YearFilter(label=_("Année"))
    format = FlagFilter(on="csv")


class ActionFilters(FilterForm):
    # An unknown state falls back to the open actions, as the list's own default.
    etat = SortFilter(keys=ACTION_STATUS_FILTERS, default="ouvertes")
    q = TextFilter(label=_("Rechercher"))
    comite = IdFilter(label=_("Comité"))
    responsable = IdFilter(label=_("Responsable"))
    mes = FlagFilter()
    retard = FlagFilter()
    format = FlagFilter(on="csv")
