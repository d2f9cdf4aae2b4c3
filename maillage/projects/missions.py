"""Writes on missions abroad and incoming delegations; each records an audit event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models, transaction

from maillage.core import audit
from maillage.core.concurrency import claim_version
from maillage.core.models import AuditEvent, Authority, User

from .models import Mission
from .partners import check_fields, filled_values

MISSION_FIELDS = frozenset(
    {
        "direction",
        "title",
        "start_date",
        "end_date",
        "country",
        "places",
        "project",
        "cost",
        "companies",
        "youths",
        "associations",
        "other_participants",
        "report",
    }
)
# Participants named one by one: people of the authority, never of another one.
PEOPLE_FIELDS = ("agents", "elected_officials")


def _own(authority: Authority, objects: Iterable[models.Model], what: str) -> list[models.Model]:
    objects = list(objects)
    if any(o.authority_id != authority.pk for o in objects):
        raise ValueError(f"A mission may only name {what} of its own authority.")
    return objects


def _check(authority: Authority, values: Mapping[str, Any]) -> None:
    project = values.get("project")
    if project is not None and project.authority_id != authority.pk:
        raise ValueError("A mission may only be linked to a project of its own authority.")
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise ValueError("A mission cannot end before it starts.")


@transaction.atomic
def create_mission(authority: Authority, *, by: User | None, data: Mapping[str, Any]) -> Mission:
    """``data`` holds the mission fields, plus ``agents`` and ``elected_officials`` iterables."""
    check_fields(data, MISSION_FIELDS, extra=PEOPLE_FIELDS)
    values = dict(data)
    people = {name: _own(authority, values.pop(name, ()), name) for name in PEOPLE_FIELDS}
    _check(authority, values)
    mission = Mission.objects.create(authority=authority, **values)
    changes = filled_values(mission, MISSION_FIELDS)
    for name, objects in people.items():
        getattr(mission, name).set(objects)
        if objects:
            changes[name] = [[], sorted(o.pk for o in objects)]
    audit.record(
        authority=authority,
        user=by,
        action=AuditEvent.Action.CREATE,
        obj=mission,
        changes=changes,
    )
    return mission


@transaction.atomic
def update_mission(
    mission: Mission, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> Mission:
    """Save ``data`` if the mission is still at ``version`` (else ConcurrentEditError)."""
    check_fields(data, MISSION_FIELDS, extra=PEOPLE_FIELDS)
    claim_version(mission, version)
    values = dict(data)
    people = {
        name: _own(mission.authority, values.pop(name), name)
        for name in PEOPLE_FIELDS
        if name in values
    }
    # The stored values: a ModelForm may already have copied the new ones onto ``mission``.
    stored = Mission.objects.select_for_update().get(pk=mission.pk)
    _check(
        mission.authority, {"start_date": stored.start_date, "end_date": stored.end_date} | values
    )
    changes = audit.diff(stored, values)
    for name, value in values.items():
        setattr(mission, name, value)
    mission.save()
    for name, objects in people.items():
        before = sorted(getattr(stored, name).values_list("pk", flat=True))
        after = sorted(o.pk for o in objects)
        if before != after:
            getattr(mission, name).set(objects)
            changes[name] = [before, after]
    if changes:
        audit.record(
            authority=mission.authority,
            user=by,
            action=AuditEvent.Action.UPDATE,
            obj=mission,
            changes=changes,
        )
    return mission


@transaction.atomic
def delete_mission(mission: Mission, *, by: User | None) -> None:
    audit.record(authority=mission.authority, user=by, action=AuditEvent.Action.DELETE, obj=mission)
    mission.delete()
