"""Writing a valid payments plan in bulk, and :func:`import_payments`, which reads, plans and
applies a file, all or nothing.

A ``Payment`` always settles a ``Commitment`` (the funding tab and the execution figures
read payments through their commitment, and "paid within committed" is checked on it). The
finance file has mandats, not the legal commitments behind them, so the import files each
mandat under a commitment it keeps for the purpose (``Commitment.imported``): one per
project, M57 nature, M57 function and beneficiary, whose amount grows with what is imported
into it, so that paid never exceeds committed. The beneficiary is the project's partner of
that name when there is one, else a provider.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from itertools import batched
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.core.audit import record
from maillage.core.models import AuditEvent, Authority, User
from maillage.core.services import actor, composing, write_service
from maillage.organisation.hr.format import Source

from ...models import Commitment, Payment, ProjectPartner
from .format import (
    BATCH_SIZE,
    MAX_BENEFICIARY,
    MAX_LABEL,
    MAX_NOTE,
    ImportPlan,
    ImportResult,
    ParsedFile,
    PaymentRow,
    result_of,
)
from .plan import Assignments, plan_import
from .read import parse_payments_file

AUDIT_KIND = "payments.imported"
PROJECT_KIND = "project.payments_imported"

PAYMENT_COLUMNS = ("version", "commitment", "date", "amount", "reference", "note")

GroupKey = tuple[int, str, str | None, str]  # project, nature, function, beneficiary


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _note(row: PaymentRow, bordereau: str, imputation: str) -> str:
    """The payment's note: bordereau, object, imputation (the texts translated once)."""
    parts = []
    if row.bordereau:
        parts.append(bordereau % {"number": row.bordereau})
    if row.object:
        parts.append(row.object)
    if row.imputation:
        parts.append(imputation % {"imputation": row.imputation})
    return _cut(" — ".join(parts), MAX_NOTE)


def _insert_payments(rows: Iterable[tuple[Any, ...]]) -> None:
    """Payments written with one prepared INSERT per batch: building 100,000 model instances
    and their SQL through ``bulk_create`` costs more than the import itself."""
    meta = Payment._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name).column for name in PAYMENT_COLUMNS]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        for batch in batched(rows, BATCH_SIZE):
            cursor.executemany(sql, batch)


def _label(key: GroupKey) -> str:
    _project, nature, function, beneficiary = key
    parts = [_("Mandats importés")]
    if beneficiary:
        parts.append(beneficiary)
    imputation = "-".join(p for p in (nature, function or "") if p)
    if imputation:
        parts.append(imputation)
    return _cut(" — ".join(parts), MAX_LABEL)


