"""Writes on missions abroad and incoming delegations; each records an audit event."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maillage.core import audit
from maillage.core.concurrency import claim_version
from maillage.core.models import Authority, User
from maillage.core.services import write_service
from maillage.projects.models import Mission
from maillage.projects.partners.services import check_fields, filled_values

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
OTHER_AUTHORITY = {
    "agents": gettext_lazy("Cet agent n'appartient pas à la collectivité."),
    "elected_officials": gettext_lazy("Cet élu n'appartient pas à la collectivité."),
}


def _own(authority: Authority, objects: Iterable[models.Model], what: str) -> list[models.Model]:
    objects = list(objects)
    if any(o.authority_id != authority.pk for o in objects):
        raise ValidationError(OTHER_AUTHORITY[what])
    return objects


def _check(authority: Authority, values: Mapping[str, Any]) -> None:
    project = values.get("project")
    if project is not None and project.authority_id != authority.pk:
        raise ValidationError(_("Ce projet n'appartient pas à la collectivité."))
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise ValidationError(_("La fin ne peut pas précéder le début."))


@write_service
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
        kind="mission.created",
        obj=mission,
        changes=changes,
    )
    return mission


@write_service
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
            kind="mission.updated",
            obj=mission,
            changes=changes,
        )
    return mission


@write_service
def delete_mission(mission: Mission, *, by: User | None) -> None:
    audit.record(authority=mission.authority, user=by, kind="mission.deleted", obj=mission)
    mission.delete()
