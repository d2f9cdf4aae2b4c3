"""The audit trail: service functions call :func:`record` for every write."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from .models import AuditEvent, Authority, User
from .services import actor
from .wording import long_date

# The broad class of an event, read from the last word of its kind ("project.created").
_ACTION_OF_VERB = {
    "created": AuditEvent.Action.CREATE,
    "added": AuditEvent.Action.CREATE,
    "deleted": AuditEvent.Action.DELETE,
    "removed": AuditEvent.Action.DELETE,
    "erased": AuditEvent.Action.DELETE,
    "imported": AuditEvent.Action.IMPORT,
    "restored": AuditEvent.Action.RESTORE,
    "purged": AuditEvent.Action.PURGE,
}
# The verb of an event recorded with a bare ``action`` ("partner.updated").
_VERB_OF_ACTION = {
    AuditEvent.Action.CREATE: "created",
    AuditEvent.Action.UPDATE: "updated",
    AuditEvent.Action.DELETE: "deleted",
    AuditEvent.Action.IMPORT: "imported",
    AuditEvent.Action.RESTORE: "restored",
    AuditEvent.Action.PURGE: "purged",
}
_KIND = re.compile(r"[a-z][a-z_]*\.[a-z][a-z_]*")


def action_of(kind: str) -> str:
    """The broad class of ``kind``: its verb names it; every other verb is a modification."""
    if not _KIND.fullmatch(kind):
        raise ValueError(f"An audit kind reads 'noun.verb' in lower case, not {kind!r}.")
    return _ACTION_OF_VERB.get(kind.rsplit(".", 1)[1], AuditEvent.Action.UPDATE)


def noun(subject: models.Model | type[models.Model] | str) -> str:
    """The noun of a model in audit kinds: ``projects.BudgetLine`` gives ``budget_line``."""
    name = subject if isinstance(subject, str) else subject._meta.label
    name = name.rsplit(".", 1)[-1] or "object"
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def kind_for(subject: models.Model | type[models.Model] | str, verb: str) -> str:
    """``noun.verb`` for a model: ``kind_for(committee, "deleted")`` is ``committee.deleted``."""
    return f"{noun(subject)}.{verb}"


def generic_kind(object_type: str, action: str) -> str:
    """The kind of an event recorded by action only (``partner.updated``); also the name given
    to the rows written before kinds existed (migration ``core.0005``)."""
    return kind_for(object_type, _VERB_OF_ACTION.get(action, action))


def record(
    *,
    authority: Authority | None,
    user: User | None,
    kind: str = "",
    action: str = "",
    obj: models.Model | None = None,
    object_type: str = "",
    changes: dict[str, Any] | None = None,
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Record what a service did. ``kind`` names it (``"mobilisation.answered"``) and gives
    the broad ``action``; writers that predate kinds still pass ``action`` alone.

    ``object_id`` and ``object_repr`` name an object that no longer exists (``obj`` None).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label
    if kind:
        action = action or action_of(kind)
    elif action:
        kind = generic_kind(object_type, action)
    else:
        raise ValueError("An audit event needs a kind.")
    return AuditEvent.objects.create(
        authority=authority,
        user=actor(user),
        action=action,
        kind=kind,
        object_type=object_type,
        object_id=str(obj.pk) if obj is not None else object_id,
        object_repr=str(obj)[:300] if obj is not None else object_repr[:300],
        changes=changes or {},
    )


def diff(instance: models.Model, data: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of ``data`` that differ from ``instance``, as {field: [old, new]}."""
    changes: dict[str, list[Any]] = {}
    for field, new in data.items():
        old = getattr(instance, field)
        if old != new:
            changes[field] = [_plain(old), _plain(new)]
    return changes


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# --- Reading the trail -------------------------------------------------------------------------


