"""Export of one authority and its import into another instance: how an authority leaves a
shared instance with all its data.

The rows exported are found generically: every model of our apps (``maillage.*``) that is not
reference data reaches ``Authority`` through a chain of foreign keys (``authority``,
``project__authority``, ``meeting__authority``…); :func:`export_plan` computes that chain for
each one, and refuses a model that has none and is not declared reference data, so a new model
is either exported or a deliberate decision. Reference data (M57 policy areas, countries,
languages, SDG, IATI code lists, CEFR levels, funding rule sets) is the same on every instance:
rows point to it by primary key, or by natural key where the key is a counter. Users are the
members of the authority, without password (they reset it on the new instance).

The archive is the backup's (``backup.py``): ``data.json``, ``media/`` and a manifest with
checksums. The import assigns new primary keys (other authorities may use the same ones) and
writes everything in one transaction.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _

from . import audit
from .backup import (
    MEDIA_PREFIX,
    BackupError,
    Progress,
    _quiet,
    applied_migrations,
    base_manifest,
    read_archive,
    write_archive,
)
from .models import AuditEvent, Authority, User

FORMAT = "maillage-authority-export"
DATA_MEMBER = "data.json"
BATCH = 1000

# Loaded by migrations, identical on every instance: referenced, never exported.
REFERENCE_MODELS = frozenset(
    {
        "core.PolicyArea",
        "core.SdgGoal",
        "core.SdgTarget",
        "core.CodeListItem",
        "core.CefrLevel",
        "core.Country",
        "core.Language",
        "core.DacRecipientList",
        "core.DacRecipient",
        "projects.FundingRuleSet",
        "projects.FundingRule",
    }
)
# Not exported: work of this instance that means nothing on another one. The trash holds rows
# under this instance's keys (restoring them elsewhere would link them to other rows), create-form
# tokens live a day, and an HR import run is a transient job over a file of this instance.
# The outbox of notifications is a mail queue (what is pending is sent by the instance that
# wrote it), not the authority's data; the record of reminders sent names the sending
# instance's row ids, which the import renumbers. The notifications themselves are exported.
# A private calendar feed is a secret address on this instance's host: whoever moves makes a new
# one on the other.
NOT_EXPORTED = frozenset(
    {
        "core.TrashEntry",
        "projects.SubmittedForm",
        "organisation.HrImportRun",
        "notices.OutboxMessage",
        "notices.NoticeEvent",
        "projects.CalendarFeed",
    }
)
# Exported apart: the members of the authority, without password, groups or permissions.
USER_MODELS = frozenset({"core.User", "core.User_groups", "core.User_user_permissions"})
USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


class ExportPlanError(Exception):
    """A model of ours neither belongs to an authority nor is declared reference data."""


@dataclass(frozen=True)
class Scope:
    model: type[models.Model]
    # The lookup from the model to its Authority, e.g. "project__authority".
    path: str

    @property
    def label(self) -> str:
        return self.model._meta.label


def our_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("maillage.")
        for model in config.get_models(include_auto_created=True)
    ]


def _foreign_keys(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if field.is_relation]


def export_plan() -> list[Scope]:
    """Each exported model with its path to the authority, the shortest one found."""
    candidates = [
        model
        for model in our_models()
        if model._meta.label not in REFERENCE_MODELS | USER_MODELS | NOT_EXPORTED
        and model is not Authority
    ]
    paths: dict[type[models.Model], str] = {}
    for model in candidates:
        for field in _foreign_keys(model):
            if field.related_model is Authority:
                paths[model] = field.name
                break
    while True:
        found: dict[type[models.Model], str] = {}
        for model in candidates:
            if model in paths:
                continue
            for field in _foreign_keys(model):
                if field.related_model in paths and field.related_model is not model:
                    found[model] = f"{field.name}__{paths[field.related_model]}"
                    break
        if not found:
            break
        paths.update(found)
    orphans = sorted(model._meta.label for model in candidates if model not in paths)
    if orphans:
        raise ExportPlanError(
            "These models reach no authority and are not declared reference data: "
            + ", ".join(orphans)
            + ". Give them a foreign key path to Authority or add them to REFERENCE_MODELS."
        )
    return [Scope(model, paths[model]) for model in candidates]


def _natural_key_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The fields that identify a reference row on every instance when its key is a counter."""
    if not isinstance(model._meta.pk, models.AutoField):
        return (model._meta.pk.attname,)
    for field in model._meta.concrete_fields:
        if field.unique and not field.primary_key:
            return (field.attname,)
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, UniqueConstraint)
            and constraint.fields
            and not constraint.condition
        ):
            return tuple(model._meta.get_field(name).attname for name in constraint.fields)
    raise ExportPlanError(f"Reference model {model._meta.label} has no natural key.")


