"""The shared watch (veille): writes and reads of ``WatchItem``s, and their sharing to a
committee's next agenda. Views call these; each write records an audit event."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit
from maillage.core.concurrency import claim_version
from maillage.core.models import Authority, User
from maillage.core.services import write_service

from .models import AgendaItem, Committee, Meeting, WatchItem
from .services import add_agenda_item

FIELDS = ("kind", "title", "link", "deadline", "summary")
LINKS = ("policy_areas", "countries")
# The home pages of the DRI and the general management show what falls due this soon.
DUE_DAYS = 30


def _values(data: Mapping[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in FIELDS if name in data}


def _links(item: WatchItem, data: Mapping[str, Any]) -> None:
    for name in LINKS:
        if name in data:
            getattr(item, name).set(data[name])


@write_service
def create_watch_item(
    authority: Authority, *, by: User | None, data: Mapping[str, Any]
) -> WatchItem:
    values = _values(data)
    item = WatchItem(authority=authority, **values)
    item.full_clean()
    item.save()
    _links(item, data)
    audit.record(
        authority=authority,
        user=by,
        kind="watch_item.created",
        obj=item,
        changes=audit.diff(WatchItem(), values),
    )
    return item


@write_service
def update_watch_item(
    item: WatchItem, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> WatchItem:
    claim_version(item, version)
    values = _values(data)
    changes = audit.diff(item, values)
    for name, value in values.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    _links(item, data)
    audit.record(
        authority=item.authority, user=by, kind="watch_item.updated", obj=item, changes=changes
    )
    return item


@write_service
def delete_watch_item(item: WatchItem, *, by: User | None) -> None:
    audit.record(authority=item.authority, user=by, kind="watch_item.deleted", obj=item)
    item.delete()


def next_meeting(committee: Committee, now: datetime.datetime | None = None) -> Meeting | None:
    """The committee's next planned meeting, if one is scheduled."""
    return (
        committee.meetings.filter(
            status=Meeting.Status.PLANNED, starts_at__gte=now or timezone.now()
        )
        .order_by("starts_at")
        .first()
    )


@write_service
def share_watch_item(item: WatchItem, committee: Committee, *, by: User | None) -> AgendaItem:
    """Put ``item`` on the agenda of ``committee``'s next planned meeting."""
    if committee.authority_id != item.authority_id:
        raise ValidationError(_("Ce comité n'appartient pas à votre collectivité."))
    meeting = next_meeting(committee)
    if meeting is None:
        raise ValidationError(
            _("Le comité « %(name)s » n'a pas de prochaine réunion programmée.")
            % {"name": committee.name}
        )
    notes = [item.summary]
    if item.deadline:
        notes.append(_("Date limite : %(date)s") % {"date": item.deadline.strftime("%d/%m/%Y")})
    if item.link:
        notes.append(item.link)
    agenda_item = add_agenda_item(
        meeting,
        by=by,
        data={
            "title": (_("Veille : %(title)s") % {"title": item.title})[:250],
            "notes": "\n".join(n for n in notes if n),
        },
    )
    audit.record(
        authority=item.authority,
        user=by,
        kind="watch_item.shared",
        obj=item,
        changes={"meeting": [None, str(meeting)]},
    )
    return agenda_item


# --- Reads -------------------------------------------------------------------------------------


def watch_items(authority: Authority) -> QuerySet[WatchItem]:
    """Every item, soonest deadline first, with its policy areas and countries (3 queries)."""
    return WatchItem.objects.filter(authority=authority).prefetch_related(
        "policy_areas", "countries"
    )


def due_watch_items(
    authority: Authority, today: datetime.date | None = None, days: int = DUE_DAYS
) -> list[WatchItem]:
    """The items whose deadline falls within ``days`` from today (1 query)."""
    today = today or timezone.localdate()
    return list(
        WatchItem.objects.filter(
            authority=authority,
            deadline__range=(today, today + datetime.timedelta(days=days)),
        ).only("id", "kind", "title", "link", "deadline")
    )


def committees_with_next_meeting(authority: Authority) -> list[Committee]:
    """The active committees that have a planned meeting to come (1 query)."""
    upcoming = Meeting.objects.filter(
        status=Meeting.Status.PLANNED, starts_at__gte=timezone.now()
    ).values("committee_id")
    return list(
        Committee.objects.filter(authority=authority, active=True, pk__in=upcoming)
        .only("id", "name")
        .order_by("name")
    )
