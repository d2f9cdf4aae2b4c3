"""The trash: a deleted project, partner, agreement, committee or meeting stays restorable.

One mechanism for every kind of object. :func:`preview` lists what a deletion takes with it
(the confirmation pages show it); :func:`move_to_trash` serializes the object and every row its
deletion cascades to into a ``TrashEntry`` and the audit event, remembers the links that the
deletion empties elsewhere, then deletes the rows but keeps their files; :func:`restore` puts
every row back with the same ids and links, or writes nothing; :func:`purge_expired` (command
``purge_trash``, run daily) removes expired entries and their files for good.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import audit
from .models import Authority, TrashEntry, User
from .services import actor, write_service

# Names listed per kind of row on the confirmation and restore pages; the count says the rest.
NAMES_SHOWN = 10
# Problems named in the message of a refused restore; the count says the rest.
PROBLEMS_SHOWN = 5


class RestoreError(Exception):
    """The entry cannot be restored as it was; ``message`` says why, in French."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def retention_days() -> int:
    return settings.TRASH_RETENTION_DAYS


# --- What a deletion takes with it ------------------------------------------------------------


class _Collector(Collector):
    # Rows deleted in bulk without being loaded would escape the snapshot.
    def can_fast_delete(self, *args: object, **kwargs: object) -> bool:
        return False


@dataclass
class _Collected:
    root: models.Model
    collector: _Collector
    # Whole rows per model, in restore order (what a row points to comes before it).
    rows: dict[type[models.Model], list[models.Model]]
    # Rows kept by the deletion but whose link to a deleted row is emptied (SET_NULL).
    field_updates: list[dict[str, Any]]


def _collect(obj: models.Model) -> _Collected:
    using = router.db_for_write(type(obj), instance=obj)
    collector = _Collector(using=using, origin=obj)
    collector.collect([obj])
    collector.sort()  # deletion order: dependents first
    rows: dict[type[models.Model], list[models.Model]] = {}
    deleted: set[tuple[str, Any]] = set()
    for model, instances in reversed(list(collector.data.items())):
        pks = sorted(instance.pk for instance in instances)
        # The collector loads only the columns it needs: the snapshot wants whole rows.
        rows[model] = list(model._base_manager.using(using).filter(pk__in=pks).order_by("pk"))
        deleted.update((model._meta.label, pk) for pk in pks)
    updates: list[dict[str, Any]] = []
    for (fk, _value), batches in collector.field_updates.items():
        for batch in batches:
            if isinstance(batch, models.QuerySet):
                pairs = list(batch.values_list("pk", fk.attname))
            else:
                pairs = [(row.pk, getattr(row, fk.attname)) for row in batch]
            label = fk.model._meta.label
            for pk, old in pairs:
                if old is not None and (label, pk) not in deleted:
                    updates.append({"model": label, "field": fk.attname, "pk": pk, "value": old})
    return _Collected(obj, collector, rows, updates)


def _safe_str(obj: models.Model) -> str:
    # A row being restored may point at rows not saved yet: its __str__ may fail to read them.
    try:
        return str(obj)
    except Exception:  # noqa: BLE001 - any failure falls back to the id
        return _("n° %(pk)s") % {"pk": obj.pk}


def _describe(collected: _Collected) -> dict[str, list[dict[str, Any]]]:
    """What goes with the object, as stored JSON: model labels, counts and a few names."""
    root = collected.root
    deleted = {(m._meta.label, row.pk) for m, rs in collected.rows.items() for row in rs}
    contents: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for model, rows in collected.rows.items():
        if model is type(root):
            rows = [row for row in rows if row.pk != root.pk]
        if not rows:
            continue
        if model._meta.auto_created:
            links.extend(_describe_links(model, rows, deleted))
            continue
        contents.append(
            {
                "model": model._meta.label,
                "count": len(rows),
                "names": [_safe_str(row) for row in rows[:NAMES_SHOWN]],
            }
        )
    by_model: dict[str, list[Any]] = defaultdict(list)
    for update in collected.field_updates:
        if update["pk"] not in by_model[update["model"]]:
            by_model[update["model"]].append(update["pk"])
    unlinked = []
    for label, pks in by_model.items():
        model = apps.get_model(label)
        shown = model._base_manager.filter(pk__in=pks[:NAMES_SHOWN]).order_by("pk")
        unlinked.append(
            {"model": label, "count": len(pks), "names": [_safe_str(row) for row in shown]}
        )
    return {"contents": contents, "links": links, "unlinked": unlinked}


