"""Writes of the annual report: the DRI's introduction and the order of its sections."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.core.concurrency import ConcurrentEditError, claim_version, last_change
from maillage.core.models import Authority, User
from maillage.core.services import write_service

from .models import AnnualReport, Section, arranged

MAX_INTRODUCTION = 20_000


def _check_layout(layout: list[dict[str, object]]) -> list[dict[str, object]]:
    keys = [entry.get("key") for entry in layout]
    unknown = [key for key in keys if key not in Section.values]
    if unknown:
        raise ValueError(f"Unknown sections of the annual report: {unknown}.")
    if len(set(keys)) != len(keys):
        raise ValueError("A section of the annual report is listed twice.")
    return arranged(layout)


@write_service
def update_annual_report(
    authority: Authority,
    *,
    by: User | None,
    year: int,
    introduction: str,
    layout: list[dict[str, object]],
    version: int | None = None,
) -> AnnualReport:
    """Save the introduction and the sections (order, shown or not) of the year's report.

    ``version`` is the one the form was built on: 0 for the default arrangement (no row yet),
    None (commands) to skip the check. Someone who saved meanwhile makes it raise
    ``ConcurrentEditError``; an introduction too long raises ``ValidationError``.
    """
    layout = _check_layout(layout)
    if len(introduction) > MAX_INTRODUCTION:
        raise ValidationError(
            {
                "introduction": _("L'introduction dépasse %(max)s caractères : raccourcissez-la.")
                % {"max": MAX_INTRODUCTION}
            }
        )
    report = AnnualReport.objects.select_for_update().filter(authority=authority, year=year).first()
    if report is None:
        if version:
            raise ConcurrentEditError(AnnualReport(authority=authority, year=year))
        report = AnnualReport(authority=authority, year=year)
    elif version == 0:
        # The form showed the default arrangement, but someone saved theirs meanwhile.
        raise ConcurrentEditError(report, *last_change(report))
    else:
        claim_version(report, version)
    changes = audit.diff(report, {"introduction": introduction, "layout": layout})
    report.introduction = introduction
    report.layout = layout
    report.updated_at = timezone.now()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # Another user created the year's report first (unique per authority and year).
        existing = AnnualReport.objects.get(authority=authority, year=year)
        raise ConcurrentEditError(existing, *last_change(existing)) from None
    audit.record(
        authority=authority, user=by, kind="annual_report.updated", obj=report, changes=changes
    )
    return report