class _References:
    """Primary key ↔ natural key of the reference rows, loaded once per model."""

    def __init__(self) -> None:
        self.to_key: dict[type[models.Model], dict[Any, Any]] = {}
        self.to_pk: dict[type[models.Model], dict[Any, Any]] = {}

    def _load(self, model: type[models.Model]) -> None:
        if model in self.to_key:
            return
        fields = _natural_key_fields(model)
        rows = model._base_manager.values_list("pk", *fields)
        keyed = {pk: key[0] if len(key) == 1 else list(key) for pk, *key in rows}
        self.to_key[model] = keyed
        self.to_pk[model] = {json.dumps(key): pk for pk, key in keyed.items()}

    def key(self, model: type[models.Model], pk: Any) -> Any:
        self._load(model)
        return self.to_key[model][pk]

    def pk(self, model: type[models.Model], key: Any) -> Any:
        self._load(model)
        found = self.to_pk[model].get(json.dumps(key))
        if found is None:
            raise BackupError(
                _(
                    "Donnée de référence absente de cette instance : %(model)s %(key)s. Lancez "
                    "« manage.py load_reference_data » puis recommencez. Rien n'a été écrit."
                )
                % {"model": model._meta.verbose_name, "key": key}
            )
        return found


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, with datetimes to the microsecond (it rounds them to milliseconds)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


# --- Export --------------------------------------------------------------------------------


@dataclass
class ExportReport:
    path: Path
    counts: dict[str, int]
    users: int
    media: int


def export_authority(
    authority: Authority, path: Path | str, *, progress: Progress = _quiet
) -> ExportReport:
    path = Path(path)
    plan = export_plan()
    members = User.objects.filter(memberships__authority=authority).distinct().order_by("username")
    usernames = {user.pk: user.username for user in members}
    references = _References()
    files: list[str] = []
    data: dict[str, Any] = {
        "authority": _authority_row(authority, files),
        "users": [{name: getattr(user, name) for name in USER_FIELDS} for user in members],
        "models": {},
    }
    for scope in plan:
        rows = []
        queryset = scope.model._base_manager.filter(**{scope.path: authority}).order_by("pk")
        for obj in queryset.iterator(chunk_size=2000):
            rows.append(_encode(obj, authority, usernames, references, files))
        data["models"][scope.label] = rows
        progress(f"{scope.label}: {len(rows)}")
    counts = {label: len(rows) for label, rows in data["models"].items()}
    manifest = {
        **base_manifest(FORMAT),
        "authority": {"slug": authority.slug, "name": authority.name},
        "counts": counts,
        "users": len(data["users"]),
    }
    media = []
    with tempfile.TemporaryDirectory(prefix="maillage-export-") as work:
        data_path = Path(work) / DATA_MEMBER
        data_path.write_text(json.dumps(data, cls=_Encoder, ensure_ascii=False))
        for name in sorted(set(files)):
            if default_storage.exists(name):
                media.append((MEDIA_PREFIX + name, Path(default_storage.path(name))))
            else:
                progress(_("Fichier absent, non exporté : %(name)s") % {"name": name})
        write_archive(path, manifest, [(DATA_MEMBER, data_path), *media], progress)
    return ExportReport(path=path, counts=counts, users=len(data["users"]), media=len(media))


