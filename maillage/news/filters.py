"""The query string of the news list (see ``core/filters.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import ChoiceFilter, ListFilter, ListFilterSet, TextFilter

STATUS_CHOICES = [("", ""), ("brouillons", ""), ("publiees", "")]
KIND_CHOICES = [("", ""), ("actualites", ""), ("apprentissages", "")]


class NewsFilterSet(ListFilterSet):
    q = ListFilter(TextFilter, label=_("Rechercher"))
    statut = ListFilter(ChoiceFilter, label=_("Statut"), choices=STATUS_CHOICES)
    type = ListFilter(ChoiceFilter, label=_("Type"), choices=KIND_CHOICES)
