"""HR imports too large for a request: checked, then applied, by the task worker.

The upload is stored, an :class:`HrImportRun` row records the stage and the rows done, and
the progress page reads it. The check's result is kept as JSON on the run until the person who
uploaded the file confirms it; the file itself is deleted once applied, or by
:func:`purge_pending_uploads` an hour after an unconfirmed check.
"""

from __future__ import annotations

import datetime
import secrets
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone

from maillage.core.models import Authority, User
from maillage.core.pending_uploads import PENDING_LIFETIME, PendingUploads
from maillage.core.services import actor

from .hr.apply import import_hr
from .hr.format import Departure, ImportCounts, ImportResult, ReferentChange, RowError
from .models import HrImportRun

UPLOAD_DIR = "hr-imports"
# The progress row is written at most this often: the worker must not spend its time on it.
PROGRESS_INTERVAL = 1.0


def store_upload(upload: File, prefix: str = "") -> str:
    """Save an uploaded HR file under an unguessable name; returns the storage name."""
    suffix = Path(upload.name or "").suffix.lower()
    return default_storage.save(f"{UPLOAD_DIR}/{prefix}{secrets.token_urlsafe(32)}{suffix}", upload)


def start_check(authority: Authority, *, by: User | None, upload: File) -> HrImportRun:
    """Store the file and queue its check; the page then follows the run."""
    run = HrImportRun.objects.create(
        authority=authority,
        user=actor(by),
        filename=Path(upload.name or "").name[:255],
        stored_name=store_upload(upload, "run-"),
        status=HrImportRun.Status.CHECKING,
    )
    check_run.enqueue(run.pk)
    return run


def confirm(run: HrImportRun, confirmed_deactivations: int | None) -> bool:
    """Queue the writing of a checked run; False when it can no longer be applied."""
    updated = HrImportRun.objects.filter(
        pk=run.pk, status=HrImportRun.Status.CHECKED, stored_name=run.stored_name
    ).update(status=HrImportRun.Status.APPLYING, rows_done=0, stage="")
    if not updated or not run.stored_name:
        return False
    apply_run.enqueue(run.pk, confirmed_deactivations)
    return True


class _Progress:
    """The service's progress callback, written to the run at most once a second."""

    def __init__(self, run_pk: int) -> None:
        self.run_pk = run_pk
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_INTERVAL and (total is None or done < total):
            return
        self.last = now
        HrImportRun.objects.filter(pk=self.run_pk).update(
            stage=stage[:100], rows_done=done, rows_total=total, updated_at=timezone.now()
        )


@task()
def check_run(run_pk: int) -> None:
    """The dry run of a stored file (background)."""
    run = HrImportRun.objects.select_related("authority").get(pk=run_pk)
    try:
        with default_storage.open(run.stored_name, "rb") as stored:
            result = import_hr(
                run.authority,
                by=None,
                source=stored,
                filename=run.filename,
                dry_run=True,
                progress=_Progress(run.pk),
            )
    except Exception:
        HrImportRun.objects.filter(pk=run.pk).update(status=HrImportRun.Status.FAILED)
        _delete(run.stored_name)
        raise
    status = HrImportRun.Status.CHECKED
    if not result.valid:
        status = HrImportRun.Status.FAILED
        _delete(run.stored_name)
    HrImportRun.objects.filter(pk=run.pk).update(
        status=status,
        result=result_to_json(result),
        stored_name=run.stored_name if result.valid else "",
    )


@task()
def apply_run(run_pk: int, confirmed_deactivations: int | None) -> None:
    """The import of a checked file (background), by the same service as the page's."""
    run = HrImportRun.objects.select_related("authority", "user").get(pk=run_pk)
    try:
        with default_storage.open(run.stored_name, "rb") as stored:
            result = import_hr(
                run.authority,
                by=run.user,
                source=stored,
                filename=run.filename,
                dry_run=False,
                progress=_Progress(run.pk),
                confirmed_deactivations=confirmed_deactivations,
            )
    except Exception:
        HrImportRun.objects.filter(pk=run.pk).update(status=HrImportRun.Status.FAILED)
        raise
    if result.confirmation_missing:
        # The organisation changed since the check: the page asks again with the new number.
        HrImportRun.objects.filter(pk=run.pk).update(
            status=HrImportRun.Status.CHECKED, result=result_to_json(result)
        )
        return
    _delete(run.stored_name)
    status = HrImportRun.Status.APPLIED if result.applied else HrImportRun.Status.FAILED
    HrImportRun.objects.filter(pk=run.pk).update(
        status=status, result=result_to_json(result), stored_name=""
    )


def _delete(name: str) -> None:
    if name:
        default_storage.delete(name)


def purge_pending_uploads(now: datetime.datetime | None = None) -> int:
    """Delete HR files checked but not confirmed within PENDING_LIFETIME; returns how many.

    They hold the whole staff list. Files of runs still being checked or applied are kept.
    """
    limit = (now or timezone.now()) - PENDING_LIFETIME
    busy = set(
        HrImportRun.objects.filter(
            status__in=[HrImportRun.Status.CHECKING, HrImportRun.Status.APPLYING]
        ).values_list("stored_name", flat=True)
    )
    deleted = PendingUploads(session_key="", directory=UPLOAD_DIR).purge(now, keep=busy)
    HrImportRun.objects.filter(status=HrImportRun.Status.CHECKED, updated_at__lt=limit).update(
        stored_name=""
    )
    return deleted


# --- The check's result, kept on the run ------------------------------------------------------


def result_to_json(result: ImportResult) -> dict[str, Any]:
    dep = result.departure
    return {
        "filename": result.filename,
        "rows": result.rows,
        "counts": asdict(result.counts) if result.counts else None,
        "errors": [[e.line, e.column, e.message] for e in result.errors],
        "error_count": result.error_count,
        "applied": result.applied,
        "confirmation_missing": result.confirmation_missing,
        "referent_changes": [list(change) for change in result.referent_changes],
        "departure": None
        if dep is None
        else {
            "agents": dep.agents,
            "active_agents": dep.active_agents,
            "erase_on": dep.erase_on.isoformat(),
            "erased": [list(pair) for pair in dep.erased],
            "confirmation_required": dep.confirmation_required,
        },
    }


def result_from_json(data: dict[str, Any]) -> ImportResult | None:
    if not data:
        return None
    dep = data.get("departure")
    return ImportResult(
        filename=data["filename"],
        rows=data["rows"],
        counts=ImportCounts(**data["counts"]) if data.get("counts") else None,
        errors=[RowError(*error) for error in data["errors"]],
        error_count=data["error_count"],
        dry_run=not data["applied"],
        applied=data["applied"],
        confirmation_missing=data.get("confirmation_missing", False),
        referent_changes=[ReferentChange(*change) for change in data.get("referent_changes", [])],
        departure=None
        if dep is None
        else Departure(
            agents=dep["agents"],
            active_agents=dep["active_agents"],
            erase_on=datetime.date.fromisoformat(dep["erase_on"]),
            erased=[(label, count) for label, count in dep["erased"]],
            confirmation_required=dep["confirmation_required"],
        ),
    )
