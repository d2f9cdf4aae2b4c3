"""When a project counts as active in a calendar year: the one rule of the project list's year
filter and of the dashboard."""

from __future__ import annotations

import datetime

from django.db.models import Q


def active_in_year(year: int, prefix: str = "") -> Q:
    """Projects running at some point of ``year``: started by its end and not ended before its
    start. A project without a start date counts from the year it was entered; one without an
    end date is still running. ``prefix`` reaches Project from another model (``"project__"``).

    (Which year a project's money belongs to is another rule: ``funding.year_amount``.)
    """

    def q(**lookups: object) -> Q:
        return Q(**{f"{prefix}{name}": value for name, value in lookups.items()})

    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    started = q(start_date__lte=last) | q(start_date__isnull=True, created_at__year__lte=year)
    return started & (q(end_date__isnull=True) | q(end_date__gte=first))