def field_label(model: type[models.Model], name: str, labels: dict[str, Any] | None = None) -> str:
    """What a history page calls the field ``name`` of ``model``: ``labels`` first, then the
    field's verbose name; a foreign key left without one is named by its model ("projet")."""
    if labels and name in labels:
        return str(labels[name])
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name.replace("_", " ")
    verbose = str(getattr(field, "verbose_name", "") or "")
    if verbose and verbose != name.replace("_", " "):
        return verbose
    related = getattr(field, "related_model", None)
    if related is not None and related is not model:
        return str(related._meta.verbose_name)
    return verbose or name.replace("_", " ")


def describe_changes(
    model: type[models.Model], changes: dict[str, Any], labels: dict[str, Any] | None = None
) -> list[str]:
    """One line per changed field of an event: its label, and for a choice, a yes/no or a date,
    the value before and after in words ("statut : Idée → En préparation"). Other values (texts,
    links to other rows) are not repeated: the page names the field, the object holds the value.
    """
    lines = []
    for name, value in (changes or {}).items():
        label = field_label(model, name, labels)
        words = _values_in_words(model, name, value)
        lines.append(f"{label} : {words}" if words else label)
    return lines


def _values_in_words(model: type[models.Model], name: str, value: Any) -> str:
    if not (isinstance(value, list) and len(value) == 2):
        return ""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    if getattr(field, "choices", None):
        names = {str(key): str(text) for key, text in field.flatchoices}

        def say(v: Any) -> str:
            return names.get(str(v), str(v))

    elif isinstance(field, models.BooleanField):

        def say(v: Any) -> str:
            return str(_("Oui") if v else _("Non"))

    elif isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        say = _date_in_words
    else:
        return ""
    old, new = value
    if old in (None, "") and new in (None, ""):
        return ""
    if old in (None, ""):
        return say(new)
    if new in (None, ""):
        return f"{say(old)} → —"
    return f"{say(old)} → {say(new)}"


def _date_in_words(value: Any) -> str:
    try:
        return long_date(datetime.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


# --- Purge of personal data kept in the trail -------------------------------------------------

# What stands in for a name, an e-mail or any value of a person's record once purged.
ERASED = "[effacé]"


def scrub_values(events: models.QuerySet[AuditEvent]) -> int:
    """Replace the title and every recorded value of ``events`` by ERASED; keep who, when,
    what kind of change and which fields. For the records of a person (a partner's contact)."""
    scrubbed = 0
    for event in events.exclude(object_repr=ERASED).only("id", "changes").iterator():
        changes = {name: _erase(value) for name, value in (event.changes or {}).items()}
        AuditEvent.objects.filter(pk=event.pk).update(object_repr=ERASED, changes=changes)
        scrubbed += 1
    return scrubbed


def scrub_text(events: models.QuerySet[AuditEvent], texts: list[str]) -> int:
    """Replace each of ``texts`` (names, e-mails) by ERASED wherever ``events`` quote them."""
    texts = sorted({t for t in texts if len(t) >= 3}, key=len, reverse=True)
    if not texts:
        return 0
    scrubbed = 0
    for event in events.only("id", "object_repr", "changes").iterator():
        repr_ = _replace(event.object_repr, texts)
        changes = _replace(event.changes, texts)
        if repr_ != event.object_repr or changes != event.changes:
            AuditEvent.objects.filter(pk=event.pk).update(object_repr=repr_, changes=changes)
            scrubbed += 1
    return scrubbed


def _erase(value: Any) -> Any:
    if isinstance(value, list):
        return [_erase(item) for item in value]
    if isinstance(value, dict):
        return {name: _erase(item) for name, item in value.items()}
    return ERASED if value not in (None, "", [], {}) else value


def _replace(value: Any, texts: list[str]) -> Any:
    if isinstance(value, str):
        for text in texts:
            if text in value:
                value = value.replace(text, ERASED)
        return value
    if isinstance(value, list):
        return [_replace(item, texts) for item in value]
    if isinstance(value, dict):
        return {name: _replace(item, texts) for name, item in value.items()}
    return value
