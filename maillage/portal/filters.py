"""Query strings of the portal's pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import ChoiceFilter, FilterForm, SortFilter, YearFilter

GRID, LIST = "grille", "liste"


class CalendarFilters(FilterForm):
    """The month shown by the calendar page and how (``?annee=2026&mois=12&vue=liste``)."""

    annee = YearFilter(label=_("Année"), lower=2000, upper=2100)
    mois = ChoiceFilter(label=_("Mois"), choices=[(str(m), str(m)) for m in range(1, 13)])
    vue = SortFilter(keys=(GRID, LIST), default=GRID)
