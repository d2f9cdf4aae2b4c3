"""Writes on committees, members, meetings, decisions and action items.

Views, the demo, commands and tests call these functions; each records an audit event.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core import audit, trash
from maillage.core.concurrency import claim_version
from maillage.core.models import Authority, TrashEntry, User
from maillage.core.services import write_service

from . import notifications
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMember,
    Decision,
    Meeting,
)

COMMITTEE_FIELDS = frozenset({"name", "purpose", "kind", "active"})
COMMITTEE_LINKS = ("projects", "policy_areas")
MEMBER_FIELDS = frozenset(
    {
        "agent",
        "elected_official",
        "external_civility",
        "external_name",
        "external_organisation",
        "position",
        "mandate_end",
    }
)
MEETING_FIELDS = frozenset({"starts_at", "duration_minutes", "place", "status", "minutes"})
AGENDA_FIELDS = frozenset({"position", "title", "project", "notes"})
DECISION_FIELDS = frozenset({"text", "project", "decided_on"})
ACTION_FIELDS = frozenset(
    {"title", "owner_agent", "owner_text", "due_date", "project", "decision", "status"}
)


def _check_fields(data: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Unknown fields: {', '.join(sorted(unknown))}.")


def _own(authority_id: int, values: Mapping[str, Any]) -> None:
    """Every object named in ``values`` belongs to the authority (never another one's)."""
    for name, value in values.items():
        if (
            isinstance(value, models.Model)
            and hasattr(value, "authority_id")
            and value.authority_id != authority_id
        ):
            raise ValidationError(
                _("%(field)s : cet élément n'appartient pas à la collectivité.") % {"field": name}
            )


def _filled(obj: models.Model, names: Iterable[str]) -> dict[str, list[Any]]:
    changes = {}
    for name in sorted(names):
        value = getattr(obj, name)
        if value not in (None, "", False):
            changes[name] = [None, audit._plain(value)]
    return changes


def _record(obj: models.Model, by: User | None, verb: str, changes=None) -> None:
    audit.record(
        authority=obj.authority,
        user=by,
        kind=audit.kind_for(obj, verb),
        obj=obj,
        changes=changes or {},
    )


def _update(
    obj: models.Model, data: Mapping[str, Any], by: User | None, version: int | None = None
) -> models.Model:
    """Save ``data`` if ``obj`` is still at ``version`` (else ConcurrentEditError)."""
    claim_version(obj, version)
    stored = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    changes = audit.diff(stored, dict(data))
    for name, value in data.items():
        setattr(obj, name, value)
    if changes:
        obj.save(update_fields=list(changes))
        _record(obj, by, "updated", changes)
    return obj


def _delete(obj: models.Model, by: User | None, verb: str = "deleted") -> None:
    _record(obj, by, verb)
    obj.delete()


# --- Committees ------------------------------------------------------------------------------


def _set_links(committee: Committee, links: Mapping[str, Iterable[models.Model]]) -> dict:
    changes = {}
    for name, objects in links.items():
        objects = list(objects)
        if name == "projects":
            _own(committee.authority_id, {f"projects[{o.pk}]": o for o in objects})
        before = sorted(str(pk) for pk in getattr(committee, name).values_list("pk", flat=True))
        after = sorted(str(o.pk) for o in objects)
        if before != after:
            getattr(committee, name).set(objects)
            changes[name] = [before, after]
    return changes


@write_service
def create_committee(
    authority: Authority, *, by: User | None, data: Mapping[str, Any]
) -> Committee:
    """``data`` holds the committee fields, plus ``projects`` and ``policy_areas`` iterables."""
    _check_fields(data, COMMITTEE_FIELDS | set(COMMITTEE_LINKS))
    values = dict(data)
    links = {name: values.pop(name) for name in COMMITTEE_LINKS if name in values}
    committee = Committee.objects.create(authority=authority, **values)
    changes = _filled(committee, values) | _set_links(committee, links)
    _record(committee, by, "created", changes)
    return committee


@write_service
def update_committee(
    committee: Committee, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> Committee:
    _check_fields(data, COMMITTEE_FIELDS | set(COMMITTEE_LINKS))
    claim_version(committee, version)
    values = dict(data)
    links = {name: values.pop(name) for name in COMMITTEE_LINKS if name in values}
    stored = Committee.objects.select_for_update().get(pk=committee.pk)
    changes = audit.diff(stored, values)
    for name, value in values.items():
        setattr(committee, name, value)
    if changes:
        committee.save(update_fields=list(changes))
    changes |= _set_links(committee, links)
    if changes:
        _record(committee, by, "updated", changes)
    return committee


@write_service
def delete_committee(committee: Committee, *, by: User | None) -> TrashEntry:
    """Move the committee to the trash with its members, meetings, decisions and action
    items."""
    return trash.move_to_trash(committee, by=by)


# --- Members ---------------------------------------------------------------------------------


def _check_member(committee: Committee, values: Mapping[str, Any]) -> None:
    _own(committee.authority_id, values)
    people = [
        values.get("agent") is not None,
        values.get("elected_official") is not None,
        bool(values.get("external_name")),
    ]
    if sum(people) != 1:
        raise ValidationError(
            _("Un membre est soit un agent, soit un élu, soit une personne extérieure.")
        )


@write_service
def add_member(
    committee: Committee, *, by: User | None, data: Mapping[str, Any]
) -> CommitteeMember:
    _check_fields(data, MEMBER_FIELDS)
    values = {"external_name": "", "external_organisation": ""} | dict(data)
    _check_member(committee, values)
    member = CommitteeMember.objects.create(
        authority_id=committee.authority_id, committee=committee, **values
    )
    _record(member, by, "added", _filled(member, data))
    return member


@write_service
def update_member(
    member: CommitteeMember, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> CommitteeMember:
    _check_fields(data, MEMBER_FIELDS)
    stored = CommitteeMember.objects.get(pk=member.pk)
    merged = {name: getattr(stored, name) for name in MEMBER_FIELDS} | dict(data)
    _check_member(member.committee, merged)
    return _update(member, data, by, version)


@write_service
def remove_member(member: CommitteeMember, *, by: User | None) -> None:
    _delete(member, by, "removed")


# --- Meetings --------------------------------------------------------------------------------


@write_service
def create_meeting(committee: Committee, *, by: User | None, data: Mapping[str, Any]) -> Meeting:
    _check_fields(data, MEETING_FIELDS)
    meeting = Meeting.objects.create(
        authority_id=committee.authority_id, committee=committee, **data
    )
    _record(meeting, by, "created", _filled(meeting, data))
    if _upcoming(meeting):
        notifications.meeting_scheduled(meeting, by=by)
    if meeting.minutes.strip() and meeting.status == Meeting.Status.HELD:
        notifications.minutes_published(meeting, by=by)
    return meeting


def _upcoming(meeting: Meeting) -> bool:
    return meeting.status == Meeting.Status.PLANNED and meeting.starts_at > timezone.now()


@write_service
def update_meeting(
    meeting: Meeting, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> Meeting:
    """Change a meeting. A planned meeting moved to another time is announced again to the
    members (with its calendar file); minutes written on a held meeting are sent to them."""
    _check_fields(data, MEETING_FIELDS)
    before = Meeting.objects.only("starts_at", "status", "minutes").get(pk=meeting.pk)
    had_minutes = bool(before.minutes.strip()) and before.status == Meeting.Status.HELD
    moved = before.starts_at != data.get("starts_at", before.starts_at) or (
        before.status != Meeting.Status.PLANNED and data.get("status") == Meeting.Status.PLANNED
    )
    meeting = _update(meeting, data, by, version)
    if moved and _upcoming(meeting):
        notifications.meeting_scheduled(meeting, by=by)
    if not had_minutes and meeting.minutes.strip() and meeting.status == Meeting.Status.HELD:
        notifications.minutes_published(meeting, by=by)
    return meeting


@write_service
def delete_meeting(meeting: Meeting, *, by: User | None) -> TrashEntry:
    """Move the meeting to the trash with its agenda, attendance, decisions and the actions
    created there."""
    return trash.move_to_trash(meeting, by=by)


@write_service
def add_agenda_item(meeting: Meeting, *, by: User | None, data: Mapping[str, Any]) -> AgendaItem:
    _check_fields(data, AGENDA_FIELDS)
    _own(meeting.authority_id, data)
    values = dict(data)
    if not values.get("position"):
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        values["position"] = last + 1
    item = AgendaItem.objects.create(meeting=meeting, **values)
    audit.record(
        authority=meeting.authority,
        user=by,
        kind="agenda_item.added",
        obj=item,
        changes=_filled(item, values),
    )
    return item


@write_service
def update_agenda_item(
    item: AgendaItem, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> AgendaItem:
    _check_fields(data, AGENDA_FIELDS)
    claim_version(item, version)
    _own(item.meeting.authority_id, data)
    data = {k: v for k, v in data.items() if not (k == "position" and not v)}
    stored = AgendaItem.objects.get(pk=item.pk)
    changes = audit.diff(stored, dict(data))
    for name, value in data.items():
        setattr(item, name, value)
    if changes:
        item.save(update_fields=list(changes))
        audit.record(
            authority=item.meeting.authority,
            user=by,
            kind="agenda_item.updated",
            obj=item,
            changes=changes,
        )
    return item


@write_service
def delete_agenda_item(item: AgendaItem, *, by: User | None) -> None:
    audit.record(authority=item.meeting.authority, user=by, kind="agenda_item.deleted", obj=item)
    item.delete()


@write_service
def record_attendance(
    meeting: Meeting, *, by: User | None, statuses: Mapping[int, str]
) -> dict[str, list[Any]]:
    """Set the attendance of members (``{member id: status}``; an empty status clears it).

    Posting the same sheet twice changes nothing the second time. Two sheets saved at once for
    the same meeting are written one after the other: the meeting's row is locked first, so
    the second reads the first one's rows instead of inserting the same member twice.
    """
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    members = set(
        CommitteeMember.objects.filter(committee_id=meeting.committee_id).values_list(
            "pk", flat=True
        )
    )
    unknown = set(statuses) - members
    if unknown:
        raise ValidationError(
            _("La présence ne se note que pour les membres du comité de la réunion.")
        )
    valid = set(Attendance.Status.values) | {""}
    if any(status not in valid for status in statuses.values()):
        raise ValidationError(_("Statut de présence inconnu."))
    present = {a.member_id: a for a in Attendance.objects.filter(meeting=meeting)}
    changes: dict[str, list[Any]] = {}
    to_create, to_update, to_delete = [], [], []
    for member_id, status in sorted(statuses.items()):
        row = present.get(member_id)
        before = row.status if row else ""
        if before == status:
            continue
        changes[f"member {member_id}"] = [before or None, status or None]
        if not status:
            to_delete.append(row.pk)
        elif row is None:
            to_create.append(Attendance(meeting=meeting, member_id=member_id, status=status))
        else:
            row.status = status
            to_update.append(row)
    Attendance.objects.bulk_create(to_create)
    Attendance.objects.bulk_update(to_update, ["status"])
    Attendance.objects.filter(pk__in=to_delete).delete()
    if changes:
        audit.record(
            authority=meeting.authority,
            user=by,
            kind="meeting.attendance_recorded",
            obj=meeting,
            object_type="governance.Attendance",
            changes=changes,
        )
    return changes


# --- Decisions -------------------------------------------------------------------------------


@write_service
def add_decision(meeting: Meeting, *, by: User | None, data: Mapping[str, Any]) -> Decision:
    """Record a decision; it takes the next number of its committee for the year."""
    _check_fields(data, DECISION_FIELDS)
    _own(meeting.authority_id, data)
    values = dict(data)
    decided_on = values.setdefault("decided_on", meeting.date)
    # Lock the committee row: two decisions recorded at once never get the same number.
    Committee.objects.select_for_update().get(pk=meeting.committee_id)
    last = Decision.objects.filter(
        committee_id=meeting.committee_id, year=decided_on.year
    ).aggregate(last=Max("number"))["last"]
    decision = Decision.objects.create(
        authority_id=meeting.authority_id,
        committee_id=meeting.committee_id,
        meeting=meeting,
        year=decided_on.year,
        number=(last or 0) + 1,
        **values,
    )
    _record(decision, by, "created", _filled(decision, [*values, "year", "number"]))
    return decision


@write_service
def update_decision(
    decision: Decision, *, by: User | None, data: Mapping[str, Any], version: int | None = None
) -> Decision:
    """Edit the text, project or date; the number stays (a register is never renumbered)."""
    _check_fields(data, DECISION_FIELDS)
    _own(decision.authority_id, data)
    return _update(decision, data, by, version)


@write_service
def delete_decision(decision: Decision, *, by: User | None) -> None:
    _delete(decision, by)


# --- Action items ----------------------------------------------------------------------------


def _closing(status: str, closed_on: datetime.date | None, today: datetime.date) -> Any:
    """``closed_on`` for a new status: set when the action is closed, cleared when reopened."""
    if status in ActionItem.OPEN_STATUSES:
        return None
    return closed_on or today


def _check_action(meeting: Meeting, values: Mapping[str, Any]) -> None:
    _own(meeting.authority_id, values)
    decision = values.get("decision")
    if decision is not None and decision.committee_id != meeting.committee_id:
        raise ValidationError(_("Une action suit une décision de son propre comité."))


@write_service
def create_action(
    meeting: Meeting,
    *,
    by: User | None,
    data: Mapping[str, Any],
    today: datetime.date | None = None,
) -> ActionItem:
    _check_fields(data, ACTION_FIELDS)
    _check_action(meeting, data)
    values = {"status": ActionItem.Status.OPEN} | dict(data)
    values["closed_on"] = _closing(values["status"], None, today or timezone.localdate())
    action = ActionItem.objects.create(
        authority_id=meeting.authority_id,
        committee_id=meeting.committee_id,
        meeting=meeting,
        **values,
    )
    _record(action, by, "created", _filled(action, values))
    if action.status in ActionItem.OPEN_STATUSES:
        notifications.action_assigned(action, by=by)
    return action


@write_service
def update_action(
    action: ActionItem,
    *,
    by: User | None,
    data: Mapping[str, Any],
    today: datetime.date | None = None,
    version: int | None = None,
) -> ActionItem:
    _check_fields(data, ACTION_FIELDS)
    _check_action(action.meeting, data)
    values = dict(data)
    if "status" in values:
        stored = ActionItem.objects.only("status", "closed_on").get(pk=action.pk)
        keep = stored.closed_on if stored.status not in ActionItem.OPEN_STATUSES else None
        values["closed_on"] = _closing(values["status"], keep, today or timezone.localdate())
    owner_before = ActionItem.objects.values_list("owner_agent_id", flat=True).get(pk=action.pk)
    action = _update(action, values, by, version)
    if (
        action.owner_agent_id is not None
        and action.owner_agent_id != owner_before
        and action.status in ActionItem.OPEN_STATUSES
    ):
        notifications.action_assigned(action, by=by)
    return action


@write_service
def set_action_status(
    action: ActionItem, *, by: User | None, status: str, today: datetime.date | None = None
) -> ActionItem:
    """Change the state of an action; closing it (done, cancelled) records the date."""
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Statut inconnu."))
    return update_action(action, by=by, data={"status": status}, today=today)


@write_service
def delete_action(action: ActionItem, *, by: User | None) -> None:
    _delete(action, by)
