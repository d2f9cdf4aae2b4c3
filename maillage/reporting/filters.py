"""The dashboard's query string: a year (or every year) and a status (``core/filters.py``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from maillage.core.filters import FilterForm, SortFilter, YearFilter

from .selectors import ALL_YEARS, STATUS_ACTIVE, STATUS_ALL, Period


class YearOrAll(YearFilter):
    """A year, or ``toutes`` for every year."""

    def to_python(self, value: Any) -> int | str | None:
        return ALL_YEARS if value == ALL_YEARS else super().to_python(value)

    def validate(self, value: Any) -> None:
        if value != ALL_YEARS:
            super().validate(value)


class DashboardFilters(FilterForm):
    annee = YearOrAll(label=_("Année"))
    statut = SortFilter(keys=(STATUS_ACTIVE, STATUS_ALL), default=STATUS_ACTIVE)

    @property
    def year_asked(self) -> bool:
        """Whether the address names a year (or every year) that the filter accepted."""
        return bool(self.values["annee"])

    def period(self, today: datetime.date) -> Period:
        """The period asked for; this year when none is, or when the year is refused."""
        values = self.values
        year = values["annee"]
        if year == ALL_YEARS:
            return Period(None, values["statut"])
        return Period(year or today.year, values["statut"])


class AnnualReportYear(FilterForm):
    """The year asked for on the annual report's first page (``?annee=``)."""

    annee = YearFilter(label=_("Année du rapport"), lower=2000, upper=2100)
