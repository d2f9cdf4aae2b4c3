"""The audit trail: service functions call :func:`record` for every write."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent, Authority, User


def record(
    *,
    authority: Authority | None,
    user: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    changes: dict[str, Any] | None = None,
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """``object_id`` and ``object_repr`` name an object that no longer exists (``obj`` None)."""
    if obj is not None:
        object_type = object_type or obj._meta.label
    return AuditEvent.objects.create(
        authority=authority,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
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
