"""Writes of the rows a project owns (budget lines, contributions, results, indicators and their
periods): validated with ``full_clean``, saved, and recorded in the project's authority.

The write services of ``funding`` and ``results`` pick the fields they accept and call these;
they are not services themselves (the calling service holds the transaction).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models

from maillage.core import audit
from maillage.core.concurrency import claim_version
from maillage.core.models import User

from .models import Project


def pick(data: Mapping[str, object], fields: tuple[str, ...]) -> dict[str, object]:
    """The values of ``fields`` that ``data`` holds (a form may send fewer)."""
    return {name: data[name] for name in fields if name in data}


def create_row[M: models.Model](
    obj: M, project: Project, by: User | None, values: dict[str, object]
) -> M:
    obj.full_clean()
    obj.save()
    audit.record(
        authority=project.authority,
        user=by,
        kind=audit.kind_for(obj, "created"),
        obj=obj,
        changes=audit.diff(type(obj)(), values),
    )
    return obj


def update_row[M: models.Model](
    obj: M, project: Project, by: User | None, values: dict[str, object], version: int | None
) -> M:
    claim_version(obj, version)
    changes = audit.diff(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    audit.record(
        authority=project.authority,
        user=by,
        kind=audit.kind_for(obj, "updated"),
        obj=obj,
        changes=changes,
    )
    return obj


def delete_row(obj: models.Model, project: Project, by: User | None) -> None:
    audit.record(authority=project.authority, user=by, kind=audit.kind_for(obj, "deleted"), obj=obj)
    obj.delete()
