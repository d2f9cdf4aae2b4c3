"""Writing a valid plan: bulk upserts in one transaction, one audit event; and
:func:`import_hr`, which reads, plans and applies a file, all-or-nothing."""

from __future__ import annotations

import datetime
from dataclasses import asdict
from itertools import batched
from typing import Any

from django.db import connection, models
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import record
from maillage.core.models import AuditEvent, Authority, User
from maillage.core.services import actor, composing, write_service

from ..models import Agent, Referent, Service
from .format import (
    BATCH_SIZE,
    CIVILITY,
    EMAIL,
    JOB,
    LEVEL,
    REFERENT,
    AgentRow,
    ImportPlan,
    ImportResult,
    ProgressCallback,
    ServiceRow,
    Source,
    result_of,
)
from .plan import departure, plan_import
from .read import parse_hr_file


@write_service
def apply_import(
    authority: Authority,
    *,
    by: User | None,
    plan: ImportPlan,
    progress: ProgressCallback | None = None,
) -> ImportResult:
    """Write a valid plan in one transaction and record one audit event."""
    parsed = plan.parsed
    if parsed.errors:
        raise ValueError("An HR file with errors cannot be applied.")
    columns = parsed.columns
    stage = _("Écriture")
    total = len(plan.service_writes) + len(plan.agent_writes)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(stage, done, total)

    services = parsed.services
    authority_id = authority.pk
    # Pass 1: the services themselves; new ones get their parent in pass 2, once every
    # service of the file has an id.
    service_fields = ["name", "active", *(["kind"] if LEVEL in columns else [])]
    for batch in batched(plan.service_writes, BATCH_SIZE):
        rows = [_service_values(authority_id, h, services[h], None) for h in batch]
        _upsert(Service, SERVICE_COLUMNS, rows, service_fields)
        advance(len(batch))
    service_ids = dict(Service.objects.filter(authority=authority).values_list("hr_id", "pk"))
    moved = [
        hr_id
        for hr_id in plan.service_writes
        if (service_ids[services[hr_id].parent] if services[hr_id].parent else None)
        != plan.service_parents.get(hr_id)
    ]
    for batch in batched(moved, BATCH_SIZE):
        rows = [_service_values(authority_id, h, services[h], service_ids) for h in batch]
        _upsert(Service, SERVICE_COLUMNS, rows, ["parent_id"])
    for batch in batched(plan.service_deactivations, BATCH_SIZE):
        Service.objects.filter(pk__in=batch).update(active=False)

    agents = parsed.agents
    agent_fields = ["first_name", "last_name", "service_id", "active", "deactivated_at"]
    agent_fields += [
        name
        for column, name in ((EMAIL, "email"), (JOB, "job_title"), (CIVILITY, "civility"))
        if column in columns
    ]
    for batch in batched(plan.agent_writes, BATCH_SIZE):
        rows = [_agent_values(authority_id, h, agents[h], service_ids) for h in batch]
        _upsert(Agent, AGENT_COLUMNS, rows, agent_fields)
        advance(len(batch))
    # Deactivation erases nothing: erase_departed_profiles does, after the grace period.
    now = timezone.now()
    for batch in batched(plan.agent_deactivations, BATCH_SIZE):
        Agent.objects.filter(pk__in=batch).update(active=False, deactivated_at=now)
    changes: dict[str, Any] = {"file": parsed.filename, "rows": parsed.rows}
    changes.update(asdict(plan.counts))
    if REFERENT in columns:
        _apply_referents(authority, by, plan, service_ids)
        changes["referents_designated"] = len(plan.referent_designations)
        changes["referents_ended"] = len(plan.referent_endings)

    record(
        authority=authority,
        user=by,
        kind="hr_import.applied",
        action="import",
        object_type="organisation.hr_import",
        changes=changes,
    )
    result = result_of(parsed, plan.counts, dry_run=False)
    result.applied = True
    result.referent_changes = plan.referent_changes
    return result


def _apply_referents(
    authority: Authority, by: User | None, plan: ImportPlan, service_ids: dict[str, int]
) -> None:
    """End and start the mandates of the plan, in batches, with one event per mandate.

    The events are inserted in bulk (as ``core.audit.record`` writes them, one per mandate) so
    that the import's query count does not grow with the number of référents.
    """
    today = timezone.localdate()
    day_before = today - datetime.timedelta(days=1)
    user = actor(by)

    def event(kind: str, pk: int, text: str, changes: dict[str, Any]) -> AuditEvent:
        return AuditEvent(
            authority=authority,
            user=user,
            kind=kind,
            action=AuditEvent.Action.CREATE
            if kind == "referent.designated"
            else AuditEvent.Action.UPDATE,
            object_type=Referent._meta.label,
            object_id=str(pk),
            object_repr=text[:300],
            changes=changes,
        )

    ended = [change for change in plan.referent_changes if not change.designated]
    for batch in batched(zip(plan.referent_endings, ended, strict=True), BATCH_SIZE):
        # A mandate begun today cannot end the day before: it ends on its first day.
        last_day = Greatest(models.Value(day_before, output_field=models.DateField()), "start")
        Referent.objects.filter(pk__in=[pk for pk, _change in batch]).update(
            end=last_day, version=F("version") + 1
        )
        AuditEvent.objects.bulk_create(
            event(
                "referent.ended",
                pk,
                f"{change.agent} — {change.service} ({change.get_kind_display()})",
                {"end": [None, day_before.isoformat()], "source": "hr_import"},
            )
            for pk, change in batch
        )
    designated = [change for change in plan.referent_changes if change.designated]
    for batch in batched(zip(plan.referent_designations, designated, strict=True), BATCH_SIZE):
        agent_ids = dict(
            Agent.objects.filter(
                authority=authority, hr_id__in=[key[0] for key, _change in batch]
            ).values_list("hr_id", "pk")
        )
        created = Referent.objects.bulk_create(
            Referent(
                authority=authority,
                service_id=service_ids[service_hr],
                agent_id=agent_ids[agent_hr],
                kind=kind,
                start=today,
            )
            for (agent_hr, service_hr, kind), _change in batch
        )
        AuditEvent.objects.bulk_create(
            event(
                "referent.designated",
                referent.pk,
                f"{change.agent} — {change.service} ({change.get_kind_display()})",
                {
                    "service": [None, str(referent.service_id)],
                    "agent": [None, str(referent.agent_id)],
                    "kind": [None, referent.kind],
                    "start": [None, today.isoformat()],
                    "source": "hr_import",
                },
            )
            for referent, (_key, change) in zip(created, batch, strict=True)
        )


