"""The demo loaders' shared parts: their result records and idempotent bulk upserts.

Each loader upserts its rows by natural key, so running the demo again writes only what
differs (see :mod:`maillage.demo.services`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from maillage.core.models import Authority

from .data import Dataset


class DemoDataError(Exception):
    """The demo cannot be loaded here: production, missing reference rows, or an account of
    the same name that is not the demo's."""


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.deleted += other.deleted


@dataclass
class Result:
    authority: Authority
    dataset: Dataset
    counts: dict[str, Counts] = field(default_factory=dict)

    def count(self, label: str) -> Counts:
        return self.counts.setdefault(label, Counts())


def upsert_one(
    model: type[models.Model], key: dict[str, Any], values: dict[str, Any]
) -> tuple[Any, bool]:
    """``update_or_create`` that writes nothing when the row already holds ``values``."""
    obj = model._default_manager.filter(**key).first()
    if obj is None:
        return model._default_manager.create(**{**key, **values}), True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj, False


def bulk_upsert(
    model: type[models.Model],
    existing: Iterable[models.Model],
    key: Callable[[Any], Hashable],
    desired: dict[Hashable, dict[str, Any]],
    counts: Counts,
) -> dict[Hashable, Any]:
    """Create the missing rows and update the differing ones, in bulk; return them by key.

    ``desired`` maps each natural key to the full set of values (attribute names such as
    ``service_id``); rows of ``existing`` whose key is not desired are left alone.
    """
    by_key = {key(obj): obj for obj in existing}
    to_create, to_update, fields = [], [], set()
    for natural_key, values in desired.items():
        obj = by_key.get(natural_key)
        if obj is None:
            obj = model(**values)
            to_create.append(obj)
            by_key[natural_key] = obj
            continue
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            to_update.append(obj)
            fields.update(changed)
    if to_create:
        model._default_manager.bulk_create(to_create, batch_size=500)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(fields), batch_size=500)
    counts.created += len(to_create)
    counts.updated += len(to_update)
    return {natural_key: by_key[natural_key] for natural_key in desired}


def upsert_rows(
    model: type[models.Model],
    existing: Iterable[models.Model],
    key: Callable[[Any], Hashable],
    desired: dict[Hashable, dict[str, Any]],
    counts: Counts,
    *,
    exact: bool = False,
) -> dict[Hashable, Any]:
    """``bulk_upsert``, keeping fixed timestamps; ``exact`` deletes the undesired rows.

    ``bulk_create`` stamps ``auto_now``/``auto_now_add`` fields with the current time: a
    second pass over the new rows puts the fixed values of ``desired`` back (uncounted).
    """
    existing = list(existing)
    rows = bulk_upsert(model, existing, key, desired, counts)
    stamped = {
        f.attname
        for f in model._meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    if stamped & {name for values in desired.values() for name in values}:
        bulk_upsert(model, list(rows.values()), key, desired, Counts())
    if exact:
        stale = [obj.pk for obj in existing if key(obj) not in desired]
        if stale:
            model._default_manager.filter(pk__in=stale).delete()
            counts.deleted += len(stale)
    return rows


def set_links(descriptor: Any, wanted: dict[int, Iterable[Hashable]], counts: Counts) -> None:
    """Make the many-to-many links of each owner exactly ``wanted[owner_id]``."""
    field = descriptor.field
    through = descriptor.through
    source = through._meta.get_field(field.m2m_field_name()).attname
    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
    rows = through._default_manager.filter(**{f"{source}__in": list(wanted)})
    present = {(getattr(r, source), getattr(r, target)): r.pk for r in rows}
    pairs = {(owner, other) for owner, others in wanted.items() for other in others}
    stale = [pk for pair, pk in present.items() if pair not in pairs]
    missing = sorted(pairs - present.keys(), key=lambda pair: (pair[0], str(pair[1])))
    if stale:
        through._default_manager.filter(pk__in=stale).delete()
    if missing:
        through._default_manager.bulk_create(
            [through(**{source: owner, target: other}) for owner, other in missing]
        )
    counts.created += len(missing)
    counts.deleted += len(stale)
