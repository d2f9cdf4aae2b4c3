"""The query strings of the export pages (``core/filters.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import FilterForm, FlagFilter, YearFilter

FIRST_YEAR = 2000  # the e-APD declarations kept online start here


class IatiFilters(FilterForm):
    internes = FlagFilter()


class EapdFilters(FilterForm):
    """``?annee=N``: a past year; the spring declaration covers year N-1 by default."""

    def __init__(self, *args: object, current_year: int, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["annee"] = YearFilter(label=_("Année"), lower=FIRST_YEAR, upper=current_year)
        self.default_year = current_year - 1

    @property
    def year(self) -> int:
        return self.values["annee"] or self.default_year