SERVICE_COLUMNS = ("authority_id", "hr_id", "name", "kind", "parent_id", "active")


AGENT_COLUMNS = (
    "authority_id",
    "hr_id",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "service_id",
    "active",
    "deactivated_at",
    "civility",
)


def _service_values(
    authority_id: int, hr_id: str, row: ServiceRow, ids: dict[str, int] | None
) -> tuple[Any, ...]:
    parent_id = ids[row.parent] if ids is not None and row.parent else None
    return (authority_id, hr_id, row.name, row.kind or Service.Kind.SERVICE, parent_id, True)


def _agent_values(
    authority_id: int, hr_id: str, row: AgentRow, service_ids: dict[str, int]
) -> tuple[Any, ...]:
    return (
        authority_id,
        hr_id,
        row.first_name,
        row.last_name,
        row.email or "",
        row.job_title or "",
        service_ids[row.service],
        True,
        None,
        row.civility or "",
    )


def _upsert(
    model: type[models.Model],
    fields: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    update_fields: list[str],
) -> None:
    """Insert ``rows``, or update ``update_fields`` where the matricule already exists.

    One ``INSERT … ON CONFLICT (authority, hr_id) DO UPDATE`` run with executemany, the same SQL
    on SQLite and PostgreSQL. bulk_create(update_conflicts=True) does the same but compiles
    every value in Python, which made it the bottleneck of large imports (about 4× slower).
    Columns the import does not set get their model default, so a new field with a default
    needs no change here; fields absent from ``update_fields`` keep their stored value.
    """
    sql, defaults = _upsert_sql(model, fields, tuple(update_fields))
    with connection.cursor() as cursor:
        cursor.executemany(sql, [row + defaults for row in rows] if defaults else rows)


def _upsert_sql(
    model: type[models.Model], fields: tuple[str, ...], update_fields: tuple[str, ...]
) -> tuple[str, tuple[Any, ...]]:
    meta, quote = model._meta, connection.ops.quote_name
    template = model()
    others = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in fields]
    defaults = tuple(f.get_db_prep_save(f.pre_save(template, add=True), connection) for f in others)
    columns = [meta.get_field(name).column for name in fields] + [f.column for f in others]
    key = ", ".join(quote(meta.get_field(name).column) for name in ("authority", "hr_id"))
    updates = ", ".join(
        f"{quote(column)} = EXCLUDED.{quote(column)}"
        for column in (meta.get_field(name).column for name in update_fields)
    )
    # Only quoted identifiers from the model's metadata go into the text; values are parameters.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {updates}"
    )
    return sql, defaults


def import_hr(
    authority: Authority,
    *,
    by: User | None,
    source: Source,
    filename: str | None = None,
    dry_run: bool,
    progress: ProgressCallback | None = None,
    confirmed_deactivations: int | None = None,
) -> ImportResult:
    """Parse, validate and (unless ``dry_run`` or invalid) apply an HR file, all-or-nothing.

    An import that deactivates more than HR_IMPORT_CONFIRM_DEACTIVATION_PERCENT of the active
    agents is applied only when ``confirmed_deactivations`` states that very number.
    """
    parsed = parse_hr_file(source, filename, progress=progress)
    if parsed.fatal:
        return result_of(parsed, None, dry_run=dry_run)
    if dry_run or parsed.errors:
        plan = plan_import(authority, parsed)
        result = result_of(parsed, plan.counts, dry_run=dry_run)
        result.departure = departure(authority, plan)
        result.referent_changes = plan.referent_changes
        return result
    # Reading and checking the file happen before the transaction, which holds only the write.
    with composing():
        # Lock the authority so two imports of the same organisation run one after the other.
        Authority.objects.select_for_update().get(pk=authority.pk)
        plan = plan_import(authority, parsed)
        if plan.confirmation_required and confirmed_deactivations != len(plan.agent_deactivations):
            result = result_of(parsed, plan.counts, dry_run=False)
            result.departure = departure(authority, plan)
            result.confirmation_missing = True
            result.referent_changes = plan.referent_changes
            return result
        result = apply_import(authority, by=by, plan=plan, progress=progress)
        result.departure = departure(authority, plan)
        return result