def _describe_links(
    through: type[models.Model], rows: list[models.Model], deleted: set[tuple[str, Any]]
) -> list[dict[str, Any]]:
    """Rows of a many-to-many table, named by the side that stays (a project's committees)."""
    described = []
    for fk in through._meta.concrete_fields:
        if not fk.is_relation:
            continue
        target = fk.related_model
        ids = sorted(
            {
                getattr(row, fk.attname)
                for row in rows
                if (target._meta.label, getattr(row, fk.attname)) not in deleted
            }
        )
        if ids:
            shown = target._base_manager.filter(pk__in=ids[:NAMES_SHOWN]).order_by("pk")
            described.append(
                {
                    "model": target._meta.label,
                    "count": len(ids),
                    "names": [_safe_str(row) for row in shown],
                }
            )
    return described


@dataclass
class Group:
    label: str  # "3 appels à compétences"
    names: list[str]
    more: int  # how many are not named


@dataclass
class Preview:
    contents: list[Group] = field(default_factory=list)  # deleted with the object
    links: list[Group] = field(default_factory=list)  # kept, no longer linked to it
    unlinked: list[Group] = field(default_factory=list)  # kept, their link to it emptied

    @property
    def retention_days(self) -> int:
        return retention_days()

    @property
    def summary(self) -> str:
        """ "3 appels à compétences, 7 réponses d'agents, 2 lignes de financement"."""
        return ", ".join(group.label for group in self.contents)


def _count_labels() -> dict[str, Callable[[int], str]]:
    # Where a model's plural name is not a countable noun ("plan de financement", "ordre du
    # jour") or says too little out of context ("étapes").
    return {
        "projects.Contribution": lambda n: ngettext(
            "%(count)d contribution au financement", "%(count)d contributions au financement", n
        ),
        "projects.Mobilisation": lambda n: ngettext(
            "%(count)d mobilisation de service", "%(count)d mobilisations de services", n
        ),
        "projects.Mission": lambda n: ngettext(
            "%(count)d mission ou délégation", "%(count)d missions ou délégations", n
        ),
        "skills.CallResponse": lambda n: ngettext(
            "%(count)d réponse d'agent", "%(count)d réponses d'agents", n
        ),
        "skills.ResponseStep": lambda n: ngettext(
            "%(count)d étape des réponses", "%(count)d étapes des réponses", n
        ),
        "governance.AgendaItem": lambda n: ngettext(
            "%(count)d point de l'ordre du jour", "%(count)d points de l'ordre du jour", n
        ),
    }


def _counted(label: str, count: int) -> str:
    special = _count_labels().get(label)
    if special is not None:
        return special(count) % {"count": count}
    try:
        meta = apps.get_model(label)._meta
    except LookupError:
        return f"{count} {label}"
    return f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}"


def groups(contents: dict[str, list[dict[str, Any]]]) -> Preview:
    """The stored description of a deletion, ready for a template."""

    def build(items: Iterable[dict[str, Any]]) -> list[Group]:
        return [
            Group(
                _counted(item["model"], item["count"]),
                item["names"],
                item["count"] - len(item["names"]),
            )
            for item in items
        ]

    return Preview(
        build(contents.get("contents", [])),
        build(contents.get("links", [])),
        build(contents.get("unlinked", [])),
    )


def preview(obj: models.Model) -> Preview:
    """What deleting ``obj`` takes with it, for its confirmation page."""
    return groups(_describe(_collect(obj)))