@write_service
def apply_payments(authority: Authority, *, by: User | None, plan: ImportPlan) -> ImportResult:
    """Write a valid plan: the commitments it needs, its payments, the audit events."""
    parsed = plan.parsed
    if parsed.errors:
        raise ValueError("A payments file with errors cannot be applied.")
    groups: dict[GroupKey, list[PaymentRow]] = defaultdict(list)
    for planned in plan.rows:
        if planned.project_id is not None and not planned.already:
            row = planned.row
            key = (planned.project_id, row.nature, row.function, row.beneficiary[:MAX_BENEFICIARY])
            groups[key].append(row)
    commitments: dict[GroupKey, Commitment] = {
        (c.project_id, c.m57_nature, c.m57_function_id, c.beneficiary_name): c
        for c in Commitment.objects.select_for_update().filter(
            project__authority=authority,
            project_id__in={key[0] for key in groups},
            imported=True,
        )
    }
    partners = {
        (project_id, name.casefold()): partner_id
        for project_id, partner_id, name in ProjectPartner.objects.filter(
            project__authority=authority, project_id__in={key[0] for key in groups}
        ).values_list("project_id", "partner_id", "partner__name")
    }
    new: list[Commitment] = []
    grown: list[Commitment] = []
    for key, rows in groups.items():
        total = sum((row.amount for row in rows), Decimal("0"))
        first = min(row.date for row in rows)
        commitment = commitments.get(key)
        if commitment is None:
            project_id, nature, function, beneficiary = key
            partner_id = partners.get((project_id, beneficiary.casefold()))
            commitments[key] = commitment = Commitment(
                project_id=project_id,
                date=first,
                amount=total,
                beneficiary_kind=(
                    Commitment.Beneficiary.PARTNER
                    if partner_id
                    else Commitment.Beneficiary.PROVIDER
                ),
                partner_id=partner_id,
                beneficiary_name=beneficiary,
                m57_function_id=function,
                m57_nature=nature,
                label=_label(key),
                imported=True,
            )
            new.append(commitment)
        else:
            commitment.amount += total
            commitment.date = min(commitment.date, first)
            commitment.version += 1
            grown.append(commitment)
    for batch in batched(new, BATCH_SIZE):
        Commitment.objects.bulk_create(batch)
    for batch in batched(grown, BATCH_SIZE):
        Commitment.objects.bulk_update(batch, ["amount", "date", "version"])
    bordereau, imputation = _("Bordereau %(number)s"), _("imputation %(imputation)s")
    _insert_payments(
        (
            1,  # version
            commitments[key].pk,
            row.date,
            row.amount,
            row.number,
            _note(row, bordereau, imputation),
        )
        for key, rows in groups.items()
        for row in rows
    )

    counts = plan.counts
    changes: dict[str, Any] = {
        "file": parsed.filename,
        "rows": counts.rows,
        "created": counts.created,
        "already": counts.already,
        "excluded": counts.excluded,
        "projects": counts.projects,
        "amount": str(counts.amount),
        "commitments_created": len(new),
    }
    record(
        authority=authority,
        user=by,
        kind=AUDIT_KIND,
        object_type="projects.payment_import",
        changes=changes,
    )
    # Each project's history says what it received.
    per_project: dict[int, list[Decimal]] = defaultdict(list)
    for key, rows in groups.items():
        per_project[key[0]].extend(row.amount for row in rows)
    now, user = timezone.now(), actor(by)
    events = [
        AuditEvent(
            authority=authority,
            user=user,
            at=now,
            action=AuditEvent.Action.IMPORT,
            kind=PROJECT_KIND,
            object_type="projects.Project",
            object_id=str(project_id),
            object_repr=plan.titles.get(project_id, "")[:300],
            changes={
                "file": parsed.filename,
                "payments": len(amounts),
                "amount": str(sum(amounts, Decimal("0"))),
            },
        )
        for project_id, amounts in per_project.items()
    ]
    for batch in batched(events, BATCH_SIZE):
        AuditEvent.objects.bulk_create(batch)
    result = result_of(parsed, plan, dry_run=False)
    result.applied = True
    return result


def import_payments(
    authority: Authority,
    *,
    by: User | None,
    source: Source,
    filename: str | None = None,
    dry_run: bool,
    assignments: Assignments | None = None,
    exclude_rest: bool = False,
) -> ImportResult:
    """Parse, validate and (unless ``dry_run`` or invalid) apply a payments file, all or
    nothing. Applying needs every row placed: a project found, chosen in ``assignments``, or
    excluded (there, or all the remaining ones with ``exclude_rest``)."""
    parsed = parse_payments_file(source, filename)
    if parsed.fatal:
        return result_of(parsed, None, dry_run=dry_run)
    options = {"assignments": assignments, "exclude_rest": exclude_rest}
    if dry_run or parsed.errors:
        plan = plan_import(authority, parsed, **options)
        return result_of(parsed, plan, dry_run=dry_run)
    return apply_parsed(authority, by=by, parsed=parsed, **options)


def apply_parsed(
    authority: Authority,
    *,
    by: User | None,
    parsed: ParsedFile,
    assignments: Assignments | None = None,
    exclude_rest: bool = False,
) -> ImportResult:
    """Plan again under lock and write a file read without errors, all or nothing."""
    if parsed.fatal or parsed.errors:
        raise ValueError("A payments file with errors cannot be applied.")
    with composing():
        # Lock the authority: two imports of the same file run one after the other, and the
        # second finds the first one's mandats already recorded.
        Authority.objects.select_for_update().get(pk=authority.pk)
        plan = plan_import(
            authority, parsed, assignments=assignments, exclude_rest=exclude_rest, for_apply=True
        )
        if parsed.errors:
            return result_of(parsed, plan, dry_run=False)
        return apply_payments(authority, by=by, plan=plan)
