"""Development aid declared outside a partner project (``DeclaredActivity``): awareness in
France, refugees hosted in France in their first year, students, multilateral contributions,
the international team's administrative costs. The e-APD declaration (``interop/eapd.py``)
reads them beside the payments and worked days of the projects.

Writes are services recording ``declared_activity.created`` / ``.updated`` / ``.deleted``;
the list is read by :func:`declared_activities` (1 query).
"""

from __future__ import annotations

from django.db.models import QuerySet

from maillage.core import audit
from maillage.core.concurrency import claim_version
from maillage.core.models import Authority, User
from maillage.core.services import write_service
from maillage.projects.models import DeclaredActivity
from maillage.projects.project_rows import pick

ACTIVITY_FIELDS = (
    "year",
    "kind",
    "title",
    "amount",
    "purpose_code",
    "channel",
    "country",
    "region",
    "legal_basis",
    "m57_function",
    "marker_gender",
    "marker_environment",
    "marker_biodiversity",
    "marker_nutrition",
    "marker_disability",
    "marker_climate_mitigation",
    "marker_climate_adaptation",
    "note",
)


def declared_activities(authority: Authority, year: int | None = None) -> QuerySet:
    """The authority's activities, the latest year first (1 query when evaluated)."""
    rows = DeclaredActivity.objects.filter(authority=authority).select_related("country")
    if year is not None:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "kind", "title", "pk")


def _check_country(activity: DeclaredActivity) -> None:
    """A country replaces the region: the region is kept only for a line without country."""
    if activity.country_id:
        activity.region = DeclaredActivity.Region.UNSPECIFIED


@write_service
def create_declared_activity(
    authority: Authority, *, by: User | None, **data: object
) -> DeclaredActivity:
    values = pick(data, ACTIVITY_FIELDS)
    activity = DeclaredActivity(authority=authority, **values)
    _check_country(activity)
    activity.full_clean()  # fills the usual codes of its kind
    activity.save()
    audit.record(
        authority=authority,
        user=by,
        kind=audit.kind_for(activity, "created"),
        obj=activity,
        changes=audit.diff(DeclaredActivity(), values),
    )
    return activity


@write_service
def update_declared_activity(
    activity: DeclaredActivity, *, by: User | None, version: int | None = None, **data: object
) -> DeclaredActivity:
    values = pick(data, ACTIVITY_FIELDS)
    claim_version(activity, version)
    changes = audit.diff(activity, values)
    for name, value in values.items():
        setattr(activity, name, value)
    _check_country(activity)
    activity.full_clean()
    activity.save()
    audit.record(
        authority=activity.authority,
        user=by,
        kind=audit.kind_for(activity, "updated"),
        obj=activity,
        changes=changes,
    )
    return activity


@write_service
def delete_declared_activity(activity: DeclaredActivity, *, by: User | None) -> None:
    audit.record(
        authority=activity.authority,
        user=by,
        kind=audit.kind_for(activity, "deleted"),
        obj=activity,
    )
    activity.delete()