# --- Deleting ---------------------------------------------------------------------------------


def _serialize(rows: dict[type[models.Model], list[models.Model]]) -> list[dict[str, Any]]:
    serialized: list[dict[str, Any]] = []
    for model, instances in rows.items():
        # Concrete fields only: many-to-many links are rows of their own table in the snapshot.
        names = [f.name for f in model._meta.concrete_fields if not f.primary_key]
        data = serializers.serialize("python", instances, fields=names)
        serialized.extend(json.loads(json.dumps(data, cls=_Encoder)))
    return serialized


class _Encoder(DjangoJSONEncoder):
    # Django's encoder cuts times to the millisecond: a restored row must be the same row.
    def default(self, o: object) -> object:
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


def _files(rows: dict[type[models.Model], list[models.Model]]) -> list[dict[str, str]]:
    files = []
    for model, instances in rows.items():
        for file_field in model._meta.concrete_fields:
            if isinstance(file_field, models.FileField):
                for row in instances:
                    name = getattr(row, file_field.attname).name
                    if name:
                        label = model._meta.label
                        files.append({"model": label, "field": file_field.name, "name": name})
    return files


@write_service
def move_to_trash(obj: models.Model, *, by: User | None) -> TrashEntry:
    """Delete ``obj`` and what cascades from it, keeping all of it (files too) restorable.

    ``obj`` must belong to an authority (an ``authority`` foreign key): its trash is that
    authority's.
    """
    collected = _collect(obj)
    rows = _serialize(collected.rows)
    files = _files(collected.rows)
    now = timezone.now()
    entry = TrashEntry.objects.create(
        authority_id=obj.authority_id,
        kind=obj._meta.label,
        object_id=str(obj.pk),
        label=str(obj)[:300],
        deleted_by=actor(by),
        deleted_at=now,
        purge_after=now + dt.timedelta(days=retention_days()),
        rows=rows,
        field_updates=collected.field_updates,
        files=files,
        contents=_describe(collected),
    )
    # The audit trail outlives the purge: it keeps the whole snapshot, not only the title.
    audit.record(
        authority=entry.authority,
        user=by,
        kind=audit.kind_for(obj, "deleted"),
        obj=obj,
        changes={
            "snapshot": {
                "trash_entry": entry.pk,
                "rows": rows,
                "field_updates": collected.field_updates,
                "files": files,
            }
        },
    )
    collected.collector.delete()  # the rows; the files stay until the purge
    return entry


# --- Restoring --------------------------------------------------------------------------------


@dataclass
class Restored:
    obj: models.Model
    # Links to rows deleted since, emptied as their deletion would have done (SET_NULL).
    emptied: int


@write_service
def restore(entry: TrashEntry, *, by: User | None) -> Restored:
    """Put every row of ``entry`` back with its ids and links, or raise RestoreError having
    written nothing."""
    locked = TrashEntry.objects.select_for_update().filter(pk=entry.pk).first()
    if locked is None:
        raise RestoreError(
            _("Cet élément n'est plus dans la corbeille : il a déjà été restauré ou purgé.")
        )
    objects = [
        item.object
        for item in serializers.deserialize("python", locked.rows, ignorenonexistent=True)
    ]
    problems, emptied = _missing_references(locked, objects)
    problems += _missing_files(locked.files)
    if not problems:
        problems = _clashes(objects)
    if problems:
        raise RestoreError(_refusal(problems))
    using = router.db_for_write(TrashEntry)
    try:
        # Rows go back in dependency order; constraints are checked before the end anyway.
        for obj in objects:
            models.Model.save_base(obj, raw=True, force_insert=True, using=using)
        _relink(locked.field_updates, using)
        tables = sorted({obj._meta.db_table for obj in objects})
        connections[using].check_constraints(table_names=tables)
    except IntegrityError as exc:
        raise RestoreError(_refusal([str(exc)])) from exc
    root = next(
        obj for obj in objects if obj._meta.label == locked.kind and str(obj.pk) == locked.object_id
    )
    audit.record(
        authority=locked.authority,
        user=by,
        kind=audit.kind_for(root, "restored"),
        obj=root,
        changes={"trash_entry": locked.pk, "rows": len(objects), "emptied": emptied},
    )
    locked.delete()  # the files belong to the restored rows again
    return Restored(root, len(emptied))