def _authority_row(authority: Authority, files: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for field in Authority._meta.concrete_fields:
        if field.primary_key:
            continue
        value = field.value_from_object(authority)
        if isinstance(field, models.FileField):  # the logo travels in media/ like documents
            value = value.name if value else ""
            if value:
                files.append(value)
        row[field.attname] = value
    return row


def _encode(
    obj: models.Model,
    authority: Authority,
    usernames: dict[int, str],
    references: _References,
    files: list[str],
) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if field.is_relation and value is not None:
            target = field.related_model
            if target is Authority:
                if value != authority.pk:
                    raise BackupError(
                        _("%(model)s n°%(pk)s pointe vers une autre collectivité : export refusé.")
                        % {"model": obj._meta.label, "pk": obj.pk}
                    )
            elif target is User:
                # Only members are exported: other people's accounts stay out of the file.
                value = usernames.get(value)
            elif target._meta.label in REFERENCE_MODELS:
                value = references.key(target, value)
        elif isinstance(field, models.FileField):
            value = value.name if value else ""
            if value:
                files.append(value)
        fields[field.attname] = value
    return {"pk": obj.pk, "fields": fields}


# --- Import --------------------------------------------------------------------------------


@dataclass
class ImportReport:
    authority: Authority
    counts: dict[str, int]
    users: int
    media: int


def import_authority(path: Path | str, *, progress: Progress = _quiet) -> ImportReport:
    """Import an authority exported by :func:`export_authority` into this instance."""
    saved_files: list[str] = []
    with tempfile.TemporaryDirectory(prefix="maillage-import-") as work:
        archive = read_archive(Path(path), Path(work), FORMAT, progress)
        plan = {scope.label: scope for scope in export_plan()}
        _check_same_schema(archive.manifest, plan)
        try:
            data = json.loads(archive.files[DATA_MEMBER].read_text())
        except (KeyError, ValueError) as exc:
            raise BackupError(_("Le fichier data.json de l'archive est illisible.")) from exc
        if not isinstance(data, dict) or not {"authority", "users", "models"} <= set(data):
            raise BackupError(
                _("Le fichier data.json de l'archive est incomplet : rien n'a été écrit.")
            )
        _check_target(data)
        try:
            with transaction.atomic():
                with _original_timestamps():
                    report = _write(data, plan, archive.media(), saved_files, progress)
                audit.record(
                    authority=report.authority,
                    user=None,
                    action=AuditEvent.Action.IMPORT,
                    obj=report.authority,
                    changes={"imported": report.counts, "users": report.users},
                )
        except BaseException:
            for name in saved_files:
                default_storage.delete(name)
            raise
    return report


def _check_same_schema(manifest: dict[str, Any], plan: dict[str, Scope]) -> None:
    archived, version = manifest["migrations"], manifest.get("maillage_version", "?")
    ours = {label.split(".")[0] for label in plan} | {"core"}
    here = applied_migrations()
    differ = sorted(app for app in ours if set(archived.get(app, [])) != set(here.get(app, [])))
    if differ:
        raise BackupError(
            _(
                "L'export vient d'une version de Maillage dont le schéma diffère de celle-ci "
                "(applications : %(apps)s). Installez la même version (%(version)s) et lancez "
                "migrate des deux côtés. Rien n'a été écrit."
            )
            % {"apps": ", ".join(differ), "version": version}
        )


def _check_target(data: dict[str, Any]) -> None:
    row = data["authority"]
    if Authority.objects.filter(slug=row["slug"]).exists():
        raise BackupError(
            _("La collectivité « %(slug)s » existe déjà sur cette instance : rien n'a été écrit.")
            % {"slug": row["slug"]}
        )
    if Authority.objects.filter(siren=row["siren"]).exists():
        raise BackupError(
            _(
                "Une collectivité de SIREN %(siren)s existe déjà sur cette instance : rien n'a été "
                "écrit."
            )
            % {"siren": row["siren"]}
        )
    usernames = [user["username"] for user in data["users"]]
    clash = sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    if clash:
        raise BackupError(
            _(
                "Ces identifiants de connexion existent déjà sur cette instance : %(names)s. "
                "Renommez-les d'un côté ou de l'autre, puis recommencez. Rien n'a été écrit."
            )
            % {"names": ", ".join(clash)}
        )
    emails = {user["email"].lower() for user in data["users"] if user["email"]}
    taken = sorted(
        email
        for email in User.objects.exclude(email="").values_list("email", flat=True)
        if email.lower() in emails
    )
    if taken:
        raise BackupError(
            _(
                "Ces adresses électroniques sont déjà celles d'autres comptes de cette instance : "
                "%(emails)s. Rien n'a été écrit."
            )
            % {"emails": ", ".join(taken)}
        )


@contextmanager
def _original_timestamps() -> Iterator[None]:
    """Keep the dates of the export (created_at…) instead of stamping the import's time."""
    changed = []
    for model in [Authority, *(scope.model for scope in export_plan())]:
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                changed.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in changed:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def insertion_order(
    plan: list[Scope],
) -> tuple[list[Scope], dict[str, set[str]]]:
    """Models in an order where every foreign key points to rows already written, and the
    nullable foreign keys set afterwards to break cycles (a service's head is an agent of a
    service)."""
    scopes = {scope.model: scope for scope in plan}
    deferred: dict[str, set[str]] = defaultdict(set)
    edges: dict[type[models.Model], list[models.Field]] = {}
    for model in scopes:
        edges[model] = []
        for field in _foreign_keys(model):
            if field.related_model not in scopes:
                continue
            if field.related_model is model:
                deferred[model._meta.label].add(field.name)
            else:
                edges[model].append(field)
    remaining = sorted(scopes, key=lambda model: model._meta.label)
    order: list[Scope] = []
    while remaining:
        ready = [
            model
            for model in remaining
            if all(
                field.related_model not in remaining
                for field in edges[model]
                if field.name not in deferred[model._meta.label]
            )
        ]
        if ready:
            order += [scopes[model] for model in ready]
            remaining = [model for model in remaining if model not in ready]
            continue
        for model in remaining:
            # Only a link on the cycle itself is deferred: a check constraint may require the
            # others (a committee member is an agent, an elected official or an outsider).
            nullable = [
                field.name
                for field in edges[model]
                if field.related_model in remaining
                and field.null
                and field.name not in deferred[model._meta.label]
                and _reaches(field.related_model, model, edges, deferred, remaining)
            ]
            if nullable:
                deferred[model._meta.label].update(nullable)
                break
        else:
            raise ExportPlanError("Foreign keys form a cycle without a nullable link.")
    return order, deferred


def _reaches(
    start: type[models.Model],
    goal: type[models.Model],
    edges: dict[type[models.Model], list[models.Field]],
    deferred: dict[str, set[str]],
    remaining: list[type[models.Model]],
) -> bool:
    seen, stack = set(), [start]
    while stack:
        model = stack.pop()
        if model is goal:
            return True
        if model in seen:
            continue
        seen.add(model)
        stack += [
            field.related_model
            for field in edges[model]
            if field.related_model in remaining and field.name not in deferred[model._meta.label]
        ]
    return False


def _write(
    data: dict[str, Any],
    plan: dict[str, Scope],
    media: dict[str, Path],
    saved_files: list[str],
    progress: Progress,
) -> ImportReport:
    unknown = sorted(set(data["models"]) - set(plan))
    if unknown:
        raise BackupError(
            _("L'export contient des données inconnues ici (%(models)s) : rien n'a été écrit.")
            % {"models": ", ".join(unknown)}
        )
    row = _decode_plain(Authority, data["authority"])
    for field in Authority._meta.concrete_fields:
        if isinstance(field, models.FileField) and row.get(field.attname):
            row[field.attname] = _save_file(row[field.attname], media, saved_files)
    authority = Authority(**row)
    authority.save()
    users = [User(**{name: row[name] for name in USER_FIELDS}) for row in data["users"]]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users)
    user_ids = dict(
        User.objects.filter(username__in=[u.username for u in users]).values_list("username", "pk")
    )
    references = _References()
    pk_map: dict[type[models.Model], dict[Any, Any]] = defaultdict(dict)
    order, deferred = insertion_order(list(plan.values()))
    late: list[tuple[models.Model, str, type[models.Model], Any]] = []
    counts: dict[str, int] = {}
    for scope in order:
        rows = data["models"].get(scope.label, [])
        objects = []
        for row in rows:
            obj = scope.model()
            for field in scope.model._meta.concrete_fields:
                if field.primary_key:
                    continue
                if field.attname not in row["fields"]:
                    raise BackupError(
                        _("Champ %(field)s absent des données de %(model)s : rien n'a été écrit.")
                        % {"field": field.attname, "model": scope.label}
                    )
                value = row["fields"][field.attname]
                if field.is_relation and value is not None:
                    target = field.related_model
                    if target is Authority:
                        value = authority.pk
                    elif target is User:
                        value = user_ids.get(value)
                    elif target._meta.label in REFERENCE_MODELS:
                        value = references.pk(target, value)
                    elif field.name in deferred[scope.label]:
                        late.append((obj, field.attname, target, value))
                        value = None
                    else:
                        value = _mapped(pk_map, target, value, scope.label)
                elif isinstance(field, models.FileField) and value:
                    value = _save_file(value, media, saved_files)
                elif not field.is_relation:
                    value = _decode_value(field, value)
                setattr(obj, field.attname, value)
            objects.append(obj)
        try:
            scope.model._base_manager.bulk_create(objects, batch_size=BATCH)
        except (IntegrityError, DatabaseError) as exc:
            raise BackupError(
                _("Import refusé sur %(model)s : %(error)s. Rien n'a été écrit.")
                % {"model": scope.label, "error": exc}
            ) from exc
        for row, obj in zip(rows, objects, strict=True):
            pk_map[scope.model][row["pk"]] = obj.pk
        counts[scope.label] = len(objects)
        progress(f"{scope.label}: {len(objects)}")
    by_model: dict[tuple[type[models.Model], str], list[models.Model]] = defaultdict(list)
    for obj, attname, target, old in late:
        setattr(obj, attname, _mapped(pk_map, target, old, obj._meta.label))
        by_model[(type(obj), attname)].append(obj)
    for (model, attname), objects in by_model.items():
        model._base_manager.bulk_update(objects, [attname], batch_size=BATCH)
    return ImportReport(
        authority=authority, counts=counts, users=len(users), media=len(saved_files)
    )


def _mapped(
    pk_map: dict[type[models.Model], dict[Any, Any]],
    target: type[models.Model],
    old: Any,
    label: str,
) -> Any:
    try:
        return pk_map[target][old]
    except KeyError:
        raise BackupError(
            _("%(model)s pointe vers %(target)s n°%(pk)s, absent de l'export : rien n'a été écrit.")
            % {"model": label, "target": target._meta.label, "pk": old}
        ) from None


def _decode_plain(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    return {
        field.attname: _decode_value(field, row[field.attname])
        for field in model._meta.concrete_fields
        if not field.primary_key and field.attname in row
    }


def _decode_value(field: models.Field, value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def _save_file(name: str, media: dict[str, Path], saved_files: list[str]) -> str:
    source = media.get(name)
    if source is None:
        # The export found no file under that name: keep the reference, as on the source.
        return name
    with open(source, "rb") as file:
        saved = default_storage.save(name, File(file))
    saved_files.append(saved)
    return saved