def _refusal(problems: list[str]) -> str:
    shown = problems[:PROBLEMS_SHOWN]
    message = _("Restauration impossible, rien n'a été modifié : %(problems)s") % {
        "problems": " ".join(shown)
    }
    if len(problems) > len(shown):
        rest = len(problems) - len(shown)
        message += " " + ngettext(
            "(et %(count)d autre problème)", "(et %(count)d autres problèmes)", rest
        ) % {"count": rest}
    return message


def _missing_references(
    entry: TrashEntry, objects: list[models.Model]
) -> tuple[list[str], list[dict[str, Any]]]:
    """Rows outside the snapshot that the snapshot points to and that are gone since.

    A nullable link that the deletion of its target would have emptied (SET_NULL) is emptied;
    any other missing target refuses the restore. Returns (problems, emptied links).
    """
    present = {(obj._meta.concrete_model._meta.label, obj.pk): obj for obj in objects}
    _cache_links(objects, present)
    wanted: dict[tuple[type[models.Model], str], dict[Any, list[tuple[models.Model, Any]]]]
    wanted = defaultdict(lambda: defaultdict(list))
    for obj in objects:
        for fk in obj._meta.concrete_fields:
            value = getattr(obj, fk.attname) if fk.is_relation else None
            if value is None:
                continue
            target = fk.related_model._meta.concrete_model
            key_field = fk.target_field.attname
            if fk.target_field.primary_key and (target._meta.label, value) in present:
                continue
            wanted[target, key_field][value].append((obj, fk))
    problems: list[str] = []
    emptied: list[dict[str, Any]] = []
    for (target, key_field), references in wanted.items():
        existing = set(
            target._base_manager.filter(**{f"{key_field}__in": list(references)}).values_list(
                key_field, flat=True
            )
        )
        for value, referrers in references.items():
            if value in existing:
                continue
            blocking = []
            for obj, fk in referrers:
                if fk.null and fk.remote_field.on_delete is models.SET_NULL:
                    setattr(obj, fk.attname, None)
                    emptied.append(
                        {"model": obj._meta.label, "pk": obj.pk, "field": fk.attname, "was": value}
                    )
                else:
                    blocking.append(obj)
            if blocking:
                problems.append(_missing_message(entry, target, value, blocking[0], present))
    return problems, emptied


def _cache_links(objects: list[models.Model], present: dict[tuple[str, Any], models.Model]) -> None:
    """Give each row its targets from the snapshot, so that its name reads without the DB."""
    for obj in objects:
        for fk in obj._meta.concrete_fields:
            if fk.is_relation and fk.target_field.primary_key:
                label = fk.related_model._meta.concrete_model._meta.label
                target = present.get((label, getattr(obj, fk.attname)))
                if target is not None:
                    fk.set_cached_value(obj, target)


def _missing_message(
    entry: TrashEntry,
    target: type[models.Model],
    value: Any,
    referrer: models.Model,
    present: dict[tuple[str, Any], models.Model],
) -> str:
    owner = referrer._meta.auto_created
    if owner:
        # A many-to-many row: name the object of the snapshot that holds the link.
        fk = next(
            f for f in referrer._meta.concrete_fields if f.is_relation and f.related_model is owner
        )
        referrer = present.get((owner._meta.label, getattr(referrer, fk.attname)), referrer)
    message = _(
        "%(kind)s n° %(pk)s n'existe plus, or %(referrer_kind)s « %(referrer)s » y renvoie."
    ) % {
        "kind": str(target._meta.verbose_name).capitalize(),
        "pk": value,
        "referrer_kind": referrer._meta.verbose_name,
        "referrer": _safe_str(referrer),
    }
    elsewhere = _trashed_in(entry, target._meta.label, value)
    if elsewhere is not None:
        message += " " + _(
            "Il est dans la corbeille avec « %(label)s » : restaurez d'abord cet élément."
        ) % {"label": elsewhere.label}
    return message


def _trashed_in(entry: TrashEntry, label: str, pk: Any) -> TrashEntry | None:
    """The other entry of the same trash that holds the row, if any (a restore refused only)."""
    model_key = label.lower()
    for other in TrashEntry.objects.filter(authority_id=entry.authority_id).exclude(pk=entry.pk):
        if any(row["model"] == model_key and row["pk"] == pk for row in other.rows):
            return other
    return None


def _missing_files(files: list[dict[str, str]]) -> list[str]:
    problems = []
    for item in files:
        storage = apps.get_model(item["model"])._meta.get_field(item["field"]).storage
        if not storage.exists(item["name"]):
            problems.append(
                _("Le fichier « %(name)s » n'est plus dans le stockage.") % {"name": item["name"]}
            )
    return problems


def _clashes(objects: list[models.Model]) -> list[str]:
    """Rows whose id or unique values were taken meanwhile (a decision number reused…)."""
    problems = []
    for obj in objects:
        try:
            obj.validate_unique()
            obj.validate_constraints()
        except ValidationError as exc:
            problems.append(
                _("%(kind)s « %(name)s » : %(problem)s")
                % {
                    "kind": str(obj._meta.verbose_name).capitalize(),
                    "name": _safe_str(obj),
                    "problem": " ".join(exc.messages),
                }
            )
    return problems


def _relink(field_updates: list[dict[str, Any]], using: str) -> None:
    """Point kept rows at the restored ones again, unless they were re-pointed meanwhile."""
    groups_: dict[tuple[str, str, Any], list[Any]] = defaultdict(list)
    for update in field_updates:
        groups_[update["model"], update["field"], update["value"]].append(update["pk"])
    for (label, attname, value), pks in groups_.items():
        model = apps.get_model(label)
        model._base_manager.using(using).filter(pk__in=pks, **{f"{attname}__isnull": True}).update(
            **{attname: value}
        )


# --- Reading and purging ----------------------------------------------------------------------


@dataclass
class Listed:
    entry: TrashEntry
    kind: str
    summary: str


def entries_of(authority: Authority) -> list[Listed]:
    """The trash of an authority, latest deletion first (one query)."""
    queryset = (
        TrashEntry.objects.filter(authority=authority)
        .select_related("deleted_by")
        .defer("rows", "field_updates", "files")
    )
    return [
        Listed(entry, kind_label(entry.kind), groups(entry.contents).summary) for entry in queryset
    ]


def kind_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name).capitalize()
    except LookupError:
        return label


def purge_expired(now: dt.datetime | None = None) -> int:
    """Remove for good the entries past their purge date, and their files. Returns how many."""
    now = now or timezone.now()
    ids = list(TrashEntry.objects.filter(purge_after__lte=now).values_list("pk", flat=True))
    return sum(_purge(pk) for pk in ids)


@write_service
def _purge(pk: int) -> bool:
    entry = TrashEntry.objects.select_for_update().filter(pk=pk).first()
    if entry is None:  # restored or purged meanwhile
        return False
    files = entry.files
    audit.record(
        authority=entry.authority,
        user=None,
        kind=audit.kind_for(entry.kind, "purged"),
        object_type=entry.kind,
        object_id=entry.object_id,
        object_repr=entry.label,
        changes={"trash_entry": entry.pk, "files": [item["name"] for item in files]},
    )
    entry.delete()
    transaction.on_commit(lambda: _delete_files(files))
    return True


def _delete_files(files: list[dict[str, str]]) -> None:
    for item in files:
        model = apps.get_model(item["model"])
        # A file that a live row uses (copied by hand, restored elsewhere) stays.
        if model._base_manager.filter(**{item["field"]: item["name"]}).exists():
            continue
        model._meta.get_field(item["field"]).storage.delete(item["name"])
